"""Two sort keys of the document list kept on each document's counts row (schema 13).

- `least_score`: the score of the document's least sure open suggestion (the
  lowest model score among its `suggested` spans, NULL where none has one),
  which the Sure order sorts by. Worked out from every open suggestion at
  each sort, it read two million span rows for 100,000 documents.
- `tag_key`: where the Tags order puts the document: '' when it has no tag,
  else '#' and the first of its tags' names (MIN(name)). The mark keeps a
  tag named '' after the untagged documents; a server compares the column
  by code point (COLLATE "C"), as SQLite and Python compare text.

Triggers keep both in the transaction that changes what they depend on, for
every writer, as they keep the counts (store.counts): a span written,
deleted or changed in status, meta or document; a tag put on or taken off
a document, renamed or deleted (its document tags go with it). A span's
removal works the score out again from the document's spans only when it
held the lowest one. A bulk import sets the insert triggers aside (as the
counts') and fills the keys of its documents in one statement (`refresh`).
Each key has an index with the id after it, which the list walks in order
and a page at a time (store.list_pages).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from tagdesk.core.records import SCORE_KEY
from tagdesk.store.dialect import marks

if TYPE_CHECKING:
    from tagdesk.store.database import Store

INDEXES = {
    "document_counts_least_score": "(least_score, document_id)",
    "document_counts_tag_key": "(tag_key, document_id)",
}


def _score(store: Store, span: str) -> str:
    return store.dialect.json_number(f"{span}.meta", SCORE_KEY)


def _least_of(store: Store, document: str) -> str:
    """The least score of a document's open suggestions, as the list always worked it out."""
    return (
        f"(SELECT MIN({_score(store, 's')}) FROM span s WHERE s.document_id = {document} "
        "AND s.status = 'suggested' AND s.meta <> '{}')"
    )


def _tag_key_of(document: str) -> str:
    return (
        "COALESCE((SELECT '#' || MIN(t.name) FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
        f"WHERE dt.document_id = {document}), '')"
    )


def _sqlite_triggers(store: Store) -> dict[str, str]:
    new, old = _score(store, "new"), _score(store, "old")
    scored_new = f"new.status = 'suggested' AND {new} IS NOT NULL"
    scored_old = f"old.status = 'suggested' AND {old} IS NOT NULL"
    lower = (
        f"UPDATE document_counts SET least_score = {new} WHERE document_id = new.document_id "
        f"AND (least_score IS NULL OR least_score > {new}) AND {scored_new}; "
    )
    again = (
        f"UPDATE document_counts SET least_score = {_least_of(store, 'old.document_id')} "
        f"WHERE document_id = old.document_id AND (least_score IS NULL OR least_score >= {old}) "
        f"AND {scored_old}; "
    )
    retag = "UPDATE document_counts SET tag_key = {key} WHERE document_id = {document}; "
    tag_documents = (
        "UPDATE document_counts SET tag_key = "
        + _tag_key_of("document_counts.document_id")
        + " WHERE document_id IN (SELECT document_id FROM document_tag WHERE tag_id = new.id); "
    )
    return {
        "least_score_insert": (
            f"CREATE TRIGGER least_score_insert AFTER INSERT ON span WHEN {scored_new} "
            f"BEGIN {lower}END"
        ),
        "least_score_delete": (
            f"CREATE TRIGGER least_score_delete AFTER DELETE ON span WHEN {scored_old} "
            f"BEGIN {again}END"
        ),
        "least_score_update": (
            "CREATE TRIGGER least_score_update AFTER UPDATE OF status, meta, document_id ON span "
            f"WHEN ({scored_old}) OR ({scored_new}) BEGIN {again}{lower}END"
        ),
        "tag_key_insert": (
            "CREATE TRIGGER tag_key_insert AFTER INSERT ON document_tag BEGIN "
            + retag.format(key=_tag_key_of("new.document_id"), document="new.document_id")
            + "END"
        ),
        "tag_key_delete": (
            "CREATE TRIGGER tag_key_delete AFTER DELETE ON document_tag BEGIN "
            + retag.format(key=_tag_key_of("old.document_id"), document="old.document_id")
            + "END"
        ),
        "tag_key_rename": (
            "CREATE TRIGGER tag_key_rename AFTER UPDATE OF name ON tag "
            f"WHEN old.name IS NOT new.name BEGIN {tag_documents}END"
        ),
    }


# The triggers a bulk import sets aside (store.bulk): it fills the keys itself.
INSERT_TRIGGERS = ("least_score_insert", "tag_key_insert")

