"""What an analyst does to relations, each built as one change-set (undo and redo exact).

Each function runs inside the transaction of `History.do` (store.operations
calls it as the change-set's build), reads what it needs, checks it, and
returns the relation states before and after; the change-set writes them. A
relation that cannot be made or changed is refused with one readable line
(RelationRefused), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tagdesk.core.errors import StoreError
from tagdesk.core.relations import (
    RELATION_STATUSES,
    RelationRecord,
    RelationTypeRecord,
    ordered_pair,
)
from tagdesk.core.wording import counted
from tagdesk.store.change_sets import ChangeSet
from tagdesk.store.database import Store
from tagdesk.store.models import utcnow
from tagdesk.store.relation_types import relation_type
from tagdesk.store.relations import take_relation_ids


class RelationRefused(StoreError):  # noqa: N818 (the name others code against)
    """A relation that may not be made or changed as asked; the line says why."""


def _span(store: Store, span_id: int) -> tuple[int, int, str]:
    """A span's document, start and label name; refused when there is no such span."""
    row = store.execute(
        'SELECT s.document_id, s."start", l.name FROM span s JOIN "label" l ON l.id = s.label_id '
        "WHERE s.id = ?",
        (span_id,),
    ).fetchone()
    if row is None:
        raise RelationRefused(f"span {span_id} is not there (deleted since it was shown?)")
    return int(row[0]), int(row[1]), str(row[2])


def _type(store: Store, type_id: int) -> RelationTypeRecord:
    found = relation_type(store, type_id)
    if found is None:
        raise RelationRefused(f"relation type {type_id} is not there (deleted since?)")
    return found


def _placed(
    store: Store, document_id: int, head: int, child: int, kind: RelationTypeRecord
) -> tuple[int, int]:
    """The pair as stored, once checked: two spans of the document that the type may join."""
    if head == child:
        raise RelationRefused("a relation joins two different spans, not a span with itself")
    head_document, head_start, head_label = _span(store, head)
    child_document, child_start, child_label = _span(store, child)
    if head_document != child_document:
        raise RelationRefused(
            f"a relation joins two spans of one document; span {head} is in document "
            f"{head_document}, span {child} in document {child_document}"
        )
    if head_document != document_id:
        raise RelationRefused(f"span {head} is in document {head_document}, not {document_id}")
    refusal = kind.refusal(head_label, child_label)
    if refusal:
        raise RelationRefused(refusal)
    if not kind.directed:
        return ordered_pair(head_start, child_start, head, child)
    return head, child


def _refuse_if_there(
    store: Store, type_id: int, head: int, child: int, directed: bool, other_than: int = 0
) -> None:
    pairs = [(head, child)] if directed else [(head, child), (child, head)]
    for one, other in pairs:
        row = store.execute(
            'SELECT id FROM "relation" WHERE type_id = ? AND head_span_id = ? '
            "AND child_span_id = ? AND id != ?",
            (type_id, one, other, other_than),
        ).fetchone()
        if row is not None:
            raise RelationRefused(f"that relation is there already (relation {row[0]})")


def _check_status(status: str) -> None:
    if status not in RELATION_STATUSES:
        raise RelationRefused(
            f"a relation is {', '.join(RELATION_STATUSES[:-1])} or {RELATION_STATUSES[-1]}, "
            f"not {status!r}"
        )


def add_relation(
    store: Store,
    document_id: int,
    head_id: int,
    child_id: int,
    type_id: int,
    *,
    annotator: str,
    status: str = "accepted",
    note: str = "",
    source: str = "manual",
) -> ChangeSet:
    """A new relation of the type from span `head_id` to span `child_id` (for a symmetric
    type, the span that starts first becomes the head)."""
    _check_status(status)
    kind = _type(store, type_id)
    head, child = _placed(store, document_id, head_id, child_id, kind)
    _refuse_if_there(store, type_id, head, child, kind.directed)
    (relation_id,) = take_relation_ids(store)
    record = RelationRecord(
        id=relation_id,
        document_id=document_id,
        type_id=type_id,
        head=head,
        child=child,
        status=status,
        source=source,
        note=note,
        annotator=annotator,
        created_at=str(utcnow()),
    )
    return ChangeSet(
        f"Add relation {kind.name}",
        relations_before=((relation_id, None),),
        relations_after=((relation_id, record),),
        home=document_id,
    )


def edit_relation(store: Store, before: RelationRecord, after: RelationRecord) -> ChangeSet | None:
    """Another type, status or note, or head and child swapped; `before` as the window showed
    it (a relation another writer changed since is refused when the change is written)."""
    if (after.id, after.document_id) != (before.id, before.document_id):
        raise RelationRefused("an edit changes one relation, in its own document")
    if {after.head, after.child} != {before.head, before.child}:
        raise RelationRefused(
            "an edit may swap a relation's head and child, not join other spans; "
            "delete it and add another"
        )
    _check_status(after.status)
    kind = _type(store, after.type_id)
    head, child = _placed(store, before.document_id, after.head, after.child, kind)
    _refuse_if_there(store, kind.id, head, child, kind.directed, other_than=before.id)
    record = replace(
        before,
        type_id=kind.id,
        head=head,
        child=child,
        status=after.status,
        note=after.note,
        source=after.source,
        annotator=after.annotator,
        meta=after.meta,
    )
    if record == before:
        return None
    return ChangeSet(
        edit_text(before, record, kind, _type(store, before.type_id)),
        relations_before=((before.id, before),),
        relations_after=((before.id, record),),
        home=before.document_id,
    )


def edit_text(
    before: RelationRecord,
    after: RelationRecord,
    kind: RelationTypeRecord,
    was: RelationTypeRecord,
) -> str:
    """What an edit did, in the words the Undo entry and the status bar use:
    "Relation COMMANDS accepted", "Note on relation MET", "Swap relation COMMANDS"."""
    if after.type_id != before.type_id:
        return f"Relation {was.name} made {kind.name}"
    if after.status != before.status:
        return f"Relation {kind.name} {after.status}"
    if (after.head, after.child) != (before.head, before.child):
        return f"Swap relation {kind.name}"
    if after.note != before.note:
        return f"Note on relation {kind.name}"
    return f"Edit relation {kind.name}"


def swap_relation(store: Store, before: RelationRecord, *, annotator: str) -> ChangeSet | None:
    """A directed relation drawn the wrong way round: its head becomes its child and its child
    its head, in the analyst's name and accepted. Refused for a symmetric type (it has no
    head and child to swap) and where the type's head and child labels refuse the swapped
    pair; `before` as the window showed it (a relation changed since is refused as it is
    written)."""
    kind = _type(store, before.type_id)
    if not kind.directed:
        raise RelationRefused(f"{kind.name} has no direction: there is no head and child to swap")
    swapped = replace(
        before, head=before.child, child=before.head, status="accepted", annotator=annotator
    )
    change = edit_relation(store, before, swapped)  # refused as its labels would be
    if change is None:
        return None
    return replace(change, text=f"Swap relation {kind.name}")


def delete_relations(store: Store, records: Iterable[RelationRecord]) -> ChangeSet | None:
    """Take these relations away, as the window showed them (their spans stay)."""
    wanted = {record.id: record for record in records}
    if not wanted:
        return None
    chosen = [wanted[i] for i in sorted(wanted)]
    documents = {record.document_id for record in chosen}
    return ChangeSet(
        f"Delete {counted(len(chosen), 'relation')}",
        relations_before=tuple((r.id, r) for r in chosen),
        relations_after=tuple((r.id, None) for r in chosen),
        home=chosen[0].document_id if len(documents) == 1 else None,
    )
