"""The table of dependency patterns that suggest relations, read from plain data.

resources/relation_rules.json holds three kinds of rule, each naming a
relation type:

- verbs: a verb whose lemma is listed joins its subject (head) to its object
  (child). `objects` says where the object is: `dobj` (the direct object, or
  the subject of the passive: "the force is commanded by X"), `prep:with`
  (the object of a preposition hanging on the verb). With `together`, the
  subjects of one verb joined by "and" are related to each other ("X and Y
  met").
- nouns: a role noun ("commander") set beside a name (apposition, a
  compound, or "X is the leader of Y") joins that name (head) to the noun's
  object: `prep:of` ("the commander of Y") or `compound` ("the Y commander").
- places: a preposition ("in", "at") whose object is an entity of one of
  `labels` joins what it hangs on to that place: the entity it hangs on, if
  labelled one of `holders` ("the Americans in Iraq"; an organisation's "in"
  is often part of its name, "the Islamic State in Iraq"), or the subject of
  the verb it hangs on, if labelled one of `subjects` ("X arrested them in
  Iraq"). Either list empty allows any label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tagdesk.core.errors import TagdeskError
from tagdesk.paths import resource_path

VERB_OBJECTS = ("dobj",)  # and "prep:WORD"
NOUN_OBJECTS = ("compound",)  # and "prep:WORD"


@dataclass(frozen=True)
class VerbRule:
    type: str
    lemmas: frozenset[str]
    objects: tuple[str, ...]
    together: bool = False


@dataclass(frozen=True)
class NounRule:
    type: str
    lemmas: frozenset[str]
    objects: tuple[str, ...]


@dataclass(frozen=True)
class PlaceRule:
    type: str
    prepositions: frozenset[str]
    labels: frozenset[str]  # what the place may be
    subjects: frozenset[str] = frozenset()  # a verb's subject in it ("X fought in Y"); empty: any
    holders: frozenset[str] = frozenset()  # an entity it hangs on ("X in Y"); empty: any


@dataclass(frozen=True)
class RuleTable:
    verbs: tuple[VerbRule, ...] = ()
    nouns: tuple[NounRule, ...] = ()
    places: tuple[PlaceRule, ...] = ()

    def type_names(self) -> set[str]:
        rules: tuple[VerbRule | NounRule | PlaceRule, ...] = (
            *self.verbs,
            *self.nouns,
            *self.places,
        )
        return {rule.type for rule in rules}


def default_rules() -> RuleTable:
    """The table Tagdesk ships (resources/relation_rules.json)."""
    path = resource_path("relation_rules.json")
    return rule_table(json.loads(path.read_text(encoding="utf-8")), str(path))


def rule_table(raw: Mapping[str, Any], where: str = "rules") -> RuleTable:
    """A RuleTable from its JSON form; a malformed rule is one line naming it."""
    verbs = tuple(
        VerbRule(
            _name(item, f"{where}: verbs[{n}]"),
            _words(item, "lemmas", f"{where}: verbs[{n}]"),
            _objects(item, VERB_OBJECTS, f"{where}: verbs[{n}]"),
            bool(item.get("together", False)),
        )
        for n, item in enumerate(raw.get("verbs", ()))
    )
    nouns = tuple(
        NounRule(
            _name(item, f"{where}: nouns[{n}]"),
            _words(item, "lemmas", f"{where}: nouns[{n}]"),
            _objects(item, NOUN_OBJECTS, f"{where}: nouns[{n}]"),
        )
        for n, item in enumerate(raw.get("nouns", ()))
    )
    places = tuple(
        PlaceRule(
            _name(item, f"{where}: places[{n}]"),
            _words(item, "prepositions", f"{where}: places[{n}]"),
            _words(item, "labels", f"{where}: places[{n}]", lower=False),
            _labels(item, "subjects", f"{where}: places[{n}]"),
            _labels(item, "holders", f"{where}: places[{n}]"),
        )
        for n, item in enumerate(raw.get("places", ()))
    )
    return RuleTable(verbs, nouns, places)


def _name(item: Mapping[str, Any], where: str) -> str:
    name = item.get("type")
    if not isinstance(name, str) or not name:
        raise TagdeskError(f'{where}: needs a relation type name under "type"')
    return name


def _words(item: Mapping[str, Any], key: str, where: str, *, lower: bool = True) -> frozenset[str]:
    words = item.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise TagdeskError(f'{where}: "{key}" must be a list of words')
    return frozenset(w.lower() if lower else w for w in words)


def _labels(item: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    return _words(item, key, where, lower=False) if key in item else frozenset()


def _objects(item: Mapping[str, Any], plain: tuple[str, ...], where: str) -> tuple[str, ...]:
    objects = item.get("objects")
    if not isinstance(objects, list) or not objects:
        raise TagdeskError(f'{where}: "objects" must be a list')
    for kind in objects:
        if not (kind in plain or (isinstance(kind, str) and kind.startswith("prep:") and kind[5:])):
            allowed = ", ".join((*plain, "prep:WORD"))
            raise TagdeskError(f"{where}: object {kind!r} is not one of {allowed}")
    return tuple(objects)
