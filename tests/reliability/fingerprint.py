"""The database's content, compared logically: what undo and redo must restore exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def content(path: Path) -> dict[str, Any]:
    """Every table's rows, with tags by name and without `updated_at`.

    `updated_at` says when a row was last written, and an undo is a write, so
    it legitimately moves on. Tags are compared by name: a tag row that undo
    removed and redo made again may come back under another id.
    """
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute
        return {
            "document": rows(
                "SELECT id, text, title, source, meta, sha256, status, created_at "
                "FROM document ORDER BY id"
            ).fetchall(),
            "label": rows("SELECT * FROM label ORDER BY id").fetchall(),
            "span": rows(
                'SELECT id, document_id, "start", "end", label_id, source, status, note, '
                "annotator, created_at FROM span ORDER BY id"
            ).fetchall(),
            "tag": rows("SELECT name FROM tag ORDER BY name").fetchall(),
            "span_tag": rows(
                "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id "
                "ORDER BY 1, 2"
            ).fetchall(),
            "document_tag": rows(
                "SELECT dt.document_id, t.name FROM document_tag dt "
                "JOIN tag t ON t.id = dt.tag_id ORDER BY 1, 2"
            ).fetchall(),
            "setting": rows("SELECT * FROM setting ORDER BY key").fetchall(),
            "suggestion_log": rows("SELECT * FROM suggestion_log ORDER BY 1, 2, 3, 4").fetchall(),
        }
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
