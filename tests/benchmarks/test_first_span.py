"""The first-span benchmark as a test: a short run, checking the target.

python -m pytest tests/benchmarks/test_first_span.py -p no:cacheprovider -s
"""

from __future__ import annotations

import pytest

from tests.benchmarks.first_span import TARGET_MS, describe, run

pytestmark = pytest.mark.benchmark


@pytest.mark.timeout(900)
def test_the_first_span_after_start_is_under_the_target_and_spacy_stays_out() -> None:
    figures = run(runs=3, spans=100)
    print(describe(figures))
    assert figures.first_ms < TARGET_MS
    assert not figures.spacy_in_window
