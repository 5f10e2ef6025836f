"""Prodigy rel.manual lines: `relations` between the task's spans, read and written back.

The fixture is in the shape Prodigy's rel.manual writes (and explosion/projects'
rel_component tutorial ships in assets/annotations.jsonl): spans with "type": "span",
tokens with "disabled", relations with head and child (each span's last token),
head_span, child_span, color and label.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagdesk.core.errors import InputError
from tagdesk.formats import spacy_jsonl
from tagdesk.formats.base import FormatOptions
from tagdesk.formats.prodigy_relations import (
    ADDED_SPANS,
    REPEATED,
    TOKEN_RELATIONS,
    UNJUDGED,
)
from tagdesk.formats.prodigy_tasks import IGNORED, PRODIGY_KEY
from tests.formats.relation_records import export_of, relations_of

FIXTURE = Path(__file__).parent / "fixtures" / "prodigy" / "rel_manual.jsonl"


def fixture_lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def read_fixture() -> list[Any]:
    return list(spacy_jsonl.read(FIXTURE, FormatOptions()))


def parse(record: dict[str, Any], line: int = 7) -> Any:
    return spacy_jsonl.parse_record(record, FIXTURE, line)


def test_relations_come_in_between_the_tasks_spans_with_their_colour_and_annotator() -> None:
    document = read_fixture()[0]
    assert relations_of(document) == [
        ("Qasem Soleimani", "PERSON", "COMMANDS", "Quds Force", "ORG", "accepted"),
        (
            "Qasem Soleimani",
            "PERSON",
            "LOCATED_IN",
            "Baghdad International Airport",
            "FAC",
            "accepted",
        ),
    ]
    assert [r.meta for r in document.relations] == [{"color": "#ffd882"}, {"color": "#c5bdf4"}]
    assert {r.annotator for r in document.relations} == {"news_rel-alice"}
    assert all(r.directed for r in document.relations)
    assert len(document.spans) == 3  # the relations' spans are the task's, not added again
    assert "relations" not in document.meta[PRODIGY_KEY]
    assert document.tally is None


def test_a_relation_whose_span_is_not_among_the_tasks_spans_adds_it_and_says_so() -> None:
    document = read_fixture()[1]
    assert [(document.text[s.start : s.end], s.label) for s in document.spans] == [
        ("Haider al-Abadi", "PERSON"),
        ("the offensive", "EVENT"),
    ]
    assert relations_of(document) == [
        ("Haider al-Abadi", "PERSON", "DECLARED", "the offensive", "EVENT", "accepted")
    ]
    assert document.tally == {ADDED_SPANS: (1, 1)}


def test_an_ignored_tasks_relations_come_in_as_suggestions_like_its_spans() -> None:
    document = read_fixture()[2]
    assert relations_of(document) == [
        ("Khorasani Brigades", "ORG", "ANSWERS_TO", "Ali Khamenei", "PERSON", "suggested")
    ]
    assert {s.status for s in document.spans} == {"suggested"}
    assert document.tally == {IGNORED: (1, 2), UNJUDGED: (1,)}


def test_a_rejected_manual_tasks_relations_are_suggestions_an_accepted_ones_accepted() -> None:
    record = fixture_lines()[0]
    record["answer"] = "reject"
    assert {r.status for r in parse(record).relations} == {"suggested"}
    del record["answer"]
    assert {r.status for r in parse(record).relations} == {"accepted"}


def test_a_relation_without_head_span_is_matched_by_the_last_token_of_a_span() -> None:
    document = read_fixture()[3]
    assert relations_of(document) == [("Pompeo", "PERSON", "MET", "Zarif", "PERSON", "accepted")]


def test_a_relation_between_plain_tokens_is_kept_counted_and_written_back_once() -> None:
    document = read_fixture()[3]
    (kept,) = document.meta[PRODIGY_KEY]["relations"]
    assert kept["label"] == "DOBJ"
    assert kept["head_span"]["label"] is None
    assert document.tally == {TOKEN_RELATIONS: (1,)}
    record = spacy_jsonl.to_record(*export_of(document))
    assert [r["label"] for r in record["relations"]] == ["MET", "DOBJ"]
    assert record["relations"][1] == fixture_lines()[3]["relations"][1]
    again = spacy_jsonl.to_record(*export_of(parse(record)))
    assert [r["label"] for r in again["relations"]] == ["MET", "DOBJ"]


def test_the_export_writes_prodigys_shape_head_and_child_being_each_spans_last_token() -> None:
    document = read_fixture()[0]
    record = spacy_jsonl.to_record(*export_of(document))
    first = record["relations"][0]
    assert first == {
        "head": 1,
        "child": 5,
        "head_span": {"start": 0, "end": 15, "token_start": 0, "token_end": 1, "label": "PERSON"},
        "child_span": {"start": 30, "end": 40, "token_start": 4, "token_end": 5, "label": "ORG"},
        "color": "#ffd882",
        "label": "COMMANDS",
        "status": "accepted",
        "source": "",
        "annotator": "news_rel-alice",
    }
    original = fixture_lines()[0]["relations"]
    for written, read in zip(record["relations"], original, strict=True):
        for key in ("head", "child", "head_span", "child_span", "color", "label"):
            assert written[key] == read[key]


def test_every_fixture_line_round_trips_relations_spans_and_kept_fields() -> None:
    for document in read_fixture():
        record = spacy_jsonl.to_record(*export_of(document))
        back = parse(json.loads(json.dumps(record)))
        assert relations_of(back) == relations_of(document)
        assert [(r.meta, r.annotator, r.directed) for r in back.relations] == [
            (r.meta, r.annotator, r.directed) for r in document.relations
        ]
        assert back.meta.get(PRODIGY_KEY, {}).get("relations") == document.meta.get(
            PRODIGY_KEY, {}
        ).get("relations")


def test_tagdesks_own_relation_fields_and_a_symmetric_type_round_trip() -> None:
    record = fixture_lines()[0]
    extra = record["relations"][0]
    extra.update(
        status="suggested", source="rules", note="until 2020", annotator="dana", directed=False
    )
    extra["meta"] = {"score": 0.9}
    extra["_session_id"] = "news_rel-bob"
    (first, _) = parse(record).relations
    assert (first.status, first.source, first.note, first.annotator, first.directed) == (
        "suggested",
        "rules",
        "until 2020",
        "dana",
        False,
    )
    assert first.meta == {"score": 0.9, "color": "#ffd882", "_session_id": "news_rel-bob"}
    document = parse(record)
    written = spacy_jsonl.to_record(*export_of(document))["relations"][0]
    assert written["directed"] is False
    assert written["meta"] == {"score": 0.9}
    assert written["_session_id"] == "news_rel-bob"
    assert (
        parse(json.loads(json.dumps(spacy_jsonl.to_record(*export_of(document))))).relations[0]
        == first
    )


def test_a_span_off_the_token_boundaries_names_the_token_holding_its_last_character() -> None:
    document = read_fixture()[0]
    exported, tokens = export_of(document)
    span = exported.spans[0]._replace(end=14)  # "Qasem Soleiman"
    exported = type(exported)(**{**exported.__dict__, "spans": (span, *exported.spans[1:])})
    relation = spacy_jsonl.to_record(exported, tokens)["relations"][0]
    assert relation["head"] == 1
    assert relation["head_span"] == {"start": 0, "end": 14, "label": "PERSON"}
    back = parse(json.loads(json.dumps(spacy_jsonl.to_record(exported, tokens))))
    assert relations_of(back)[0][:3] == ("Qasem Soleiman", "PERSON", "COMMANDS")


def test_a_repeated_relation_comes_in_once_and_is_counted() -> None:
    record = fixture_lines()[0]
    record["relations"].append(copy.deepcopy(record["relations"][0]))
    document = parse(record)
    assert len(document.relations) == 2
    assert document.tally == {REPEATED: (1,)}


def _broken(change: str) -> dict[str, Any]:
    record = fixture_lines()[0]
    relation = record["relations"][0]
    if change == "misspelt":
        relation["chlid"] = relation.pop("child")
    elif change == "unknown":
        relation["colour"] = "#000000"
    elif change == "head":
        relation["head"] = "1"
    elif change == "label":
        relation["label"] = "two words"
    elif change == "itself":
        relation["child_span"] = relation["head_span"]
    elif change == "list":
        record["relations"] = {"head": 1}
    elif change == "reference":
        relation["head_span"] = [0, 15]
    elif change == "offsets":
        relation["child_span"] = {"start": 100, "end": 400, "label": "ORG"}
    elif change == "status":
        relation["status"] = "maybe"
    return record


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("misspelt", 'a relation has no "child"'),
        ("unknown", 'unknown relation field "colour"'),
        ("head", 'a relation\'s "head" must be a token index, got a string'),
        ("label", "a relation's label must be a name, got 'two words'"),
        ("itself", "relation COMMANDS joins span [0, 15) PERSON to itself"),
        ("list", '"relations" must be a list, got an object'),
        ("reference", 'a relation\'s "head_span" must be an object, got a list'),
        ("offsets", "span [100, 400)"),
        ("status", "relation COMMANDS: status 'maybe' is not one of"),
    ],
)
def test_a_bad_relation_is_one_line_naming_the_file_and_line(change: str, said: str) -> None:
    with pytest.raises(InputError) as raised:
        parse(_broken(change), line=7)
    message = str(raised.value)
    assert message.startswith(f"{FIXTURE}:7: ")
    assert said in message
    assert "\n" not in message


def test_tokens_rel_manual_disabled_are_disabled_again_in_the_export() -> None:
    record = fixture_lines()[0]
    for token in record["tokens"]:
        token["disabled"] = token["text"] in ("commanded", "the", "until")
    document = parse(record)
    assert document.meta[PRODIGY_KEY]["disabled_tokens"] == [2, 3, 6]
    written = spacy_jsonl.to_record(*export_of(document))
    assert [t["disabled"] for t in written["tokens"]] == [t["disabled"] for t in record["tokens"]]
    assert "disabled_tokens" not in written
    again = spacy_jsonl.to_record(*export_of(parse(json.loads(json.dumps(written)))))
    assert again["tokens"] == written["tokens"]


def test_tokens_without_disabled_are_written_without_it() -> None:
    written = spacy_jsonl.to_record(*export_of(read_fixture()[0]))
    assert all("disabled" not in token for token in written["tokens"])


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 200) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
_FIELDS = st.sampled_from(
    [
        *("head", "child", "head_span", "child_span", "label", "color", "status", "note"),
        *("meta", "directed", "annotator", "source", "_x", "start", "end", "token_end"),
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["set", "drop", "ref"]), _FIELDS, _VALUES),
        max_size=6,
    )
)
def test_any_bent_relation_comes_in_or_is_one_line_naming_the_line(
    changes: list[tuple[int, str, str, Any]],
) -> None:
    record = fixture_lines()[0]
    for number, how, key, value in changes:
        relations = record["relations"]
        while len(relations) <= number:
            relations.append(copy.deepcopy(relations[0]))
        relation = relations[number]
        if how == "set":
            relation[key] = value
        elif how == "drop":
            relation.pop(key, None)
        elif isinstance(relation.get("head_span"), dict):
            relation["head_span"][key] = value
    try:
        document = parse(record)
    except InputError as error:
        message = str(error)
        document = None
    if document is None:
        assert message.startswith(f"{FIXTURE}:7: ")
        assert "\n" not in message
        return
    for relation in document.relations:
        assert 0 <= relation.head < len(document.spans)
        assert 0 <= relation.child < len(document.spans)
        assert relation.head != relation.child
    spacy_jsonl.to_record(*export_of(document))  # and it can be written
