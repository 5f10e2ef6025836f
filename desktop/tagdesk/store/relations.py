"""Relations between two spans of a document: reading them, and writing their states.

A relation is written as a state (a RelationRecord, or None for "absent"),
as spans are (store.editing): adding, editing, deleting, undo and redo all
come down to `apply_relation_states`, which checks each row's version as
the span writes do. A relation is put back under its old id, which
AUTOINCREMENT (a server's sequence) never hands to another relation, with
the version it had: it is that row again. The actions that build these
states, each one change-set, are in store.relation_actions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tagdesk.core.errors import ChangedSinceError, StoreError
from tagdesk.core.relations import RelationRecord
from tagdesk.store.bulk import take_ids
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.models import Relation, utcnow

RelationState = tuple[int, RelationRecord | None]  # relation id, its state (None: absent)

_CHUNK = 400
_COLUMNS = (
    "id, document_id, type_id, head_span_id, child_span_id, status, source, note, annotator, "
    "created_at, version, meta"
)


def _record(row: Sequence[Any]) -> RelationRecord:
    # Both engines give the integer columns as int and the text ones as str; the
    # timestamp is text on SQLite, a datetime on a server.
    created = row[9]
    return RelationRecord(
        int(row[0]),
        int(row[1]),
        int(row[2]),
        int(row[3]),
        int(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7]),
        str(row[8]),
        created if created.__class__ is str else _stamp(created),
        int(row[10]),
        None if row[11] is None else str(row[11]),
    )


def document_relations(store: Store, document_id: int) -> list[RelationRecord]:
    """Every relation of a document, in id order (the order they were made)."""
    rows = store.execute(
        f'SELECT {_COLUMNS} FROM "relation" WHERE document_id = ? ORDER BY id', (document_id,)
    ).fetchall()
    return [_record(row) for row in rows]


def relations_touching(store: Store, span_ids: Iterable[int]) -> list[RelationRecord]:
    """The relations whose head or child is one of these spans, in id order."""
    wanted = sorted(set(span_ids))
    found: dict[int, RelationRecord] = {}
    for first in range(0, len(wanted), _CHUNK):
        chunk = wanted[first : first + _CHUNK]
        places = marks(len(chunk))
        for row in store.execute(
            f'SELECT {_COLUMNS} FROM "relation" '
            f"WHERE head_span_id IN ({places}) OR child_span_id IN ({places})",
            [*chunk, *chunk],
        ).fetchall():
            found[int(row[0])] = _record(row)
    return [found[i] for i in sorted(found)]


def relations_with_ids(store: Store, relation_ids: Collection[int]) -> list[RelationRecord]:
    """The relations with these ids that exist, in id order."""
    wanted = sorted(set(relation_ids))
    found: list[RelationRecord] = []
    for first in range(0, len(wanted), _CHUNK):
        chunk = wanted[first : first + _CHUNK]
        found += [
            _record(row)
            for row in store.execute(
                f'SELECT {_COLUMNS} FROM "relation" WHERE id IN ({marks(len(chunk))}) ORDER BY id',
                chunk,
            ).fetchall()
        ]
    return found


@dataclass(frozen=True)
class ListedRelation:
    """A relation as `tagdesk relations list` shows it: its type by name, its spans by text."""

    record: RelationRecord
    type_name: str
    head_label: str
    head_text: str
    child_label: str
    child_text: str
    directed: bool = True


def listed_relations(store: Store, document_id: int | None = None) -> list[ListedRelation]:
    """Every relation (or a document's), in document and id order, with its spans' texts."""
    columns = ", ".join(f"r.{name.strip()}" for name in _COLUMNS.split(","))
    where, params = (
        ("WHERE r.document_id = ? ", [document_id]) if document_id is not None else ("", [])
    )
    rows = store.execute(
        f"SELECT {columns}, t.name, hl.name, "
        'substr(d.text, hs."start" + 1, hs."end" - hs."start"), cl.name, '
        'substr(d.text, cs."start" + 1, cs."end" - cs."start"), t.directed '
        'FROM "relation" r JOIN "relation_type" t ON t.id = r.type_id '
        'JOIN "document" d ON d.id = r.document_id '
        'JOIN span hs ON hs.id = r.head_span_id JOIN "label" hl ON hl.id = hs.label_id '
        'JOIN span cs ON cs.id = r.child_span_id JOIN "label" cl ON cl.id = cs.label_id '
        f"{where}ORDER BY r.document_id, r.id",
        params,
    ).fetchall()
    return [
        ListedRelation(
            _record(row[:12]),
            type_name=str(row[12]),
            head_label=str(row[13]),
            head_text=str(row[14]),
            child_label=str(row[15]),
            child_text=str(row[16]),
            directed=bool(row[17]),
        )
        for row in rows
    ]


def take_relation_ids(store: Store, count: int = 1) -> list[int]:
    """Ids for relations the current transaction is about to write (bulk.take_ids)."""
    return take_ids(store, "relation", count)


def apply_relation_states(
    store: Store, states: Sequence[RelationState], *, replacing: Sequence[RelationState]
) -> dict[int, int]:
    """Make each relation match its state; returns each written relation's new version.

    `replacing` holds the states the write expects to find, each with the
    version it was read at. A relation another window or program changed,
    deleted or put back since is left as it is, and the whole write refused
    (ChangedSinceError); a row under the id that is another relation (left by
    a program that reused the id) is neither overwritten nor deleted. Removals
    go first, so a state that puts a relation back never meets the one it replaces.
    """
    versions: dict[int, int] = {}
    expected = dict(replacing)
    now = utcnow()
    ordered = sorted(states, key=lambda state: state[1] is not None)
    with store.write_transaction():
        for relation_id, record in ordered:
            seen = expected.get(relation_id)
            stored = _stored(store, relation_id, record or seen)
            if relation_id in expected:
                _refuse_if_changed(store, relation_id, seen, stored, record)
            if record is None:
                if stored is not None:
                    Relation.delete().where(Relation.id == relation_id).execute(store.db)
                continue
            fields = {
                "document": record.document_id,
                "type": record.type_id,
                "head_span": record.head,
                "child_span": record.child,
                "status": record.status,
                "source": record.source,
                "note": record.note,
                "annotator": record.annotator,
                "meta": record.meta,
                "updated_at": now,
            }
            if stored is None:
                versions[relation_id] = max(record.version, 1)
                Relation.insert(
                    id=relation_id,
                    created_at=record.created_at or now,
                    version=versions[relation_id],
                    **fields,
                ).execute(store.db)
            else:
                versions[relation_id] = stored[1] + 1
                Relation.update(version=versions[relation_id], **fields).where(
                    Relation.id == relation_id
                ).execute(store.db)
    return versions


def _stored(
    store: Store, relation_id: int, relation: RelationRecord | None
) -> tuple[int, int] | None:
    """The document and version of the row under `relation_id`, if that row is `relation`;
    raises if it is another."""
    row = store.execute(
        'SELECT document_id, created_at, version FROM "relation" WHERE id = ?', (relation_id,)
    ).fetchone()
    if row is None:
        return None
    document_id, created = int(row[0]), _stamp(row[1])
    if relation is not None and (
        document_id != relation.document_id
        or (relation.created_at and created != relation.created_at)
    ):
        raise StoreError(
            f"{store.location}: cannot save (relation {relation_id} of document "
            f"{relation.document_id} has been replaced by another relation, in document "
            f"{document_id}, written by a program that reused its id): that relation is left "
            "as it is; nothing was saved"
        )
    return document_id, int(row[2])


def _refuse_if_changed(
    store: Store,
    relation_id: int,
    seen: RelationRecord | None,
    stored: tuple[int, int] | None,
    record: RelationRecord | None,
) -> None:
    """Raise unless the row is as the write expects it: at the version seen, or absent
    (or there already at the very version being put back: nothing is lost)."""
    if seen is None:
        if stored is None or (record is not None and stored[1] == record.version):
            return
        document_id = stored[0]
    elif stored is not None and stored[1] == seen.version:
        return
    else:
        document_id = seen.document_id
    raise ChangedSinceError(store.location, "relation", relation_id, f" of document {document_id}")


def _stamp(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value or "")
