"""seqeval scores the CoNLL export: strict IOB2 entities are exactly the stored ones.

The export is read as a CoNLL-2003 reader reads it (one sentence a blank-line block,
-DOCSTART- lines between documents), then scored against itself and against a copy
with one entity relabelled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities

from tests.consumers.corpus import Corpus


def sentences(path: Path) -> list[list[str]]:
    """The tag column, a list a sentence."""
    result: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        columns = line.split()
        if columns and columns[0] == "-DOCSTART-":
            continue
        if not columns:
            if current:
                result.append(current)
            current = []
            continue
        assert len(columns) == 4, line
        current.append(columns[-1])
    assert not current, "the file ends inside a sentence"
    return result


def stored_count(corpus: Corpus) -> int:
    return sum(len(document.spans) for document in corpus.documents)


def test_the_tags_are_legal_iob2_and_name_every_stored_entity(corpus: Corpus) -> None:
    tags = sentences(corpus.export("conll"))
    strict = Entities(tags, IOB2).entities
    # conlleval's lenient reading counts an I- with no B- before it as an entity;
    # the strict IOB2 reading does not: equal counts mean no such tag was written.
    lenient = get_entities(tags)
    assert sum(len(found) for found in strict) == len(lenient) == stored_count(corpus)


def test_seqeval_scores_the_export_against_itself_at_one(corpus: Corpus) -> None:
    tags = sentences(corpus.export("conll"))
    assert f1_score(tags, tags, mode="strict", scheme=IOB2) == 1.0
    report = classification_report(tags, tags, mode="strict", scheme=IOB2, output_dict=True)
    labels = {s.label for d in corpus.documents for s in d.spans}
    assert set(report) - {"micro avg", "macro avg", "weighted avg"} == labels
    assert report["micro avg"]["support"] == stored_count(corpus)
    assert all(report[label]["f1-score"] == 1.0 for label in labels)


def test_one_relabelled_entity_costs_exactly_one_entity_of_the_score(corpus: Corpus) -> None:
    truth = sentences(corpus.export("conll"))
    predicted = [list(sentence) for sentence in truth]
    sentence = next(s for s in predicted if "B-PERSON" in s)
    first = sentence.index("B-PERSON")
    sentence[first] = "B-ORG"
    for index in range(first + 1, len(sentence)):
        if sentence[index] != "I-PERSON":
            break
        sentence[index] = "I-ORG"
    total = stored_count(corpus)
    expected = (total - 1) / total
    assert precision_score(truth, predicted, mode="strict", scheme=IOB2) == pytest.approx(
        expected, abs=1e-12
    )
    assert recall_score(truth, predicted, mode="strict", scheme=IOB2) == pytest.approx(
        expected, abs=1e-12
    )
    assert f1_score(truth, predicted, mode="strict", scheme=IOB2) == pytest.approx(
        expected, abs=1e-12
    )
    report = classification_report(truth, predicted, mode="strict", scheme=IOB2, output_dict=True)
    persons = sum(s.label == "PERSON" for d in corpus.documents for s in d.spans)
    organisations = sum(s.label == "ORG" for d in corpus.documents for s in d.spans)
    assert report["PERSON"]["support"] == persons
    assert report["PERSON"]["recall"] == pytest.approx((persons - 1) / persons, abs=1e-12)
    assert report["PERSON"]["precision"] == 1.0
    assert report["ORG"]["recall"] == 1.0
    assert report["ORG"]["precision"] == pytest.approx(
        organisations / (organisations + 1), abs=1e-12
    )
