"""The entity network's figures (core/entity_network.py), read from the linked spans."""

from __future__ import annotations

from collections.abc import Collection

from tagdesk.core.entity_network import EntityNetwork, EntityNode, co_occurrences
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.entity_mentions import EntityMention, entity_mentions

NODES_SHOWN = 60  # the most mentioned entities; a drawing of more is a hairball


def entity_network(
    store: Store,
    *,
    labels: Collection[str] | None = None,
    tag: str | None = None,
    limit: int = NODES_SHOWN,
) -> EntityNetwork:
    """Entities of `labels` (all for None) mentioned in documents tagged `tag` (all for None).

    Rejected spans mention nothing. Past `limit`, the least mentioned
    entities are left out (ties: the later id), and their edges with them.
    """
    sql = (
        "SELECT s.document_id, s.entity_id, e.name, l.name FROM span s "
        "JOIN entity e ON e.id = s.entity_id JOIN label l ON l.id = e.label_id "
        "WHERE s.entity_id IS NOT NULL AND s.status <> 'rejected'"
    )
    params: list[object] = []
    if labels is not None:
        chosen = list(labels)
        sql += f" AND l.name IN ({marks(len(chosen))})" if chosen else " AND 0 = 1"
        params += chosen
    if tag is not None:
        sql += (
            " AND s.document_id IN (SELECT dt.document_id FROM document_tag dt "
            "JOIN tag t ON t.id = dt.tag_id WHERE t.name = ?)"
        )
        params.append(tag)
    mentions: dict[int, int] = {}
    named: dict[int, tuple[str, str]] = {}
    per_document: dict[int, set[int]] = {}
    for document_id, entity_id, name, label in store.execute(sql, params):
        mentions[entity_id] = mentions.get(entity_id, 0) + 1
        named[entity_id] = (name, label)
        per_document.setdefault(document_id, set()).add(entity_id)
    ranked = sorted(mentions, key=lambda entity_id: (-mentions[entity_id], entity_id))
    kept = set(ranked[:limit])
    documents: dict[int, int] = {}
    for entity_ids in per_document.values():
        for entity_id in entity_ids:
            documents[entity_id] = documents.get(entity_id, 0) + 1
    edges = co_occurrences(ids & kept for ids in per_document.values())
    return EntityNetwork(
        nodes={
            entity_id: EntityNode(
                entity_id, *named[entity_id], mentions[entity_id], documents[entity_id]
            )
            for entity_id in sorted(kept)
        },
        edges=dict(sorted(edges.items())),
        left_out=len(ranked) - len(kept),
    )


def mentions_in(store: Store, entity_id: int, tag: str | None = None) -> list[EntityMention]:
    """The entity's mentions not rejected, in documents tagged `tag` (all for None)."""
    found = [m for m in entity_mentions(store, entity_id) if m.status != "rejected"]
    if tag is None:
        return found
    tagged = {
        row[0]
        for row in store.execute(
            "SELECT dt.document_id FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
            "WHERE t.name = ?",
            (tag,),
        )
    }
    return [m for m in found if m.document_id in tagged]
