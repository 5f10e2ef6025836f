"""Relations in and out on both engines: an import writes them after their spans in its one
transaction, an export hands them to the formats by position in the spans it writes."""

from __future__ import annotations

import pytest

from tagdesk.core.errors import InputError, TagdeskError
from tagdesk.core.exported import ExportDocument, ExportSpan
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import ExportRelation, IncomingRelation
from tagdesk.store import Store, importing
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.reading import iter_export_documents
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations
from tagdesk.transfer import ExportFilter, _one_per_group

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi in Baghdad."
SPANS = [
    IncomingSpan(0, 15, "PERSON"),
    IncomingSpan(29, 39, "ORG"),
    IncomingSpan(48, 63, "PERSON"),
    IncomingSpan(67, 74, "GPE", status="suggested"),
]


def document(*relations: IncomingRelation, text: str = TEXT) -> IncomingDocument:
    return IncomingDocument(
        text=text, spans=list(SPANS), relations=list(relations), where="in.jsonl:1"
    )


def counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
        for table in ("document", "span", "relation", "relation_type", "label")
    )


def test_an_import_writes_relations_after_their_spans(store: Store) -> None:
    summary = import_documents(
        store,
        [
            document(
                IncomingRelation(0, 1, "COMMANDS", note="IRGC", meta={"brat": "R1"}),
                IncomingRelation(2, 0, "FUNDS", directed=False, status="suggested"),
            )
        ],
        annotator="rana",
        source="in.jsonl",
    )
    assert summary.relations_added == 2
    assert summary.relation_types_added == ["FUNDS"]
    assert "2 relations added" in summary.describe()
    assert "new relation types: FUNDS" in summary.describe()
    spans = [s.id for s in document_spans(store, 1)]
    commands, funds = document_relations(store, 1)
    assert summary.changes.relations == {commands.id, funds.id}
    funds_type = next(t for t in list_relation_types(store) if t.name == "FUNDS")
    assert summary.changes.relation_types == {funds_type.id}
    assert not funds_type.directed
    assert (commands.head, commands.child, commands.note, commands.source) == (
        spans[0],
        spans[1],
        "IRGC",
        "in.jsonl",
    )
    assert commands.annotator == "rana"
    assert commands.meta is not None
    assert '"brat"' in commands.meta
    assert (funds.head, funds.child, funds.status) == (spans[0], spans[2], "suggested")


def test_an_import_again_adds_no_relation_twice_and_joins_the_spans_held(store: Store) -> None:
    import_documents(store, [document()], annotator="rana", source="a")
    held = [s.id for s in document_spans(store, 1)]
    relation = IncomingRelation(0, 1, "COMMANDS")
    summary = import_documents(store, [document(relation)], annotator="rana", source="b")
    assert (summary.spans_added, summary.relations_added) == (0, 1)
    (made,) = document_relations(store, 1)
    assert (made.head, made.child) == (held[0], held[1])
    again = import_documents(
        store, [document(relation), document(relation)], annotator="rana", source="c"
    )
    assert again.relations_added == 0
    assert any("2 relations passed over" in warning for warning in again.warnings)
    assert len(document_relations(store, 1)) == 1


def test_a_relation_that_does_not_meet_its_type_is_kept_and_counted(store: Store) -> None:
    summary = import_documents(
        store, [document(IncomingRelation(3, 1, "COMMANDS"))], annotator="r", source="s"
    )
    assert summary.relations_added == 1
    assert any("1 relation kept although" in warning for warning in summary.warnings)


@pytest.mark.parametrize(
    ("relation", "message"),
    [
        (IncomingRelation(0, 9, "COMMANDS"), "relation 1: names span 0 and 9 of 4"),
        (IncomingRelation(1, 1, "COMMANDS"), "relation 1: joins a span with itself"),
        (IncomingRelation(0, 1, "NO SPACES"), "relation 1: label 'NO SPACES'"),
        (IncomingRelation(0, 1, "COMMANDS", status="maybe"), "relation 1: status 'maybe'"),
    ],
)
def test_a_bad_relation_leaves_the_database_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch, relation: IncomingRelation, message: str
) -> None:
    before = counts(store)
    monkeypatch.setattr(importing, "BATCH", 1)  # the first document is written before the second
    good = document(IncomingRelation(0, 1, "COMMANDS"), IncomingRelation(0, 2, "NEW_TYPE"))
    bad = document(relation, text=TEXT + " Later that day.")
    bad.where = "in.jsonl:2"
    with pytest.raises(InputError, match=f"in.jsonl:2: {message}"):
        import_documents(store, [good, bad], annotator="r", source="s")
    assert counts(store) == before


def test_an_export_writes_accepted_relations_between_written_spans(store: Store) -> None:
    import_documents(
        store,
        [
            document(
                IncomingRelation(0, 1, "COMMANDS"),
                IncomingRelation(2, 0, "MET", directed=False, status="suggested"),
                IncomingRelation(0, 2, "ATTACKED", status="rejected"),
                IncomingRelation(2, 3, "LOCATED_IN"),  # Baghdad is a suggestion
            )
        ],
        annotator="rana",
        source="s",
    )
    (plain,) = iter_export_documents(store)
    assert [s.label for s in plain.spans] == ["PERSON", "ORG", "PERSON"]
    assert plain.relations == (
        ExportRelation(0, 1, "COMMANDS", "accepted", "s", "", "rana", True, None),
    )
    everything = ExportFilter(spans="all", relations="all")
    (full,) = iter_export_documents(
        store,
        span_statuses=everything.span_statuses(),
        relation_statuses=everything.relation_statuses(),
    )
    assert [(r.label, r.head, r.child, r.directed) for r in full.relations] == [
        ("COMMANDS", 0, 1, True),
        ("MET", 0, 2, False),
        ("LOCATED_IN", 2, 3, True),
    ]  # the rejected one never
    with pytest.raises(TagdeskError, match="relations must be accepted or all"):
        ExportFilter(relations="rejected")


def test_one_span_per_group_keeps_the_relations_on_the_span_kept() -> None:
    def span(label: str, start: int, group: str, status: str = "accepted") -> ExportSpan:
        return ExportSpan(start, start + 3, label, status, "", "", "", (), None, group, "", "")

    spans = (span("PERSON", 0, "ents"), span("PERSON", 0, "sc"), span("ORG", 5, "ents"))
    relation = ExportRelation(1, 2, "COMMANDS", "accepted", "", "", "")
    written = _one_per_group(
        ExportDocument(1, "Abc d Efg", "", "", {}, "done", (), spans, (relation,))
    )
    assert len(written.spans) == 2
    assert written.relations == (relation._replace(head=0, child=1),)
