"""Undo and redo as change-sets, in plain Python: what the window's undo stack adapts.

An analyst's action is a `ChangeSet`: the states of the spans and documents
it changed, before and after. Doing, undoing and redoing it all write states
(store.editing), so each is exact, and each returns a ChangeReport of what
it wrote. `History` keeps the change-sets in order and moves only after a
write succeeded: a write the store refuses (a span changed or replaced by
another writer since, a label deleted since, a busy or full disk) leaves the
database and the history as they were, and raises StoreError.

Each state carries the version of its row (schema 9) when that state was
stored: a write expects the row at the version of the state it replaces, and
is refused (ChangedSinceError) if another writer moved it since. After each
write the states it stored take the versions the write gave them, in every
change-set that names the row at the version it replaced: an action's undo
puts back the state the action before it left, so that one's undo finds the
row as it expects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from tagdesk.core.changes import ChangeReport
from tagdesk.core.entities import EntityState
from tagdesk.core.errors import StoreError
from tagdesk.core.records import DocumentState, SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.wording import counted
from tagdesk.store.assignments import AssignmentState, apply_assignment_states
from tagdesk.store.database import Store
from tagdesk.store.editing import (
    SpanState,
    apply_document_state,
    apply_span_states,
    stored_meta,
)
from tagdesk.store.entities import apply_entity_states
from tagdesk.store.relation_types import RelationTypeState, apply_relation_type_states
from tagdesk.store.relations import RelationState, apply_relation_states, relations_touching
from tagdesk.store.reviewed import LogRow, log_suggestions, unlog_suggestions


@dataclass(frozen=True)
class ChangeSet:
    """One action: span states and document states (paired by position), before and after.

    `home` is the document that was open when the analyst acted: undo goes
    back to it. `created` names the spans the action's own build just
    created, in the same transaction: its first write need not store them
    again (every redo does). `logged` are the suggestion-log rows the build
    wrote with suggestions it made (store.reviewed): undo takes them back
    with the suggestions, redo writes them again. `entities_before` and
    `entities_after` are the entities it created, edited or merged away
    (store.entities): written before the spans that link to them, removed
    after the spans that linked to them. `relations_before` and `relations_after` are
    the relations it added, edited or deleted (store.relations): written after the
    spans are, removed before them, so a relation never names a span that is not there.
    `assignments_before` and `assignments_after` are annotators' own statuses of
    documents given to them (store.assignments), paired by position.
    `relation_types_before` and `relation_types_after` are the relation types it
    added, changed or deleted (store.relation_types): written before the relations,
    removed after them, so a relation never names a type that is not there.
    """

    text: str
    spans_before: tuple[SpanState, ...] = ()
    spans_after: tuple[SpanState, ...] = ()
    documents_before: tuple[DocumentState, ...] = ()
    documents_after: tuple[DocumentState, ...] = ()
    home: int | None = None
    created: tuple[int, ...] = ()
    logged: tuple[LogRow, ...] = ()
    entities_before: tuple[EntityState, ...] = ()
    entities_after: tuple[EntityState, ...] = ()
    relations_before: tuple[RelationState, ...] = ()
    relations_after: tuple[RelationState, ...] = ()
    assignments_before: tuple[AssignmentState, ...] = ()
    assignments_after: tuple[AssignmentState, ...] = ()
    relation_types_before: tuple[RelationTypeState, ...] = ()
    relation_types_after: tuple[RelationTypeState, ...] = ()
    # The stored meta (JSON text: the model's score, a file's fields) of each span the action
    # deletes, read when it was first done: a span put back gets it again.
    span_meta: tuple[tuple[int, str], ...] = ()

    def write(
        self, store: Store, *, forward: bool, spans_stored: bool = False
    ) -> tuple[Versions, ChangeReport]:
        """Store the after (or, undoing, the before) states in one transaction.

        Returns the version each row written now has, and what changed.
        `spans_stored`: the spans `created` are in the database already, and
        their log rows (History.do), so they are not written again.
        """
        spans = self.spans_after if forward else self.spans_before
        replacing = self.spans_before if forward else self.spans_after
        documents = self.documents_after if forward else self.documents_before
        previous = self.documents_before if forward else self.documents_after
        entities = self.entities_after if forward else self.entities_before
        entities_replaced = self.entities_before if forward else self.entities_after
        relations = self.relations_after if forward else self.relations_before
        relations_replaced = self.relations_before if forward else self.relations_after
        removed = tuple(state for state in relations if state[1] is None)
        written_relations = tuple(state for state in relations if state[1] is not None)
        kinds = self.relation_types_after if forward else self.relation_types_before
        kinds_replaced = self.relation_types_before if forward else self.relation_types_after
        kinds_written = tuple(state for state in kinds if state[1] is not None)
        kinds_removed = tuple(state for state in kinds if state[1] is None)
        if spans_stored:
            spans = tuple(state for state in spans if state[0] not in self.created)
        versions: Versions = {}
        touched: set[int] = set()
        with store.atomic():
            if kinds_written:
                kind_versions = apply_relation_type_states(
                    store, kinds_written, replacing=kinds_replaced
                )
                versions.update((("relation_type", i), v) for i, v in kind_versions.items())
            if entities:
                apply_entity_states(store, entities, replacing=entities_replaced, removing=False)
            if removed:
                apply_relation_states(store, removed, replacing=relations_replaced)
            _refuse_related(store, [i for i, record in spans if record is None])
            if spans:
                written = apply_span_states(
                    store, spans, replacing=replacing, metas=dict(self.span_meta)
                )
                touched = written.documents
                versions.update((("span", i), v) for i, v in written.versions.items())
            if self.logged and not spans_stored:
                if forward:  # written again as they were: at the time the suggestions were made
                    log_suggestions(store, self.logged, self._made_at())
                else:
                    unlog_suggestions(store, self.logged)
            for document, earlier in zip(documents, previous, strict=True):
                version = apply_document_state(store, document, replacing=earlier)
                if version is not None:
                    versions["document", document.id] = version
                touched.add(document.id)
            if written_relations:
                relation_versions = apply_relation_states(
                    store, written_relations, replacing=relations_replaced
                )
                versions.update((("relation", i), v) for i, v in relation_versions.items())
            if entities:
                apply_entity_states(store, entities, replacing=entities_replaced, removing=True)
            if self.assignments_after:
                assignments = self.assignments_after if forward else self.assignments_before
                replaced = self.assignments_before if forward else self.assignments_after
                touched |= apply_assignment_states(store, assignments, replacing=replaced)
            if kinds_removed:
                apply_relation_type_states(store, kinds_removed, replacing=kinds_replaced)
        touched |= {record.document_id for _, record in self.spans_after if record}
        touched |= {
            record.document_id
            for _, record in (*self.relations_before, *self.relations_after)
            if record is not None
        }
        report = ChangeReport.of(
            documents=touched,
            spans=[span_id for span_id, _ in (*self.spans_before, *self.spans_after)],
            tags=self._tags_changed(),
            entities=self._entities_changed(),
            relations=[i for i, _ in (*self.relations_before, *self.relations_after)],
            relation_types=[i for i, _ in (*self.relation_types_before, *kinds)],
            statuses_kept=not (self.assignments_before or self.assignments_after)
            and all(d.status == e.status for d, e in zip(documents, previous, strict=True)),
        )
        return versions, report

    def stamped(self, versions: Versions) -> ChangeSet:
        """The action with its after states at the versions its first write gave them."""
        return replace(
            self,
            spans_after=tuple(_span_at(state, versions) for state in self.spans_after),
            documents_after=tuple(
                replace(d, version=versions.get(("document", d.id), d.version))
                for d in self.documents_after
            ),
            relations_after=tuple(
                _state_at("relation", state, versions) for state in self.relations_after
            ),
            relation_types_after=tuple(
                _state_at("relation_type", state, versions) for state in self.relation_types_after
            ),
        )

    def renamed(self, renames: dict[Row, tuple[int, int]]) -> ChangeSet:
        """Every state of a row at version `old` moved to `new` (renames: row -> (old, new)).

        A version names one stored state of its row; when an undo or redo
        stores that state again under a new version, each state that named
        the old one names the new one.
        """

        def span(state: SpanState) -> SpanState:
            return _renamed("span", state, renames)

        def relation(state: RelationState) -> RelationState:
            return _renamed("relation", state, renames)

        def kind(state: RelationTypeState) -> RelationTypeState:
            return _renamed("relation_type", state, renames)

        def document(state: DocumentState) -> DocumentState:
            rename = renames.get(("document", state.id))
            if rename is None or state.version != rename[0]:
                return state
            return replace(state, version=rename[1])

        return replace(
            self,
            spans_before=tuple(map(span, self.spans_before)),
            spans_after=tuple(map(span, self.spans_after)),
            documents_before=tuple(map(document, self.documents_before)),
            documents_after=tuple(map(document, self.documents_after)),
            relations_before=tuple(map(relation, self.relations_before)),
            relations_after=tuple(map(relation, self.relations_after)),
            relation_types_before=tuple(map(kind, self.relation_types_before)),
            relation_types_after=tuple(map(kind, self.relation_types_after)),
        )

    def written_side(self, *, forward: bool) -> dict[Row, int]:
        """The version of each row as the states a write in this direction stores name it."""
        spans = self.spans_after if forward else self.spans_before
        documents = self.documents_after if forward else self.documents_before
        side: dict[Row, int] = {("span", i): r.version for i, r in spans if r is not None}
        side.update((("document", d.id), d.version) for d in documents)
        relations = self.relations_after if forward else self.relations_before
        side.update((("relation", i), r.version) for i, r in relations if r is not None)
        kinds = self.relation_types_after if forward else self.relation_types_before
        side.update((("relation_type", i), r.version) for i, r in kinds if r is not None)
        return side

    def with_meta_of_deleted_spans(self, store: Store) -> ChangeSet:
        """The action, also holding the stored meta of each span it deletes (read now, in the
        write's transaction), so that its undo puts each span back with its meta."""
        before = dict(self.spans_before)
        deleted = [i for i, record in self.spans_after if record is None and before.get(i)]
        if not deleted:
            return self
        held = dict(self.span_meta)
        held.update(stored_meta(store, deleted))
        return replace(self, span_meta=tuple(sorted(held.items())))

    def with_relations_of_deleted_spans(self, store: Store) -> ChangeSet:
        """The action, also taking away the relations of each span it deletes (read now, in
        the write's transaction), so that its undo brings the spans and relations back."""
        before = dict(self.spans_before)
        deleted = [i for i, record in self.spans_after if record is None and before.get(i)]
        if not deleted:
            return self
        named = {i for i, _ in (*self.relations_before, *self.relations_after)}
        extra = [r for r in relations_touching(store, deleted) if r.id not in named]
        if not extra:
            return self
        return replace(
            self,
            relations_before=(*self.relations_before, *((r.id, r) for r in extra)),
            relations_after=(*self.relations_after, *((r.id, None) for r in extra)),
        )

    def _made_at(self) -> str | None:
        """When the suggestions this action created and logged were made (their log rows were
        written then); not the time of a span the analyst made in the same action."""
        logged = {row[:4] for row in self.logged}
        made = [
            r.created_at
            for i, r in self.spans_after
            if r is not None
            and i in self.created
            and (r.document_id, r.start, r.end, r.label_id) in logged
        ]
        return made[0] if made and made[0] else None

    def _entities_changed(self) -> set[int]:
        """Entities written, and those a span was linked to or unlinked from."""
        changed = {entity_id for entity_id, _ in (*self.entities_before, *self.entities_after)}
        before_spans = dict(self.spans_before)
        for span_id, after in self.spans_after:
            links = {_entity_of(before_spans.get(span_id)), _entity_of(after)}
            if len(links) > 1:
                changed |= {link for link in links if link is not None}
        return changed

    def _tags_changed(self) -> set[str]:
        changed: set[str] = set()
        before_spans = dict(self.spans_before)
        for span_id, after in self.spans_after:
            changed |= set(_span_tags(before_spans.get(span_id))) ^ set(_span_tags(after))
        for earlier, later in zip(self.documents_before, self.documents_after, strict=True):
            changed |= set(earlier.tags) ^ set(later.tags)
        return changed


_R = TypeVar("_R", SpanRecord, RelationRecord, RelationTypeRecord)  # a row's record
Row = tuple[str, int]  # ("span", "document", "relation" or "relation_type", id)
Versions = dict[Row, int]


def _span_at(state: SpanState, versions: Versions) -> SpanState:
    span_id, record = state
    version = versions.get(("span", span_id))
    if record is None or version is None:
        return state
    return span_id, replace(record, version=version)


def _refuse_related(store: Store, deleted: list[int]) -> None:
    """Refuse, in one line, to delete a span that a relation this write leaves still names
    (one another window or program drew on it since): the span and the relation stay."""
    if not deleted:
        return
    left = relations_touching(store, deleted)
    if left:
        first = left[0]
        span = first.head if first.head in deleted else first.child
        raise StoreError(
            f"{store.location}: cannot save (span {span} of document {first.document_id} is "
            f"in {counted(len(left), 'relation')} drawn since by another window or program): "
            "it is left as it is; nothing was saved"
        )


def _renamed(
    kind: str, state: tuple[int, _R | None], renames: dict[Row, tuple[int, int]]
) -> tuple[int, _R | None]:
    """A row's state, naming the row's new version if it named the one renamed."""
    row_id, record = state
    rename = renames.get((kind, row_id))
    if record is None or rename is None or record.version != rename[0]:
        return state
    return row_id, replace(record, version=rename[1])


def _state_at(kind: str, state: tuple[int, _R | None], versions: Versions) -> tuple[int, _R | None]:
    """A relation's or a relation type's state with the version it was just written at."""
    row_id, record = state
    version = versions.get((kind, row_id))
    if record is None or version is None:
        return state
    return row_id, replace(record, version=version)


def _entity_of(record: SpanRecord | None) -> int | None:
    return record.entity_id if record is not None else None


def _span_tags(record: SpanRecord | None) -> tuple[str, ...]:
    return record.tags if record is not None else ()


Build = Callable[[], ChangeSet | None]


class History:
    """The change-sets done, in order, and how many of them are in effect (`index`)."""

    def __init__(self) -> None:
        self._changes: list[ChangeSet] = []
        self.index = 0

    def __len__(self) -> int:
        return len(self._changes)

    def __getitem__(self, position: int) -> ChangeSet:
        return self._changes[position]

    @property
    def can_undo(self) -> bool:
        return self.index > 0

    @property
    def can_redo(self) -> bool:
        return self.index < len(self._changes)

    def do(self, store: Store, build: ChangeSet | Build) -> tuple[ChangeSet, ChangeReport] | None:
        """Write a new action and keep it; the actions undone before it are dropped.

        `build` may be a function: it runs inside the write's transaction, so
        what it reads (a document's tags, say) cannot change before the write,
        and spans it creates are part of the same commit. None from it: nothing to do.
        A span it deletes takes its relations with it, in the same change-set.
        """
        with store.atomic():
            change = build if isinstance(build, ChangeSet) else build()
            if change is None:
                return None
            change = change.with_relations_of_deleted_spans(store).with_meta_of_deleted_spans(store)
            versions, report = change.write(store, forward=True, spans_stored=bool(change.created))
        change = change.stamped(versions)
        del self._changes[self.index :]
        self._changes.append(change)
        self.index += 1
        return change, report

    def undo(self, store: Store) -> tuple[ChangeSet, ChangeReport] | None:
        """Write the last action's before states; None when there is nothing to undo."""
        if not self.can_undo:
            return None
        report = self._write(self.index - 1, store, forward=False)
        self.index -= 1
        return self._changes[self.index], report

    def redo(self, store: Store) -> tuple[ChangeSet, ChangeReport] | None:
        if not self.can_redo:
            return None
        report = self._write(self.index, store, forward=True)
        self.index += 1
        return self._changes[self.index - 1], report

    def _write(self, position: int, store: Store, *, forward: bool) -> ChangeReport:
        """Write one action again, then move each state it stored to its row's new version."""
        change = self._changes[position]
        versions, report = change.write(store, forward=forward)
        side = change.written_side(forward=forward)
        renames = {
            row: (side[row], new) for row, new in versions.items() if side.get(row, new) != new
        }
        if renames:
            self._changes = [change.renamed(renames) for change in self._changes]
        return report
