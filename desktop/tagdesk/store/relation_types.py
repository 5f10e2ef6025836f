"""Relation types: read, add, change, delete, and the lookup an import creates them through.

A type's name is unique, and so is its hotkey (the key pressed after the
relation key, among relation types only). A change expects the type at the
version it was read at (store.versions): one another window changed since
is left as it is. A type cannot be deleted while relations use it, nor
turn from directed to symmetric or back: its relations are stored in the
shape its direction gives them (core.relations.ordered_pair).
"""

from __future__ import annotations

import json

from tagdesk.core.errors import TagdeskError
from tagdesk.core.labels import colour_for, is_valid_colour, is_valid_label_name
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.core.wording import counted
from tagdesk.store.database import Store
from tagdesk.store.models import RelationType
from tagdesk.store.versions import checked_update

_COLUMNS = "id, name, colour, hotkey, directed, heads, children, description, position, version"


def _record(row: tuple[object, ...]) -> RelationTypeRecord:
    return RelationTypeRecord(
        id=int(str(row[0])),
        name=str(row[1]),
        colour=str(row[2]),
        hotkey=str(row[3]),
        directed=bool(row[4]),
        heads=tuple(json.loads(str(row[5]) or "[]")),
        children=tuple(json.loads(str(row[6]) or "[]")),
        description=str(row[7]),
        position=int(str(row[8])),
        version=int(str(row[9])),
    )


def list_relation_types(store: Store) -> list[RelationTypeRecord]:
    """Every relation type, in the scheme's order."""
    rows = store.execute(f'SELECT {_COLUMNS} FROM "relation_type" ORDER BY position, id').fetchall()
    return [_record(tuple(row)) for row in rows]


def relation_type(store: Store, type_id: int) -> RelationTypeRecord | None:
    row = store.execute(
        f'SELECT {_COLUMNS} FROM "relation_type" WHERE id = ?', (type_id,)
    ).fetchone()
    return None if row is None else _record(tuple(row))


def relation_type_uses(store: Store) -> dict[int, int]:
    """How many relations each relation type has (a type with none is left out)."""
    rows = store.execute('SELECT type_id, COUNT(*) FROM "relation" GROUP BY type_id').fetchall()
    return {int(row[0]): int(row[1]) for row in rows}


def _uses(store: Store, type_id: int) -> int:
    (used,) = store.execute(
        'SELECT COUNT(*) FROM "relation" WHERE type_id = ?', (type_id,)
    ).fetchone()
    return int(used)


def save_relation_type(store: Store, record: RelationTypeRecord) -> RelationTypeRecord:
    """Insert (id 0) or update a relation type; returns it as stored, with its new version."""
    name = record.name.strip(" ")
    if not is_valid_label_name(name):
        raise TagdeskError(
            f"relation type name {record.name!r} must be 1-64 characters without spaces"
        )
    for label in (*record.heads, *record.children):
        if not is_valid_label_name(label):
            raise TagdeskError(f"relation type {name}: {label!r} is not a label name")
    colour = record.colour if is_valid_colour(record.colour) else colour_for(name)
    hotkey = record.hotkey.strip().lower()
    heads, children = tuple(record.heads), tuple(record.children)
    with store.write_transaction():
        clash = store.execute(
            'SELECT 1 FROM "relation_type" WHERE name = ? AND id != ?', (name, record.id)
        ).fetchone()
        if clash is not None:
            raise TagdeskError(f"a relation type named {name} already exists")
        if hotkey:
            holder = store.execute(
                'SELECT name FROM "relation_type" WHERE hotkey = ? AND id != ?',
                (hotkey, record.id),
            ).fetchone()
            if holder is not None:
                raise TagdeskError(f"the relation key {hotkey} already belongs to {holder[0]}")
        fields = (
            name,
            colour,
            hotkey,
            int(record.directed),
            json.dumps(list(heads)),
            json.dumps(list(children)),
            record.description,
        )
        if record.id:
            current = relation_type(store, record.id)
            if current is not None and current.directed != record.directed:
                used = _uses(store, record.id)
                if used:
                    raise TagdeskError(
                        f"relation type {current.name}: its direction cannot change while "
                        f"{counted(used, 'relation')} use it"
                    )
            version = checked_update(
                store,
                "relation_type",
                record.id,
                record.version,
                "name = ?, colour = ?, hotkey = ?, directed = ?, heads = ?, children = ?, "
                "description = ?",
                fields,
            )
            type_id, position = record.id, record.position
        else:
            (last,) = store.execute(
                'SELECT COALESCE(MAX(position), -1) FROM "relation_type"'
            ).fetchone()
            position = int(last) + 1
            type_id = int(
                RelationType.insert(
                    name=name,
                    colour=colour,
                    hotkey=hotkey,
                    directed=int(record.directed),
                    heads=fields[4],
                    children=fields[5],
                    description=record.description,
                    position=position,
                ).execute(store.db)
            )
            version = 1
    return RelationTypeRecord(
        type_id, name, colour, hotkey, record.directed, heads, children,
        record.description, position, version,
    )  # fmt: skip


def delete_relation_type(store: Store, type_id: int) -> None:
    """Take an unused relation type away; refused (TagdeskError) while relations use it."""
    with store.write_transaction():
        used = _uses(store, type_id)
        if used:
            raise TagdeskError(
                f"the relation type is used by {counted(used, 'relation')}; "
                "change or delete them first"
            )
        store.execute('DELETE FROM "relation_type" WHERE id = ?', (type_id,))


class RelationTypeIds:
    """Relation type ids by name for an import; an unknown name becomes a new type
    (its colour from its name, its direction as the file gives it), as unknown labels do."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._types = {record.name: record for record in list_relation_types(store)}
        self.added: list[str] = []

    def get(self, name: str, *, directed: bool = True) -> RelationTypeRecord:
        found = self._types.get(name)
        if found is None:
            (last,) = self.store.execute(
                'SELECT COALESCE(MAX(position), -1) FROM "relation_type"'
            ).fetchone()
            type_id = int(
                RelationType.insert(
                    name=name,
                    colour=colour_for(name),
                    hotkey="",
                    directed=int(directed),
                    heads="[]",
                    children="[]",
                    description="",
                    position=int(last) + 1,
                ).execute(self.store.db)
            )
            found = RelationTypeRecord(
                type_id, name, colour_for(name), directed=directed, position=int(last) + 1,
                version=1,
            )  # fmt: skip
            self._types[name] = found
            self.added.append(name)
        return found
