"""The formats Tagdesk knows, and how a file's format is told from its name and content."""

from __future__ import annotations

import codecs
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tagdesk.core.errors import InputError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.formats import brat, conll, docbin, doccano, label_studio, spacy_jsonl, txt
from tagdesk.formats.base import FormatOptions, Reader, Writer
from tagdesk.formats.folders import kind_of
from tagdesk.formats.jsonl_lines import iter_records


@dataclass(frozen=True)
class Format:
    name: str
    description: str  # one line, shown by `tagdesk import --help` and `tagdesk export --help`
    extensions: tuple[str, ...]
    read: Reader | None = None
    write: Writer | None = None
    needs_tokens: bool = False  # the writer gets each document's tokens
    carries_groups: bool = False  # the writer keeps span groups apart (else one span for all)
    folder: bool = False  # exported as a folder rather than a file
    options: tuple[str, ...] = ()  # the FormatOptions fields it reads: "unit", "split", "overlap"
    outputs: Callable[[Path, FormatOptions], list[Path]] = lambda out, _options: [out]

    @property
    def can_import(self) -> bool:
        return self.read is not None

    @property
    def can_export(self) -> bool:
        return self.write is not None


def read_jsonl_detecting(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    """JSON lines in either shape, told apart record by record."""
    for line, record in iter_records(path):
        if doccano.looks_like(record):
            yield doccano.parse_record(record, path, line, options)
        else:
            yield spacy_jsonl.parse_record(record, path, line)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "spacy-jsonl",
            "Prodigy/spaCy JSON lines with tokens, spans and hashes (the default)",
            (".jsonl", ".ndjson"),
            read=spacy_jsonl.read,
            write=spacy_jsonl.write,
            needs_tokens=True,
            carries_groups=True,
        ),
        Format(
            "docbin",
            "spaCy DocBin (.spacy) for `spacy train`: ents, spans['sc'], cats (see --split)",
            (".spacy",),
            read=docbin.read,
            write=docbin.write,
            needs_tokens=True,
            carries_groups=True,
            options=("split",),
            outputs=docbin.outputs,
        ),
        Format(
            "doccano",
            'doccano JSON lines: {"text", "label": [[start, end, "LABEL"]]} (see --unit)',
            (".jsonl",),
            read=doccano.read,
            write=doccano.write,
            options=("unit", "overlap"),
        ),
        Format(
            "label-studio",
            "Label Studio JSON tasks: accepted spans as annotations, suggestions as predictions",
            (".json",),
            read=label_studio.read,
            write=label_studio.write,
        ),
        Format(
            "brat",
            "brat standoff folder: NAME.txt + NAME.ann a document, notes and tag attributes",
            (".ann",),
            read=brat.read,
            write=brat.write,
            folder=True,
        ),
        Format(
            "conll",
            "CoNLL-2003 columns with IOB2 tags, -DOCSTART- between documents",
            (".conll", ".iob", ".iob2", ".bio"),
            read=conll.read,
            write=conll.write,
            needs_tokens=True,
        ),
        Format(
            "txt",
            "plain UTF-8 text, one document per file, first line as title",
            (".txt",),
            read=txt.read,
        ),
    )
}
DEFAULT_EXPORT = "spacy-jsonl"


def importable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_import]


def exportable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_export]


def help_lines(names: list[str]) -> str:
    """`name  description` a line, for --help."""
    return "\n".join(f"  {name:<13} {FORMATS[name].description}" for name in names)


def reader(name: str) -> Reader:
    found = FORMATS.get(name)
    if found is None or found.read is None:
        raise InputError(
            name, f"is not a format Tagdesk imports (known: {', '.join(importable())})"
        )
    return found.read


