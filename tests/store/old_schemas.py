"""Databases as an older Tagdesk left them: what a later schema added, taken away again."""

from __future__ import annotations

from tagdesk.store import Store, list_keys
from tagdesk.store.schema import write_version

LIST_KEY_TRIGGERS = {
    "sqlite": (
        "least_score_insert", "least_score_delete", "least_score_update",
        "tag_key_insert", "tag_key_delete", "tag_key_rename",
    ),
    "postgresql": ("tagdesk_least_score", "tagdesk_tag_key"),
}  # fmt: skip


def as_schema_12(store: Store) -> None:
    """Take away what schema 13 added: the list's kept keys, their indexes and triggers, and
    the relation suggestion log."""
    with store.write_transaction():
        if store.is_sqlite:
            for name in LIST_KEY_TRIGGERS["sqlite"]:
                store.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        else:
            for function in LIST_KEY_TRIGGERS["postgresql"]:
                store.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
        for index in list_keys.INDEXES:
            store.execute(f'DROP INDEX IF EXISTS "{index}"')
        for column in ("least_score", "tag_key"):
            store.execute(f'ALTER TABLE document_counts DROP COLUMN "{column}"')
        store.execute('DROP TABLE "relation_suggestion_log"')
        write_version(store, 12)
