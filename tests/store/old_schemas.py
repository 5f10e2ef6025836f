"""Databases as an older Tagdesk left them: what a later schema added, taken away again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tagdesk.store import Store, list_keys
from tagdesk.store.schema import write_version

LIST_KEY_TRIGGERS = {
    "sqlite": (
        "least_score_insert", "least_score_delete", "least_score_update",
        "tag_key_insert", "tag_key_delete", "tag_key_rename",
    ),
    "postgresql": ("tagdesk_least_score", "tagdesk_tag_key"),
}  # fmt: skip


def _schema_13_away(run: Callable[[str], object], *, sqlite: bool) -> None:
    """`run`: a Store's or a sqlite3 connection's execute."""
    if sqlite:
        for name in LIST_KEY_TRIGGERS["sqlite"]:
            run(f'DROP TRIGGER IF EXISTS "{name}"')
    else:
        for function in LIST_KEY_TRIGGERS["postgresql"]:
            run(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
    for index in list_keys.INDEXES:
        run(f'DROP INDEX IF EXISTS "{index}"')
    for column in ("least_score", "tag_key"):
        run(f'ALTER TABLE document_counts DROP COLUMN "{column}"')
    run('DROP TABLE "relation_suggestion_log"')


def as_schema_12(store: Store) -> None:
    """Take away what schema 13 added: the list's kept keys, their indexes and triggers, and
    the relation suggestion log."""
    with store.write_transaction():
        _schema_13_away(store.execute, sqlite=store.is_sqlite)
        write_version(store, 12)


def file_as_schema_12(connection: sqlite3.Connection) -> None:
    """The same for a file open in sqlite3 (its version left to the caller): the triggers on
    `span` first, as SQLite drops no column a trigger names."""
    _schema_13_away(connection.execute, sqlite=True)
