"""brat's relations, events and equivalences as relations between two spans, and back.

Read:
- `R1<TAB>Employment Arg1:T6 Arg2:T3`: a relation, Arg1 the head and Arg2 the
  child, whatever the two roles are called (names other than Arg1 and Arg2
  are kept in the relation's meta and written back). A type the
  annotation.conf declares `<REL-TYPE>:symmetric` is symmetric.
- `E1<TAB>Die:T7 Person-Arg:T6`: an event of one argument is a relation from
  its trigger (head) to the argument (child), labelled with the role; the
  event type is kept in meta and the relation is written back as that event.
  An event of no or several arguments, or one naming another event, is no
  relation: its trigger is kept as a span and the event counted in a warning.
- `*<TAB>Alias T6 T7 T9`: an equivalence of n spans is n-1 symmetric
  relations, T6-T7 and T7-T9, written back as one `*` line.
- On a relation: `#` notes become its note, `Status` and `Annotator`
  attributes its status and annotator, other attributes are kept in meta and
  written back; normalisations are counted in a warning.
A relation naming a span of a discontinuous annotation joins its first part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.relations import ExportRelation, IncomingRelation
from tagdesk.formats.base import Notices

ANNOTATOR = "Annotator"  # the attribute naming an annotator, where a document has several
META = "brat"  # the key of what brat says of a relation in its meta
NOT_RELATIONS = "not imported: Tagdesk holds spans and relations between two of them"
ON_FRAGMENTS = "joined to the first part of a discontinuous span (each part is a span of its own)"
_PLAIN_ROLES = ("Arg1", "Arg2")
_ESCAPES = {"%": "%25", " ": "%20", "\t": "%09", "\n": "%0A", "\r": "%0D"}


def escape(value: str) -> str:
    """An attribute value as brat can hold it: no spaces, tabs or line breaks; `%` escaped."""
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


@dataclass
class Structures:
    """The relations of one .ann, and the ids of what is not a relation."""

    relations: list[IncomingRelation] = field(default_factory=list)
    by_id: dict[str, IncomingRelation] = field(default_factory=dict)  # R and E ids
    others: set[str] = field(default_factory=set)  # events that are no relation


def read_structures(
    lines: list[tuple[int, list[str]]],
    positions: dict[str, int],
    fragmented: set[str],
    defined: set[str],
    symmetric: set[str],
    path: Path,
    notices: Notices,
) -> Structures:
    """The R, E and * lines (with their line numbers) as relations between span positions.

    `positions` gives each T id's span (its first part), `fragmented` the T ids
    of discontinuous spans, `defined` every id of the file, `symmetric` the
    types the conf declares symmetric.
    """
    found = Structures()

    def check(key: str, number: int, what: str) -> None:
        if key not in defined:
            raise InputError(path, f"{what} names {key!r}, which this file does not define", number)

    def add(key: str | None, relation: IncomingRelation, ends: tuple[str, str]) -> None:
        if relation.head == relation.child:
            notices.add(
                path, NOT_RELATIONS, "relation of a span to itself", "relations of a span to itself"
            )
            if key:
                found.others.add(key)
            return
        if fragmented & set(ends):
            notices.add(path, ON_FRAGMENTS, "relation", "relations")
        found.relations.append(relation)
        if key:
            found.by_id[key] = relation

    for number, fields in lines:
        key = fields[0]
        parts = fields[1].split()
        if not parts:
            raise InputError(path, f"{key} has no type", number)
        if key == "*":
            label, members = parts[0], parts[1:]
            if len(members) < 2:
                raise InputError(
                    path, f"an equivalence needs two or more ids, got {fields[1]!r}", number
                )
            for member in members:
                check(member, number, f"equivalence {label}")
            _label_ok(label, path, number)
            spans = [m for m in members if m in positions]
            if len(spans) < len(members):
                notices.add(path, NOT_RELATIONS, "equivalence of events", "equivalences of events")
                continue
            for one, other in pairwise(spans):
                relation = IncomingRelation(
                    positions[one],
                    positions[other],
                    label,
                    directed=False,
                    meta={META: {"equivalence": True}},
                )
                add(None, relation, (one, other))
        elif key[0] == "R":
            arguments = [part.partition(":") for part in parts[1:]]
            if len(arguments) != 2 or not all(colon and ref for _, colon, ref in arguments):
                raise InputError(
                    path,
                    f"{key}: a relation must be 'TYPE Arg1:ID Arg2:ID', got {fields[1]!r}",
                    number,
                )
            label = parts[0]
            _label_ok(label, path, number)
            (first, _, head), (second, _, child) = arguments
            check(head, number, key)
            check(child, number, key)
            if head not in positions or child not in positions:
                found.others.add(key)
                notices.add(path, NOT_RELATIONS, "relation of events", "relations of events")
                continue
            meta = None if (first, second) == _PLAIN_ROLES else {META: {"roles": [first, second]}}
            directed = label not in symmetric
            add(
                key,
                IncomingRelation(
                    positions[head], positions[child], label, directed=directed, meta=meta
                ),
                (head, child),
            )
        else:  # an event
            kind, _, trigger = parts[0].partition(":")
            arguments = [part.partition(":") for part in parts[1:]]
            for ref in (trigger, *(ref for _, _, ref in arguments)):
                check(ref, number, key)
            if (
                trigger in positions
                and len(arguments) == 1
                and arguments[0][2] in positions
                and is_valid_label_name(arguments[0][0])
            ):
                role, _, child = arguments[0]
                relation = IncomingRelation(
                    positions[trigger], positions[child], role, meta={META: {"event": kind}}
                )
                add(key, relation, (trigger, child))
                continue
            found.others.add(key)
            notices.add(
                path,
                NOT_RELATIONS,
                "event that is no relation of two spans (its trigger kept as a span)",
                "events that are no relations of two spans (their triggers kept as spans)",
            )
    return found


def _label_ok(label: str, path: Path, number: int) -> None:
    if not is_valid_label_name(label):
        raise InputError(path, f"relation type {label!r} is not a name", number)


def apply_to_relation(
    kind: str, parts: list[str], tail: str, relation: IncomingRelation, path: Path, number: int
) -> bool:
    """An attribute (`A`, `M`) or note (`#`) on a relation; False for what it cannot hold."""
    if kind == "#":
        said = tail if parts[0] == "AnnotatorNotes" else f"{parts[0]}: {tail}"
        if tail.strip():
            relation.note = f"{relation.note}\n{said}" if relation.note else said
        return True
    if kind not in "AM":
        return False
    name, value = parts[0], " ".join(parts[2:])
    if name == "Status":
        if value not in SPAN_STATUSES:
            raise InputError(path, f"Status must be one of {', '.join(SPAN_STATUSES)}", number)
        relation.status = value
    elif name == ANNOTATOR:
        relation.annotator = unquote(value)
    else:
        meta = relation.meta = dict(relation.meta or {})
        brat = meta[META] = dict(meta.get(META) or {})
        attributes = brat["attributes"] = dict(brat.get("attributes") or {})
        attributes[name] = value or True
    return True


@dataclass
class Written:
    """The relation lines of one .ann, and what the annotation.conf must declare for them."""

    lines: list[str] = field(default_factory=list)
    # relation type: its head labels, child labels, whether directed, its two roles
    types: dict[str, tuple[set[str], set[str], bool, tuple[str, str]]] = field(default_factory=dict)
    # event type: each role with the labels of its arguments
    events: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    attributes: dict[str, set[str]] = field(default_factory=dict)  # no values: binary
    equivalences: set[str] = field(default_factory=set)  # types written as `*` lines

    def merge(self, other: Written) -> None:
        """Add what `other` declares (the lines are the document's own)."""
        for name, (heads, children, directed, roles) in other.types.items():
            mine = self.types.setdefault(name, (set(), set(), directed, roles))
            mine[0].update(heads)
            mine[1].update(children)
        for kind, roles_ in other.events.items():
            for role, labels in roles_.items():
                self.events.setdefault(kind, {}).setdefault(role, set()).update(labels)
        for name, values in other.attributes.items():
            self.attributes.setdefault(name, set()).update(values)
        self.equivalences |= other.equivalences


def relation_lines(
    document: ExportDocument, keys: dict[int, str], named: bool, numbers: dict[str, int]
) -> Written:
    """The R, E and * lines for the relations whose two spans have T ids in `keys`.

    `numbers` holds the last attribute and note numbers the spans used
    (`A`, `#`), continued here. `named`: each relation names its annotator.
    """
    written = Written()
    chains: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for relation in document.relations:
        head, child = keys.get(relation.head), keys.get(relation.child)
        if head is None or child is None:
            continue
        brat = (relation.meta or {}).get(META)
        brat = brat if isinstance(brat, dict) else {}
        attributes = brat.get("attributes")
        attributes = attributes if isinstance(attributes, dict) else {}
        labels = document.spans[relation.head].label, document.spans[relation.child].label
        plain = relation.status == "accepted" and not relation.note and not attributes
        if isinstance(brat.get("event"), str) and is_valid_label_name(brat["event"]):
            key = _next(numbers, "E")
            written.lines.append(f"{key}\t{brat['event']}:{head} {relation.label}:{child}")
            roles = written.events.setdefault(brat["event"], {})
            roles.setdefault(relation.label, set()).add(labels[1])
        elif not relation.directed and brat.get("equivalence") and plain and not named:
            chains[relation.label].append((head, child))
            written.equivalences.add(relation.label)
            _declare(written, relation, labels, _PLAIN_ROLES)
            continue
        else:
            first, second = _roles(brat.get("roles"))
            key = _next(numbers, "R")
            written.lines.append(f"{key}\t{relation.label} {first}:{head} {second}:{child}\t")
            _declare(written, relation, labels, (first, second))
        _annotations(written, key, relation, named, attributes, numbers)
    for label, pairs in chains.items():
        written.lines.extend(f"*\t{label} {' '.join(chain)}" for chain in _chains(pairs))
    return written


def _next(numbers: dict[str, int], kind: str) -> str:
    numbers[kind] = numbers.get(kind, 0) + 1
    return f"{kind}{numbers[kind]}"


def _roles(roles: object) -> tuple[str, str]:
    """The two role names a relation was read with, if they can be written back; else Arg1, Arg2."""
    if isinstance(roles, list) and len(roles) == 2:
        first, second = roles
        if all(isinstance(r, str) and is_valid_label_name(r) and ":" not in r for r in roles):
            return first, second
    return _PLAIN_ROLES


def _declare(
    written: Written, relation: ExportRelation, labels: tuple[str, str], roles: tuple[str, str]
) -> None:
    heads, children, _, _ = written.types.setdefault(
        relation.label, (set(), set(), relation.directed, roles)
    )
    heads.add(labels[0])
    children.add(labels[1])


def _annotations(
    written: Written,
    key: str,
    relation: ExportRelation,
    named: bool,
    attributes: dict[str, Any],
    numbers: dict[str, int],
) -> None:
    def attribute(text: str) -> None:
        written.lines.append(f"{_next(numbers, 'A')}\t{text}")

    if relation.status != "accepted":
        attribute(f"Status {key} {relation.status}")
    if named and relation.annotator:
        attribute(f"{ANNOTATOR} {key} {escape(relation.annotator)}")
        written.attributes.setdefault(ANNOTATOR, set()).add(escape(relation.annotator))
    for name, value in attributes.items():
        if not is_valid_label_name(name) or name in ("Status", ANNOTATOR):
            continue
        if value is True:
            attribute(f"{name} {key}")
            written.attributes.setdefault(name, set())
        elif isinstance(value, str) and value and " " not in value:
            attribute(f"{name} {key} {value}")
            written.attributes.setdefault(name, set()).add(value)
    if relation.note:
        flat = relation.note.replace("\r", " ").replace("\n", " ")
        written.lines.append(f"{_next(numbers, '#')}\tAnnotatorNotes {key}\t{flat}")


def _chains(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Pairs of one equivalence type as `*` lines: a path of pairs as one line, the rest alone.

    brat reads `* T1 T2 T3` as T1-T2 and T2-T3 (Tagdesk's reading), so only a
    run of pairs where each starts where the one before ends is one line.
    """
    lines: list[list[str]] = []
    for one, other in pairs:
        if lines and lines[-1][-1] == one and other not in lines[-1]:
            lines[-1].append(other)
        else:
            lines.append([one, other])
    return lines
