"""Which entity each unlinked mention names, for the whole corpus at once.

`plan_links` links a mention to an existing entity when it matches one in
full (core/name_matching.py) and no other, gathers the remaining mentions
into groups alike in full (one new entity each), and then places the
shorter mentions (a surname alone, an acronym) with the one bearer the
corpus has of them, or, when there are several, with the one their own
document names. Whatever it cannot place surely is left for the analyst.

Mentions are compared by their distinct spellings, which are looked up by
blocking keys, never pair by pair.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tagdesk.core import name_rules as rules
from tagdesk.core.name_matching import (
    CorpusNames,
    KnownEntity,
    Name,
    full_score,
    normalise,
    rank_candidates,
)

CONFIDENT: float = 0.9
"""The score from which a mention is linked without asking."""

__all__ = [
    "CONFIDENT",
    "CorpusNames",
    "KnownEntity",
    "LinkPlan",
    "Mention",
    "NewEntity",
    "plan_links",
    "rank_candidates",
]


@dataclass(frozen=True)
class Mention:
    """One span: its id, its text and label, and the document it is in."""

    key: int
    text: str
    label: str
    document_id: int


@dataclass(frozen=True)
class NewEntity:
    """An entity to create for mentions that belong together."""

    name: str
    label: str
    aliases: tuple[str, ...]
    mentions: tuple[int, ...]


@dataclass(frozen=True)
class LinkPlan:
    """What linking the corpus would do; nothing is written until the caller applies it."""

    links: dict[int, str] = field(default_factory=dict)
    new_entities: list[NewEntity] = field(default_factory=list)
    left: list[int] = field(default_factory=list)


FormKey = tuple[str, tuple[str, ...], str]


def _form_key(name: Name) -> FormKey:
    return name.label, name.words, name.acronym


@dataclass
class _Form:
    """One distinct spelling (after folding) and the mentions written so."""

    name: Name
    mentions: list[Mention] = field(default_factory=list)


class _Groups:
    """Union-find over form keys."""

    def __init__(self) -> None:
        self._parent: dict[FormKey, FormKey] = {}

    def find(self, key: FormKey) -> FormKey:
        parent = self._parent.setdefault(key, key)
        while parent != key:
            grand = self._parent[parent]
            self._parent[key] = grand
            key, parent = parent, grand
        return key

    def join(self, one: FormKey, other: FormKey) -> None:
        one, other = self.find(one), self.find(other)
        if one != other:
            self._parent[max(one, other)] = min(one, other)


def _match_keys(name: Name) -> list[tuple[str, tuple[str, ...]]]:
    """Keys of the names `name` can match in full: its block, and its initials for prefixes."""
    keys = [name.block]
    if not name.acronym:
        keys.append(name.joined_block)
    if name.label in rules.PLURAL_LABELS and len(name.words) >= rules.PREFIX_MIN_WORDS:
        keys += [(name.label, ("^" + initials,)) for initials in name.initials]
    return keys


def plan_links(mentions: Sequence[Mention], entities: Sequence[KnownEntity]) -> LinkPlan:
    """Place every mention: linked to an entity, in a new entity, or left for the analyst."""
    forms, left = _gather(mentions)
    corpus = CorpusNames.build(entities)
    for form in forms.values():
        corpus.add(form.name)
    linked_form, unlinked, ambiguous = _link_in_full(forms, entities)
    left += ambiguous
    component_of = _group(forms, unlinked)
    partial_targets = _partial_targets(forms, unlinked, component_of, linked_form, corpus)

    # Where each target (an entity key, or a component of unlinked forms) is named in full.
    documents: dict[str | FormKey, set[int]] = defaultdict(set)
    for key, owner in linked_form.items():
        documents[owner].update(mention.document_id for mention in forms[key].mentions)
    for key in unlinked:
        if component_of[key] not in partial_targets:
            documents[component_of[key]].update(m.document_id for m in forms[key].mentions)

    links: dict[int, str] = {}
    for key, owner in linked_form.items():
        for mention in forms[key].mentions:
            links[mention.key] = owner
    members: dict[FormKey, list[Mention]] = defaultdict(list)
    parts: list[FormKey] = []
    for key in unlinked:
        if component_of[key] in partial_targets:
            parts.append(key)
        else:
            members[component_of[key]].extend(forms[key].mentions)
    # Longer parts first, so that a document where "Ali Khamenei" was placed counts
    # as naming that bearer when "Khamenei" alone is placed after it.
    parts.sort(key=lambda key: -len(key[1]))
    for key in parts:
        for mention in forms[key].mentions:
            chosen = _choose(partial_targets[component_of[key]], documents, mention.document_id)
            if chosen is None or (not isinstance(chosen, str) and chosen in partial_targets):
                left.append(mention.key)
                continue
            documents[chosen].add(mention.document_id)
            if isinstance(chosen, str):
                links[mention.key] = chosen
            else:
                members[chosen].append(mention)

    new_entities = [_new_entity(component, found) for component, found in members.items()]
    new_entities.sort(key=lambda entity: min(entity.mentions))
    return LinkPlan(links=links, new_entities=new_entities, left=sorted(left))


def _gather(mentions: Sequence[Mention]) -> tuple[dict[FormKey, _Form], list[int]]:
    """The mentions by distinct folded spelling; those with nothing of a name left apart."""
    forms: dict[FormKey, _Form] = {}
    empty: list[int] = []
    for mention in mentions:
        name = normalise(mention.text, mention.label)
        if not name.words:
            empty.append(mention.key)
            continue
        key = _form_key(name)
        form = forms.get(key)
        if form is None:
            form = forms[key] = _Form(name)
        form.mentions.append(mention)
    return forms, empty


def _link_in_full(
    forms: dict[FormKey, _Form], entities: Sequence[KnownEntity]
) -> tuple[dict[FormKey, str], list[FormKey], list[int]]:
    """Spellings that match exactly one entity in full; the rest; mentions matching several."""
    known: dict[tuple[str, tuple[str, ...]], list[tuple[Name, str]]] = defaultdict(list)
    for entity in entities:
        for spelling in (entity.name, *entity.aliases):
            name = normalise(spelling, entity.label)
            if name.words:
                for match_key in _match_keys(name):
                    known[match_key].append((name, entity.key))
    linked: dict[FormKey, str] = {}
    unlinked: list[FormKey] = []
    ambiguous: list[int] = []
    for key, form in forms.items():
        best: dict[str, float] = {}
        for match_key in _match_keys(form.name):
            for name, owner in known.get(match_key, ()):
                best[owner] = max(best.get(owner, 0.0), full_score(form.name, name))
        sure = [owner for owner, score in best.items() if score >= CONFIDENT]
        if len(sure) == 1:
            linked[key] = sure[0]
        elif sure:
            ambiguous.extend(mention.key for mention in form.mentions)
        else:
            unlinked.append(key)
    return linked, unlinked, ambiguous


def _group(forms: dict[FormKey, _Form], unlinked: list[FormKey]) -> dict[FormKey, FormKey]:
    """Each unlinked spelling's group of spellings alike in full, compared within blocks."""
    groups = _Groups()
    blocks: dict[tuple[str, tuple[str, ...]], list[FormKey]] = defaultdict(list)
    for key in unlinked:
        groups.find(key)
        for match_key in _match_keys(forms[key].name):
            blocks[match_key].append(key)
    for block in blocks.values():
        for index, one in enumerate(block):
            for other in block[index + 1 :]:
                if full_score(forms[one].name, forms[other].name) >= CONFIDENT:
                    groups.join(one, other)
    return {key: groups.find(key) for key in unlinked}


