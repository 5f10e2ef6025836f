"""The relations a database holds, as the format tests compare them, on either engine."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import query

StoredRelation = tuple[str, str, str, bool, str, str, str]


def stored_relations(db_path: Path | str) -> list[StoredRelation]:
    """(type, head text, child text, directed, status, note, annotator), in id order."""
    rows = query(
        db_path,
        'SELECT t.name, d.text, h."start", h."end", c."start", c."end", t.directed, '
        "r.status, r.note, r.annotator FROM relation r "
        "JOIN relation_type t ON t.id = r.type_id JOIN document d ON d.id = r.document_id "
        "JOIN span h ON h.id = r.head_span_id JOIN span c ON c.id = r.child_span_id "
        "ORDER BY r.id",
    )
    return [
        (name, text[hs:he], text[cs:ce], bool(directed), status, note, annotator)
        for name, text, hs, he, cs, ce, directed, status, note, annotator in rows
    ]


def stored_types(db_path: Path | str) -> dict[str, tuple[bool, list[str], list[str]]]:
    """Each relation type's direction, head labels and child labels."""
    rows = query(db_path, "SELECT name, directed, heads, children FROM relation_type")
    return {
        name: (bool(directed), json.loads(heads), json.loads(children))
        for name, directed, heads, children in rows
    }
