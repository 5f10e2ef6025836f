"""brat standoff: a folder with `NAME.txt` and `NAME.ann` for each document.

`T1<TAB>LABEL start end<TAB>text` for a span (code points of the .txt);
a span across line breaks is written as fragments `start end;start end`,
since an .ann line cannot hold a newline. Notes are `#1<TAB>AnnotatorNotes T1<TAB>note`;
span tags are `Tag` attributes and suggestions carry `Status suggested`; in a
document holding several annotators' spans, each span names its own as an
`Annotator` attribute (`A3<TAB>Annotator T1 ana`, spaces and `%` escaped as
in tags), a multi-valued attribute whose values `annotation.conf` lists. An
`annotation.conf` declares the labels, relation types and attributes, and allows overlaps,
so brat's own server shows the export as it is. The folder also gets
Tagdesk's manifest (see manifest.py): a later export replaces the folder only
while it holds exactly what that manifest lists, so a brat corpus from
elsewhere, or an export edited by hand, is never overwritten.

Any valid brat file is read (brat's own tutorials and BioNLP corpora among
them). Its text-bound annotations (T, event triggers too) become spans; on
them, attributes (`A`, `M`) become span tags (`NAME=VALUE`, or `NAME` for a
binary one), except Tagdesk's own Status, Tag and Annotator; notes (`#`) become the span's
note (another note type than AnnotatorNotes as `TYPE: text`); a normalisation
(`N1<TAB>Reference T1 Wikipedia:534366<TAB>Barack Obama`) becomes the tag
`Reference=Wikipedia:534366`, its name a line of the note, except Tagdesk's
own: a span linked to an entity is written with `N1<TAB>Reference T1
Tagdesk:KEY<TAB>NAME`, and read back as that link. A discontinuous
span (`0 5;16 23`, parts apart by more than line breaks) becomes one span per
part, each tagged `fragment-of=T1`: its label is true of each part, and a
covering span would label the words between. Relations (`R`), events of one
argument (`E`) and equivalences (`*`) become relations between two spans,
and are written back as they came (see brat_relations.py); the relation
types of the `annotation.conf` beside the files (or the nearest above them,
within the folder imported) are read with their labels and direction (see
brat_conf.py), and the export's conf declares the types it wrote. What
Tagdesk has no place for (events of other than one argument, relations of
events, normalisations on relations, and attributes and notes on what is not
held) is counted and said as a warning naming the file.

Not carried: document tags and status (brat has no document attributes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.relations import RelationTypeSpec
from tagdesk.core.validation import span_problem
from tagdesk.core.wording import counted
from tagdesk.formats.atomic import atomic_folder
from tagdesk.formats.base import Exported, FormatOptions, Notices
from tagdesk.formats.brat_conf import CONF, BratScheme, find_conf, parse_conf, relations_section
from tagdesk.formats.brat_relations import (
    ANNOTATOR,
    NOT_RELATIONS,
    Structures,
    Written,
    apply_to_relation,
    escape,
    read_structures,
    relation_lines,
)
from tagdesk.formats.decoding import decode_utf8, read_bytes, read_text_file
from tagdesk.formats.folders import Listing, list_files
from tagdesk.formats.jsonl_lines import build_document

ENTITY_BASE = "Tagdesk"  # the normalisation database a span's entity key is written under
EXPORT_FILES = re.compile(r"^(\d+\.(txt|ann)|annotation\.conf)$")  # every name write() uses
FRAGMENT_TAG = "fragment-of="  # + the T id: the parts of one discontinuous span
DISCONTINUOUS = (
    f"imported as one span per part, the parts of each tagged {FRAGMENT_TAG}ID "
    "(a Tagdesk span is one stretch of text)"
)
_ID = re.compile(r"^([A-Za-z]|#)\d+\S*$")  # brat's ids: a letter or #, a number, a tail
_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_NORMALISATION = re.compile(r"^(\S+) (\S+) (\S+?):(\S+)$")
_BIONLP_2013 = (  # the BioNLP Shared Task 2013 spelling of a normalisation, which brat reads
    (re.compile(r"^(Reference) Annotation:(\S+) Referent:(\S+)$"), r"\1 \2 \3"),
    (re.compile(r"^(Reference) Referent:(\S+) Annotation:(\S+)$"), r"\1 \3 \2"),
)
_LINE_BREAKS = "\r\n"
_ON_STRUCTURES = {  # line kind: what it says about an event or relation, one and many
    "A": ("attribute of an event or relation", "attributes of events or relations"),
    "M": ("attribute of an event or relation", "attributes of events or relations"),
    "N": ("normalisation of an event or relation", "normalisations of events or relations"),
    "#": ("note on an event or relation", "notes on events or relations"),
}


def pairs_in(folder: Path) -> Listing:
    """The .txt files of a brat folder that have an .ann beside them (see folders.py).

    A .txt without one is passed over, and said: it may be a document brat
    never opened, or a read-me.
    """
    listing = list_files(folder, [".txt", ".ann"])
    annotations = {path for path in listing.files if path.suffix == ".ann"}
    texts = [path for path in listing.files if path.suffix == ".txt"]
    listing.files = [path for path in texts if path.with_suffix(".ann") in annotations]
    listing.unpaired = [
        str(path.relative_to(folder))
        for path in texts
        if path.with_suffix(".ann") not in annotations
    ]
    return listing


def is_brat_folder(folder: Path) -> bool:
    return bool(list_files(folder, [".ann"]).files)


def has_annotations_beside(path: Path) -> bool:
    """Whether a .txt is one half of a brat pair, so reading it as plain text would lose spans."""
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    """A folder of pairs, or one pair named by its .txt or .ann."""
    if path.is_dir():
        texts = pairs_in(path).files
        if not texts:
            raise InputError(path, "holds no brat pairs (NAME.txt with NAME.ann)")
        root = path
    else:
        texts = [path if path.suffix.lower() == ".txt" else path.with_suffix(".txt")]
        if not texts[0].is_file():
            raise InputError(path, f"has no text file {texts[0].name} beside it")
        if not texts[0].with_suffix(".ann").is_file():
            raise InputError(
                path,
                f"has no annotation file {texts[0].with_suffix('.ann').name} beside it, so it is "
                "not brat; import it with --format txt",
            )
        root = texts[0].parent
    schemes: dict[Path | None, BratScheme] = {}
    for text_path in texts:
        ann_path = text_path.with_suffix(".ann")
        conf = find_conf(ann_path, root)
        if conf not in schemes:
            schemes[conf] = parse_conf(read_text_file(conf)) if conf else BratScheme()
            if conf:
                options.relation_scheme.types.extend(schemes[conf].scheme.types)
        yield read_pair(text_path, ann_path, options.notices, schemes[conf])


def read_pair(
    text_path: Path,
    ann_path: Path,
    notices: Notices | None = None,
    scheme: BratScheme | None = None,
) -> IncomingDocument:
    """The document, its text-bound annotations and its relations; the rest is counted in `notices`.

    Attributes, notes and normalisations are read once every id is known,
    since brat does not promise they follow what they are about.
    """
    notices = notices if notices is not None else Notices()
    text = read_text_file(text_path)
    content = decode_utf8(read_bytes(ann_path), ann_path)
    spans: dict[str, list[IncomingSpan]] = {}
    structure_lines: list[tuple[int, list[str]]] = []
    later: list[tuple[int, list[str]]] = []
    seen: set[str] = set()
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        key = fields[0]
        if len(fields) < 2 or not (key == "*" or _ID.match(key)):
            if line.startswith("#"):
                continue  # a comment line, which some tools write and brat passes over
            raise InputError(ann_path, f"is not a brat annotation line: {line[:60]!r}", number)
        if key in seen:  # a later line would silently replace the earlier annotation
            raise InputError(ann_path, f"{key} is already defined above", number)
        if key != "*":
            seen.add(key)
        kind = key[0]
        if kind == "T":
            spans[key] = _entity(fields, text, ann_path, number, notices)
        elif kind in "ER*":
            structure_lines.append((number, fields))
        elif kind in _ON_STRUCTURES:
            later.append((number, fields))
        else:
            raise InputError(ann_path, f"is not a brat annotation line: {line[:60]!r}", number)
    found = [span for parts in spans.values() for span in parts]
    positions, index = {}, 0  # each T id's span in `found`: its first part
    for key, parts in spans.items():
        positions[key] = index
        index += len(parts)
    symmetric = {spec.name for spec in (scheme or BratScheme()).scheme.types if not spec.directed}
    structures = read_structures(
        structure_lines,
        positions,
        {key for key, parts in spans.items() if len(parts) > 1},
        seen,
        symmetric,
        ann_path,
        notices,
    )
    notes = _read_later(later, spans, structures, ann_path, notices)
    for key, said in notes.items():
        for span in spans[key]:
            span.note = "\n".join(said)
    document = build_document({"meta": {"source": text_path.name}}, text, found, ann_path, None)
    document.relations = structures.relations
    return document


def _read_later(
    later: list[tuple[int, list[str]]],
    spans: dict[str, list[IncomingSpan]],
    structures: Structures,
    ann_path: Path,
    notices: Notices,
) -> dict[str, list[str]]:
    """Attributes, normalisations and notes; the notes of each span, to join."""
    notes: dict[str, list[str]] = defaultdict(list)
    for number, fields in later:
        kind = fields[0][0]
        parts = fields[1].split(" ")
        if kind == "N":
            parts = _normalisation(fields[1], ann_path, number)
        target = parts[1] if len(parts) > 1 else ""
        tail = "\t".join(fields[2:])
        relation = structures.by_id.get(target)
        if relation is not None and apply_to_relation(
            kind, parts, tail, relation, ann_path, number
        ):
            continue
        if relation is not None or target in structures.others:
            notices.add(ann_path, NOT_RELATIONS, *_ON_STRUCTURES[kind])
            continue
        if target not in spans:
            what = {"#": "note", "N": "normalisation"}.get(kind, f"attribute {parts[0]}")
            raise InputError(
                ann_path, f"{what} for {target!r}, which this file does not define", number
            )
        if kind == "#":
            if tail.strip():
                notes[target].append(
                    tail if parts[0] == "AnnotatorNotes" else f"{parts[0]}: {tail}"
                )
        elif kind == "N":
            kind_name, _, base, entry = parts
            if base == ENTITY_BASE:
                for span in spans[target]:
                    span.kb_id, span.entity_name = entry, tail.strip()
                continue
            for span in spans[target]:
                span.tags.append(f"{kind_name}={base}:{entry}")
            if tail.strip():
                notes[target].append(f"{base}:{entry} {tail}")
        else:
            for span in spans[target]:
                _attribute(parts[0], " ".join(parts[2:]), span, ann_path, number)
    return notes


def _entity(
    fields: list[str], text: str, path: Path, line: int, notices: Notices
) -> list[IncomingSpan]:
    """A T line's span; the parts of a discontinuous one, each tagged with its id."""
    key = fields[0]
    label, _, where = fields[1].partition(" ")
    fragments = []
    for part in where.split(";"):
        match = _FRAGMENT.match(part.strip())
        if not match:
            raise InputError(path, f"{key}: offsets must be 'start end', got {part!r}", line)
        fragments.append((int(match[1]), int(match[2])))
    for start, end in fragments:
        problem = span_problem(start, end, label, len(text))
        if problem:
            raise InputError(path, f"{key}: {problem}", line)
    covered = " ".join(text[s:e] for s, e in fragments)
    given = "\t".join(fields[2:])
    if given.strip() and given != covered:  # brat itself fills in a missing text
        start, end = fragments[0][0], fragments[-1][1]
        raise InputError(
            path,
            f"{key}: the .ann says {given!r} but [{start}, {end}) of the .txt is "
            f"{covered!r}; the offsets or the text file changed",
            line,
        )
    parts = [list(fragments[0])]
    for start, end in fragments[1:]:  # parts apart only by line breaks are one span
        gap = parts[-1][1]
        if gap <= start and not text[gap:start].strip(_LINE_BREAKS):
            parts[-1][1] = end
        else:
            parts.append([start, end])
    if len(parts) == 1:
        return [IncomingSpan(parts[0][0], parts[0][1], label)]
    notices.add(path, DISCONTINUOUS, "discontinuous span", "discontinuous spans")
    return [IncomingSpan(start, end, label, tags=[FRAGMENT_TAG + key]) for start, end in parts]


