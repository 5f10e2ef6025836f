"""The entity registry: reading entities, and writing their states for undo and redo.

An entity is written as a state (an EntityRecord, or None for "absent"), as
spans are (store.editing): create, edit, merge, split, their undo and redo
all come down to `apply_entity_states`. A span's link to an entity is part
of the span's state (`SpanRecord.entity_id`), so deleting a span takes its
link with it and undoing the delete brings both back. The actions that
build these states, each one change-set, are in store.entity_actions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from tagdesk.core.entities import EntityRecord, EntityState, EntitySummary, slug
from tagdesk.core.errors import StoreError
from tagdesk.core.records import SpanRecord
from tagdesk.store.bulk import take_ids
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.editing import document_spans
from tagdesk.store.models import Entity, EntityAlias, EntityFormerKey, utcnow

_CHUNK = 500
_COLUMNS = "id, key, name, label_id, description, external_id, created_at"


def entities(store: Store, entity_ids: Collection[int] | None = None) -> list[EntityRecord]:
    """Entities by id (every one when None), in id order, with aliases and former keys."""
    if entity_ids is None:
        rows = store.execute(f'SELECT {_COLUMNS} FROM "entity" ORDER BY id').fetchall()
    else:
        rows = []
        wanted = sorted(set(entity_ids))
        for first in range(0, len(wanted), _CHUNK):
            chunk = wanted[first : first + _CHUNK]
            rows += store.execute(
                f'SELECT {_COLUMNS} FROM "entity" WHERE id IN ({marks(len(chunk))}) ORDER BY id',
                chunk,
            ).fetchall()
    ids = [row[0] for row in rows]
    aliases = _names_of(store, "entity_alias", "alias", ids)
    former = _names_of(store, "entity_former_key", "key", ids)
    return [
        EntityRecord(
            id=row[0],
            key=row[1],
            name=row[2],
            label_id=row[3],
            description=row[4],
            external_id=row[5],
            aliases=tuple(sorted(aliases.get(row[0], ()))),
            former_keys=tuple(sorted(former.get(row[0], ()))),
            created_at=_stamp(row[6]),
        )
        for row in rows
    ]


def entity(store: Store, entity_id: int) -> EntityRecord | None:
    found = entities(store, [entity_id])
    return found[0] if found else None


def _names_of(store: Store, table: str, column: str, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        for entity_id, name in store.execute(
            f'SELECT entity_id, "{column}" FROM "{table}" WHERE entity_id IN ({marks(len(chunk))})',
            chunk,
        ).fetchall():
            found[entity_id].append(name)
    return found


def entity_id_for_key(store: Store, key: str) -> int | None:
    """The entity a key names: its own, or one merged into it (a former key)."""
    row = store.execute('SELECT id FROM "entity" WHERE key = ?', (key,)).fetchone()
    if row is None:
        row = store.execute(
            'SELECT entity_id FROM "entity_former_key" WHERE key = ?', (key,)
        ).fetchone()
    return None if row is None else int(row[0])


def key_taken(store: Store, key: str) -> bool:
    return entity_id_for_key(store, key) is not None


def new_key(store: Store, name: str, entity_id: int) -> str:
    """`slug-ID`: the id is never handed out again, so neither is the key (an imported key
    that happens to be the same makes it `slug-ID-2`)."""
    key = f"{slug(name)}-{entity_id}"
    number = 1
    candidate = key
    while key_taken(store, candidate):
        number += 1
        candidate = f"{key}-{number}"
    return candidate


def take_entity_ids(store: Store, count: int = 1) -> list[int]:
    """Ids for entities the current transaction is about to write (bulk.take_ids)."""
    return take_ids(store, "entity", count)


def summaries(store: Store) -> list[EntitySummary]:
    """Every entity with its label's name, its mentions (spans not rejected) and their documents."""
    counted = {
        row[0]: (int(row[1]), int(row[2]))
        for row in store.execute(
            "SELECT entity_id, COUNT(*), COUNT(DISTINCT document_id) FROM span "
            "WHERE entity_id IS NOT NULL AND status != 'rejected' GROUP BY entity_id"
        ).fetchall()
    }
    labels = dict(store.execute("SELECT id, name FROM label").fetchall())
    return [
        EntitySummary(record, labels[record.label_id], *counted.get(record.id, (0, 0)))
        for record in entities(store)
    ]


def linked_spans(store: Store, entity_ids: Collection[int]) -> list[SpanRecord]:
    """Every span linked to one of these entities, in id order."""
    if not entity_ids:
        return []
    ids = list(entity_ids)
    documents = [
        row[0]
        for row in store.execute(
            f"SELECT DISTINCT document_id FROM span WHERE entity_id IN ({marks(len(ids))})", ids
        ).fetchall()
    ]
    wanted = set(ids)
    return sorted(
        (span for doc in documents for span in document_spans(store, doc)
         if span.entity_id in wanted),
        key=lambda span: span.id,
    )  # fmt: skip


