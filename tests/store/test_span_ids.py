"""Span ids are never handed out twice, whoever writes, and undo never writes over another span."""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SpanRecord
from tagdesk.store import Store
from tagdesk.store.editing import apply_span_states, create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions
from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint, write_jsonl

TEXT = "Qasem Soleimani visited Tikrit and Mosul."
OTHER = "Haider al-Abadi spoke in Baghdad."


def imported(store: Store, text: str, *spans: tuple[int, int, str], who: str = "importer") -> None:
    import_documents(
        store,
        [IncomingDocument(text=text, spans=[IncomingSpan(s, e, label) for s, e, label in spans])],
        annotator=who,
        source=who,
    )


def all_spans(store: Store) -> dict[int, tuple[int, int, int, str]]:
    rows = store.execute('SELECT id, document_id, "start", "end", annotator FROM span').fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def sequence(store: Store) -> int:
    if not store.is_sqlite:
        return int(store.execute("SELECT last_value FROM span_id_seq").fetchone()[0])
    row = store.execute("SELECT seq FROM sqlite_sequence WHERE name = 'span'").fetchone()
    return int(row[0]) if row else 0


def delete(store: Store, span: SpanRecord) -> None:
    apply_span_states(store, [(span.id, None)], replacing=[(span.id, span)])


def restore(store: Store, span: SpanRecord) -> None:
    apply_span_states(store, [(span.id, span)], replacing=[(span.id, None)])


def test_an_import_after_a_delete_takes_new_ids_and_undo_restores_both(store: Store) -> None:
    imported(store, TEXT)
    kept = create_span(store, 1, 0, 15, 1, annotator="rana")
    newest = create_span(store, 1, 24, 30, 3, annotator="rana")
    delete(store, newest)  # the window deletes its newest span

    imported(store, OTHER, (25, 32, "GPE"))  # an outside import, on another document
    outside = {i: row for i, row in all_spans(store).items() if row[0] == 2}
    assert len(outside) == 1
    assert min(outside) > newest.id, "the import took the id of the deleted span"
    assert sequence(store) == max(outside)

    restore(store, newest)  # Ctrl+Z
    spans = all_spans(store)
    assert spans[newest.id] == (1, 24, 30, "rana")
    assert spans[kept.id] == (1, 0, 15, "rana")
    (imported_id,) = outside
    assert spans[imported_id] == (2, 25, 32, "importer")


def test_sqlite_advances_the_sequence_for_ids_the_import_chose(store: Store) -> None:
    imported(store, TEXT, (0, 15, "PERSON"), (24, 30, "GPE"), (35, 40, "GPE"))
    assert sequence(store) == 3
    store.execute("DELETE FROM span WHERE id = 3")  # the newest imported span goes
    assert create_span(store, 1, 35, 40, 3, annotator="w").id == 4
    imported(store, OTHER, (25, 32, "GPE"))
    assert max(all_spans(store)) == 5


