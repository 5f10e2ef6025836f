"""Linking a whole corpus: every unlinked span to an entity, where the matcher is sure.

The matching is core.entity_clusters' (plain Python): it places each
mention on a known entity, in a new entity with the mentions that belong
with it, or leaves it for the analyst. This module reads the mentions and
entities from the store and writes the plan as one change-set.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tagdesk.core.entity_clusters import KnownEntity, Mention, plan_links, rank_candidates
from tagdesk.core.name_rules import VALUE_LABELS
from tagdesk.core.wording import counted
from tagdesk.store import operations
from tagdesk.store.change_sets import History
from tagdesk.store.database import Store
from tagdesk.store.entities import entities
from tagdesk.store.entity_actions import EntityDraft, aliases_of


@dataclass(frozen=True)
class LeftMention:
    span_id: int
    document_id: int
    text: str
    label: str


@dataclass
class LinkSummary:
    """What `entities link --auto` did, and what it left for the analyst."""

    linked: int = 0  # spans linked to entities that were there before
    created: int = 0  # entities made for mentions that belong together
    linked_to_new: int = 0  # spans linked to those
    left: list[LeftMention] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"linked {counted(self.linked, 'span')} to known entities and "
            f"{counted(self.linked_to_new, 'span')} to {counted(self.created, 'new entity')}; "
            f"{counted(len(self.left), 'span')} left for the analyst"
        )


def unlinked_mentions(store: Store) -> list[Mention]:
    """Accepted and suggested spans that link to no entity yet, with the text they cover;
    spans of value labels (dates, amounts: core.name_rules.VALUE_LABELS) are not mentions."""
    rows = store.execute(
        'SELECT s.id, s.document_id, s."start", s."end", l.name FROM span s '
        "JOIN label l ON l.id = s.label_id WHERE s.entity_id IS NULL "
        "AND s.status IN ('accepted', 'suggested') ORDER BY s.document_id, s.id"
    ).fetchall()
    by_document: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for span_id, document_id, start, end, label in rows:
        if label not in VALUE_LABELS:  # a date or an amount names no entity
            by_document[document_id].append((span_id, start, end, label))
    mentions = []
    for document_id, spans in by_document.items():
        (text,) = store.execute(
            'SELECT text FROM "document" WHERE id = ?', (document_id,)
        ).fetchone()
        mentions += [
            Mention(span_id, text[start:end], label, document_id)
            for span_id, start, end, label in spans
        ]
    return mentions


def known_entities(store: Store) -> list[KnownEntity]:
    labels = dict(store.execute("SELECT id, name FROM label").fetchall())
    return [
        KnownEntity(entity.key, entity.name, labels[entity.label_id], entity.aliases)
        for entity in entities(store)
    ]


def candidates(store: Store, text: str, label: str) -> list[tuple[KnownEntity, float]]:
    """The entities a span's text may name, best first, with how surely."""
    return rank_candidates(text, label, known_entities(store))


def link_corpus(store: Store, history: History) -> LinkSummary:
    """Link every unlinked accepted or suggested span whose best candidate is confident,
    and make entities for groups of unlinked mentions that belong together; one step."""
    summary = LinkSummary()
    with store.write_transaction():  # what is read cannot change before the plan is written
        mentions = unlinked_mentions(store)
        known = entities(store)
        labels = dict(store.execute("SELECT name, id FROM label").fetchall())
        plan = plan_links(mentions, known_entities(store))
        by_key = {entity.key: entity.id for entity in known}
        links = {span_id: by_key[key] for span_id, key in plan.links.items()}
        new = [
            (
                EntityDraft(
                    made.name,
                    labels[made.label],
                    aliases=aliases_of(made.aliases, made.name),
                ),
                made.mentions,
            )
            for made in plan.new_entities
        ]
        operations.apply_link_plan(store, history, links, new)
    shown = {mention.key: mention for mention in mentions}
    summary.linked = len(links)
    summary.created = len(new)
    summary.linked_to_new = sum(len(mentions) for _, mentions in new)
    summary.left = [
        LeftMention(span_id, shown[span_id].document_id, shown[span_id].text, shown[span_id].label)
        for span_id in sorted(plan.left)
    ]
    return summary
