"""Saving and deleting a relation type, each built as one change-set (undo and redo exact).

Each function runs inside the transaction of `History.do` (store.operations
calls it as the change-set's build): it reads the type as stored, checks that
the window showed it at that version, and returns its states before and
after; the change-set writes them through store.relation_types, which refuses
a state the other types or the relations forbid.
"""

from __future__ import annotations

from dataclasses import replace

from tagdesk.core.errors import ChangedSinceError
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.store.bulk import take_ids
from tagdesk.store.change_sets import ChangeSet
from tagdesk.store.database import Store
from tagdesk.store.relation_types import (
    normalised_relation_type,
    relation_type,
)


def _as_shown(store: Store, shown: RelationTypeRecord) -> RelationTypeRecord:
    """The type as stored, which must be the version the window showed."""
    stored = relation_type(store, shown.id)
    if stored is None or stored.version != shown.version:
        raise ChangedSinceError(store.location, "relation type", shown.id, f" ({shown.name})")
    return stored


def save_relation_type(store: Store, record: RelationTypeRecord) -> ChangeSet | None:
    """A new type (id 0), or a type's new name, colour, key, direction, labels or
    description; None when it is as stored already."""
    wanted = normalised_relation_type(record)
    if not wanted.id:
        (type_id,) = take_ids(store, "relation_type", 1)
        (last,) = store.execute(
            'SELECT COALESCE(MAX(position), -1) FROM "relation_type"'
        ).fetchone()
        made = replace(wanted, id=type_id, position=int(last) + 1, version=1)
        return ChangeSet(
            f"Add relation type {made.name}",
            relation_types_before=((type_id, None),),
            relation_types_after=((type_id, made),),
        )
    stored = _as_shown(store, wanted)
    changed = replace(wanted, position=stored.position, version=stored.version)
    if changed == stored:
        return None
    text = (
        f"Rename relation type {stored.name} to {changed.name}"
        if changed.name != stored.name
        else f"Change relation type {changed.name}"
    )
    return ChangeSet(
        text,
        relation_types_before=((stored.id, stored),),
        relation_types_after=((stored.id, changed),),
    )


def delete_relation_type(store: Store, shown: RelationTypeRecord) -> ChangeSet:
    """Take a type no relation uses away, as the window showed it."""
    stored = _as_shown(store, shown)  # a type relations use is refused as it is written
    return ChangeSet(
        f"Delete relation type {stored.name}",
        relation_types_before=((stored.id, stored),),
        relation_types_after=((stored.id, None),),
    )
