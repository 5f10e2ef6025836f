from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import Store
from tagdesk.store.editing import apply_span_states, create_span, document_spans
from tagdesk.store.importing import import_documents


@pytest.fixture
def document(store: Store) -> int:
    import_documents(
        store,
        [IncomingDocument(text="Qasem Soleimani visited Tikrit and Mosul.")],
        annotator="t",
        source="t",
    )
    return 1


def test_a_deleted_span_comes_back_with_its_tags_and_creation_time(
    store: Store, document: int
) -> None:
    span = create_span(store, document, 0, 15, 1, annotator="rana")
    changed = replace(span, tags=("checked",), note="the general")
    apply_span_states(store, [(span.id, changed)], replacing=[(span.id, span)])
    full = document_spans(store, document)[0]
    apply_span_states(store, [(span.id, None)], replacing=[(span.id, full)])
    assert document_spans(store, document) == []
    apply_span_states(store, [(span.id, full)], replacing=[(span.id, None)])
    assert document_spans(store, document) == [full]


def test_undo_never_takes_over_a_span_another_writer_added(
    store: Store, document: int, db_path: Path
) -> None:
    first = create_span(store, document, 0, 15, 1, annotator="a")
    newest = create_span(store, document, 24, 30, 3, annotator="a")
    apply_span_states(store, [(newest.id, None)], replacing=[(newest.id, newest)])  # deleted
    other = sqlite3.connect(db_path)  # meanwhile another program adds one
    with other:
        added = other.execute(
            'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
            "annotator, created_at, updated_at) VALUES (?, 35, 40, 3, 'x', 'accepted', '', "
            "'b', '2026-01-01', '2026-01-01')",
            (document,),
        ).lastrowid
    other.close()
    assert added not in (first.id, newest.id)
    apply_span_states(store, [(newest.id, newest)], replacing=[(newest.id, None)])  # undone
    texts = sorted((s.start, s.annotator) for s in document_spans(store, document))
    assert texts == [(0, "a"), (24, "a"), (35, "b")]


def hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


def test_an_edit_waits_for_another_writer_instead_of_failing(
    store: Store, document: int, db_path: Path
) -> None:
    span = create_span(store, document, 0, 15, 1, annotator="a")
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db_path, 0.5, started))
    holder.start()
    started.wait()
    apply_span_states(
        store, [(span.id, replace(span, status="rejected"))], replacing=[(span.id, span)]
    )
    holder.join()
    assert document_spans(store, document)[0].status == "rejected"


def test_a_lock_held_too_long_is_a_clear_error_and_changes_nothing(
    store: Store, document: int, db_path: Path
) -> None:
    span = create_span(store, document, 0, 15, 1, annotator="a")
    store.execute("PRAGMA busy_timeout = 200")
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db_path, 1.5, started))
    holder.start()
    started.wait()
    with pytest.raises(StoreError, match=r"cannot save \(database is locked\)"):
        apply_span_states(
            store, [(span.id, replace(span, status="rejected"))], replacing=[(span.id, span)]
        )
    holder.join()
    assert document_spans(store, document)[0].status == "accepted"


def test_span_table_ids_are_autoincrement(store: Store) -> None:
    sql = store.execute("SELECT sql FROM sqlite_master WHERE name = 'span'").fetchone()[0]
    assert "AUTOINCREMENT" in sql