def test_writers_interleaved_never_share_an_id(store: Store, db_path: Path) -> None:
    """The window, the bulk import (here and as `tagdesk import`), pre-annotation, a plain INSERT.

    Each round deletes the newest span before the next writer takes an id:
    the moment a writer counting from the largest id in use would reuse one.
    """
    outside = sqlite3.connect(db_path, isolation_level=None)
    handed: list[int] = []
    last: dict[int, tuple[int, int, int, str]] = {}

    def took(*ids: int) -> None:
        """Record the ids of the rows a writer added (a row under a reused id counts)."""
        nonlocal last
        now = all_spans(store)
        handed.extend(sorted({i for i, row in now.items() if last.get(i) != row} | set(ids)))
        last = now

    try:
        imported(store, TEXT, (0, 15, "PERSON"))
        imported(store, OTHER)
        took()
        deleted: list[SpanRecord] = []
        for round_ in range(3):
            span = create_span(store, 1, 24, 30, 3, annotator="window")
            deleted.append(span)
            delete(store, span)
            took(span.id)
            imported(store, OTHER, (25, 32, f"GPE{round_}"))
            took()
            newest = max(all_spans(store))
            store.execute("DELETE FROM span WHERE id = ?", (newest,))
            add_suggestions(store, [FoundEntities(2, ((16, 21, f"ORG{round_}"),))], "model@1")
            took()
            outside.execute("DELETE FROM span WHERE id = (SELECT MAX(id) FROM span)")
            outside.execute(
                'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
                "annotator, created_at, updated_at) VALUES (2, 6, 15, 1, 'x', 'accepted', '', "
                "'plain', '2026-01-01', '2026-01-01')"
            )
            took()
            store.execute("DELETE FROM span WHERE id = (SELECT MAX(id) FROM span)")
            source = write_jsonl(
                db_path.with_name(f"round{round_}.jsonl"),
                [{"text": OTHER, "spans": [{"start": 0, "end": 6, "label": f"NORP{round_}"}]}],
            )
            run = subprocess.run(
                [*tagdesk_command(), "import", str(source), "--db", str(db_path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert run.returncode == 0, run.stderr
            took()
        assert len(handed) == len(set(handed)), f"an id was handed out twice: {handed}"
        assert handed == sorted(handed), f"an id below one already handed out: {handed}"
        before = all_spans(store)
        for span in deleted:
            restore(store, span)
        after = all_spans(store)
        assert {i: row for i, row in after.items() if i in before} == before
        assert {i: after[i] for i in set(after) - set(before)} == {
            s.id: (1, 24, 30, "window") for s in deleted
        }
    finally:
        outside.close()


def reuse_an_id(db_path: Path, span_id: int, document_id: int) -> None:
    """What a writer that ignores the sequence (an older Tagdesk) does: INSERT under a freed id."""
    outside = sqlite3.connect(db_path, isolation_level=None)
    outside.execute(
        'INSERT INTO span (id, document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at) VALUES (?, ?, 0, 6, 1, 'old', 'accepted', '', "
        "'old', '2020-01-01 00:00:00', '2020-01-01 00:00:00')",
        (span_id, document_id),
    )
    outside.close()


@pytest.mark.parametrize("document_id", [1, 2])
def test_undo_refuses_to_put_a_span_back_over_another_one(
    store: Store, db_path: Path, document_id: int
) -> None:
    imported(store, TEXT)
    imported(store, OTHER)
    span = create_span(store, 1, 24, 30, 3, annotator="rana")  # as the window holds it
    delete(store, span)
    reuse_an_id(db_path, span.id, document_id)
    untouched = database_fingerprint(db_path)
    with pytest.raises(StoreError, match=rf"span {span.id}\b.*another span"):
        restore(store, span)
    assert database_fingerprint(db_path) == untouched
    with pytest.raises(StoreError, match="another span"):  # an edit's undo: same rule
        apply_span_states(store, [(span.id, span)], replacing=[(span.id, replace(span, note="x"))])
    with pytest.raises(StoreError, match="another span"):  # a redo of the delete
        delete(store, span)
    assert database_fingerprint(db_path) == untouched


def test_a_span_put_back_already_is_updated(store: Store) -> None:
    """Two windows undo the same delete: it is the same span at the same version (one stored
    state), so the last write is made; once the first window changed it, it is refused."""
    imported(store, TEXT)
    span = create_span(store, 1, 24, 30, 3, annotator="rana")
    delete(store, span)
    restore(store, replace(span, note="the other window"))
    restore(store, span)
    (stored,) = document_spans(store, 1)
    assert replace(stored, created_at=span.created_at) == replace(span, version=2)
    with pytest.raises(StoreError, match="changed by another window or program since"):
        restore(store, span)


def test_undo_of_a_delete_whose_label_was_deleted_since_is_refused(store: Store) -> None:
    """A deleted span's label deleted and a new label made: putting the span back fails loudly."""
    from tagdesk.core.records import LabelRecord
    from tagdesk.store.labels import delete_label, save_label

    imported(store, TEXT)
    (document_id,) = store.execute("SELECT id FROM document").fetchone()
    label = save_label(store, LabelRecord(0, "WEAPON", "#112233", "", "", 0))
    span = create_span(store, document_id, 0, 15, label.id, annotator="rana")
    apply_span_states(store, [(span.id, None)], replacing=[(span.id, span)])
    delete_label(store, label.id)
    newer = save_label(store, LabelRecord(0, "VEHICLE", "#223344", "", "", 0))
    assert newer.id != label.id
    before = database_fingerprint(store.path)
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        apply_span_states(store, [(span.id, span)], replacing=[(span.id, None)])
    assert database_fingerprint(store.path) == before
