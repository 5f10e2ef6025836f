"""Full-text search over document texts: an SQLite FTS5 index, or a scan without one.

The index (`document_fts`) holds no copy of the texts, only their words; it
reads them from the `document` table. Triggers keep it in step with every
insert, delete and text change; a bulk import sets the insert trigger aside
and indexes its new documents in one statement, four times faster than row
by row (see store.bulk).

A search finds documents holding the words typed, next to each other and in
that order, ignoring case and accents; the last word also matches as the
beginning of a longer one once it has three letters ("solei" finds
Soleimani). Where SQLite lacks FTS5, or the text typed has no letters or
digits, every text is scanned for it instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import peewee

if TYPE_CHECKING:
    from tagdesk.store.database import Store  # database imports the schema, which imports this

TABLE = "document_fts"
PREFIX_FROM = 3  # shorter beginnings match too many words to be quick
TRIGGERS: dict[str, str] = {
    "document_fts_insert": (
        'CREATE TRIGGER document_fts_insert AFTER INSERT ON "document" BEGIN '
        f"INSERT INTO {TABLE} (rowid, text) VALUES (new.id, new.text); END"
    ),
    "document_fts_delete": (
        'CREATE TRIGGER document_fts_delete AFTER DELETE ON "document" BEGIN '
        f"INSERT INTO {TABLE} ({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END"
    ),
    "document_fts_update": (
        'CREATE TRIGGER document_fts_update AFTER UPDATE OF text ON "document" BEGIN '
        f"INSERT INTO {TABLE} ({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
        f"INSERT INTO {TABLE} (rowid, text) VALUES (new.id, new.text); END"
    ),
}
INSERT_TRIGGERS = ("document_fts_insert",)
_WORD = re.compile(r"[^\W_]+")


def create_index(store: Store) -> bool:
    """Add the index and its triggers, filled from the documents; False without FTS5."""
    if not store.is_sqlite:
        return False
    try:
        with store.atomic():
            store.execute(
                f"CREATE VIRTUAL TABLE {TABLE} USING fts5(text, content='document', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
    except peewee.OperationalError as error:
        if "fts5" in str(error):
            return False
        raise
    for sql in TRIGGERS.values():
        store.execute(sql)
    store.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
    return True


def has_index(store: Store) -> bool:
    if not store.is_sqlite:
        return False
    row = store.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    return row is not None


def index_range(store: Store, first_id: int, last_id: int) -> None:
    """Index the documents with ids in [first_id, last_id], which a bulk import just added."""
    store.execute(
        f'INSERT INTO {TABLE} (rowid, text) SELECT id, text FROM "document" '
        "WHERE id >= ? AND id <= ?",
        (first_id, last_id),
    )


def match_expression(typed: str) -> str | None:
    """The FTS5 query for what was typed: one phrase, its last word a prefix; None if no words."""
    words = _WORD.findall(typed)
    if not words:
        return None
    phrase = '"' + " ".join(words) + '"'
    if len(words[-1]) >= PREFIX_FROM and _WORD.fullmatch(typed[-1]):
        phrase += "*"  # still typing the last word
    return phrase


def matching_ids_condition(store: Store, typed: str, column: str) -> tuple[str, list[object]]:
    """An SQL condition on `column` (a document id) and its parameters: the documents found."""
    expression = match_expression(typed) if has_index(store) else None
    if expression is not None:
        return (
            f"{column} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)",
            [expression],
        )
    return (
        f'{column} IN (SELECT id FROM "document" WHERE instr(lower(text), ?) > 0)',
        [typed.lower()],
    )
