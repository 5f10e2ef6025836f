"""Relations between the entities of a parsed Doc, from the rule table's patterns.

A rule relates two entities the pipeline found: the entity holding the
subject's head token and the one holding the object's. Nothing is proposed
when either token lies outside every entity, when both lie in one, when the
verb is negated ("did not attack"), or when the relation type's label
constraints refuse the pair (RelationTypeRecord.refusal). Subjects and
objects joined by "and" count one by one. This module reads a Doc's tokens
and never imports spaCy itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tagdesk.core.relations import RelationTypeRecord
from tagdesk.nlp.relation_rules import NounRule, PlaceRule, RuleTable, VerbRule

FoundRelation = tuple[int, int, str]  # head entity, child entity (positions in doc.ents), type
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


def doc_relations(
    doc: Any, rules: RuleTable, types: Mapping[str, RelationTypeRecord]
) -> list[FoundRelation]:
    """The relations the rules find in `doc`, each once, in the order found.

    `types` are the relation types by name; a rule whose type is not among
    them proposes nothing.
    """
    entities = list(doc.ents)
    labels = [entity.label_ for entity in entities]
    holder: dict[int, int] = {}
    for number, entity in enumerate(entities):
        for index in range(entity.start, entity.end):
            holder[index] = number
    found: dict[tuple[int, int, str], None] = {}

    def offer(type_name: str, heads: Iterable[Any], children: Iterable[Any]) -> None:
        kind = types.get(type_name)
        if kind is None:
            return
        for head_token in heads:
            for child_token in children:
                head, child = holder.get(head_token.i), holder.get(child_token.i)
                if head is None or child is None or head == child:
                    continue
                if kind.refusal(labels[head], labels[child]) is not None:
                    continue
                if not kind.directed and child < head:
                    head, child = child, head
                found[(head, child, type_name)] = None

    for token in doc:
        for verb_rule in rules.verbs:
            if token.pos_ in VERB_POS and token.lemma_.lower() in verb_rule.lemmas:
                for heads, children in _verb_pairs(token, verb_rule):
                    offer(verb_rule.type, heads, children)
        for noun_rule in rules.nouns:
            if token.pos_ in NOUN_POS and token.lemma_.lower() in noun_rule.lemmas:
                offer(noun_rule.type, _role_holders(token), _noun_objects(token, noun_rule))
        for place_rule in rules.places:
            if token.dep_ == "prep" and token.lower_ in place_rule.prepositions:
                places = [
                    place
                    for place in _expanded(_children(token, "pobj"))
                    if place.i in holder and labels[holder[place.i]] in place_rule.labels
                ]
                if places:
                    offer(
                        place_rule.type, _place_holders(token, holder, labels, place_rule), places
                    )
    return list(found)


def _verb_pairs(verb: Any, rule: VerbRule) -> Iterator[tuple[list[Any], list[Any]]]:
    """(subjects, objects) of a verb of the rule; for `together`, subjects with each other."""
    if _negated(verb):
        return
    passive = _is_passive(verb)
    subjects = _expanded(_agents(verb)) if passive else _expanded(_subjects(verb))
    objects: list[Any] = []
    for kind in rule.objects:
        if kind == "dobj":
            objects += _passive_subjects(verb) if passive else _children(verb, "dobj")
        else:
            objects += _prepositional_objects(verb, kind[5:])
    objects = _expanded(objects)
    if objects:
        yield subjects, objects
    elif rule.together and not passive and len(subjects) > 1:
        for number, first in enumerate(subjects):
            yield [first], subjects[number + 1 :]


def _subjects(verb: Any) -> list[Any]:
    """The active subject: its own, a relative clause's noun, or the verb it is joined to."""
    own = _children(verb, "nsubj")
    if own:
        if verb.dep_ == "relcl" and all(s.lower_ in RELATIVE_PRONOUNS for s in own):
            return [verb.head]
        return own
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "Soleimani, leading the Quds Force"
        return [verb.head]
    if verb.dep_ == "conj" and verb.head.pos_ in VERB_POS and not _is_passive(verb.head):
        return _children(verb.head, "nsubj")  # "X arrived and met Y"
    return []


def _passive_subjects(verb: Any) -> list[Any]:
    """What a passive verb was done to: its subject, or the noun a participle hangs on."""
    own = _children(verb, "nsubjpass")
    if own:
        if verb.dep_ == "relcl" and all(s.lower_ in RELATIVE_PRONOUNS for s in own):
            return [verb.head]
        return own
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the force commanded by X"
        return [verb.head]
    return []


def _agents(verb: Any) -> list[Any]:
    """Who did it, in the passive: the object of "by"."""
    return [obj for agent in _children(verb, "agent") for obj in _children(agent, "pobj")]


def _is_passive(verb: Any) -> bool:
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _negated(verb: Any) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _prepositional_objects(word: Any, preposition: str) -> list[Any]:
    return [
        obj
        for prep in word.children
        if prep.dep_ == "prep" and prep.lower_ == preposition
        for obj in _children(prep, "pobj")
    ]


def _role_holders(noun: Any) -> list[Any]:
    """Who holds a role noun: "X, the commander", "the commander, X", "commander X",
    "X is the commander"."""
    if noun.dep_ == "appos":
        return _expanded([noun.head])
    named = _children(noun, "appos")
    if named:
        return _expanded(named)
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        return [noun.head]
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return _expanded(_children(noun.head, "nsubj"))
    return []


def _noun_objects(noun: Any, rule: NounRule) -> list[Any]:
    objects: list[Any] = []
    for kind in rule.objects:
        if kind == "compound" and noun.is_lower:  # "Supreme Leader" is a title, not a role
            objects += _children(noun, "compound")
        else:
            objects += _prepositional_objects(noun, kind[5:])
    return _expanded(objects)


def _place_holders(
    prep: Any, holder: Mapping[int, int], labels: list[str], rule: PlaceRule
) -> list[Any]:
    """What is in the place: the entity the preposition hangs on, or its verb's subject."""
    attached = prep.head
    if attached.i in holder:
        allowed, found = rule.holders, [attached]
    elif attached.pos_ in VERB_POS and not _negated(attached):
        allowed = rule.subjects
        found = _passive_subjects(attached) if _is_passive(attached) else _subjects(attached)
        found = _expanded(found)
    else:
        return []
    return [
        token
        for token in found
        if token.i in holder and (not allowed or labels[holder[token.i]] in allowed)
    ]


def _children(token: Any, dep: str) -> list[Any]:
    return [child for child in token.children if child.dep_ == dep]


def _expanded(tokens: Iterable[Any]) -> list[Any]:
    """The tokens with the words joined to them by "and" ("Iran and the US")."""
    seen: dict[int, Any] = {}
    for token in tokens:
        seen.setdefault(token.i, token)
        for other in token.conjuncts:
            seen.setdefault(other.i, other)
    return [seen[i] for i in sorted(seen)]
