"""Several entities made one in one step: the Entities panel merges a whole selection.

store.entity_actions.merge joins two; merging three by it would be two undo steps,
and undoing one of them leaves a half-merged registry. This builds the same change
for any number: every mention, name, alias and key of the merged entities goes to
the one kept, and the merged keys stay as its former keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tagdesk.core.changes import NOTHING, ChangeReport
from tagdesk.core.errors import TagdeskError
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.database import Store
from tagdesk.store.entities import linked_spans
from tagdesk.store.entity_actions import aliases_of, find


def merge_many(store: Store, kept_key: str, merged_keys: Sequence[str]) -> ChangeSet:
    """The change-set that merges every entity of `merged_keys` into `kept_key`."""
    kept = find(store, kept_key)
    merged = []
    for key in merged_keys:
        entity = find(store, key)
        if entity.id == kept.id or entity in merged:
            raise TagdeskError(f"{key} is named twice in one merge ({kept.key})")
        if entity.label_id != kept.label_id:
            raise TagdeskError(
                f"entities {kept.key} and {entity.key} have different labels; only entities "
                "of one label can be one entity"
            )
        merged.append(entity)
    if not merged:
        raise TagdeskError(f"name the entities to merge into {kept.key}")
    spellings = list(kept.aliases)
    former = set(kept.former_keys)
    for entity in merged:
        spellings += [entity.name, *entity.aliases]
        former |= {entity.key, *entity.former_keys}
    after = replace(
        kept,
        aliases=aliases_of(spellings, kept.name),
        former_keys=tuple(sorted(former)),
        description=kept.description or next((e.description for e in merged if e.description), ""),
        external_id=kept.external_id or next((e.external_id for e in merged if e.external_id), ""),
    )
    mentions = linked_spans(store, [entity.id for entity in merged])
    names = ", ".join(entity.name for entity in merged)
    return ChangeSet(
        f"Merge {names} into {kept.name}",
        spans_before=tuple((span.id, span) for span in mentions),
        spans_after=tuple((span.id, replace(span, entity_id=kept.id)) for span in mentions),
        entities_before=((kept.id, kept), *((entity.id, entity) for entity in merged)),
        entities_after=((kept.id, after), *((entity.id, None) for entity in merged)),
    )


def merge_entities_into(
    store: Store, history: History, kept_key: str, merged_keys: Sequence[str]
) -> ChangeReport:
    """Merge several entities into one as one undoable step of `history`."""
    done = history.do(store, lambda: merge_many(store, kept_key, merged_keys))
    return NOTHING if done is None else done[1]
