"""The rows the relations lists show, which spans Tab offers, and which types fit."""

from __future__ import annotations

from tagdesk.core.records import SpanRecord
from tagdesk.core.relation_rows import (
    INCOMING,
    OUTGOING,
    candidate_spans,
    fitting_types,
    relation_rows,
    shown_text,
    step_candidate,
)
from tagdesk.core.relations import RelationRecord, RelationTypeRecord

TEXT = "Soleimani commands the Quds Force and met al-Abadi in Baghdad."
LABELS = {1: "PERSON", 2: "ORG", 3: "GPE", 4: "DATE"}
COMMANDS = RelationTypeRecord(10, "COMMANDS", "#c0392b", "c", True, ("PERSON",), ("ORG",))
MET = RelationTypeRecord(11, "MET", "#1e8449", "t", False, ("PERSON", "ORG"), ("PERSON", "ORG"))
LOCATED = RelationTypeRecord(12, "LOCATED_IN", "#7d3c98", "l", True, (), ("GPE",))
TYPES = [COMMANDS, MET, LOCATED]


def span(span_id: int, word: str, label: int, status: str = "accepted") -> SpanRecord:
    start = TEXT.index(word)
    return SpanRecord(span_id, 1, start, start + len(word), label, status)


SOLEIMANI = span(1, "Soleimani", 1)
QUDS = span(2, "Quds Force", 2)
ABADI = span(3, "al-Abadi", 1)
BAGHDAD = span(4, "Baghdad", 3)
SPANS = {s.id: s for s in (SOLEIMANI, QUDS, ABADI, BAGHDAD)}


def test_rows_in_reading_order_with_words_labels_and_sides() -> None:
    relations = [
        RelationRecord(7, 1, MET.id, 1, 3, status="suggested"),
        RelationRecord(5, 1, LOCATED.id, 3, 4),
        RelationRecord(6, 1, COMMANDS.id, 1, 2, note="since 1998"),
    ]
    rows = relation_rows(relations, SPANS, TEXT, {t.id: t for t in TYPES}, LABELS)
    assert [(r.head_text, r.type_name, r.child_text) for r in rows] == [
        ("Soleimani", "COMMANDS", "Quds Force"),
        ("Soleimani", "MET", "al-Abadi"),
        ("al-Abadi", "LOCATED_IN", "Baghdad"),
    ]
    assert rows[0].describe() == "“Soleimani” → COMMANDS → “Quds Force”"
    of_abadi = relation_rows(relations, SPANS, TEXT, {t.id: t for t in TYPES}, LABELS, of_span=3)
    assert [(r.arrow, r.type_name, r.other_text, r.side) for r in of_abadi] == [
        ("—", "MET", "Soleimani", INCOMING),
        ("→", "LOCATED_IN", "Baghdad", OUTGOING),
    ]
    assert (of_abadi[1].head_label, of_abadi[1].child_label) == ("PERSON", "GPE")


def test_a_span_not_shown_and_an_unknown_type_read_as_question_marks() -> None:
    rows = relation_rows([RelationRecord(1, 1, 99, 1, 42)], SPANS, TEXT, {}, LABELS)
    assert (rows[0].type_name, rows[0].child_text, rows[0].head_text) == ("?", "?", "Soleimani")


def test_long_span_text_is_one_shortened_line() -> None:
    assert shown_text("the\nIslamic   Revolutionary Guard Corps") == (
        "the Islamic Revolutionary Guard Corps"
    )
    long = "word " * 20
    assert len(shown_text(long)) <= 40
    # Shortened in the middle: two long names that begin alike still differ.
    first = shown_text("the Islamic Revolutionary Guard Corps Aerospace Force of Iran")
    second = shown_text("the Islamic Revolutionary Guard Corps Ground Forces command")
    assert first == "the Islamic Revolutionary…Force of Iran"
    assert second == "the Islamic Revolutionary…orces command"
    assert first != second


def test_tab_offers_only_spans_some_type_could_take() -> None:
    spans = [*SPANS.values(), span(5, "Baghdad.", 4, "accepted"), span(6, "met", 2, "rejected")]
    # From a person: COMMANDS an ORG, MET a person or ORG, LOCATED_IN a GPE; never a DATE,
    # a rejected span or itself.
    assert [s.id for s in candidate_spans(spans, SOLEIMANI, TYPES, LABELS)] == [2, 3, 4]
    # From a GPE only LOCATED_IN (any head) fits, to another GPE: none here.
    assert candidate_spans(spans, BAGHDAD, TYPES, LABELS) == []
    # Without constraints every other span that is not rejected is a candidate.
    free = [RelationTypeRecord(1, "RELATED", "#999999")]
    assert [s.id for s in candidate_spans(spans, BAGHDAD, free, LABELS)] == [1, 2, 3, 5]


def test_tab_steps_from_the_head_and_wraps_both_ways() -> None:
    candidates = [SOLEIMANI, QUDS, BAGHDAD]
    assert step_candidate(candidates, None, ABADI, 1) == BAGHDAD
    assert step_candidate(candidates, None, ABADI, -1) == QUDS
    assert step_candidate(candidates, BAGHDAD, ABADI, 1) == SOLEIMANI
    assert step_candidate(candidates, SOLEIMANI, ABADI, -1) == BAGHDAD
    assert step_candidate([], None, ABADI, 1) is None


def test_fitting_types_first_and_the_others_with_why_not() -> None:
    fitting, refused = fitting_types(TYPES, "PERSON", "ORG")
    assert [t.name for t in fitting] == ["COMMANDS", "MET"]
    assert refused == [(LOCATED, "LOCATED_IN needs a child labelled GPE, not ORG")]
    fitting, refused = fitting_types(TYPES, "ORG", "PERSON")
    assert [t.name for t in fitting] == ["MET"]  # symmetric: either way round
    assert [t.name for t, _ in refused] == ["COMMANDS", "LOCATED_IN"]