def _partial_targets(
    forms: dict[FormKey, _Form],
    unlinked: list[FormKey],
    component_of: dict[FormKey, FormKey],
    linked_form: dict[FormKey, str],
    corpus: CorpusNames,
) -> dict[FormKey, list[str | FormKey]]:
    """For each group of parts (a surname alone, an acronym), the bearers it may stand for.

    A bearer is an entity (its key), or a group of unlinked spellings that names
    it in full. A longer name that is itself a part of a longer one ("Mahdi
    al-Muhandis") is no bearer of its own.
    """
    wholes = {key: corpus.wholes_of(forms[key].name) for key in unlinked}
    partial = {component_of[key] for key, found in wholes.items() if found}
    targets: dict[FormKey, list[str | FormKey]] = {}
    for key, found in wholes.items():
        if not found:
            continue
        chosen = targets.setdefault(component_of[key], [])
        for name, owner in found:
            target = owner or _target_of(component_of, linked_form, name)
            if target is None or target in chosen:
                continue
            if isinstance(target, str) or target not in partial:
                chosen.append(target)
    return {component: chosen for component, chosen in targets.items() if chosen}


def _target_of(
    component_of: dict[FormKey, FormKey], linked_form: dict[FormKey, str], name: Name
) -> str | FormKey | None:
    """The entity or group a mention's spelling went to; None when it was left."""
    key = _form_key(name)
    if key in linked_form:
        return linked_form[key]
    return component_of.get(key)


def _choose(
    targets: list[str | FormKey], documents: dict[str | FormKey, set[int]], document_id: int
) -> str | FormKey | None:
    """The one bearer of a part: in the corpus, or else in the mention's own document."""
    if len(targets) == 1:
        return targets[0]
    here = [target for target in targets if document_id in documents.get(target, ())]
    return here[0] if len(here) == 1 else None


def _new_entity(component: FormKey, found: list[Mention]) -> NewEntity:
    """Named by its most common spelling of more than one word, without titles.

    A surname or acronym alone names the entity only when it has no longer
    spelling; the other spellings become its aliases.
    """
    spellings: Counter[str] = Counter()
    words: dict[str, int] = {}
    for mention in found:
        name = normalise(mention.text, mention.label)
        spellings[name.shown] += 1
        words[name.shown] = len(name.words)
    fullest = max(words.values())
    candidates = [shown for shown in spellings if words[shown] >= min(2, fullest)]
    best = max(
        candidates,
        key=lambda shown: (spellings[shown], words[shown], shown != shown.lower(), shown),
    )
    aliases: list[str] = []
    seen = {best.casefold()}
    for shown, _count in sorted(spellings.items(), key=lambda item: (-item[1], item[0])):
        if shown.casefold() not in seen:
            seen.add(shown.casefold())
            aliases.append(shown)
    return NewEntity(
        name=best,
        label=component[0],
        aliases=tuple(aliases),
        mentions=tuple(sorted(mention.key for mention in found)),
    )
