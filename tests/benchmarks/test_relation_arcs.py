"""The relation-arcs benchmark as a test: a short run of the window, checking the bounds.

python -m pytest tests/benchmarks/test_relation_arcs.py -p no:cacheprovider -s

The bounds are what BENCHMARKS.md reports, with room for a loaded machine:
2,000 relations make the window's open at most 1.6 times as long, and an
edit beside a related span at most 1.2 times as long, in CPU time.
"""

from __future__ import annotations

import time

import pytest

from tests.benchmarks import relation_arcs

pytestmark = pytest.mark.benchmark

OPEN_BOUND = 1.6
EDIT_BOUND = 1.2


@pytest.mark.timeout(1200)
def test_relations_drawn_keep_the_window_within_its_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relation_arcs, "CLOCK", time.thread_time)
    figures = relation_arcs.measure_window(repeats=3)
    without, with_ = relation_arcs.pair(figures, "open")
    print(f"open {without * 1000:.1f} / {with_ * 1000:.1f} ms")
    assert with_ / without < OPEN_BOUND
    without, with_ = relation_arcs.pair(figures, "edit")
    print(f"edit {without * 1000:.1f} / {with_ * 1000:.1f} ms")
    assert with_ / without < EDIT_BOUND
