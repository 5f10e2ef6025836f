"""Regions of two versions, and the gold edits a decision plans (plain Python)."""

from __future__ import annotations

from tagdesk.core.records import SpanRecord
from tagdesk.core.review import gold_edits, regions, version

PERSON, GPE = 1, 3


def span(span_id: int, start: int, end: int, label: int, who: str, **more: object) -> SpanRecord:
    return SpanRecord(span_id, 1, start, end, label, "accepted", annotator=who, **more)  # type: ignore[arg-type]


def test_spans_sharing_a_character_in_any_version_are_one_region() -> None:
    ana = [span(1, 0, 5, PERSON, "ana"), span(2, 10, 20, PERSON, "ana")]
    ben = [span(3, 0, 5, PERSON, "ben"), span(4, 15, 25, GPE, "ben"), span(5, 30, 34, GPE, "ben")]
    found = regions({"ana": ana, "ben": ben})
    assert [(r.start, r.end, r.agreed) for r in found] == [
        (0, 5, True), (10, 25, False), (30, 34, False),
    ]  # fmt: skip
    assert found[2].said == {"ana": (), "ben": (ben[2],)}


def test_only_accepted_spans_make_a_version() -> None:
    open_one = SpanRecord(9, 1, 0, 5, PERSON, "suggested")
    rejected = SpanRecord(8, 1, 6, 9, PERSON, "rejected", annotator="ana")
    assert version([open_one, rejected]) == []
    assert regions({"ana": [open_one, rejected], "ben": []}) == []


def test_a_decision_removes_what_gold_holds_there_and_takes_the_wanted_spans() -> None:
    ben = span(4, 15, 25, GPE, "ben")
    gold = [span(20, 10, 20, PERSON, "gold", derived_from=2), span(21, 40, 44, GPE, "gold")]
    assert gold_edits(gold, [ben], 10, 25) == [(gold[0], None), (ben, ben)]


def test_a_span_taken_before_and_rejected_since_is_taken_back() -> None:
    ana = span(2, 10, 20, PERSON, "ana")
    earlier = SpanRecord(20, 1, 10, 20, PERSON, "rejected", annotator="gold", derived_from=2)
    ((shown, wanted),) = gold_edits([earlier], [ana], 10, 20)
    assert shown is earlier
    assert (wanted.id, wanted.status, wanted.derived_from) == (20, "accepted", 2)


def test_gold_that_holds_the_wanted_spans_already_needs_no_edit() -> None:
    ana = span(2, 10, 20, PERSON, "ana")
    assert gold_edits([span(20, 10, 20, PERSON, "gold", derived_from=2)], [ana], 10, 20) == []
