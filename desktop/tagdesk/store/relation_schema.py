"""The relation tables (schema 12) and the rules the database keeps for every writer.

A relation joins two spans of its own document: a trigger refuses a relation
row whose head or child is a span of another document (or no span), and a
span's move to another document while a relation names it. The spans'
foreign keys have no cascade, so a span a relation still names cannot be
deleted at all: the change-set that deletes it takes its relations away
first (store.change_sets). Both tables carry row versions (store.versions)
and, on a server, change notices (store.server_schema). SQLite has the rules
as SQL triggers, a server as PL/pgSQL ones.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tagdesk.core.relations import default_relation_types
from tagdesk.store import versions
from tagdesk.store.models import Relation, RelationType, create_tables

if TYPE_CHECKING:
    from tagdesk.store.database import Store

TABLES = ("relation_type", "relation")
OTHER_DOCUMENT = "a relation joins two spans of its own document"
SPAN_MOVED = "a span cannot move to another document while a relation names it"
_OWN_SPANS = (
    "(NOT EXISTS (SELECT 1 FROM span s WHERE s.id = new.head_span_id "
    "AND s.document_id = new.document_id) OR NOT EXISTS (SELECT 1 FROM span s "
    "WHERE s.id = new.child_span_id AND s.document_id = new.document_id))"
)
_NAMED = (
    "EXISTS (SELECT 1 FROM relation r WHERE r.head_span_id = new.id OR r.child_span_id = new.id)"
)
SQLITE_TRIGGERS = {
    "relation_spans_insert": (
        f"CREATE TRIGGER relation_spans_insert BEFORE INSERT ON relation WHEN {_OWN_SPANS} "
        f"BEGIN SELECT RAISE(ABORT, '{OTHER_DOCUMENT}'); END"
    ),
    "relation_spans_update": (
        "CREATE TRIGGER relation_spans_update BEFORE UPDATE OF document_id, head_span_id, "
        f"child_span_id ON relation WHEN {_OWN_SPANS} "
        f"BEGIN SELECT RAISE(ABORT, '{OTHER_DOCUMENT}'); END"
    ),
    "span_relation_document": (
        "CREATE TRIGGER span_relation_document BEFORE UPDATE OF document_id ON span "
        f"WHEN old.document_id != new.document_id AND {_NAMED} "
        f"BEGIN SELECT RAISE(ABORT, '{SPAN_MOVED}'); END"
    ),
}
_SERVER_FUNCTIONS = (
    f"""
CREATE OR REPLACE FUNCTION tagdesk_relation_spans() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF {_OWN_SPANS.replace("new.", "NEW.")} THEN
    RAISE EXCEPTION '{OTHER_DOCUMENT}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$body$
""",
    f"""
CREATE OR REPLACE FUNCTION tagdesk_span_relation_document() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  IF {_NAMED.replace("new.", "NEW.")} THEN
    RAISE EXCEPTION '{SPAN_MOVED}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$body$
""",
)
SERVER_TRIGGERS = (
    "CREATE TRIGGER relation_spans BEFORE INSERT OR UPDATE OF document_id, head_span_id, "
    "child_span_id ON relation FOR EACH ROW EXECUTE FUNCTION tagdesk_relation_spans()",
    "CREATE TRIGGER span_relation_document BEFORE UPDATE OF document_id ON span "
    "FOR EACH ROW WHEN (OLD.document_id <> NEW.document_id) "
    "EXECUTE FUNCTION tagdesk_span_relation_document()",
)


def add_relations(store: Store) -> None:
    """Version 12: relation types (the default ones to start with) and relations."""
    create_tables(store.db, [RelationType, Relation])
    create_rules(store)
    add_default_types(store)
    if not store.is_sqlite:
        from tagdesk.store.server_schema import create_change_notices

        create_change_notices(store)


def create_rules(store: Store) -> None:
    """The row-version and same-document triggers, on a new or migrated database."""
    versions.create_triggers(store, TABLES)
    if store.is_sqlite:
        for name, sql in SQLITE_TRIGGERS.items():
            store.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            store.execute(sql)
        return
    for sql in _SERVER_FUNCTIONS:
        store.execute(sql)
    for sql in SERVER_TRIGGERS:
        name = sql.split()[2]
        table = sql.split(" ON ")[1].split()[0]
        store.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        store.execute(sql)


def add_default_types(store: Store) -> list[int]:
    """The default relation types (resources/relation_types.json) a database lacks by name."""
    known = {name for (name,) in store.execute('SELECT name FROM "relation_type"').fetchall()}
    (last,) = store.execute('SELECT COALESCE(MAX(position), -1) FROM "relation_type"').fetchone()
    added: list[int] = []
    for spec in default_relation_types():
        if spec.name in known:
            continue
        last = int(last) + 1
        added.append(
            int(
                RelationType.insert(
                    name=spec.name,
                    colour=spec.colour,
                    hotkey=spec.hotkey,
                    directed=int(spec.directed),
                    heads=json.dumps(list(spec.heads)),
                    children=json.dumps(list(spec.children)),
                    description=spec.description,
                    position=last,
                ).execute(store.db)
            )
        )
    return added
