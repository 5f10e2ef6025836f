"""Row versions (schema 9): what lets a write tell that the row changed since it was shown.

`span`, `document` and `label` rows carry a `version`, 1 when written first.
Tagdesk's own writes set it to the version they expected plus one, in the
UPDATE whose WHERE clause checks the version they expected (`checked_update`):
a row another writer changed since matches nothing, and nothing is written.
A trigger bumps the version of any row an UPDATE changes without setting it
(another program, an older code path), on both engines, so a writer that
knows nothing of versions still makes the window's stale edits refused.

Tags live in their own tables; the writers that change a span's or a
document's tags (store.editing, an import merging tags into a document it
already holds) bump the row's version themselves. Labels carry one too: two
analysts editing the label scheme at once would otherwise overwrite each
other's name, colour or key without a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagdesk.core.errors import ChangedSinceError

if TYPE_CHECKING:
    from tagdesk.store.database import Store

VERSIONED = ("span", "document", "label")

_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "{table}_version" AFTER UPDATE ON "{table}" '
    "WHEN new.version = old.version BEGIN "
    'UPDATE "{table}" SET version = old.version + 1 WHERE id = new.id; END'
)
_SERVER_FUNCTION = """
CREATE OR REPLACE FUNCTION tagdesk_bump_version() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$body$
"""
_SERVER_TRIGGER = (
    'CREATE TRIGGER "{table}_version" BEFORE UPDATE ON "{table}" '
    "FOR EACH ROW WHEN (NEW.version = OLD.version) EXECUTE FUNCTION tagdesk_bump_version()"
)


def add_columns(store: Store) -> None:
    """Version 9: the columns, 1 on every row (a column with a default: no row is rewritten)."""
    for table in VERSIONED:
        if not any(column.name == "version" for column in store.db.get_columns(table)):
            store.execute(f'ALTER TABLE "{table}" ADD COLUMN version INTEGER NOT NULL DEFAULT 1')
    create_triggers(store)


def create_triggers(store: Store, tables: tuple[str, ...] = VERSIONED) -> None:
    """The triggers that bump a row's version (schema 12 adds the relation tables' own)."""
    if store.is_sqlite:
        for table in tables:
            store.execute(_SQLITE_TRIGGER.format(table=table))
        return
    store.execute(_SERVER_FUNCTION)
    for table in tables:
        store.execute(f'DROP TRIGGER IF EXISTS "{table}_version" ON "{table}"')
        store.execute(_SERVER_TRIGGER.format(table=table))


def checked_update(
    store: Store,
    table: str,
    row_id: int,
    version: int,
    assignments: str,
    params: tuple[object, ...],
    *,
    where: str = "",
) -> int:
    """UPDATE one row that must still be at `version`; returns its new version.

    `assignments` is the SET list (`?` parameters, given in `params`). The
    check is the UPDATE's own WHERE clause, so it costs no query of its own.
    Raises ChangedSinceError, having written nothing, when the row is at
    another version or gone (`where` says more of it in the message).
    """
    sql = f'UPDATE "{table}" SET {assignments}, version = ? WHERE id = ? AND version = ?'
    if store.execute(sql, (*params, version + 1, row_id, version)).rowcount != 1:
        raise ChangedSinceError(store.location, table, row_id, where)
    return version + 1