_SERVER_FUNCTIONS = {
    "tagdesk_least_score": """
CREATE OR REPLACE FUNCTION tagdesk_least_score() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  old_score double precision;
  new_score double precision;
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'suggested' THEN
    old_score := {old};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'suggested' THEN
    new_score := {new};
  END IF;
  IF old_score IS NOT NULL THEN
    UPDATE document_counts SET least_score = {again}
      WHERE document_id = OLD.document_id
      AND (least_score IS NULL OR least_score >= old_score);
  END IF;
  IF new_score IS NOT NULL THEN
    UPDATE document_counts SET least_score = new_score
      WHERE document_id = NEW.document_id
      AND (least_score IS NULL OR least_score > new_score);
  END IF;
  RETURN NULL;
END
$body$
""",
    "tagdesk_tag_key": """
CREATE OR REPLACE FUNCTION tagdesk_tag_key() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_TABLE_NAME = 'tag' THEN
    UPDATE document_counts SET tag_key = {tag_documents}
      WHERE document_id IN (SELECT document_id FROM document_tag WHERE tag_id = NEW.id);
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    UPDATE document_counts SET tag_key = {old_key} WHERE document_id = OLD.document_id;
  ELSE
    UPDATE document_counts SET tag_key = {new_key} WHERE document_id = NEW.document_id;
  END IF;
  RETURN NULL;
END
$body$
""",
}
_SERVER_TRIGGERS = {
    "least_score_change": (
        "CREATE TRIGGER least_score_change AFTER INSERT OR DELETE ON span "
        "FOR EACH ROW EXECUTE FUNCTION tagdesk_least_score()"
    ),
    "least_score_update": (
        "CREATE TRIGGER least_score_update AFTER UPDATE OF status, meta, document_id ON span "
        "FOR EACH ROW WHEN (OLD.status <> NEW.status OR OLD.meta IS DISTINCT FROM NEW.meta "
        "OR OLD.document_id <> NEW.document_id) EXECUTE FUNCTION tagdesk_least_score()"
    ),
    "tag_key_change": (
        "CREATE TRIGGER tag_key_change AFTER INSERT OR DELETE ON document_tag "
        "FOR EACH ROW EXECUTE FUNCTION tagdesk_tag_key()"
    ),
    "tag_key_rename": (
        "CREATE TRIGGER tag_key_rename AFTER UPDATE OF name ON tag "
        "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
        "EXECUTE FUNCTION tagdesk_tag_key()"
    ),
}


def add_columns(store: Store) -> None:
    """The two columns, their indexes and triggers, and every document's keys worked out."""
    columns = {column.name for column in store.db.get_columns("document_counts")}
    number, text = ("REAL", "TEXT") if store.is_sqlite else ("double precision", 'text COLLATE "C"')
    if "least_score" not in columns:
        store.execute(f"ALTER TABLE document_counts ADD COLUMN least_score {number}")
    if "tag_key" not in columns:
        store.execute(f"ALTER TABLE document_counts ADD COLUMN tag_key {text} NOT NULL DEFAULT ''")
    for name, columns_sql in INDEXES.items():
        store.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON document_counts {columns_sql}')
    create_triggers(store)
    refresh(store)


def create_triggers(store: Store) -> None:
    if store.is_sqlite:
        for name, sql in _sqlite_triggers(store).items():
            store.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            store.execute(sql)
        return
    old, new = _score(store, "OLD"), _score(store, "NEW")
    store.execute(
        _SERVER_FUNCTIONS["tagdesk_least_score"].format(
            old=old, new=new, again=_least_of(store, "OLD.document_id")
        )
    )
    store.execute(
        _SERVER_FUNCTIONS["tagdesk_tag_key"].format(
            tag_documents=_tag_key_of("document_counts.document_id"),
            old_key=_tag_key_of("OLD.document_id"),
            new_key=_tag_key_of("NEW.document_id"),
        )
    )
    for name, sql in _SERVER_TRIGGERS.items():
        table = sql.split(" ON ")[1].split()[0]
        store.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        store.execute(sql)


def refresh(store: Store, document_ids: Collection[int] | None = None) -> None:
    """Work both keys out again for every document (or only for `document_ids`)."""
    where, params = "", list(document_ids or ())
    if document_ids is not None:
        if not params:
            return
        where = f" WHERE document_id IN ({marks(len(params))})"
    document = "document_counts.document_id"
    store.execute(
        f"UPDATE document_counts SET least_score = {_least_of(store, document)}, "
        f"tag_key = {_tag_key_of(document)}{where}",
        params,
    )
