"""Two windows on one database: an edit made on a span as it was shown never overwrites
what another window wrote to it since (on a file and on a server)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import Store, open_store
from tagdesk.store.editing import apply_span_states, create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.labels import list_labels


def test_an_edit_on_a_span_another_window_changed_since_is_refused(store: Store) -> None:
    import_documents(
        store, [IncomingDocument(text="Qasem Soleimani visited Tikrit.")], annotator="t", source="t"
    )
    labels = {label.name: label.id for label in list_labels(store)}
    shown = create_span(store, 1, 0, 15, labels["PERSON"], annotator="ana")
    with open_store(store.target) as other_window:
        (theirs,) = document_spans(other_window, 1)
        noted = replace(theirs, note="checked against the wire copy")
        apply_span_states(other_window, [(theirs.id, noted)], replacing=[(theirs.id, theirs)])
    relabelled = replace(shown, label_id=labels["ORG"])
    with pytest.raises(StoreError, match="changed by another window or program since"):
        apply_span_states(store, [(shown.id, relabelled)], replacing=[(shown.id, shown)])
    (stored,) = document_spans(store, 1)
    assert stored.label_id == labels["PERSON"]  # the refused relabel wrote nothing
    assert stored.note == "checked against the wire copy"  # the other window's note stays
    fresh = replace(stored, label_id=labels["ORG"])  # made on what is there now, it is saved
    apply_span_states(store, [(stored.id, fresh)], replacing=[(stored.id, stored)])
    (saved,) = document_spans(store, 1)
    assert (saved.label_id, saved.note) == (labels["ORG"], "checked against the wire copy")
