"""The writes the window makes, each one store operation that reports what it changed.

The window never calls a writing function of the store directly: it calls
these (or store.change_sets.History for the undoable edits), and passes the
ChangeReport each returns to the one signal its panes refresh from. The
command line writes through the functions underneath, and needs no report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tagdesk.core.changes import NOTHING, ChangeReport
from tagdesk.core.entities import EntityRecord
from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import LabelRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.team import ASSIGNMENT_STATUSES
from tagdesk.store import (
    entity_actions,
    labels,
    relation_actions,
    relation_type_actions,
    relation_types,
    settings,
)
from tagdesk.store.assignments import AssignmentState
from tagdesk.store.change_sets import Build, ChangeSet, History
from tagdesk.store.database import Store
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.importing import ImportSummary


def save_label(store: Store, record: LabelRecord) -> tuple[LabelRecord, ChangeReport]:
    """Add (id 0) or change a label of the scheme."""
    saved = labels.save_label(store, record)
    return saved, ChangeReport.of(labels=[saved.id])


def delete_label(store: Store, label_id: int) -> ChangeReport:
    """Take an unused label out of the scheme; refused (TagdeskError) while spans use it."""
    labels.delete_label(store, label_id)
    return ChangeReport.of(labels=[label_id])


def save_relation_type(
    store: Store, history: History, record: RelationTypeRecord
) -> tuple[RelationTypeRecord, ChangeReport]:
    """Add (id 0) or change a relation type, as one undoable step; a type changed by another
    window since it was shown is refused (ChangedSinceError). Returns the type as stored."""
    done = history.do(store, lambda: relation_type_actions.save_relation_type(store, record))
    if done is None:  # as stored already
        stored = relation_types.relation_type(store, record.id)
        return stored or record, NOTHING
    change, report = done
    (_, saved), *_ = change.relation_types_after
    assert saved is not None
    return saved, report


def delete_relation_type(store: Store, history: History, shown: RelationTypeRecord) -> ChangeReport:
    """Take an unused relation type away, as one undoable step (undo puts it back under its
    id); refused (TagdeskError) while relations use it."""
    return _done(store, history, lambda: relation_type_actions.delete_relation_type(store, shown))


def set_setting(store: Store, key: str, value: str | None) -> ChangeReport:
    settings.set_setting(store, key, value)
    return ChangeReport.of(settings=[key])


def set_tab_suggestions_only(store: Store, only: bool) -> ChangeReport:
    settings.set_tab_suggestions_only(store, only)
    return ChangeReport.of(settings=[settings.TAB_SUGGESTIONS_KEY])


def set_least_sure_first(store: Store, on: bool) -> ChangeReport:
    settings.set_least_sure_first(store, on)
    return ChangeReport.of(settings=[settings.LEAST_SURE_KEY])


def set_suggests_phrases(store: Store, on: bool) -> ChangeReport:
    settings.set_suggests_phrases(store, on)
    return ChangeReport.of(settings=[settings.PHRASES_KEY])


def set_preannotates_imports(store: Store, on: bool) -> ChangeReport:
    settings.set_preannotates_imports(store, on)
    return ChangeReport.of(settings=[settings.IMPORTS_KEY])


def choose_model(store: Store, model: str | None) -> ChangeReport:
    settings.choose_model(store, model)
    return ChangeReport.of(settings=[settings.MODEL_KEY])


def import_changes(summary: ImportSummary) -> ChangeReport:
    """What an import (run in a worker thread, see store.importing) changed."""
    return summary.changes


def set_my_status(
    store: Store, history: History, document_id: int, annotator: str, status: str, shown: str
) -> ChangeReport:
    """An assigned analyst's own status of a document (Done, for one of several): one step.

    `shown` is the status the window showed; the write is refused
    (ChangedSinceError) if it is not the stored one any more. Undo puts it back.
    """
    if status not in ASSIGNMENT_STATUSES:
        raise TagdeskError(
            f"status must be one of {', '.join(ASSIGNMENT_STATUSES)}, got {status!r}"
        )
    if status == shown:
        return NOTHING
    change = ChangeSet(
        "Change my status",
        home=document_id,
        assignments_before=(AssignmentState(document_id, annotator, shown),),
        assignments_after=(AssignmentState(document_id, annotator, status),),
    )
    return _done(store, history, lambda: change)


# Entities: each action is one change-set in `history`, undone and redone as a whole.


def _done(store: Store, history: History, build: Build) -> ChangeReport:
    done = history.do(store, build)
    return NOTHING if done is None else done[1]


def create_entity(
    store: Store, history: History, draft: EntityDraft
) -> tuple[EntityRecord, ChangeReport]:
    made: list[EntityRecord] = []

    def build() -> ChangeSet:
        change = entity_actions.create(store, draft)
        made.extend(record for _, record in change.entities_after if record is not None)
        return change

    report = _done(store, history, build)
    return made[0], report


def edit_entity(store: Store, history: History, changed: EntityRecord) -> ChangeReport:
    """A new name, aliases, description or external id (or label, while nothing links to it)."""
    return _done(store, history, lambda: entity_actions.edit(store, changed))


def link_spans(
    store: Store, history: History, span_ids: Iterable[int], entity_id: int
) -> ChangeReport:
    """Link spans of the entity's label to it (from whatever they linked to before)."""
    wanted = list(span_ids)
    return _done(store, history, lambda: entity_actions.link(store, wanted, entity_id))


