"""An export writes a relation only when both its spans are written, and counts the others.

On both engines, through export_file as `tagdesk export` calls it; the
relations handed to the format are read as the export reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import IncomingRelation
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.reading import iter_export_documents
from tagdesk.transfer import ExportFilter, export_file

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi in Baghdad."


@pytest.fixture
def filled(store: Store) -> Store:
    spans = [
        IncomingSpan(0, 15, "PERSON"),
        IncomingSpan(29, 39, "ORG"),
        IncomingSpan(48, 63, "PERSON"),
        IncomingSpan(67, 74, "GPE", status="suggested"),
        IncomingSpan(16, 24, "NORP", status="rejected"),
    ]
    relations = [
        IncomingRelation(0, 1, "COMMANDS"),
        IncomingRelation(0, 2, "MET", directed=False),
        IncomingRelation(2, 3, "LOCATED_IN"),  # Baghdad is a suggestion
        IncomingRelation(0, 4, "DECLARED"),  # to a rejected span, which is never exported
        IncomingRelation(2, 1, "MEMBER_OF", status="suggested"),
    ]
    document = IncomingDocument(text=TEXT, spans=spans, relations=relations)
    import_documents(store, [document], annotator="", source="s")
    return store


def exported(store: Store, out: Path, **options: object) -> tuple[str, list[str]]:
    selection = ExportFilter(documents="all", **options)  # type: ignore[arg-type]
    summary = export_file(store, out, format_name="spacy-jsonl", selection=selection)
    (document,) = iter_export_documents(
        store,
        span_statuses=selection.span_statuses(),
        labels=selection.labels,
        relation_statuses=selection.relation_statuses(),
    )
    assert summary.relations == len(document.relations)
    assert summary.relations_left_out == document.relations_left_out
    return summary.describe(), [relation.label for relation in document.relations]


def test_relations_of_spans_not_written_are_left_out_and_counted(
    filled: Store, tmp_path: Path
) -> None:
    described, labels = exported(filled, tmp_path / "a.jsonl")
    assert sorted(labels) == ["COMMANDS", "MET"]
    assert described == (
        f"1 document, 3 spans and 2 relations written to {tmp_path / 'a.jsonl'}; "
        "2 relations left out (a span of theirs is not exported)"
    )  # LOCATED_IN (Baghdad is a suggestion) and DECLARED (its child was rejected)
    described, labels = exported(filled, tmp_path / "b.jsonl", spans="all", relations="all")
    assert sorted(labels) == ["COMMANDS", "LOCATED_IN", "MEMBER_OF", "MET"]
    assert described == (
        f"1 document, 4 spans and 4 relations written to {tmp_path / 'b.jsonl'}; "
        "1 relation left out (a span of theirs is not exported)"
    )
    described, labels = exported(filled, tmp_path / "c.jsonl", labels=("PERSON",))
    assert labels == ["MET"]
    assert described.endswith("; 3 relations left out (a span of theirs is not exported)")
    # The suggested MEMBER_OF is of no status exported: not counted as left out.
