"""The entity tables (schema 10) and the rule that a span links only to an entity of its label.

The rule is kept by the database itself, for every writer: a trigger refuses
a span row whose entity has another label, and an entity's label change
while spans link to it. SQLite has them as SQL triggers, a PostgreSQL server
as PL/pgSQL ones; both fire only for a span that has an entity, so an import
of two million spans without links pays nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagdesk.store.models import Entity, EntityAlias, EntityFormerKey, create_tables

if TYPE_CHECKING:
    from tagdesk.store.database import Store

WRONG_LABEL = "a span links only to an entity of its own label"
LABEL_IN_USE = "the label of an entity cannot change while spans link to it"
TABLES = ("entity", "entity_alias", "entity_former_key")
_MENTIONS_INDEX = (
    'CREATE INDEX IF NOT EXISTS "span_entity_id" ON "span" ("entity_id") '
    'WHERE "entity_id" IS NOT NULL'
)
_SAME_LABEL = (
    "NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = new.entity_id AND e.label_id = new.label_id)"
)
SQLITE_TRIGGERS = {
    "span_entity_label_insert": (
        "CREATE TRIGGER span_entity_label_insert BEFORE INSERT ON span "
        f"WHEN new.entity_id IS NOT NULL AND {_SAME_LABEL} "
        f"BEGIN SELECT RAISE(ABORT, '{WRONG_LABEL}'); END"
    ),
    "span_entity_label_update": (
        "CREATE TRIGGER span_entity_label_update BEFORE UPDATE OF entity_id, label_id ON span "
        f"WHEN new.entity_id IS NOT NULL AND {_SAME_LABEL} "
        f"BEGIN SELECT RAISE(ABORT, '{WRONG_LABEL}'); END"
    ),
    "entity_label_update": (
        "CREATE TRIGGER entity_label_update BEFORE UPDATE OF label_id ON entity "
        "WHEN old.label_id != new.label_id AND EXISTS "
        "(SELECT 1 FROM span s WHERE s.entity_id = new.id) "
        f"BEGIN SELECT RAISE(ABORT, '{LABEL_IN_USE}'); END"
    ),
}
_SERVER_FUNCTIONS = (
    f"""
CREATE OR REPLACE FUNCTION tagdesk_span_entity_label() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF {_SAME_LABEL.replace("new.", "NEW.")} THEN
    RAISE EXCEPTION '{WRONG_LABEL}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$body$
""",
    f"""
CREATE OR REPLACE FUNCTION tagdesk_entity_label() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF EXISTS (SELECT 1 FROM span s WHERE s.entity_id = NEW.id) THEN
    RAISE EXCEPTION '{LABEL_IN_USE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$body$
""",
)
SERVER_TRIGGERS = (
    "CREATE TRIGGER span_entity_label BEFORE INSERT OR UPDATE OF entity_id, label_id ON span "
    "FOR EACH ROW WHEN (NEW.entity_id IS NOT NULL) EXECUTE FUNCTION tagdesk_span_entity_label()",
    "CREATE TRIGGER entity_label BEFORE UPDATE OF label_id ON entity "
    "FOR EACH ROW WHEN (OLD.label_id <> NEW.label_id) EXECUTE FUNCTION tagdesk_entity_label()",
)


def add_entities(store: Store) -> None:
    """Version 10: entities, their aliases and former keys, and each span's link to one.

    The link is a column with no default, which SQLite and PostgreSQL add
    without rewriting a row: a file of two million spans migrates at once.
    """
    create_tables(store.db, [Entity, EntityAlias, EntityFormerKey])
    if not any(column.name == "entity_id" for column in store.db.get_columns("span")):
        store.execute(
            'ALTER TABLE "span" ADD COLUMN "entity_id" INTEGER '
            'REFERENCES "entity" ("id") ON DELETE RESTRICT'
        )
    create_rules(store)


def create_rules(store: Store) -> None:
    """The index of each entity's mentions and the label triggers, on a new or migrated database."""
    store.execute(_MENTIONS_INDEX)
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
