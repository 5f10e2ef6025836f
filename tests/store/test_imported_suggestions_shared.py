"""Suggestions that come in from a file are shared, as pre-annotation's are (both engines).

An accepted span whose file names nobody is the importer's; a suggestion
whose file names nobody belongs to nobody, so colleagues on a shared
document see it as a suggestion to decide, not as the importer's work. A
suggestion the file gives an annotator stays theirs. Importing the same file
again adds nothing, also into a database where an earlier import put such
suggestions in the importer's name.
"""

from __future__ import annotations

import json
from pathlib import Path

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.views import spans_for_view
from tagdesk.transfer import import_paths

TEXT = "Qasem Soleimani visited Tikrit on Monday."


def _owners(store: Store) -> list[tuple[int, int, str, str]]:
    return sorted((s.start, s.end, s.status, s.annotator) for s in document_spans(store, 1))


def test_a_suggestion_no_file_names_is_shared_and_decided_spans_are_the_importers(
    store: Store,
) -> None:
    spans = [
        IncomingSpan(0, 15, "PERSON"),
        IncomingSpan(24, 30, "GPE", status="suggested"),
        IncomingSpan(34, 40, "DATE", status="suggested", annotator="ben"),
        IncomingSpan(16, 23, "ORG", status="rejected"),
    ]
    import_documents(store, [IncomingDocument(text=TEXT, spans=spans)], annotator="ana", source="t")
    assert _owners(store) == [
        (0, 15, "accepted", "ana"),
        (16, 23, "rejected", "ana"),
        (24, 30, "suggested", ""),
        (34, 40, "suggested", "ben"),
    ]
    assign_documents(store, ["ana", "cy"], 2)
    seen_by_cy = [(s.start, s.annotator) for s in spans_for_view(store, 1, "cy")]
    assert seen_by_cy == [(24, "")]  # the imported suggestion, shared; nothing of ana's


def _label_studio_file(folder: Path) -> Path:
    path = folder / "tasks.json"
    result = [
        {
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 24, "end": 30, "labels": ["GPE"]},
        }
    ]
    path.write_text(
        json.dumps([{"data": {"text": TEXT}, "predictions": [{"result": result}]}]),
        encoding="utf-8",
    )
    return path


def test_label_studio_predictions_come_in_shared_and_once(store: Store, tmp_path: Path) -> None:
    path = _label_studio_file(tmp_path)
    import_paths(store, [path], annotator="ana")
    assert _owners(store) == [(24, 30, "suggested", "")]
    summary = import_paths(store, [path], annotator="ben")
    assert summary.spans_added == 0
    assert _owners(store) == [(24, 30, "suggested", "")]


def test_a_suggestion_an_earlier_import_named_the_importer_is_not_added_again(
    store: Store, tmp_path: Path
) -> None:
    import_documents(
        store,
        [
            IncomingDocument(
                text=TEXT, spans=[IncomingSpan(24, 30, "GPE", "suggested", annotator="ana")]
            )
        ],
        annotator="ana",
        source="t",
    )  # as an earlier Tagdesk imported the file: in the importer's name
    summary = import_paths(store, [_label_studio_file(tmp_path)], annotator="ana")
    assert summary.spans_added == 0
    assert _owners(store) == [(24, 30, "suggested", "ana")]
