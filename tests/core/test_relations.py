"""Relation types: constraints, direction and the defaults a new database gets."""

from __future__ import annotations

from tagdesk.core.labels import default_scheme
from tagdesk.core.relations import (
    RelationRecord,
    RelationTypeRecord,
    default_relation_types,
    is_valid_relation_type,
    ordered_pair,
    relations_of_spans,
)

COMMANDS = RelationTypeRecord(1, "COMMANDS", "#c0392b", heads=("PERSON",), children=("ORG",))
MET = RelationTypeRecord(2, "MET", "#1e8449", directed=False, heads=("PERSON",), children=("ORG",))


def test_a_directed_type_checks_head_and_child_in_order() -> None:
    assert COMMANDS.refusal("PERSON", "ORG") is None
    assert COMMANDS.refusal("ORG", "PERSON") == "COMMANDS needs a head labelled PERSON, not ORG"
    assert COMMANDS.refusal("PERSON", "GPE") == "COMMANDS needs a child labelled ORG, not GPE"


def test_a_symmetric_type_accepts_its_labels_either_way() -> None:
    assert MET.refusal("PERSON", "ORG") is None
    assert MET.refusal("ORG", "PERSON") is None
    assert MET.refusal("GPE", "ORG") == "MET joins PERSON with ORG"


def test_a_type_without_constraints_joins_anything() -> None:
    free = RelationTypeRecord(3, "RELATED", "#000000")
    assert free.refusal("DATE", "MONEY") is None
    assert RelationTypeRecord(4, "NEAR", "#000000", directed=False).refusal("A", "B") is None


def test_the_default_types_are_valid_and_name_only_default_labels() -> None:
    types = default_relation_types()
    labels = {spec.name for spec in default_scheme()}
    assert [spec.name for spec in types][:3] == ["COMMANDS", "MEMBER_OF", "MET"]
    assert all(is_valid_relation_type(spec) for spec in types)
    assert {label for spec in types for label in (*spec.heads, *spec.children)} <= labels
    hotkeys = [spec.hotkey for spec in types]
    assert len(set(hotkeys)) == len(hotkeys)
    assert [spec.name for spec in types if not spec.directed] == ["MET"]


def test_a_symmetric_pair_is_stored_first_span_first() -> None:
    assert ordered_pair(10, 3, head=7, child=8) == (8, 7)
    assert ordered_pair(3, 10, head=7, child=8) == (7, 8)


def test_relations_of_spans_takes_incoming_and_outgoing() -> None:
    one, two, three = (
        RelationRecord(i, 1, 1, head, child)
        for i, (head, child) in enumerate([(1, 2), (3, 1), (3, 4)], start=1)
    )
    assert relations_of_spans([one, two, three], {1}) == [one, two]
