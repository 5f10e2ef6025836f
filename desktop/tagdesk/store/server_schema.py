"""What a PostgreSQL server keeps beside the tables, mirroring SQLite's triggers and FTS5.

- Span counts (store.counts) are kept by PL/pgSQL triggers, in the
  transaction that changes the spans, for every writer. A bulk import sets
  them aside for its own transaction only (`bulk_import`, a transaction-local
  setting the triggers read; other connections' writes are counted as
  always) and writes the counts itself, as on SQLite.
- Full-text search is the server's own: each text's words, folded as
  SQLite's FTS5 folds them (case and accents, through the `unaccent`
  extension where the server has it; case only where it does not), are kept
  as a tsvector in a table of their own (`document_words`), GIN-indexed, and
  a search reads them there. Triggers keep it in step with every insert and
  text change; a bulk import sets the insert trigger aside and indexes its
  documents in one statement, then analyses the table for the planner.
  The words sit in the table's own pages (STORAGE MAIN), not in TOAST: a
  search never folds a text again (folding 2,000 articles took a second),
  reading a phrase's candidates is four times quicker, and the planner,
  which counts pages and not TOAST fetches, sees what a scan costs and takes
  the index.
- Titles sort ignoring ASCII case through an index on `lower(title COLLATE "C")`
  (Dialect.nocase), the order SQLite's NOCASE gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee

if TYPE_CHECKING:
    from tagdesk.store.database import Store

BULK_SETTING = "tagdesk.bulk_import"
SEARCH_TABLE = "document_words"  # no model has it: the server's triggers write it
ANALYSE_FROM = 1000  # documents a bulk import adds before it analyses the table
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
    """Set the insert triggers aside for this transaction only (True), or bring them back.

    Setting them aside says "many" to the windows listening (see change notices below):
    once, at the import's commit, instead of a notice for each of its rows.
    """
    store.execute("SELECT set_config(?, ?, true)", (BULK_SETTING, "on" if on else "off"))
    if on:
        store.execute(
            f"SELECT pg_notify(?, {_MANY}), set_config('tagdesk.noticed', 'many', true)",
            (NOTIFY_CHANNEL,),
        )


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


_INDEX_DOCUMENT = """
CREATE OR REPLACE FUNCTION {own}.tagdesk_index_document() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO {own}.document_words (document_id, words)
    VALUES (NEW.id, {own}.tagdesk_search_vector(NEW.text))
    ON CONFLICT (document_id) DO UPDATE SET words = excluded.words;
  RETURN NULL;
