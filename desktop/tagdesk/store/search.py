"""Full-text search over document texts: SQLite's FTS5, PostgreSQL's text search, or a scan.

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

A PostgreSQL server searches the same way with its own text search: a
table of each text's folded words with a GIN index over it, kept in step
the same way (store.server_schema).
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
        from tagdesk.store import server_schema

        server_schema.create_search_index(store)
        return True
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
        from tagdesk.store import server_schema

        return server_schema.has_search_table(store)
    row = store.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    return row is not None


def lacks_server_index(store: Store) -> bool:
    """A server database that Tagdesk made at version 8 before the search words had a table
    of their own: the migration gives it one (schema._migrate)."""
    return not store.is_sqlite and not has_index(store)


def index_range(store: Store, first_id: int, last_id: int) -> None:
    """Index the documents with ids in [first_id, last_id], which a bulk import just added."""
    if not store.is_sqlite:
        from tagdesk.store import server_schema

        server_schema.index_range(store, first_id, last_id)
        return
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


def server_query(typed: str) -> str | None:
    """The tsquery for what was typed, as match_expression: words in a row, the last a prefix."""
    words = _WORD.findall(typed)
    if not words:
        return None
    terms = [f"'{word}'" for word in words]
    if len(words[-1]) >= PREFIX_FROM and _WORD.fullmatch(typed[-1]):
        terms[-1] += ":*"
    return " <-> ".join(terms)


def matching_ids_condition(store: Store, typed: str, column: str) -> tuple[str, list[object]]:
    """An SQL condition on `column` (a document id) and its parameters: the documents found."""
    if not store.is_sqlite:
        from tagdesk.store import server_schema

        query = server_query(server_schema.fold(store, typed))
        if query is not None:
            return (
                f"{column} IN (SELECT document_id FROM {server_schema.SEARCH_TABLE} "
                f"WHERE words @@ {server_schema.SEARCH_QUERY})",
                [query],
            )
    expression = match_expression(typed) if store.is_sqlite and has_index(store) else None
    if expression is not None:
        return (
            f"{column} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)",
            [expression],
        )
    found = store.dialect.contains("lower(text)", "?")
    return f'{column} IN (SELECT id FROM "document" WHERE {found})', [typed.lower()]
