"""The pre-annotation benchmark as a test: one run of each measurement, checking the targets.

python -m pytest tests/benchmarks -p no:cacheprovider -s
"""

from __future__ import annotations

import pytest

from tests.benchmarks.preannotate import run

pytestmark = pytest.mark.benchmark


@pytest.mark.timeout(1200)
def test_preannotate_keeps_up_with_bare_spacy_and_the_window_stays_responsive() -> None:
    figures, text = run(articles=1000, repeat=1)
    print(text)
    assert figures.ratio_one >= 0.90
    assert figures.ratio_two > 1.0
    assert figures.scoring_cost <= 1.7
    assert figures.longest_stall_ms < 50