END
$body$
"""
_SEARCH_TRIGGERS = (
    'CREATE TRIGGER document_words_insert AFTER INSERT ON "document" '
    "FOR EACH ROW EXECUTE FUNCTION {own}.tagdesk_index_document()",
    'CREATE TRIGGER document_words_update AFTER UPDATE OF text ON "document" '
    "FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) "
    "EXECUTE FUNCTION {own}.tagdesk_index_document()",
)


def has_search_table(store: Store) -> bool:
    return bool(store.db.table_exists(SEARCH_TABLE))


def replace_text_index(store: Store) -> None:
    """The search words of a database made before they had a table: the GIN index over the
    texts that an earlier Tagdesk searched (`document_search`) goes, the table comes."""
    store.execute("DROP INDEX IF EXISTS document_search")
    create_search_index(store)


def create_search_index(store: Store) -> None:
    """The folding functions, the table of each text's folded words, its index and triggers.

    Inside the functions every name is qualified with its schema: a trigger
    runs under the search path of whoever writes the row.
    """
    schema = _unaccent_schema(store)
    own = f'"{store.execute("SELECT current_schema()").fetchone()[0]}"'
    folded = "lower($1)"
    if schema is not None:
        folded = f'lower("{schema}".unaccent(\'"{schema}".unaccent\'::regdictionary, $1))'
    functions = {
        "tagdesk_fold(text) RETURNS text": folded,
        "tagdesk_search_words(text) RETURNS text": (
            f"regexp_replace({own}.tagdesk_fold($1), '[[:punct:]_]+', ' ', 'g')"
        ),
        "tagdesk_search_vector(text) RETURNS tsvector": (
            f"to_tsvector('pg_catalog.simple'::regconfig, {own}.tagdesk_search_words($1))"
        ),
    }
    for signature, body in functions.items():
        store.execute(
            f"CREATE OR REPLACE FUNCTION {own}.{signature} "
            f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$ SELECT {body} $body$"
        )
    store.execute(
        f"CREATE TABLE {SEARCH_TABLE} (document_id integer PRIMARY KEY "
        'REFERENCES "document" (id) ON DELETE CASCADE, words tsvector NOT NULL)'
    )
    store.execute(f"ALTER TABLE {SEARCH_TABLE} ALTER COLUMN words SET STORAGE MAIN")
    store.execute(f"CREATE INDEX {SEARCH_TABLE}_search ON {SEARCH_TABLE} USING gin (words)")
    store.execute(_INDEX_DOCUMENT.format(own=own))
    for sql in _SEARCH_TRIGGERS:
        store.execute(sql.format(own=own))
    index_range(store, 1, 2**31 - 1)  # what the table holds already


def index_range(store: Store, first_id: int, last_id: int) -> None:
    """Index the documents with ids in [first_id, last_id], which a bulk import just added,
    and analyse the table once the import made it much larger."""
    added = store.execute(
        f"INSERT INTO {SEARCH_TABLE} (document_id, words) "
        'SELECT id, tagdesk_search_vector(text) FROM "document" WHERE id >= ? AND id <= ? '
        "ON CONFLICT (document_id) DO UPDATE SET words = excluded.words",
        (first_id, last_id),
    ).rowcount
    if added >= ANALYSE_FROM:
        store.execute(f"ANALYZE {SEARCH_TABLE}")


def fold(store: Store, typed: str) -> str:
    """What was typed, folded as the texts are for the index."""
    return str(store.execute("SELECT tagdesk_fold(?)", (typed,)).fetchone()[0])


# -- change notices ----------------------------------------------------------------------
#
# Every committed change to what a window shows (spans, documents, their tags, labels,
# settings) is announced on NOTIFY_CHANNEL by row triggers, whoever wrote it: a colleague's
# window, `tagdesk import`, a pre-annotation run. Each notice names one thing, as JSON:
# {"schema": ..., "origin": ..., "d": "12"} (d: a document changed, its spans or relations
# among it, n: a document added, x: a document deleted, l: a label, s: a setting key, t: a tag
# name, r: a relation type). The server delivers a
# transaction's notices together at its commit, and none of a transaction rolled back.
# A transaction announces each thing once; past NOTICES_AT_MOST things, or a bulk import,
# it sends one notice that says "many" instead, and the windows read everything again.
# `origin` is the writer's `tagdesk.origin` (store.change_notices): a window ignores
# its own. Notices reach the connections of the same database only; `schema` tells
# Tagdesk databases in two schemas of one database apart.

NOTIFY_CHANNEL = "tagdesk_changes"
NOTICES_AT_MOST = 500
NOTICE_TRIGGER = "tagdesk_notice"  # each table's trigger: f"{NOTICE_TRIGGER}_{table}"
NOTICE_TABLES = (
    "span",
    "document",
    "document_tag",
    "span_tag",
    "label",
    "setting",
    "relation",
    "relation_type",
)
_MANY = (
    "json_build_object('schema', current_schema(), "
    "'origin', coalesce(current_setting('tagdesk.origin', true), ''), 'many', true)::text"
)

_NOTICE_ONE = """
CREATE OR REPLACE FUNCTION {own}.tagdesk_notice_one(kind text, thing text)
RETURNS void LANGUAGE plpgsql AS $body$
DECLARE
  sent text := coalesce(current_setting('tagdesk.noticed', true), '');
  key text := ' ' || kind || ':' || thing || ' ';
  notice text;
BEGIN
  IF thing IS NULL OR sent = 'many' OR strpos(sent, key) > 0 THEN
    RETURN;
  END IF;
  notice := json_build_object('schema', current_schema(),
    'origin', coalesce(current_setting('tagdesk.origin', true), ''), kind, thing)::text;
  IF length(sent) - length(replace(sent, ':', '')) >= {at_most} OR octet_length(notice) > 7000
  THEN
    notice := {many};
    key := 'many';
  ELSE
    key := sent || key;
  END IF;
  PERFORM pg_notify('{channel}', notice);
  PERFORM set_config('tagdesk.noticed', key, true);
