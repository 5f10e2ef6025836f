"""doccano's relations, read from and written in its relation form.

fixtures/doccano/relation_export.jsonl is in the shapes doccano writes and
reads: its "JSONL (relation)" export (entities and relations with ids,
`Comments`) and its relation-extraction import example (relations without
ids). These tests read and write lines alone; test_doccano_projects.py runs
the file through `tagdesk import` and `export`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import ExportRelation
from tagdesk.formats import doccano
from tagdesk.formats.base import FormatOptions

RELATIONS = Path(__file__).parent / "fixtures" / "doccano" / "relation_export.jsonl"


def said(document: IncomingDocument) -> list[tuple[str, str, str, object]]:
    text, spans = document.text, document.spans
    return [
        (
            r.label,
            text[spans[r.head].start : spans[r.head].end],
            text[spans[r.child].start : spans[r.child].end],
            r.meta,
        )
        for r in document.relations
    ]


def read(path: Path, **options: object) -> tuple[list[IncomingDocument], FormatOptions]:
    chosen = FormatOptions(**options)  # type: ignore[arg-type]
    return list(doccano.read(path, chosen)), chosen


def test_relations_join_the_entities_their_ids_name() -> None:
    documents, options = read(RELATIONS)
    assert [said(d) for d in documents] == [
        [
            ("foundedAt", "Exxon", "1870", None),
            ("foundedBy", "Exxon", "John D. Rockefeller", None),
            ("foundedIn", "Exxon", "Cleveland", None),
        ],
        [("leads", "Lee Raymond", "Exxon", None)],
        [
            ("foundedAt", "Chevron", "September 10, 1879", None),
            ("foundedIn", "Chevron", "Pico Canyon", None),
        ],
        [],
    ]
    assert all(r.directed for d in documents for r in d.relations)
    assert options.notices.lines() == []


def test_entities_as_triples_are_read_as_doccanos_import_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "slots.jsonl"
    line = {"text": "Fly to Baghdad", "entities": [[7, 14, "GPE"]], "cats": ["travel"]}
    path.write_text(json.dumps(line) + "\n")
    (document,), _ = read(path)
    assert [(s.start, s.end, s.label) for s in document.spans] == [(7, 14, "GPE")]


@pytest.mark.parametrize(
    ("relations", "message"),
    [
        ([{"from_id": 21, "to_id": 99, "type": "x"}], "relation 0 names to_id 99, which no entity"),
        ([{"from_id": 21, "type": "x"}], "relation 0 has no to_id"),
        ([{"from_id": 21, "to_id": 22, "type": "two words"}], 'relation 0: "type" must be a name'),
        ([{"from_id": "21", "to_id": 22, "type": "x"}], "relation 0 names from_id '21'"),
        ({"from_id": 21}, '"relations" must be a list, got an object'),
    ],
)
def test_a_relation_naming_no_entity_of_its_line_is_an_error_for_that_line(
    tmp_path: Path, relations: object, message: str
) -> None:
    good = json.loads(RELATIONS.read_text().splitlines()[0])
    bad = {**good, "relations": relations}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}:2: {message}")


def test_two_entities_with_one_id_are_an_error(tmp_path: Path) -> None:
    line = json.loads(RELATIONS.read_text().splitlines()[0])
    line["entities"][1]["id"] = 21
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(InputError, match=r":1: two entities have the id 21"):
        read(path)


def exported(document: IncomingDocument) -> ExportDocument:
    spans = tuple(
        ExportSpan(s.start, s.end, s.label, s.status, s.source, s.note, s.annotator, ())
        for s in document.spans
    )
    relations = tuple(
        ExportRelation(
            r.head, r.child, r.label, r.status, "", r.note, r.annotator, r.directed, r.meta
        )
        for r in document.relations
    )
    return ExportDocument(1, document.text, "t", "", {}, "done", (), spans, relations)


def test_a_document_with_relations_is_written_in_doccanos_relation_form() -> None:
    documents, _ = read(RELATIONS)
    record = doccano.to_record(exported(documents[1]), "utf16")
    assert record["entities"] == [
        {"id": 0, "label": "ORG", "start_offset": 0, "end_offset": 5},
        {"id": 1, "label": "ORG", "start_offset": 18, "end_offset": 23},
        {"id": 2, "label": "DATE", "start_offset": 27, "end_offset": 31},
        {"id": 3, "label": "PERSON", "start_offset": 37, "end_offset": 48},
    ]
    assert record["relations"] == [{"id": 0, "from_id": 3, "to_id": 1, "type": "leads"}]
    assert "label" not in record
    plain = doccano.to_record(exported(documents[3]), "utf16")
    assert plain["label"] == [[0, 5, "ORG"]]
    assert "relations" not in plain


def test_the_relation_form_reads_back_with_the_same_relations(tmp_path: Path) -> None:
    documents, _ = read(RELATIONS)
    out = tmp_path / "out.jsonl"
    doccano.write([(exported(d), ()) for d in documents], out, FormatOptions(), ExportSummary())
    again, _ = read(out)
    drop_ids = [[row[:3] for row in said(d)] for d in documents]
    assert [[row[:3] for row in said(d)] for d in again] == drop_ids
    assert [[s.label for s in d.spans] for d in again] == [
        [s.label for s in d.spans] for d in documents
    ]


def test_without_overlaps_a_relation_of_a_span_left_out_is_said_with_it() -> None:
    text = "New York Times"
    spans = (
        ExportSpan(0, 14, "ORG", "accepted", "", "", "", ()),
        ExportSpan(0, 8, "GPE", "accepted", "", "", "", ()),
    )
    relation = ExportRelation(0, 1, "LOCATED_IN", "accepted", "", "", "")
    document = ExportDocument(1, text, "t", "", {}, "done", (), spans, (relation,))
    summary = ExportSummary()
    kept = doccano.without_overlaps(document, summary)
    record = doccano.to_record(document, "utf16", kept)
    assert record["relations"] == []
    assert [e["label"] for e in record["entities"]] == ["ORG"]
    (problem,) = summary.problems
    assert problem.reason.endswith("(no overlapping spans), and with it 1 relation")


def test_a_relations_other_fields_are_kept_and_written_back(tmp_path: Path) -> None:
    line = json.loads(RELATIONS.read_text().splitlines()[1])
    line["relations"][0].update({"prob": 0.75, "user": 3})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n")
    (document,), _ = read(path)
    (relation,) = document.relations
    assert (relation.meta, relation.annotator) == ({"prob": 0.75}, "doccano-user-3")
    record = doccano.to_record(exported(document), "utf16")
    assert record["relations"] == [
        {"id": 0, "from_id": 3, "to_id": 1, "type": "leads", "prob": 0.75}
    ]


def test_an_export_with_relations_writes_every_line_in_the_relation_form(tmp_path: Path) -> None:
    documents, _ = read(RELATIONS)
    out = tmp_path / "out.jsonl"
    options = FormatOptions(with_relations=True)
    doccano.write([(exported(d), ()) for d in documents], out, options, ExportSummary())
    last = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])  # Shell: no relations
    assert last["entities"] == [{"id": 0, "label": "ORG", "start_offset": 0, "end_offset": 5}]
    assert last["relations"] == []
    assert "label" not in last
