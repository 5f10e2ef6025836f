"""Relations in a DocBin: Tagdesk's `doc.user_data["relations"]`, and the tutorial's `doc._.rel`.

`doc.user_data["relations"]` holds every relation written, one dict each:

    {"head_start": 0, "head_end": 15, "head_label": "PERSON", "head_group": "ents",
     "child_start": 30, "child_end": 40, "child_label": "ORG", "child_group": "",
     "label": "COMMANDS", "directed": True, "status": "accepted",
     "source": "manual", "note": "", "annotator": "dana"}

Offsets are characters of `doc.text` (`doc.char_span(head_start, head_end)` is the
head); the group is the span's ("ents", a span group's name, or "" for a span
written by the rule in docbin.py), and `meta`, when present, what the file the
relation came from said of it. spaCy keeps the entry and does not train on it.

The export also writes the value that explosion/projects' `rel_component` reads as
`doc._.rel`: {(head token start, child token start): {label: 1.0 or 0.0}}, one key
for each ordered pair of entities of `doc.ents` no more than 100 tokens apart (the
tutorial's instance generator looks no further) and for each relation's pair, each
holding every relation type of the scheme (the database's types, and any other the
export's relations have): 1.0 for an accepted relation (both ways for a symmetric
one), 0.0 for the rest. An export without relations writes no `doc._.rel`.

The value is written straight into `doc.user_data` under the key spaCy keeps
extension values at, ("._.", "rel", None, None), and Tagdesk never calls
`Doc.set_extension`: an extension is global to the process, and one registered
by Tagdesk would make a pipeline's own `Doc.set_extension("rel", ...)` without
force=True fail, or give every Doc in a program that imports Tagdesk a `_.rel`
it did not ask for. The component registers its extension as it loads
(rel_pipe.py) and finds the value there. Two spans that start on one token
share a key, as in the tutorial.

An import reads `user_data["relations"]`; a DocBin without it (the tutorial's own
`parse_data.py` writes one) has its `doc._.rel` read instead: each label at 0.5
or more between two entities is an accepted relation.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument
from tagdesk.core.incoming import IncomingSpan
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.relations import RELATION_STATUSES, IncomingRelation

RELATIONS_KEY = "relations"
REL_KEY = ("._.", "rel", None, None)  # where spaCy keeps the value of doc._.rel
MAX_PAIR_TOKENS = 100  # rel_component's rel_instance_generator.v1 max_length
_TEXT = ("head_label", "head_group", "child_label", "child_group", "label", "status")
_OPTIONAL_TEXT = ("source", "note", "annotator")

ADDED_SPANS = "{:relation} in user_data joined spans the document does not hold: {:span} added"
FOREIGN = (
    '{:document} had a user_data["relations"] entry not in the shape Tagdesk writes: not imported'
)
UNJOINED = (
    "{:relation} of doc._.rel joined tokens where no entity starts, or an entity to "
    "itself: not imported"
)


def relation_entries(document: ExportDocument) -> list[dict[str, Any]]:
    """`user_data["relations"]` for a document: each relation, its spans by offsets."""
    entries = []
    spans = document.spans
    for relation in document.relations:
        head, child = spans[relation.head], spans[relation.child]
        entry: dict[str, Any] = {
            "head_start": head.start,
            "head_end": head.end,
            "head_label": head.label,
            "head_group": head.group,
            "child_start": child.start,
            "child_end": child.end,
            "child_label": child.label,
            "child_group": child.group,
            "label": relation.label,
            "directed": relation.directed,
            "status": relation.status,
            "source": relation.source,
            "note": relation.note,
            "annotator": relation.annotator,
        }
        if relation.meta:
            entry["meta"] = relation.meta
        entries.append(entry)
    return entries


def set_rel(doc: Any, labels: list[str]) -> None:
    """The tutorial's `doc._.rel` value, from doc.ents and user_data["relations"]."""
    starts = sorted({ent.start for ent in doc.ents})
    table: dict[tuple[int, int], dict[str, float]] = {}
    for index, head in enumerate(starts):  # each later entity in reach, both ways
        last = bisect_right(starts, head + MAX_PAIR_TOKENS)
        for child in starts[index + 1 : last]:
            table[(head, child)] = dict.fromkeys(labels, 0.0)
            table[(child, head)] = dict.fromkeys(labels, 0.0)
    for entry in doc.user_data.get(RELATIONS_KEY) or ():
        head_span = doc.char_span(entry["head_start"], entry["head_end"])
        child_span = doc.char_span(entry["child_start"], entry["child_end"])
        if head_span is None or child_span is None:
            continue  # off the token boundaries: docbin.py reports the span
        pairs = [(head_span.start, child_span.start)]
        if not entry["directed"]:
            pairs.append((child_span.start, head_span.start))
        for pair in pairs:
            scores = table.setdefault(pair, dict.fromkeys(labels, 0.0))
            if entry["status"] == "accepted":
                scores[entry["label"]] = 1.0
    doc.user_data[REL_KEY] = table


