"""What a PostgreSQL server keeps beside the tables, mirroring SQLite's triggers and FTS5.

- Span counts (store.counts) are kept by PL/pgSQL triggers, in the
  transaction that changes the spans, for every writer. A bulk import sets
  them aside for its own transaction only (`bulk_import`, a transaction-local
  setting the triggers read; other connections' writes are counted as
  always) and writes the counts itself, as on SQLite.
- Full-text search is the server's own: a GIN index over the words of each
  text, folded as SQLite's FTS5 folds them (case and accents, through the
  `unaccent` extension where the server has it; case only where it does not),
  kept up to date by the server itself.
- Titles sort ignoring ASCII case through an index on `lower(title COLLATE "C")`
  (Dialect.nocase), the order SQLite's NOCASE gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

if TYPE_CHECKING:
    from tagdesk.store.database import Store

BULK_SETTING = "tagdesk.bulk_import"
SEARCH_VECTOR = "to_tsvector('simple'::regconfig, tagdesk_search_words(text))"
SEARCH_QUERY = "to_tsquery('simple'::regconfig, ?)"

_COUNT_SPAN = """
CREATE OR REPLACE FUNCTION tagdesk_count_span() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted - (OLD.status = 'accepted')::int,
          suggested = suggested - (OLD.status = 'suggested')::int
      WHERE document_id = OLD.document_id;
    UPDATE document_labels
      SET spans = spans - (OLD.status <> 'rejected')::int,
          rejected = rejected - (OLD.status = 'rejected')::int
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id;
    DELETE FROM document_labels
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id
      AND spans <= 0 AND rejected <= 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted + (NEW.status = 'accepted')::int,
          suggested = suggested + (NEW.status = 'suggested')::int
      WHERE document_id = NEW.document_id;
    INSERT INTO document_labels (label_id, document_id, spans, rejected)
      VALUES (NEW.label_id, NEW.document_id, (NEW.status <> 'rejected')::int,
              (NEW.status = 'rejected')::int)
      ON CONFLICT (label_id, document_id) DO UPDATE
      SET spans = document_labels.spans + excluded.spans,
          rejected = document_labels.rejected + excluded.rejected;
  END IF;
  RETURN NULL;
END
$body$
"""
_COUNT_DOCUMENT = """
CREATE OR REPLACE FUNCTION tagdesk_count_document() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO document_counts (document_id, accepted, suggested) VALUES (NEW.id, 0, 0);
  RETURN NULL;
END
$body$
"""
_TRIGGERS = (
    'CREATE TRIGGER document_counts_insert AFTER INSERT ON "document" '
    "FOR EACH ROW EXECUTE FUNCTION tagdesk_count_document()",
    "CREATE TRIGGER span_counts_change AFTER INSERT OR DELETE ON span "
    "FOR EACH ROW EXECUTE FUNCTION tagdesk_count_span()",
    "CREATE TRIGGER span_counts_update AFTER UPDATE OF status, label_id, document_id ON span "
    "FOR EACH ROW WHEN (OLD.status <> NEW.status OR OLD.label_id <> NEW.label_id "
    "OR OLD.document_id <> NEW.document_id) EXECUTE FUNCTION tagdesk_count_span()",
)


def create_count_triggers(store: Store) -> None:
    store.execute(_COUNT_SPAN)
    store.execute(_COUNT_DOCUMENT)
    for sql in _TRIGGERS:
        store.execute(sql)


def bulk_import(store: Store, on: bool) -> None:
    """Set the insert triggers aside for this transaction only (True), or bring them back."""
    store.execute("SELECT set_config(?, ?, true)", (BULK_SETTING, "on" if on else "off"))


def _unaccent_schema(store: Store) -> str | None:
    """The schema of the `unaccent` extension, added if the server has it; None if not."""
    try:
        with store.db.atomic():  # a savepoint: a refusal leaves the transaction usable
            store.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except peewee.DatabaseError:
        pass  # not installed (postgresql-contrib), or this role may not add it
    row = store.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    ).fetchone()
    return None if row is None else str(row[0])


def create_search_index(store: Store) -> None:
    """The folding functions and the GIN index over each text's folded words."""
    schema = _unaccent_schema(store)
    folded = "lower($1)"
    if schema is not None:
        folded = f'lower("{schema}".unaccent(\'"{schema}".unaccent\'::regdictionary, $1))'
    store.execute(
        "CREATE OR REPLACE FUNCTION tagdesk_fold(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$ SELECT {folded} $body$"
    )
    store.execute(
        "CREATE OR REPLACE FUNCTION tagdesk_search_words(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$ "
        "SELECT regexp_replace(tagdesk_fold($1), '[[:punct:]_]+', ' ', 'g') $body$"
    )
    store.execute(
        f'CREATE INDEX IF NOT EXISTS document_search ON "document" USING gin ({SEARCH_VECTOR})'
    )


def fold(store: Store, typed: str) -> str:
    """What was typed, folded as the texts are for the index."""
    return str(store.execute("SELECT tagdesk_fold(?)", (typed,)).fetchone()[0])
