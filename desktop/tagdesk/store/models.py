"""Tables. Portable types only, so a PostgreSQL server can hold the same schema.

The model classes are never bound to a database. Every query names the
database it runs on (`query.execute(store.db)`, `.scalar(store.db)`,
`create_tables(store.db, ...)`), so a function given one Store reads and
writes that store and no other, whichever was opened last; a query run
without one fails at once (peewee's InterfaceError) instead of reaching a
database nobody meant. One set of classes serves every open store, so joins
and foreign keys need no per-store copies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BlobField,
    CharField,
    Check,
    CompositeKey,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    SchemaManager,
    SqliteDatabase,
    TextField,
    sort_models,
)


def version_field() -> IntegerField:
    """Schema 9: bumped by every write that changes the row (store.versions), so a write made
    on the row as a window showed it can tell that someone else wrote it since."""
    return IntegerField(default=1, constraints=[SQL("DEFAULT 1")])


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = None  # never bound: each query is given the store's database
        legacy_table_names = False


class NeverReusedIdField(AutoField):
    """An id no row ever gets twice, so undo can put a deleted row back under its id.

    SQLite hands out a deleted highest rowid again unless the column says
    AUTOINCREMENT; a server's sequence never repeats one anyway.
    """

    def ddl(self, ctx: Any) -> Any:
        nodes = super().ddl(ctx)
        if ctx.state.never_reused_ids:  # set by create_tables for SQLite
            return NodeList((nodes, SQL("AUTOINCREMENT")))
        return nodes


class Document(BaseModel):
    id = AutoField()
    text = TextField()
    title = TextField(default="")
    source = TextField(default="")
    meta = TextField(default="{}")  # JSON object
    sha256 = CharField(max_length=64, unique=True)
    status = CharField(max_length=16, default="todo", index=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    version = version_field()

    class Meta:
        constraints = [Check("status IN ('todo', 'in_progress', 'done')")]


class Label(BaseModel):
    id = NeverReusedIdField()  # schema 6: a span an undo puts back never finds another label
    name = CharField(max_length=64, unique=True)
    colour = CharField(max_length=7)
    hotkey = CharField(max_length=16, default="")
    description = TextField(default="")
    position = IntegerField(default=0)
    version = version_field()


class Entity(BaseModel):
    """Schema 10: a canonical entity (store.entities); its key is the spans' kb_id."""

    id = NeverReusedIdField()
    key = CharField(max_length=200, unique=True)
    name = TextField()
    label = ForeignKeyField(Label, on_delete="RESTRICT", index=False)
    description = TextField(default="", constraints=[SQL("DEFAULT ''")])
    external_id = TextField(default="", constraints=[SQL("DEFAULT ''")])  # a QID; "" for none
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class EntityAlias(BaseModel):
    """Other spellings of an entity's name."""

    entity = ForeignKeyField(Entity, on_delete="CASCADE")
    alias = TextField()

    class Meta:
        primary_key = CompositeKey("entity", "alias")


class EntityFormerKey(BaseModel):
    """The key of an entity merged into another: it names the survivor from then on."""

    key = CharField(max_length=200, primary_key=True)
    entity = ForeignKeyField(Entity, on_delete="CASCADE")


class Span(BaseModel):
    id = NeverReusedIdField()
    document = ForeignKeyField(Document, on_delete="CASCADE", index=False)
    start = IntegerField()
    end = IntegerField()
    label = ForeignKeyField(Label, on_delete="RESTRICT", index=False)
    source = TextField(default="manual")
    status = CharField(max_length=16, default="accepted")
    note = TextField(default="")
    annotator = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # JSON object: what the file it came from said of it that has no column (Prodigy's
    # score, rank, priority). A default in the table too, for rows written without it.
    meta = TextField(default="{}", constraints=[SQL("DEFAULT '{}'")])
    # Schema 6: the DocBin group the span came in ("ents" or a span group's name), or "".
    span_group = TextField(default="", constraints=[SQL("DEFAULT ''")])
    version = version_field()
    # Schema 10: the entity the span mentions, of the span's own label (store.entity_schema).
    entity = ForeignKeyField(Entity, null=True, on_delete="RESTRICT", index=False)
    # Schema 11: the span an analyst's own one was made from, where acting on a shared
    # suggestion or a colleague's span made it (core/team.py). Not a foreign key: the
    # original may go, and ids are never reused.
    derived_from = IntegerField(null=True)

    class Meta:
        # No index on the label: the label filter and the statistics read
        # `document_labels` (schema 4), and two million index entries cost an import dearly.
        indexes = ((("document", "start", "end"), False),)
        constraints = [
            Check('"start" >= 0'),
            Check('"end" > "start"'),
            Check("status IN ('suggested', 'accepted', 'rejected')"),
        ]


class Tag(BaseModel):
    id = NeverReusedIdField()  # schema 6
    name = CharField(max_length=200, unique=True)