def _normalisation(data: str, path: Path, line: int) -> list[str]:
    """`Reference T1 Wikipedia:534366` as [type, target, base, entry]."""
    for pattern, spelling in _BIONLP_2013:
        data = pattern.sub(spelling, data, count=1)
    match = _NORMALISATION.match(data)
    if not match:
        raise InputError(
            path, f"a normalisation must be 'TYPE TARGET BASE:ID', got {data[:60]!r}", line
        )
    return list(match.groups())


def _attribute(name: str, value: str, span: IncomingSpan, path: Path, line: int) -> None:
    if name == "Status":
        if value not in SPAN_STATUSES:
            raise InputError(path, f"Status must be one of {', '.join(SPAN_STATUSES)}", line)
        span.status = value
    elif name == "Tag":
        span.tags.append(unquote(value))
    elif name == ANNOTATOR:
        span.annotator = unquote(value)
    else:  # another tool's attribute: kept as a tag
        span.tags.append(f"{name}={value}" if value else name)


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    labels: set[str] = set()
    tags: set[str] = set()
    annotators: set[str] = set()
    declared = Written()  # what the relations of every document need declared
    with atomic_folder(out, format_name="brat", names=EXPORT_FILES) as folder:
        for document, _ in items:
            name = f"{document.id:06d}"
            (folder / f"{name}.txt").write_bytes(document.text.encode("utf-8"))
            (folder / f"{name}.ann").write_bytes(
                to_ann(document, summary, declared).encode("utf-8")
            )
            labels.update(span.label for span in document.spans)
            tags.update(escape(tag) for span in document.spans for tag in span.tags)
            annotators.update(map(escape, _named_annotators(document)))
        conf = annotation_conf(labels, tags, annotators, declared, options.relation_types)
        (folder / CONF).write_text(conf, encoding="utf-8")
    summary.files.append(str(out))


