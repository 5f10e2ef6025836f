"""What another program changed of what a window shows, found by looking (SQLite's way).

A SQLite file announces nothing, but it counts commits made by other
connections (`PRAGMA data_version`): a window looks at that counter every
few seconds, which costs a read of one page, and only when it moved does
it compare what it shows with what the file holds now: the list's rows in
sight, the open document's spans, relations, status and tags, the labels
and relation types, and what changes seldom (how many documents there are,
the settings, the document tags in use), which it keeps as `Seen` from its
last look. The differences become one ChangeReport naming those documents,
labels, relation types, settings and tags, so the window refreshes only them. A server database
without change notices (store.change_notices) is looked at the same way,
on every tick, having no such counter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tagdesk.core.changes import ChangeReport
from tagdesk.core.records import DocumentState, LabelRecord, SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.store.database import Store
from tagdesk.store.document_list import DocumentListRow, document_rows
from tagdesk.store.editing import document_spans, document_state
from tagdesk.store.labels import list_labels
from tagdesk.store.reading import document_tag_names_in_use
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.views import relations_for_view, spans_for_view


@dataclass(frozen=True)
class Shown:
    """What the window shows now, as plain data."""

    rows: Mapping[int, DocumentListRow] = field(default_factory=dict)  # the list's rows in sight
    document: DocumentState | None = None  # the open document's status and tags
    spans: Sequence[SpanRecord] = ()  # the open document's spans, in the view shown
    labels: Sequence[LabelRecord] = ()
    viewer: str = ""  # whose view the spans are (store.views): "" for every span
    view: str = ""
    # The open document's relations in the view shown, and the relation types; None
    # where the window shows none (then they are not compared).
    relations: Sequence[RelationRecord] | None = None
    relation_types: Sequence[RelationTypeRecord] | None = None


@dataclass(frozen=True)
class Seen:
    """What changes seldom, as the window last saw it."""

    documents: tuple[int, int] = (0, 0)  # how many, and the largest id
    settings: Mapping[str, str] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()  # document tags in use


def _spans_in_view(store: Store, document_id: int, shown: Shown) -> list[SpanRecord]:
    if not shown.viewer:
        return document_spans(store, document_id)
    return spans_for_view(store, document_id, shown.viewer, shown.view)


def _relations_in_view(store: Store, document_id: int, shown: Shown) -> list[RelationRecord]:
    if not shown.viewer:
        return relations_for_view(store, document_id, "", "all")
    return relations_for_view(store, document_id, shown.viewer, shown.view)


Related = RelationRecord | RelationTypeRecord


def _changed(before: Sequence[Related], now: Sequence[Related]) -> set[int]:
    """Ids of the records that differ, are new or are gone."""
    was = {record.id: record for record in before}
    is_ = {record.id: record for record in now}
    return {i for i in was.keys() | is_.keys() if was.get(i) != is_.get(i)}


def commits_by_others(store: Store) -> int | None:
    """A counter that moves when another connection commits; None if the engine has none."""
    if store.is_sqlite:
        return int(store.execute("PRAGMA data_version").fetchone()[0])
    return None


def seen_now(store: Store) -> Seen:
    count, largest = store.execute(
        'SELECT COUNT(*), COALESCE(MAX(id), 0) FROM "document"'
    ).fetchone()
    settings = dict(store.execute('SELECT "key", value FROM "setting"').fetchall())
    return Seen((int(count), int(largest)), settings, frozenset(document_tag_names_in_use(store)))


def changes_from(store: Store, shown: Shown, seen: Seen) -> tuple[ChangeReport, Seen]:
    """What differs between what the window shows and the database, and what is seen now."""
    now = seen_now(store)
    everything = False
    added: list[int] = []
    if now.documents != seen.documents:
        (count, largest), (was_count, was_largest) = now.documents, seen.documents
        if count - was_count == largest - was_largest > 0:  # added after the last one seen
            added = [
                row[0]
                for row in store.execute(
                    'SELECT id FROM "document" WHERE id > ? ORDER BY id', (was_largest,)
                ).fetchall()
            ]
        else:
            everything = True  # some went away: the list is read again
    stored_rows = document_rows(store, list(shown.rows))
    if len(stored_rows) < len(shown.rows):
        everything = True
    documents = {i for i, row in stored_rows.items() if shown.rows.get(i) != row}
    spans: set[int] = set()
    relations: set[int] = set()
    if shown.document is not None:
        opened = shown.document.id
        state = document_state(store, opened)
        if state.status is None:
            everything = True
        elif (state.tags, state.version) != (shown.document.tags, shown.document.version):
            documents.add(opened)  # the version moves with every write of status or tags
        stored = {span.id: span for span in _spans_in_view(store, opened, shown)}
        before = {span.id: span for span in shown.spans}
        spans = {i for i in stored.keys() | before.keys() if stored.get(i) != before.get(i)}
        if spans:
            documents.add(opened)
        if shown.relations is not None:
            relations = _changed(shown.relations, _relations_in_view(store, opened, shown))
            if relations:
                documents.add(opened)
    relation_types: set[int] = set()
    if shown.relation_types is not None:
        relation_types = _changed(shown.relation_types, list_relation_types(store))
    labels_before = {label.id: label for label in shown.labels}
    labels_now = {label.id: label for label in list_labels(store)}
    labels = {
        i
        for i in labels_before.keys() | labels_now.keys()
        if labels_before.get(i) != labels_now.get(i)
    }
    settings = {
        key
        for key in now.settings.keys() | seen.settings.keys()
        if now.settings.get(key) != seen.settings.get(key)
    }
    report = ChangeReport.of(
        documents=documents,
        spans=spans,
        labels=labels,
        tags=now.tags ^ seen.tags,
        settings=settings,
        new_documents=added,
        outside=everything,
        relations=relations,
        relation_types=relation_types,
    )
    return report, now