class SpanTag(BaseModel):
    span = ForeignKeyField(Span, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("span", "tag")


class DocumentTag(BaseModel):
    document = ForeignKeyField(Document, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("document", "tag")


class DocumentTokens(BaseModel):
    """Token offsets of a document: the file's own, or spaCy's tokenizer's, computed once.

    `origin` (schema 6) says which: "data" tokens came with the imported file
    and are the document's tokens for good; "tokenizer" ones are a cache,
    recomputed when `tokenizer` (spaCy's name and version) changes. For data
    tokens `tokenizer` names the format that brought them.
    """

    document = ForeignKeyField(Document, on_delete="CASCADE", primary_key=True)
    tokenizer = TextField()
    data = BlobField()  # see tokens.encode_tokens: 3 bytes a token, or int32 triples
    origin = CharField(
        max_length=16,
        default="tokenizer",
        constraints=[SQL("DEFAULT 'tokenizer'"), Check("origin IN ('data', 'tokenizer')")],
    )


class Setting(BaseModel):
    key = CharField(max_length=100, primary_key=True)
    value = TextField()


class SuggestionLog(BaseModel):
    """Every (document, start, end, label) pre-annotation has proposed, whatever became of it.

    Kept apart from the span rows so that a suggestion the analyst rejected,
    relabelled, resized or deleted is not proposed again on the next run.
    """

    document = ForeignKeyField(Document, on_delete="CASCADE")
    start = IntegerField()
    end = IntegerField()
    label = ForeignKeyField(Label, on_delete="CASCADE")
    source = TextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey("document", "start", "end", "label")


class Preannotation(BaseModel):
    """The pipeline that last pre-annotated a document, even when it found nothing in it."""

    document = ForeignKeyField(Document, primary_key=True, on_delete="CASCADE")
    source = TextField()
    finished_at = DateTimeField(default=utcnow)


class DocumentCounts(BaseModel):
    """Accepted and suggested spans of each document, kept by the store on every span write.

    The document list sorts 100,000 documents by these; counting spans per
    document for every sort would read millions of rows. One row a document,
    added with it. Schema 13 keeps two sort keys beside the counts, `least_score`
    and `tag_key` (store.list_keys): columns of the table only, as a server
    compares `tag_key` by code point, which no field of a model can say.
    """

    document = ForeignKeyField(Document, primary_key=True, on_delete="CASCADE")
    accepted = IntegerField(default=0)
    suggested = IntegerField(default=0)

    class Meta:
        indexes = ((("accepted",), False), (("suggested",), False))


class Assignment(BaseModel):
    """Schema 11: a document given to an annotator, and how far that annotator is with it."""

    document = ForeignKeyField(Document, on_delete="CASCADE")
    annotator = TextField()
    status = CharField(max_length=16, default="todo")
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey("document", "annotator")
        indexes = ((("annotator", "status"), False),)
        constraints = [Check("status IN ('todo', 'in_progress', 'done')")]


class RelationType(BaseModel):
    """Schema 12: a relation type (core.relations); heads and children are JSON lists of
    label names (empty: any label)."""

    id = NeverReusedIdField()
    name = CharField(max_length=64, unique=True)
    colour = CharField(max_length=7)
    hotkey = CharField(max_length=16, default="")
    directed = IntegerField(default=1)  # 1: head -> child; 0: symmetric (an int on both engines)
    heads = TextField(default="[]")
    children = TextField(default="[]")
    description = TextField(default="")
    position = IntegerField(default=0)
    version = version_field()

    class Meta:
        constraints = [Check("directed IN (0, 1)")]


class Relation(BaseModel):
    """Schema 12: a relation between two spans of one document (store.relation_schema).

    The spans' foreign keys have no cascade: the database refuses to delete a
    span a relation still names, so a delete goes through a change-set that
    takes the relation away first (and undo brings both back). Deleting a
    whole document takes its relations with it, as it takes its spans.
    """

    id = NeverReusedIdField()
    document = ForeignKeyField(Document, on_delete="CASCADE", index=False)
    type = ForeignKeyField(RelationType, on_delete="RESTRICT", index=False)
    head_span = ForeignKeyField(Span, index=False)
    child_span = ForeignKeyField(Span, index=False)
    status = CharField(max_length=16, default="accepted")
    source = TextField(default="manual")
    note = TextField(default="")
    annotator = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    version = version_field()
    meta = TextField(null=True)  # JSON object: what the file said of it that has no column

    class Meta:
        indexes = (
            (("document",), False),
            (("head_span",), False),
            (("child_span",), False),
            (("type",), False),
        )
        constraints = [
            Check("head_span_id <> child_span_id"),
            Check("status IN ('suggested', 'accepted', 'rejected')"),
        ]


class RelationSuggestionLog(BaseModel):
    """Schema 13: every relation pre-annotation's rules have proposed, whatever became of it.

    A relation names its two spans by id, and a deleted span's id never
    comes back; so the log names each end by its start, end and label, as
    SuggestionLog names a span. A relation the analyst rejected or deleted,
    or one between spans drawn again, is not proposed again.
    """

    document = ForeignKeyField(Document, on_delete="CASCADE")
    type = ForeignKeyField(RelationType, on_delete="CASCADE", backref="+")
    head_start = IntegerField()
    head_end = IntegerField()
    head_label = ForeignKeyField(Label, on_delete="CASCADE", backref="+")
    child_start = IntegerField()
    child_end = IntegerField()
    child_label = ForeignKeyField(Label, on_delete="CASCADE", backref="+")
    source = TextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey(
            "document", "type", "head_start", "head_end", "head_label",
            "child_start", "child_end", "child_label",
        )  # fmt: skip


# Tables of schema version 1; later versions add theirs through a migration.
MODELS_V1: list[type[BaseModel]] = [Document, Label, Span, Tag, SpanTag, DocumentTag, Setting]
MODELS: list[type[BaseModel]] = [
    *MODELS_V1,
    DocumentTokens,
    SuggestionLog,
    Preannotation,
    DocumentCounts,
    Entity,
    EntityAlias,
    EntityFormerKey,
    Assignment,
    RelationType,
    Relation,
    RelationSuggestionLog,
]


def create_tables(db: Database, models: list[type[BaseModel]]) -> None:
    """Create the tables (and their indexes) of `models` in `db`, those they refer to first."""
    for model in sort_models(models):
        SchemaManager(
            model, database=db, never_reused_ids=isinstance(db, SqliteDatabase)
        ).create_all(safe=True)
