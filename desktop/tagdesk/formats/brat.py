"""brat standoff: a folder with `NAME.txt` and `NAME.ann` for each document.

`T1<TAB>LABEL start end<TAB>text` for a span (code points of the .txt);
a span across line breaks is written as fragments `start end;start end`,
since an .ann line cannot hold a newline. Notes are `#1<TAB>AnnotatorNotes T1<TAB>note`;
span tags are `Tag` attributes and suggestions carry `Status suggested`. An
`annotation.conf` declares the labels and attributes, and allows overlaps,
so brat's own server shows the export as it is. The folder also gets
Tagdesk's manifest (see manifest.py): a later export replaces the folder only
while it holds exactly what that manifest lists, so a brat corpus from
elsewhere, or an export edited by hand, is never overwritten.

Not carried: document tags and status (brat has no document attributes), and
relations, events and normalisations on import (Tagdesk has no place for them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote

from tagdesk.core.errors import InputError
from tagdesk.core.records import (
    SPAN_STATUSES,
    ExportDocument,
    ExportSummary,
    IncomingDocument,
    IncomingSpan,
)
from tagdesk.core.validation import span_problem
from tagdesk.formats.atomic import atomic_folder
from tagdesk.formats.base import Exported, FormatOptions
from tagdesk.formats.decoding import decode_utf8, read_bytes, read_text_file
from tagdesk.formats.folders import Listing, list_files
from tagdesk.formats.jsonl_lines import build_document

CONF = "annotation.conf"
EXPORT_FILES = re.compile(r"^(\d+\.(txt|ann)|annotation\.conf)$")  # every name write() uses
_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_LINE_BREAKS = "\r\n"
_ESCAPES = {"%": "%25", " ": "%20", "\t": "%09", "\n": "%0A", "\r": "%0D"}
_IGNORED = ("R", "E", "N", "*")  # relations, events, normalisations, equivalences


def pairs_in(folder: Path) -> Listing:
    """The .txt files of a brat folder that have an .ann beside them (see folders.py)."""
    listing = list_files(folder, [".txt", ".ann"])
    annotations = {path for path in listing.files if path.suffix == ".ann"}
    listing.files = [
        path
        for path in listing.files
        if path.suffix == ".txt" and path.with_suffix(".ann") in annotations
    ]
    return listing


def is_brat_folder(folder: Path) -> bool:
    return bool(list_files(folder, [".ann"]).files)


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    """A folder of pairs, or one pair named by its .txt or .ann."""
    if path.is_dir():
        texts = pairs_in(path).files
        if not texts:
            raise InputError(path, "holds no brat pairs (NAME.txt with NAME.ann)")
    else:
        texts = [path.with_suffix(".txt")]
        if not texts[0].is_file():
            raise InputError(path, f"has no text file {texts[0].name} beside it")
    for text_path in texts:
        yield read_pair(text_path, text_path.with_suffix(".ann"))


def read_pair(text_path: Path, ann_path: Path) -> IncomingDocument:
    text = read_text_file(text_path)
    spans: dict[str, IncomingSpan] = {}
    notes: dict[str, list[str]] = defaultdict(list)
    content = decode_utf8(read_bytes(ann_path), ann_path) if ann_path.exists() else ""
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith(_IGNORED):
            continue
        fields = line.split("\t")
        kind = line[0]
        if kind == "T" and len(fields) >= 3:
            if fields[0] in spans:  # the later line would silently replace the earlier span
                raise InputError(ann_path, f"{fields[0]} is already defined above", number)
            spans[fields[0]] = _entity(fields, text, ann_path, number)
        elif kind in "AM" and len(fields) >= 2:
            _attribute(fields[1].split(" "), spans, ann_path, number)
        elif kind == "#" and len(fields) >= 3 and fields[1].startswith("AnnotatorNotes "):
            target = fields[1].split(" ", 1)[1]
            if target not in spans:
                raise InputError(ann_path, f"note for {target}, which is not defined above", number)
            notes[target].append("\t".join(fields[2:]))
        elif kind != "#":
            raise InputError(ann_path, f"is not a brat annotation line: {line[:60]!r}", number)
    for key, texts in notes.items():
        spans[key].note = "\n".join(texts)
    return build_document(
        {"meta": {"source": text_path.name}}, text, list(spans.values()), ann_path, None
    )


def _entity(fields: list[str], text: str, path: Path, line: int) -> IncomingSpan:
    label, _, where = fields[1].partition(" ")
    fragments = []
    for part in where.split(";"):
        match = _FRAGMENT.match(part.strip())
        if not match:
            raise InputError(path, f"{fields[0]}: offsets must be 'start end', got {part!r}", line)
        fragments.append((int(match[1]), int(match[2])))
    start, end = fragments[0][0], fragments[-1][1]
    problem = span_problem(start, end, label, len(text))
    if problem:
        raise InputError(path, f"{fields[0]}: {problem}", line)
    for (_, gap_start), (gap_end, _) in pairwise(fragments):
        if gap_start > gap_end or text[gap_start:gap_end].strip(_LINE_BREAKS):
            raise InputError(
                path,
                f"{fields[0]} is discontinuous ({where}); Tagdesk spans are one stretch of text",
                line,
            )
    covered = " ".join(text[s:e] for s, e in fragments)
    given = "\t".join(fields[2:])
    if given != covered:
        raise InputError(
            path,
            f"{fields[0]}: the .ann says {given!r} but [{start}, {end}) of the .txt is "
            f"{covered!r}; the offsets or the text file changed",
            line,
        )
    return IncomingSpan(start, end, label)


def _attribute(parts: list[str], spans: dict[str, IncomingSpan], path: Path, line: int) -> None:
    name, target, value = parts[0], parts[1] if len(parts) > 1 else "", " ".join(parts[2:])
    span = spans.get(target)
    if span is None:
        raise InputError(path, f"attribute {name} for {target!r}, which is not defined above", line)
    if name == "Status":
        if value not in SPAN_STATUSES:
            raise InputError(path, f"Status must be one of {', '.join(SPAN_STATUSES)}", line)
        span.status = value
    elif name == "Tag":
        span.tags.append(unquote(value))
    else:  # another tool's attribute: kept as a tag
        span.tags.append(f"{name}={value}" if value else name)


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    labels: set[str] = set()
    tags: set[str] = set()
    with atomic_folder(out, format_name="brat", names=EXPORT_FILES) as folder:
        for document, _ in items:
            name = f"{document.id:06d}"
            (folder / f"{name}.txt").write_bytes(document.text.encode("utf-8"))
            (folder / f"{name}.ann").write_bytes(to_ann(document, summary).encode("utf-8"))
            labels.update(span.label for span in document.spans)
            tags.update(_escape(tag) for span in document.spans for tag in span.tags)
        (folder / CONF).write_text(annotation_conf(labels, tags), encoding="utf-8")
    summary.files.append(str(out))


def to_ann(document: ExportDocument, summary: ExportSummary) -> str:
    text = document.text
    lines: list[str] = []
    attribute = note = number = 0
    for span in document.spans:
        if text[span.start] in _LINE_BREAKS or text[span.end - 1] in _LINE_BREAKS:
            summary.left_out(
                document, span, "starts or ends with a line break, which brat cannot hold"
            )
            continue
        number += 1
        key = f"T{number}"
        fragments = _fragments(text, span.start, span.end)
        where = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"{key}\t{span.label} {where}\t{covered}")
        if span.status != "accepted":
            attribute += 1
            lines.append(f"A{attribute}\tStatus {key} {span.status}")
        for tag in span.tags:
            attribute += 1
            lines.append(f"A{attribute}\tTag {key} {_escape(tag)}")
        if span.note:
            note += 1
            flat = span.note.replace("\r", " ").replace("\n", " ")
            lines.append(f"#{note}\tAnnotatorNotes {key}\t{flat}")
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


def _escape(tag: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in tag)


def annotation_conf(labels: set[str], tags: set[str]) -> str:
    attributes = ["Status Arg:<ENTITY>, Value:suggested|accepted"]
    if tags:
        attributes.append(f"Tag Arg:<ENTITY>, Value:{'|'.join(sorted(tags))}")
    return "\n".join(
        [
            "# Written by Tagdesk's brat export.",
            "[entities]",
            *sorted(labels),
            "[relations]",
            "<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
            "[events]",
            "[attributes]",
            *attributes,
            "",
        ]
    )