def to_ann(
    document: ExportDocument, summary: ExportSummary, declared: Written | None = None
) -> str:
    """The .ann of a document; what its relations need declared is added to `declared`."""
    text = document.text
    lines: list[str] = []
    numbers = {"A": 0, "#": 0}
    normalisation = number = 0
    named = _named_annotators(document)
    keys: dict[int, str] = {}  # span position: its T id
    for position, span in enumerate(document.spans):
        if text[span.start] in _LINE_BREAKS or text[span.end - 1] in _LINE_BREAKS:
            joined = sum(position in (r.head, r.child) for r in document.relations)
            reason = "starts or ends with a line break, which brat cannot hold"
            if joined:
                reason += f"; so {counted(joined, 'relation')} of it"
            summary.left_out(document, span, reason)
            continue
        number += 1
        key = keys[position] = f"T{number}"
        fragments = _fragments(text, span.start, span.end)
        where = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"{key}\t{span.label} {where}\t{covered}")
        attributes = []
        if span.status != "accepted":
            attributes.append(f"Status {key} {span.status}")
        attributes.extend(f"Tag {key} {escape(tag)}" for tag in span.tags)
        if named and span.annotator:
            attributes.append(f"{ANNOTATOR} {key} {escape(span.annotator)}")
        for attribute in attributes:
            numbers["A"] += 1
            lines.append(f"A{numbers['A']}\t{attribute}")
        if span.note:
            numbers["#"] += 1
            flat = span.note.replace("\r", " ").replace("\n", " ")
            lines.append(f"#{numbers['#']}\tAnnotatorNotes {key}\t{flat}")
        if span.kb_id:
            normalisation += 1
            name = span.entity_name.replace("\t", " ")
            lines.append(f"N{normalisation}\tReference {key} {ENTITY_BASE}:{span.kb_id}\t{name}")
    if document.relations:
        written = relation_lines(document, keys, bool(named), numbers)
        lines.extend(written.lines)
        if declared is not None:
            declared.merge(written)
    return "".join(line + "\n" for line in lines)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of [start, end) between line breaks, which an .ann line cannot hold.

    The span neither starts nor ends with a line break, so the pieces span it exactly.
    """
    pieces = []
    piece_start = None
    for index in range(start, end):
        if text[index] in _LINE_BREAKS:
            if piece_start is not None:
                pieces.append((piece_start, index))
                piece_start = None
        elif piece_start is None:
            piece_start = index
    if piece_start is not None:
        pieces.append((piece_start, end))
    return pieces


def _named_annotators(document: ExportDocument) -> set[str]:
    """The annotators a document's spans and relations name, when more than one; else none."""
    names = {span.annotator for span in document.spans if span.annotator}
    names.update(relation.annotator for relation in document.relations if relation.annotator)
    return names if len(names) > 1 else set()