END
$body$
"""
_NOTICE = """
CREATE OR REPLACE FUNCTION {own}.tagdesk_notice() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  IF TG_TABLE_NAME = 'span' THEN
    PERFORM {own}.tagdesk_notice_one('d', r.document_id::text);
    IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
      PERFORM {own}.tagdesk_notice_one('d', OLD.document_id::text);
    END IF;
  ELSIF TG_TABLE_NAME = 'document' THEN
    PERFORM {own}.tagdesk_notice_one(
      CASE TG_OP WHEN 'INSERT' THEN 'n' WHEN 'DELETE' THEN 'x' ELSE 'd' END, r.id::text);
  ELSIF TG_TABLE_NAME = 'document_tag' THEN
    PERFORM {own}.tagdesk_notice_one('d', r.document_id::text);
    PERFORM {own}.tagdesk_notice_one('t', (SELECT name FROM {own}."tag" WHERE id = r.tag_id));
  ELSIF TG_TABLE_NAME = 'span_tag' THEN
    PERFORM {own}.tagdesk_notice_one(
      'd', (SELECT document_id FROM {own}.span WHERE id = r.span_id)::text);
    PERFORM {own}.tagdesk_notice_one('t', (SELECT name FROM {own}."tag" WHERE id = r.tag_id));
  ELSIF TG_TABLE_NAME = 'label' THEN
    PERFORM {own}.tagdesk_notice_one('l', r.id::text);
  ELSIF TG_TABLE_NAME = 'setting' THEN
    PERFORM {own}.tagdesk_notice_one('s', r."key");
  ELSIF TG_TABLE_NAME = 'relation' THEN
    PERFORM {own}.tagdesk_notice_one('d', r.document_id::text);
  ELSIF TG_TABLE_NAME = 'relation_type' THEN
    PERFORM {own}.tagdesk_notice_one('r', r.id::text);
  END IF;
  RETURN NULL;
END
$body$
"""
# A bulk import's rows pass by without a call: it says "many" once itself (bulk_import).
_NOTICE_TRIGGER = (
    'CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {own}."{table}" '
    "FOR EACH ROW WHEN (current_setting('tagdesk.bulk_import', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION {own}.tagdesk_notice()"
)


def _notice_functions(store: Store) -> tuple[str, dict[str, str]]:
    own = f'"{store.execute("SELECT current_schema()").fetchone()[0]}"'
    return own, {
        "tagdesk_notice_one": _NOTICE_ONE.format(
            own=own, channel=NOTIFY_CHANNEL, at_most=NOTICES_AT_MOST, many=_MANY
        ),
        "tagdesk_notice": _NOTICE.format(own=own),
    }


def create_change_notices(store: Store) -> None:
    """The notice functions and a trigger on each table a window shows (again, if there)."""
    own, functions = _notice_functions(store)
    for sql in functions.values():
        store.execute(sql)
    for table in NOTICE_TABLES:
        if not store.db.table_exists(table):
            continue  # a table a later schema adds, before that step of a migration
        name = f"{NOTICE_TRIGGER}_{table}"
        store.execute(f'DROP TRIGGER IF EXISTS {name} ON {own}."{table}"')
        store.execute(_NOTICE_TRIGGER.format(name=name, own=own, table=table))


def change_notices_current(store: Store) -> bool:
    """The triggers are on every table and the functions are this Tagdesk's."""
    _own, functions = _notice_functions(store)
    bodies = dict(
        store.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
            "AND proname IN ('tagdesk_notice', 'tagdesk_notice_one')"
        ).fetchall()
    )
    for name, sql in functions.items():
        if bodies.get(name) != sql.split("$body$")[1]:
            return False
    (triggers,) = store.execute(
        "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
        "AND t.tgname LIKE ?",
        (f"{NOTICE_TRIGGER}\\_%",),
    ).fetchone()
    return int(triggers) == len(NOTICE_TABLES)


def ensure_change_notices(store: Store) -> bool:
    """A server database made before change notices gets them when it is opened.

    Under the write lock, so two Tagdesks opening it at once do not both add
    them. A role that may not add triggers (not the tables' owner, a
    read-only server) leaves the database as it is: its windows read
    colleagues' changes by looking (store.shown_changes) instead. True when
    the notices are there.
    """
    from tagdesk.core.errors import StoreError

    if change_notices_current(store):
        return True
    try:
        with store.write_transaction():
            if not change_notices_current(store):
                create_change_notices(store)
    except (StoreError, peewee.DatabaseError):
        return False
    return True
