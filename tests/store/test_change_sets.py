"""Undo and redo as change-sets, without Qt: do, undo, redo, and the undos the store refuses."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.records import DocumentState, SpanRecord
from tagdesk.store import Store, open_store
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import create_span, document_spans, document_state
from tagdesk.store.importing import import_documents
from tests.helpers import database_fingerprint
from tests.reliability.fingerprint import content

TEXT = "Qasem Soleimani visited Tikrit and Baghdad."


@pytest.fixture
def corpus(store: Store) -> Store:
    import_documents(
        store,
        [IncomingDocument(text=TEXT), IncomingDocument(text="Another text.", tags=["kept"])],
        annotator="a",
        source="t",
    )
    return store


def add_span(history: History, store: Store, start: int, end: int) -> SpanRecord:
    def build() -> ChangeSet:
        record = create_span(store, 1, start, end, 1, annotator="me")
        return ChangeSet(
            "Add span",
            spans_before=((record.id, None),),
            spans_after=((record.id, record),),
            home=1,
        )

    done = history.do(store, build)
    assert done is not None
    change, report = done
    assert report == ChangeReport.of(
        documents=[1], spans=[change.spans_after[0][0]], statuses_kept=True
    )
    return change.spans_after[0][1]


def relabel(history: History, store: Store, span: SpanRecord, label_id: int) -> ChangeReport:
    change = ChangeSet(
        "Relabel",
        spans_before=((span.id, span),),
        spans_after=((span.id, replace(span, label_id=label_id)),),
    )
    done = history.do(store, change)
    assert done is not None
    return done[1]


def labels(store: Store) -> list[int]:
    return [span.label_id for span in document_spans(store, 1)]


def test_do_undo_redo_write_the_states_and_report_them(corpus: Store, db_path: Path) -> None:
    history = History()
    empty = content(db_path)
    span = add_span(history, corpus, 0, 15)
    assert relabel(history, corpus, span, 2) == ChangeReport.of(
        documents=[1], spans=[span.id], statuses_kept=True
    )
    assert labels(corpus) == [2]
    assert (history.index, len(history), history.can_redo) == (2, 2, False)

    undone = history.undo(corpus)
    assert undone is not None
    assert undone[0].text == "Relabel"
    assert undone[1].spans == {span.id}
    assert labels(corpus) == [1]
    assert history.undo(corpus) is not None
    assert labels(corpus) == []
    assert content(db_path) == empty  # exact: every row as it was
    assert history.undo(corpus) is None  # nothing left: nothing written
    assert (history.index, history.can_undo, history.can_redo) == (0, False, True)

    assert history.redo(corpus) is not None
    assert history.redo(corpus) is not None
    assert [(s.id, s.label_id) for s in document_spans(corpus, 1)] == [(span.id, 2)]  # its own id
    assert history.redo(corpus) is None


def test_a_new_action_drops_the_actions_undone_before_it(corpus: Store) -> None:
    history = History()
    span = add_span(history, corpus, 0, 5)
    history.undo(corpus)
    add_span(history, corpus, 6, 15)
    assert (history.index, len(history)) == (1, 1)
    assert history[0].spans_after[0][0] != span.id  # ids are never reused


def test_an_undo_refuses_a_span_changed_since_by_another_writer(
    corpus: Store, db_path: Path
) -> None:
    history = History()
    span = add_span(history, corpus, 0, 15)
    relabel(history, corpus, span, 2)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("UPDATE span SET note = 'theirs' WHERE id = ?", (span.id,))
    other.close()
    before = database_fingerprint(db_path)
    with pytest.raises(StoreError, match=f"span {span.id} of document 1 was changed by another"):
        history.undo(corpus)
    assert database_fingerprint(db_path) == before  # their note stays; nothing was written
    assert history.index == 2  # the history did not move: undo can be tried again


def test_an_undo_refuses_a_span_put_back_under_a_label_deleted_since(
    corpus: Store, db_path: Path
) -> None:
    history = History()
    span = add_span(history, corpus, 0, 15)
    label = corpus.execute("SELECT id FROM label WHERE id NOT IN (1, 2) LIMIT 1").fetchone()[0]
    relabel(history, corpus, span, label)
    relabelled = history[1].spans_after[0][1]  # as the window holds it: the version written
    delete = ChangeSet("Delete span", ((span.id, relabelled),), ((span.id, None),))
    history.do(corpus, delete)
    corpus.execute("DELETE FROM label WHERE id = ?", (label,))
    before = database_fingerprint(db_path)
    with pytest.raises(StoreError, match="cannot save"):
        history.undo(corpus)
    assert database_fingerprint(db_path) == before
    assert history.index == 3


def test_document_tags_undo_only_what_the_action_changed(corpus: Store, db_path: Path) -> None:
    history = History()
    before = document_state(corpus, 2)
    after = DocumentState(2, "done", ("kept", "mine"))
    done = history.do(
        corpus, ChangeSet("Tag document", documents_before=(before,), documents_after=(after,))
    )
    assert done is not None
    assert done[1] == ChangeReport.of(documents=[2], tags=["mine"])
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("INSERT INTO tag (name) VALUES ('theirs')")
    other.execute(
        "INSERT INTO document_tag (document_id, tag_id) SELECT 2, id FROM tag WHERE name = 'theirs'"
    )
    other.close()
    history.undo(corpus)  # the row untouched by that program: the write goes through
    assert replace(document_state(corpus, 2), version=0) == DocumentState(
        2, "todo", ("kept", "theirs")
    )
    history.redo(corpus)
    assert replace(document_state(corpus, 2), version=0) == DocumentState(
        2, "done", ("kept", "mine", "theirs")
    )


def test_a_refused_build_writes_nothing_and_records_nothing(corpus: Store, db_path: Path) -> None:
    history = History()
    before = database_fingerprint(db_path)

    def build() -> ChangeSet:
        record = create_span(corpus, 1, 0, 5, 1, annotator="me")
        clash = replace(record, id=record.id, document_id=2)  # the row is not this span
        return ChangeSet("Broken", ((record.id, clash),), ((record.id, None),))

    with pytest.raises(StoreError):
        history.do(corpus, build)
    assert database_fingerprint(db_path) == before  # the span build made is rolled back too
    assert (history.index, len(history)) == (0, 0)
    assert history.do(corpus, lambda: None) is None


def test_two_histories_on_two_stores_stay_apart(tmp_path: Path) -> None:
    stores = [open_store(tmp_path / f"{name}.db") for name in ("one", "two")]
    try:
        for store in stores:
            import_documents(store, [IncomingDocument(text=TEXT)], annotator="a", source="t")
        histories = [History(), History()]
        add_span(histories[0], stores[0], 0, 5)
        add_span(histories[1], stores[1], 6, 15)
        histories[0].undo(stores[0])
        assert [(s.start, s.end) for s in document_spans(stores[0], 1)] == []
        assert [(s.start, s.end) for s in document_spans(stores[1], 1)] == [(6, 15)]
    finally:
        for store in stores:
            store.close()
