"""Relation types: read, add, change, delete, and the lookup an import creates them through.

A type's name is unique, and so is its hotkey (the key pressed after the
relation key, among relation types only). A change expects the type at the
version it was read at (store.versions): one another window changed since
is left as it is. A type cannot be deleted while relations use it, nor
turn from directed to symmetric or back: its relations are stored in the
shape its direction gives them (core.relations.ordered_pair).

The window's saves and deletes are states written by `apply_relation_type_states`
(the change-sets of store.relation_type_actions), so undo puts a type back
exactly: under its id, which AUTOINCREMENT (a server's sequence) never hands
to another type, with its name, key, colour, constraints and place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tagdesk.core.errors import ChangedSinceError, StoreError, TagdeskError
from tagdesk.core.labels import colour_for, is_valid_colour, is_valid_label_name
from tagdesk.core.relations import RelationScheme, RelationTypeRecord
from tagdesk.core.wording import counted
from tagdesk.store.database import Store
from tagdesk.store.models import RelationType

RelationTypeState = tuple[int, RelationTypeRecord | None]  # type id, its state (None: absent)

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


class RelationTypeRefused(StoreError):  # noqa: N818 (read as what happened to the write)
    """A relation type state the database may not hold now; the line says why."""


def normalised_relation_type(record: RelationTypeRecord) -> RelationTypeRecord:
    """The type as it is stored: its name stripped, its key in lower case, a colour it can
    show; refused (TagdeskError) when its name or a label it names is not a name."""
    name = record.name.strip(" ")
    if not is_valid_label_name(name):
        raise TagdeskError(
            f"relation type name {record.name!r} must be 1-64 characters without spaces"
        )
    for label in (*record.heads, *record.children):
        if not is_valid_label_name(label):
            raise TagdeskError(f"relation type {name}: {label!r} is not a label name")
    return RelationTypeRecord(
        record.id,
        name,
        record.colour if is_valid_colour(record.colour) else colour_for(name),
        record.hotkey.strip().lower(),
        record.directed,
        tuple(record.heads),
        tuple(record.children),
        record.description,
        record.position,
        record.version,
    )


def apply_relation_type_states(
    store: Store,
    states: Sequence[RelationTypeState],
    *,
    replacing: Sequence[RelationTypeState],
) -> dict[int, int]:
    """Make each relation type match its state; returns each written type's new version.

    `replacing` holds the states the write expects to find, each at the version
    it was read at: a type another window or program changed, deleted or put
    back since refuses the whole write (ChangedSinceError). A state the other
    types or the relations forbid now (its name or key taken since, relations
    drawn with it since, a direction those relations do not have) is refused in
    one line (RelationTypeRefused). Removals go first.
    """
    expected = dict(replacing)
    versions: dict[int, int] = {}
    ordered = sorted(states, key=lambda state: state[1] is not None)
    with store.write_transaction():
        for type_id, record in ordered:
            stored = relation_type(store, type_id)
            seen = expected.get(type_id)
            if (seen is None) != (stored is None) or (
                seen is not None and stored is not None and stored.version != seen.version
            ):
                name = (seen or stored or record or RelationTypeRecord(0, "", "")).name
                raise ChangedSinceError(store.location, "relation type", type_id, f" ({name})")
            if record is None:
                used = _uses(store, type_id)
                if used and stored is not None:
                    raise RelationTypeRefused(
                        f"the relation type {stored.name} is used by {counted(used, 'relation')}; "
                        "change or delete them first"
                    )
                store.execute('DELETE FROM "relation_type" WHERE id = ?', (type_id,))
                continue
            _refuse_clashes(store, record, stored)
            fields = {
                "name": record.name,
                "colour": record.colour,
                "hotkey": record.hotkey,
                "directed": int(record.directed),
                "heads": json.dumps(list(record.heads)),
                "children": json.dumps(list(record.children)),
                "description": record.description,
                "position": record.position,
            }
            if stored is None:
                versions[type_id] = max(record.version, 1)
                RelationType.insert(id=type_id, version=versions[type_id], **fields).execute(
                    store.db
                )
            else:
                versions[type_id] = stored.version + 1
                RelationType.update(version=versions[type_id], **fields).where(
                    RelationType.id == type_id
                ).execute(store.db)
    return versions


def _refuse_clashes(
    store: Store, record: RelationTypeRecord, stored: RelationTypeRecord | None
) -> None:
    clash = store.execute(
        'SELECT 1 FROM "relation_type" WHERE name = ? AND id != ?', (record.name, record.id)
    ).fetchone()
    if clash is not None:
        raise RelationTypeRefused(f"a relation type named {record.name} already exists")
    if record.hotkey:
        holder = store.execute(
            'SELECT name FROM "relation_type" WHERE hotkey = ? AND id != ?',
            (record.hotkey, record.id),
        ).fetchone()
        if holder is not None:
            raise RelationTypeRefused(
                f"the relation key {record.hotkey} already belongs to {holder[0]}"
            )
    used = _uses(store, record.id)
    if used and (stored is None or stored.directed != record.directed):
        raise RelationTypeRefused(
            f"relation type {record.name}: its direction cannot change while "
            f"{counted(used, 'relation')} use it"
        )


class RelationTypeIds:
    """Relation type ids by name for an import; an unknown name becomes a new type
    (its colour from its name, its direction as the file gives it), as unknown labels do."""

    def __init__(self, store: Store, declared: RelationScheme | None = None) -> None:
        self.store = store
        self._types = {record.name: record for record in list_relation_types(store)}
        self.added: list[str] = []
        # the types the files declare (brat's annotation.conf): a new type of that name
        # takes its direction and labels from there; read when a type is made, as the
        # reader fills it on the way
        self.declared = declared

    def get(self, name: str, *, directed: bool = True) -> RelationTypeRecord:
        found = self._types.get(name)
        if found is None:
            spec = next(
                (s for s in (self.declared.types if self.declared else ()) if s.name == name),
                None,
            )
            heads, children = (spec.heads, spec.children) if spec else ((), ())
            directed = spec.directed if spec else directed
            (last,) = self.store.execute(
                'SELECT COALESCE(MAX(position), -1) FROM "relation_type"'
            ).fetchone()
            type_id = int(
                RelationType.insert(
                    name=name,
                    colour=colour_for(name),
                    hotkey="",
                    directed=int(directed),
                    heads=json.dumps(list(heads)),
                    children=json.dumps(list(children)),
                    description="",
                    position=int(last) + 1,
                ).execute(self.store.db)
            )
            found = RelationTypeRecord(
                type_id, name, colour_for(name), directed=directed, heads=tuple(heads),
                children=tuple(children), position=int(last) + 1, version=1,
            )  # fmt: skip
            self._types[name] = found
            self.added.append(name)
        return found