def expand(
    paths: list[Path], format_name: str | None, warnings: list[str] | None = None
) -> list[tuple[Path, Reader]]:
    """The files to read, each with its reader; what a folder passed over goes to `warnings`.

    A folder is read as brat when it holds .ann files (or --format brat says
    so), and otherwise contributes its .txt files; either way only what it
    holds (folders.py). A pipe named on the command line (/dev/stdin, `<(...)`)
    is read once, as a stream, in the format --format names.
    """
    if format_name is not None:
        reader(format_name)
    said = warnings if warnings is not None else []
    plan: list[tuple[Path, Reader]] = []
    for path in paths:
        if path.is_dir() and (
            format_name == "brat" or (format_name is None and brat.is_brat_folder(path))
        ):
            pairs = brat.pairs_in(path)
            if not pairs.files:
                raise InputError(path, "holds no brat pairs (NAME.txt with NAME.ann)")
            said.extend(pairs.warnings(path))
            plan.extend((file, brat.read) for file in pairs.files)
        elif path.is_dir():
            listing = txt.text_files(path)
            said.extend(listing.warnings(path))
            if not listing.files:
                raise InputError(path, "holds no .txt files to import")
            paired = [file for file in listing.files if brat.has_annotations_beside(file)]
            said.extend(_read_as_plain_text(path, paired, format_name))
            plan.extend((file, reader(format_name or "txt")) for file in listing.files)
        else:
            read = _file_reader(path, format_name)
            if read is txt.read and brat.has_annotations_beside(path):
                said.extend(_read_as_plain_text(path, [path], format_name))
            plan.append((path, read))
    return plan


def _read_as_plain_text(where: Path, paired: list[Path], format_name: str | None) -> list[str]:
    """The warning for .txt files read as --format says though an .ann lies beside each."""
    if not paired:
        return []
    if paired == [where]:
        said = f"has {where.with_suffix('.ann').name} beside it, but is read"
    else:
        count = f"{len(paired)} .txt file" + ("" if len(paired) == 1 else "s")
        said = f"{count} with an .ann beside {'it' if len(paired) == 1 else 'them'} read"
    return [
        f"{where}: {said} as --format {format_name} says, so their brat annotations are "
        "not imported (import without --format to read them as brat)"
    ]


def _file_reader(path: Path, format_name: str | None) -> Reader:
    """The reader for a path named on the command line: a file, or a pipe with --format."""
    try:
        mode = path.stat().st_mode
    except OSError:
        raise InputError(path, "does not exist") from None
    if stat.S_ISFIFO(mode):
        if format_name is None:
            raise InputError(
                path,
                "is a pipe, whose format cannot be told from its name or content; "
                f"pass --format ({', '.join(importable())})",
            )
        if FORMATS[format_name].read is brat.read:
            raise InputError(path, "is a pipe; brat is read from a folder or a .txt/.ann pair")
    elif not stat.S_ISREG(mode):
        raise InputError(path, f"is {kind_of(mode) or 'not a regular file'}, not a file to import")
    return reader(format_name) if format_name else _detect(path)


def _detect(path: Path) -> Reader:
    """By extension; JSON lines per record, and a .txt that starts -DOCSTART- is CoNLL."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl_detecting
    if suffix == ".txt":
        if brat.has_annotations_beside(path):
            return brat.read  # one half of a brat pair, never its text alone
        return conll.read if _starts_with(path, conll.DOCSTART.encode()) else txt.read
    for candidate in FORMATS.values():
        if candidate.read is not None and suffix in candidate.extensions:
            return candidate.read
    raise InputError(
        path,
        f"cannot tell its format from the name; pass --format ({', '.join(importable())})",
    )


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(prefix) + 3).removeprefix(codecs.BOM_UTF8).startswith(prefix)
    except OSError:
        return False  # the reader reports it


def estimate_documents(plan: list[tuple[Path, Reader]]) -> int | None:
    """How many documents `plan` holds, for a progress bar; None where only parsing would tell.

    JSON lines are counted by their lines (a blank one counts too), a text
    file is one document: a few tenths of a second for 300 MB.
    """
    total = 0
    for path, read in plan:
        if not _is_regular(path):
            return None  # a pipe can be read only once, by its reader
        if read is txt.read:
            total += 1
        elif read in (read_jsonl_detecting, spacy_jsonl.read, doccano.read):
            total += _count_lines(path)
        else:
            return None
    return total


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0  # the reader reports it
    return lines + (last != b"\n")


def export_format(name: str | None, out: Path) -> Format:
    """The named format, or the one `out`'s name suggests, or the default."""
    if name is None:
        name = _export_format_for(out)
    found = FORMATS.get(name)
    if found is None or found.write is None:
        raise InputError(
            name, f"is not a format Tagdesk exports (known: {', '.join(exportable())})"
        )
    return found


def _export_format_for(out: Path) -> str:
    suffix = out.suffix.lower()
    for candidate in FORMATS.values():
        if candidate.can_export and suffix and suffix in candidate.extensions:
            return candidate.name
    if out.is_dir():
        folders = [f.name for f in FORMATS.values() if f.folder and f.can_export]
        if folders:
            return folders[0]
    return DEFAULT_EXPORT