def annotation_conf(
    labels: set[str],
    tags: set[str],
    annotators: Iterable[str] = (),
    declared: Written | None = None,
    relation_types: Iterable[RelationTypeSpec] = (),
) -> str:
    """The conf declaring what the export wrote; relation types as the database has them.

    A type's head and child labels are those the database allows, widened by
    any the export wrote (a type's constraints may have changed since), or any
    label where the database allows any.
    """
    declared = declared or Written()
    on_relations = "|<RELATION>" if declared.types or declared.events else ""
    attributes = [f"Status Arg:<ENTITY>{on_relations}, Value:suggested|accepted"]
    if tags:
        attributes.append(f"Tag Arg:<ENTITY>, Value:{'|'.join(sorted(tags))}")
    names = sorted(annotators)
    if names:
        attributes.append(f"{ANNOTATOR} Arg:<ENTITY>{on_relations}, Value:{'|'.join(names)}")
    for name, values in sorted(declared.attributes.items()):
        if name not in ("Status", ANNOTATOR, "Tag"):
            attributes.append(
                f"{name} Arg:<RELATION>" + (f", Value:{'|'.join(sorted(values))}" if values else "")
            )
    known = {spec.name: spec for spec in relation_types}
    types = []
    for name, (heads, children, directed, _) in declared.types.items():
        spec = known.get(name)
        allowed_heads = tuple(sorted({*spec.heads, *heads})) if spec and spec.heads else ()
        allowed_children = (
            tuple(sorted({*spec.children, *children})) if spec and spec.children else ()
        )
        types.append(
            RelationTypeSpec(
                name, "", directed=directed, heads=allowed_heads, children=allowed_children
            )
        )
    roles = {name: said[3] for name, said in declared.types.items()}
    events = [
        f"{kind} "
        + ", ".join(f"{role}:{'|'.join(sorted(kinds))}" for role, kinds in sorted(roles_.items()))
        for kind, roles_ in sorted(declared.events.items())
    ]
    return "\n".join(
        [
            "# Written by Tagdesk's brat export.",
            "[entities]",
            *sorted(labels - set(declared.events)),
            "[relations]",
            *relations_section(types, roles, declared.equivalences),
            "[events]",
            *events,
            "[attributes]",
            *attributes,
            "",
        ]
    )
