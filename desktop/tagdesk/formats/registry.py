"""The formats Tagdesk knows, and how a file's format is told from its name and content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tagdesk.core.errors import InputError
from tagdesk.core.records import IncomingDocument
from tagdesk.formats import doccano, spacy_jsonl, txt
from tagdesk.formats.jsonl_lines import iter_records

Reader = Callable[[Path], Iterator[IncomingDocument]]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extensions: tuple[str, ...]
    can_import: bool
    can_export: bool


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "spacy-jsonl",
            "Prodigy/spaCy JSON lines with tokens, spans and hashes (the default)",
            (".jsonl", ".ndjson"),
            can_import=True,
            can_export=True,
        ),
        Format(
            "doccano",
            'doccano JSON lines: {"text", "label": [[start, end, "LABEL"]]}',
            (".jsonl",),
            can_import=True,
            can_export=False,
        ),
        Format(
            "txt",
            "plain UTF-8 text, one document per file, first line as title",
            (".txt",),
            can_import=True,
            can_export=False,
        ),
    )
}
DEFAULT_EXPORT = "spacy-jsonl"


def importable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_import]


def exportable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.can_export]


def read_jsonl_detecting(path: Path) -> Iterator[IncomingDocument]:
    """JSON lines in either shape, told apart record by record."""
    for line, record in iter_records(path):
        if doccano.looks_like(record):
            yield doccano.parse_record(record, path, line)
        else:
            yield spacy_jsonl.parse_record(record, path, line)


READERS: dict[str, Reader] = {
    "spacy-jsonl": spacy_jsonl.read,
    "doccano": doccano.read,
    "txt": txt.read,
}


def expand(paths: list[Path], format_name: str | None) -> list[tuple[Path, Reader]]:
    """The files to read, each with its reader; folders contribute their text files."""
    if format_name is not None and format_name not in READERS:
        known = ", ".join(importable())
        raise InputError(format_name, f"is not a format Tagdesk imports (known: {known})")
    plan: list[tuple[Path, Reader]] = []
    for path in paths:
        if path.is_dir():
            files = txt.text_files(path)
            if not files:
                raise InputError(path, "holds no .txt files to import")
            plan.extend((file, READERS[format_name or "txt"]) for file in files)
        elif not path.exists():
            raise InputError(path, "does not exist")
        else:
            plan.append((path, READERS[format_name] if format_name else _detect(path)))
    return plan


def _detect(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl_detecting
    if suffix == ".txt":
        return txt.read
    raise InputError(
        path,
        f"cannot tell its format from the name; pass --format ({', '.join(importable())})",
    )