def spans_with_ids(store: Store, span_ids: Iterable[int]) -> list[SpanRecord]:
    """The spans with these ids, in id order; a missing id is refused in one line."""
    wanted = set(span_ids)
    documents: set[int] = set()
    listed = sorted(wanted)
    for first in range(0, len(listed), _CHUNK):
        chunk = listed[first : first + _CHUNK]
        documents.update(
            row[0]
            for row in store.execute(
                f"SELECT DISTINCT document_id FROM span WHERE id IN ({marks(len(chunk))})", chunk
            ).fetchall()
        )
    found = [span for doc in sorted(documents) for span in document_spans(store, doc)]
    kept = sorted((span for span in found if span.id in wanted), key=lambda span: span.id)
    missing = wanted - {span.id for span in kept}
    if missing:
        raise StoreError(f"{store.location}: no span {min(missing)}; nothing was changed")
    return kept


def apply_entity_states(
    store: Store,
    states: Sequence[EntityState],
    *,
    replacing: Sequence[EntityState],
    removing: bool,
) -> set[int]:
    """Write the entity states that are records (`removing` False) or remove those that are None.

    A change-set writes entities in two steps around its spans: entities
    that spans will link to exist before the spans are written, and
    entities no span may link to any more go after. As with spans, the row
    under an id must be that entity (same creation time) or nothing, and an
    entity changed by another writer since the state `replacing` expects is
    left as it is: the write fails as a whole. Returns the ids written.
    """
    expected = {entity_id: record for entity_id, record in replacing if record is not None}
    written: set[int] = set()
    now = utcnow()
    with store.write_transaction():
        for entity_id, record in states:
            if (record is None) != removing:
                continue
            stored = _stored(store, entity_id, record or expected.get(entity_id))
            if stored and entity_id in expected:
                _refuse_if_changed(store, expected[entity_id])
            written.add(entity_id)
            if record is None:
                if stored:
                    Entity.delete().where(Entity.id == entity_id).execute(store.db)
                continue
            fields = {
                "key": record.key,
                "name": record.name,
                "label": record.label_id,
                "description": record.description,
                "external_id": record.external_id,
                "updated_at": now,
            }
            if stored:
                Entity.update(**fields).where(Entity.id == entity_id).execute(store.db)
            else:
                Entity.insert(id=entity_id, created_at=record.created_at or now, **fields).execute(
                    store.db
                )
            EntityAlias.delete().where(EntityAlias.entity == entity_id).execute(store.db)
            EntityFormerKey.delete().where(EntityFormerKey.entity == entity_id).execute(store.db)
            for alias in record.aliases:
                EntityAlias.insert(entity=entity_id, alias=alias).execute(store.db)
            for key in record.former_keys:
                EntityFormerKey.insert(key=key, entity=entity_id).execute(store.db)
    return written


def _stored(store: Store, entity_id: int, entity: EntityRecord | None) -> bool:
    """Whether the row under `entity_id` is there; raises if it is another entity."""
    row = store.execute('SELECT created_at FROM "entity" WHERE id = ?', (entity_id,)).fetchone()
    if row is None:
        return False
    if entity is not None and entity.created_at and _stamp(row[0]) != entity.created_at:
        raise StoreError(
            f"{store.location}: cannot save (entity {entity_id}, {entity.key}, has been "
            "replaced by another entity, written by a program that reused its id): that "
            "entity is left as it is; nothing was saved"
        )
    return True


def _refuse_if_changed(store: Store, expected: EntityRecord) -> None:
    found = entity(store, expected.id)
    if found is None:
        return
    if found != expected:
        raise StoreError(
            f"{store.location}: cannot save (entity {expected.key} was changed by another "
            "window or program since): that entity is left as it is; nothing was saved"
        )


def _stamp(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value or "")


class EntityKeys:
    """Entity ids by key for an import: a key not known yet becomes an entity of the span's
    label, named as the file names it (else by the span's text), with its other spellings
    as aliases."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._known: dict[str, tuple[int, int]] = {}  # key -> entity id, label id
        self._spellings: dict[int, tuple[str, set[str]]] = {}  # new entity -> name, spellings
        self.added: list[int] = []

    def get(self, key: str, label_id: int, name: str, spelling: str) -> int:
        """The entity's id; raises LabelMismatchError when it is of another label."""
        found = self._known.get(key)
        if found is None:
            entity_id = entity_id_for_key(self.store, key)
            if entity_id is None:
                entity_id = self._create(key, label_id, name or spelling)
                found = (entity_id, label_id)
            else:
                row = self.store.execute(
                    "SELECT label_id FROM entity WHERE id = ?", (entity_id,)
                ).fetchone()
                found = (entity_id, int(row[0]))
            self._known[key] = found
        entity_id, entity_label = found
        if entity_label != label_id:
            raise LabelMismatchError(entity_label)
        if entity_id in self._spellings:
            self._spellings[entity_id][1].add(spelling)
        return entity_id

    def _create(self, key: str, label_id: int, name: str) -> int:
        now = utcnow()
        entity_id = int(
            Entity.insert(
                key=key, name=name, label=label_id, created_at=now, updated_at=now
            ).execute(self.store.db)
        )
        self._spellings[entity_id] = (name, set())
        self.added.append(entity_id)
        return entity_id

    def finish(self) -> None:
        """The spellings of each new entity's mentions, other than its name, as its aliases."""
        for entity_id, (name, spellings) in self._spellings.items():
            for alias in sorted(spellings - {name}):
                EntityAlias.insert(entity=entity_id, alias=alias).execute(self.store.db)


class LabelMismatchError(Exception):
    """An imported span names an entity of another label."""

    def __init__(self, label_id: int) -> None:
        super().__init__(label_id)
        self.label_id = label_id
