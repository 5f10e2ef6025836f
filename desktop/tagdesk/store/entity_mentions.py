"""What the window's Entities panel reads: an entity's mentions across the corpus, and the
plan `link --auto` would write, read in a worker thread and written later as one step.

Reading the plan is split from writing it (store.entity_linking.link_corpus does both in
one transaction) so that the matching, which takes seconds on a large corpus, runs off
the window's thread; the window drops a plan read before a change it has seen since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tagdesk.core.entity_clusters import plan_links
from tagdesk.store.database import Store
from tagdesk.store.entities import entities
from tagdesk.store.entity_actions import EntityDraft, aliases_of
from tagdesk.store.entity_linking import LeftMention, known_entities, unlinked_mentions


@dataclass(frozen=True)
class EntityMention:
    """One span linked to an entity, with where it is and what it says."""

    span_id: int
    document_id: int
    title: str
    start: int
    end: int
    text: str
    status: str


def entity_mentions(store: Store, entity_id: int) -> list[EntityMention]:
    """The spans linked to an entity, rejected ones included, by document and position."""
    rows = store.execute(
        'SELECT s.id, s.document_id, d.title, s."start", s."end", s.status, d.text FROM span s '
        'JOIN "document" d ON d.id = s.document_id WHERE s.entity_id = ? '
        'ORDER BY s.document_id, s."start", s."end", s.id',
        (entity_id,),
    ).fetchall()
    return [
        EntityMention(
            span_id=row[0],
            document_id=row[1],
            title=row[2] or f"Document {row[1]}",
            start=row[3],
            end=row[4],
            text=str(row[6][row[3] : row[4]]),
            status=row[5],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PlannedLinks:
    """`link --auto`'s plan in the store's ids, ready for operations.apply_link_plan."""

    links: dict[int, int] = field(default_factory=dict)  # span id -> known entity id
    new: Sequence[tuple[EntityDraft, Sequence[int]]] = ()  # new entities and their spans
    left: Sequence[LeftMention] = ()  # spans the matcher could not place surely


def planned_links(store: Store) -> PlannedLinks:
    """What linking the whole corpus would write now; reads only (a worker thread runs it)."""
    with store.atomic():  # one snapshot of the mentions and the registry
        mentions = unlinked_mentions(store)
        known = entities(store)
        labels = dict(store.execute("SELECT name, id FROM label").fetchall())
        plan = plan_links(mentions, known_entities(store))
    by_key = {entity.key: entity.id for entity in known}
    shown = {mention.key: mention for mention in mentions}
    return PlannedLinks(
        links={span_id: by_key[key] for span_id, key in plan.links.items()},
        new=[
            (
                EntityDraft(
                    made.name, labels[made.label], aliases=aliases_of(made.aliases, made.name)
                ),
                made.mentions,
            )
            for made in plan.new_entities
        ],
        left=[
            LeftMention(
                span_id, shown[span_id].document_id, shown[span_id].text, shown[span_id].label
            )
            for span_id in sorted(plan.left)
        ],
    )
