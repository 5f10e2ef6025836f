"""What an analyst does to entities, each built as one change-set (undo and redo exact).

Each function runs inside the transaction of `History.do` (store.operations
calls it as the change-set's build), reads what it changes, checks it, and
returns the states before and after: of the entities created, edited or
merged away, and of the spans whose link moves. Nothing is written here;
the change-set writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tagdesk.core.entities import (
    EntityRecord,
    external_id_problem,
    key_problem,
    name_problem,
)
from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import SpanRecord
from tagdesk.core.wording import counted
from tagdesk.store.change_sets import ChangeSet
from tagdesk.store.database import Store
from tagdesk.store.entities import (
    entities,
    entity,
    entity_id_for_key,
    key_taken,
    linked_spans,
    new_key,
    spans_with_ids,
    take_entity_ids,
)
from tagdesk.store.models import utcnow


@dataclass(frozen=True)
class EntityDraft:
    """A new entity as the analyst (or `entities link --auto`) describes it."""

    name: str
    label_id: int
    aliases: tuple[str, ...] = ()
    description: str = ""
    external_id: str = ""
    key: str = ""  # "" makes one from the name and id (core.entities)


def find(store: Store, key: str) -> EntityRecord:
    """The entity a key names (its own or a former one), or a one-line refusal."""
    entity_id = entity_id_for_key(store, key)
    found = None if entity_id is None else entity(store, entity_id)
    if found is None:
        raise TagdeskError(f"no entity with the key {key!r} (tagdesk entities list shows them)")
    return found


def create(store: Store, draft: EntityDraft, entity_id: int = 0) -> ChangeSet:
    """`entity_id`: one taken already (take_entity_ids), for several entities in one change."""
    _check_fields(draft.name, draft.aliases, draft.external_id)
    _check_label(store, draft.label_id)
    if draft.key:
        problem = key_problem(draft.key)
        if problem:
            raise TagdeskError(problem)
        if key_taken(store, draft.key):
            raise TagdeskError(f"the key {draft.key!r} names another entity already")
    entity_id = entity_id or take_entity_ids(store)[0]
    record = EntityRecord(
        id=entity_id,
        key=draft.key or new_key(store, draft.name, entity_id),
        name=draft.name,
        label_id=draft.label_id,
        description=draft.description,
        external_id=draft.external_id,
        aliases=aliases_of(draft.aliases, draft.name),
        created_at=str(utcnow()),
    )
    return ChangeSet(
        f"Create entity {draft.name}",
        entities_before=((entity_id, None),),
        entities_after=((entity_id, record),),
    )


def edit(store: Store, changed: EntityRecord) -> ChangeSet | None:
    """Name, aliases, description and external id; the key never changes, nor, while spans
    link to it, the label."""
    current = entity(store, changed.id)
    if current is None:
        raise TagdeskError(f"no entity {changed.id}")
    if changed.key != current.key or changed.former_keys != current.former_keys:
        raise TagdeskError(f"entity {current.key}: a key never changes (exports name it)")
    _check_fields(changed.name, changed.aliases, changed.external_id)
    if changed.label_id != current.label_id:
        _check_label(store, changed.label_id)
        mentions = linked_spans(store, [current.id])
        if mentions:
            raise TagdeskError(
                f"entity {current.key}: its label cannot change while "
                f"{counted(len(mentions), 'span')} of its label link to it; unlink them first"
            )
    record = replace(
        changed,
        aliases=aliases_of(changed.aliases, changed.name),
        created_at=current.created_at,
    )
    if record == current:
        return None
    return ChangeSet(
        f"Edit entity {current.name}",
        entities_before=((current.id, current),),
        entities_after=((current.id, record),),
    )


def link(store: Store, span_ids: Iterable[int], entity_id: int) -> ChangeSet | None:
    target = entity(store, entity_id)
    if target is None:
        raise TagdeskError(f"no entity {entity_id}")
    spans = spans_with_ids(store, span_ids)
    for span in spans:
        if span.label_id != target.label_id:
            raise TagdeskError(
                f"span {span.id} has another label than entity {target.key}: a span links "
                "only to an entity of its own label"
            )
    moved = [span for span in spans if span.entity_id != target.id]
    if not moved:
        return None
    return _relinked(f"Link to {target.name}", moved, target.id)


def unlink(store: Store, span_ids: Iterable[int]) -> ChangeSet | None:
    moved = [span for span in spans_with_ids(store, span_ids) if span.entity_id is not None]
    if not moved:
        return None
    return _relinked("Unlink", moved, None)


def merge(store: Store, kept_key: str, merged_key: str) -> ChangeSet:
    """`merged` joins `kept`: its mentions, name and aliases become `kept`'s, and its key a
    former key of `kept`, so a file exported before the merge still names an entity."""
    kept, merged = find(store, kept_key), find(store, merged_key)
    if kept.id == merged.id:
        raise TagdeskError(f"{kept_key} and {merged_key} are one entity already ({kept.key})")
    if kept.label_id != merged.label_id:
        raise TagdeskError(
            f"entities {kept.key} and {merged.key} have different labels; only entities of "
            "one label can be one entity"
        )
    after = replace(
        kept,
        aliases=aliases_of((*kept.aliases, merged.name, *merged.aliases), kept.name),
        former_keys=tuple(sorted({*kept.former_keys, merged.key, *merged.former_keys})),
        description=kept.description or merged.description,
        external_id=kept.external_id or merged.external_id,
    )
    mentions = linked_spans(store, [merged.id])
    change = _relinked(f"Merge {merged.name} into {kept.name}", mentions, kept.id)
    return replace(
        change,
        entities_before=((kept.id, kept), (merged.id, merged)),
        entities_after=((kept.id, after), (merged.id, None)),
    )


def split(
    store: Store,
    key: str,
    *,
    span_ids: Sequence[int] = (),
    aliases: Sequence[str] = (),
    name: str = "",
) -> tuple[ChangeSet, EntityRecord]:
    """Some mentions and aliases of an entity become a new entity of its label.

    The new entity's name is `name`, else the first alias moved, else the
    text of the first mention moved.
    """
    source = find(store, key)
    if not span_ids and not aliases:
        raise TagdeskError(f"entity {source.key}: name the mentions or aliases to split off")
    spans = spans_with_ids(store, span_ids)
    for span in spans:
        if span.entity_id != source.id:
            raise TagdeskError(f"span {span.id} does not link to entity {source.key}")
    unknown = [alias for alias in aliases if alias not in source.aliases]
    if unknown:
        raise TagdeskError(f"entity {source.key} has no alias {unknown[0]!r}")
    new_name = name or (aliases[0] if aliases else _mention_text(store, spans[0]))
    _check_fields(new_name, tuple(aliases), "")
    (entity_id,) = take_entity_ids(store)
    split_off = EntityRecord(
        id=entity_id,
        key=new_key(store, new_name, entity_id),
        name=new_name,
        label_id=source.label_id,
        aliases=aliases_of(aliases, new_name),
        created_at=str(utcnow()),
    )
    kept = replace(source, aliases=tuple(a for a in source.aliases if a not in set(aliases)))
    change = _relinked(f"Split {new_name} from {source.name}", spans, entity_id)
    change = replace(
        change,
        entities_before=((source.id, source), (entity_id, None)),
        entities_after=((source.id, kept), (entity_id, split_off)),
    )
    return change, split_off


def apply_plan(
    store: Store,
    links: dict[int, int],
    new: Sequence[tuple[EntityDraft, Sequence[int]]],
) -> ChangeSet | None:
    """Links to known entities (span id -> entity id) and new entities with their mentions,
    as one change-set: `tagdesk entities link --auto` is one undoable step."""
    created: list[EntityRecord] = []
    wanted: dict[int, int] = dict(links)
    ids = take_entity_ids(store, len(new)) if new else []
    for (draft, mentions), entity_id in zip(new, ids, strict=True):
        change = create(store, draft, entity_id)
        ((_, record),) = change.entities_after
        assert record is not None
        created.append(record)
        wanted.update(dict.fromkeys(mentions, entity_id))
    targets = {record.id: record for record in entities(store, set(links.values()))}
    targets.update({record.id: record for record in created})
    spans = spans_with_ids(store, wanted)
    before, after = [], []
    for span in spans:
        target = targets.get(wanted[span.id])
        if target is None:
            raise TagdeskError(f"no entity {wanted[span.id]}")
        if span.label_id != target.label_id:
            raise TagdeskError(
                f"span {span.id} has another label than entity {target.key}: a span links "
                "only to an entity of its own label"
            )
        if span.entity_id != target.id:
            before.append((span.id, span))
            after.append((span.id, replace(span, entity_id=target.id)))
    if not before and not created:
        return None
    return ChangeSet(
        "Link entities",
        spans_before=tuple(before),
        spans_after=tuple(after),
        entities_before=tuple((record.id, None) for record in created),
        entities_after=tuple((record.id, record) for record in created),
    )


def aliases_of(spellings: Iterable[str], name: str) -> tuple[str, ...]:
    """Aliases as they are kept: each once, sorted, without the name itself."""
    return tuple(sorted({spelling for spelling in spellings if spelling and spelling != name}))


def _relinked(text: str, spans: Sequence[SpanRecord], entity_id: int | None) -> ChangeSet:
    return ChangeSet(
        text,
        spans_before=tuple((span.id, span) for span in spans),
        spans_after=tuple((span.id, replace(span, entity_id=entity_id)) for span in spans),
    )


def _mention_text(store: Store, span: SpanRecord) -> str:
    row = store.execute('SELECT text FROM "document" WHERE id = ?', (span.document_id,)).fetchone()
    return str(row[0][span.start : span.end]).strip()


def _check_fields(name: str, aliases: Sequence[str], external_id: str) -> None:
    problem = name_problem(name)
    problem = problem or next(
        filter(None, (name_problem(alias, "an alias") for alias in aliases)), None
    )
    problem = problem or external_id_problem(external_id)
    if problem:
        raise TagdeskError(problem)


def _check_label(store: Store, label_id: int) -> None:
    if store.execute("SELECT 1 FROM label WHERE id = ?", (label_id,)).fetchone() is None:
        raise TagdeskError(f"no label {label_id}")