def read_relations(
    doc: Any, spans: list[IncomingSpan], path: Path, item: str, *, strict: bool
) -> tuple[list[IncomingRelation], dict[str, tuple[int, ...]]]:
    """A Doc's relations, by position in `spans` (spans a relation adds are appended).

    `strict` when Tagdesk wrote the Doc (it has Tagdesk's entry): a relations entry it
    cannot read is damaged. Another tool may keep its own "relations" in user_data;
    in its Doc an entry of another shape is passed over, with a warning.
    """
    entries = doc.user_data.get(RELATIONS_KEY)
    said: dict[str, tuple[int, ...]] = {}
    if entries is not None:
        if strict:
            return _from_entries(entries, spans, path, item)
        kept = len(spans)
        try:
            return _from_entries(entries, spans, path, item)
        except InputError:
            del spans[kept:]
            said[FOREIGN] = (1,)
    table = doc.user_data.get(REL_KEY)
    if table is None:
        return [], said
    relations, more = _from_rel(doc, table, spans, path, item)
    return relations, {**said, **more}


def _damaged(path: Path, item: str, what: str) -> InputError:
    return InputError(path, f'{item}: user_data["relations"] is damaged: {what}')


def _from_entries(
    entries: object, spans: list[IncomingSpan], path: Path, item: str
) -> tuple[list[IncomingRelation], dict[str, tuple[int, ...]]]:
    if not isinstance(entries, list | tuple):
        raise _damaged(path, item, f"a list was expected, got {type(entries).__name__}")
    where: dict[tuple[int, int, str, str], int] = {}
    for position, span in enumerate(spans):
        where.setdefault((span.start, span.end, span.label, span.group), position)
        where.setdefault((span.start, span.end, span.label, "*"), position)
    added = 0

    def position_of(entry: dict[str, Any], which: str, status: str, annotator: str) -> int:
        nonlocal added
        start, end = entry[f"{which}_start"], entry[f"{which}_end"]
        label, group = entry[f"{which}_label"], entry[f"{which}_group"]
        found = where.get((start, end, label, group), where.get((start, end, label, "*")))
        if found is not None:
            return found
        spans.append(IncomingSpan(start, end, label, status, "", "", annotator, group=group))
        found = where[(start, end, label, group)] = where[(start, end, label, "*")] = len(spans) - 1
        added += 1
        return found

    relations: list[IncomingRelation] = []
    touching = 0
    for entry in entries:
        _check(entry, path, item)
        before = added
        head = position_of(entry, "head", entry["status"], entry.get("annotator") or "")
        child = position_of(entry, "child", entry["status"], entry.get("annotator") or "")
        touching += added > before
        if head == child:
            raise _damaged(path, item, f"relation {entry['label']} joins a span to itself")
        meta = entry.get("meta")
        relations.append(
            IncomingRelation(
                head,
                child,
                entry["label"],
                entry["status"],
                entry.get("source") or "",
                entry.get("note") or "",
                entry.get("annotator") or "",
                entry["directed"],
                dict(meta) if meta else None,
            )
        )
    return relations, {ADDED_SPANS: (touching, added)} if added else {}


def _check(entry: object, path: Path, item: str) -> None:
    if not isinstance(entry, dict):
        raise _damaged(path, item, f"a relation must be an object, got {type(entry).__name__}")
    for key in ("head_start", "head_end", "child_start", "child_end"):
        if type(entry.get(key)) is not int:
            raise _damaged(path, item, f'a relation\'s "{key}" must be a whole number')
    for key in _TEXT:
        if not isinstance(entry.get(key), str):
            raise _damaged(path, item, f'a relation\'s "{key}" must be a string')
    for key in _OPTIONAL_TEXT:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise _damaged(path, item, f'a relation\'s "{key}" must be a string')
    if not is_valid_label_name(entry["label"]):
        raise _damaged(path, item, f"relation label {entry['label']!r} is not a name")
    if entry["status"] not in RELATION_STATUSES:
        raise _damaged(path, item, f"relation status {entry['status']!r} is not a status")
    if not isinstance(entry.get("directed"), bool):
        raise _damaged(path, item, 'a relation\'s "directed" must be true or false')
    if entry.get("meta") is not None and not isinstance(entry["meta"], dict):
        raise _damaged(path, item, 'a relation\'s "meta" must be an object')


def _from_rel(
    doc: Any, table: object, spans: list[IncomingSpan], path: Path, item: str
) -> tuple[list[IncomingRelation], dict[str, tuple[int, ...]]]:
    """doc._.rel as rel_component keeps it: scores by (head start token, child start token)."""
    if not isinstance(table, dict):
        raise InputError(path, f"{item}: doc._.rel is not a table of token pairs")
    by_token: dict[int, int] = {}
    by_offsets = {(s.start, s.end, s.label): n for n, s in enumerate(spans)}
    entity_positions = [by_offsets.get((e.start_char, e.end_char, e.label_)) for e in doc.ents]
    for ent, position in zip(doc.ents, entity_positions, strict=True):
        if position is not None:
            by_token.setdefault(ent.start, position)
    relations: list[IncomingRelation] = []
    unjoined = 0
    for key, scores in table.items():
        if not (
            isinstance(key, tuple)
            and len(key) == 2
            and all(type(k) is int for k in key)
            and isinstance(scores, dict)
        ):
            raise InputError(path, f"{item}: doc._.rel is not a table of token pairs")
        for label, score in scores.items():
            if not isinstance(score, int | float) or score < 0.5:
                continue
            if not isinstance(label, str) or not is_valid_label_name(label):
                raise InputError(path, f"{item}: doc._.rel has the label {label!r}")
            head, child = by_token.get(key[0]), by_token.get(key[1])
            if head is None or child is None or head == child:
                unjoined += 1
                continue
            relations.append(IncomingRelation(head, child, label, "accepted"))
    return relations, {UNJOINED: (unjoined,)} if unjoined else {}