def unlink_spans(store: Store, history: History, span_ids: Iterable[int]) -> ChangeReport:
    wanted = list(span_ids)
    return _done(store, history, lambda: entity_actions.unlink(store, wanted))


def merge_entities(store: Store, history: History, kept: str, merged: str) -> ChangeReport:
    """Entity `merged` (a key) becomes part of `kept`; its key then names `kept`."""
    return _done(store, history, lambda: entity_actions.merge(store, kept, merged))


def split_entity(
    store: Store,
    history: History,
    key: str,
    *,
    span_ids: Sequence[int] = (),
    aliases: Sequence[str] = (),
    name: str = "",
) -> tuple[EntityRecord, ChangeReport]:
    made: list[EntityRecord] = []

    def build() -> ChangeSet:
        change, record = entity_actions.split(
            store, key, span_ids=span_ids, aliases=aliases, name=name
        )
        made.append(record)
        return change

    report = _done(store, history, build)
    return made[0], report


def apply_link_plan(
    store: Store,
    history: History,
    links: dict[int, int],
    new: Sequence[tuple[EntityDraft, Sequence[int]]],
) -> ChangeReport:
    """Links to known entities and new entities with their mentions, as one step."""
    return _done(store, history, lambda: entity_actions.apply_plan(store, links, new))


# Relations: each action is one change-set in `history`, undone and redone as a whole.


def add_relation(
    store: Store,
    history: History,
    document_id: int,
    head_id: int,
    child_id: int,
    type_id: int,
    *,
    annotator: str,
    status: str = "accepted",
    note: str = "",
    source: str = "manual",
) -> ChangeReport:
    """A new relation; its id is the one in the report's `relations`."""
    return _done(
        store,
        history,
        lambda: relation_actions.add_relation(
            store,
            document_id,
            head_id,
            child_id,
            type_id,
            annotator=annotator,
            status=status,
            note=note,
            source=source,
        ),
    )


def edit_relation(
    store: Store, history: History, before: RelationRecord, after: RelationRecord
) -> ChangeReport:
    return _done(store, history, lambda: relation_actions.edit_relation(store, before, after))


def swap_relation(
    store: Store, history: History, before: RelationRecord, *, annotator: str
) -> ChangeReport:
    """Head and child of a directed relation exchanged, as one undoable step."""
    return _done(
        store, history, lambda: relation_actions.swap_relation(store, before, annotator=annotator)
    )


def delete_relations(
    store: Store, history: History, records: Iterable[RelationRecord]
) -> ChangeReport:
    wanted = list(records)
    return _done(store, history, lambda: relation_actions.delete_relations(store, wanted))
