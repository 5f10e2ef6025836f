"""A span deleted and put back by undo keeps what its file said of it (its meta): the
model's score that orders least-sure-first, and fields Prodigy wrote that have no column."""

from __future__ import annotations

import json
from dataclasses import replace

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents

META = {"score": 0.42, "rank": 3, "_task_hash": -118}


def stored_meta(store: Store) -> dict[str, dict[str, object]]:
    rows = store.execute('SELECT "start", meta FROM "span" ORDER BY "start"').fetchall()
    return {str(start): json.loads(meta) for start, meta in rows}


def test_undo_of_a_delete_puts_the_span_back_with_its_meta(store: Store) -> None:
    import_documents(
        store,
        [
            IncomingDocument(
                text="Soleimani visited Tikrit.",
                spans=[
                    IncomingSpan(0, 9, "PERSON", status="suggested", meta=dict(META)),
                    IncomingSpan(18, 24, "GPE", status="suggested"),
                ],
            )
        ],
        annotator="",
        source="t",
    )
    before = stored_meta(store)
    assert before["0"] == META
    spans = document_spans(store, 1)
    soleimani = next(s for s in spans if s.start == 0)
    assert soleimani.score == 0.42
    history = History()
    tikrit = next(s for s in spans if s.start == 18)
    done = history.do(
        store,
        ChangeSet(
            "Delete spans",
            spans_before=((soleimani.id, soleimani), (tikrit.id, tikrit)),
            spans_after=((soleimani.id, None), (tikrit.id, None)),
        ),
    )
    assert done is not None
    assert stored_meta(store) == {}
    for _ in range(2):  # undo, redo, undo: the meta comes back each time
        history.undo(store)
        assert stored_meta(store) == before
        assert document_spans(store, 1) == spans
        history.redo(store)
        assert stored_meta(store) == {}
    history.undo(store)
    assert stored_meta(store) == before


def test_an_edit_keeps_the_meta_and_its_undo_too(store: Store) -> None:
    import_documents(
        store,
        [
            IncomingDocument(
                text="Soleimani.", spans=[IncomingSpan(0, 9, "PERSON", meta=dict(META))]
            )
        ],
        annotator="",
        source="t",
    )
    (span,) = document_spans(store, 1)
    history = History()
    assert history.do(
        store,
        ChangeSet(
            "Relabel",
            spans_before=((span.id, span),),
            spans_after=((span.id, replace(span, note="x")),),
        ),
    )
    assert stored_meta(store)["0"] == META
    history.undo(store)
    assert stored_meta(store)["0"] == META
