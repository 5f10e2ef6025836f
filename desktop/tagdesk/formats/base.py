"""What every reader and writer shares: options, signatures, and the JSON-lines writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from tagdesk.core.exported import ExportDocument, ExportSummary
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import RelationScheme, RelationTypeSpec
from tagdesk.core.wording import counted
from tagdesk.formats.atomic import atomic_binary

Token = tuple[int, int, bool]  # start, end (code points), followed by whitespace
Exported = tuple[ExportDocument, Sequence[Token]]  # tokens are empty unless the format needs them
Unit = Literal["codepoint", "utf16"]
UNITS: tuple[str, ...] = ("codepoint", "utf16")


FILES_SHOWN = 3  # files a warning names one by one before it sums them


@dataclass
class Notices:
    """What readers read but could not keep, counted by file: the import's warnings.

    A file from another tool can hold things Tagdesk has no place for (brat
    relations, doccano relations, Label Studio predictions listed by id). They
    are not errors, but neither are they dropped without a word: a reader
    counts them here, and the import prints one line a file and reason.
    """

    _counts: dict[tuple[str, str], dict[tuple[str, str], int]] = field(default_factory=dict)

    def add(self, path: Path, reason: str, one: str, many: str, count: int = 1) -> None:
        """Count `count` things (`one` and `many` name them) in `path` passed over for `reason`."""
        if count:
            things = self._counts.setdefault((str(path), reason), {})
            things[(one, many)] = things.get((one, many), 0) + count

    def lines(self) -> list[str]:
        """`FILE: 3 relations and 1 event REASON`, in the order first counted.

        Past `FILES_SHOWN` files for one reason, one line sums them and names
        the first few, so a corpus of thousands of files says it in one line.
        """
        by_reason: dict[str, list[tuple[str, dict[tuple[str, str], int]]]] = {}
        for (path, reason), things in self._counts.items():
            by_reason.setdefault(reason, []).append((path, things))
        said: list[str] = []
        for reason, files in by_reason.items():
            if len(files) <= FILES_SHOWN:
                said.extend(f"{path}: {_counted(things)} {reason}" for path, things in files)
                continue
            total: dict[tuple[str, str], int] = {}
            for _, things in files:
                for thing, count in things.items():
                    total[thing] = total.get(thing, 0) + count
            first = ", ".join(path for path, _ in files[:FILES_SHOWN])
            said.append(f"{counted(len(files), 'file')} ({first}, ...): {_counted(total)} {reason}")
        return said


def _counted(things: dict[tuple[str, str], int]) -> str:
    """`2 events, 1 relation and 3 notes`."""
    counted = [f"{n:,} {one if n == 1 else many}" for (one, many), n in things.items()]
    return ", ".join(counted[:-1]) + " and " + counted[-1] if len(counted) > 1 else counted[0]


@dataclass(frozen=True)
class FormatOptions:
    """Choices that only some formats read; the rest ignore them."""

    unit: Unit = "utf16"  # doccano offsets: what doccano's own editor counts
    split: float | None = None  # docbin: share of documents in the train file
    overlap: bool = True  # doccano export: False leaves overlapping spans out
    text_field: str | None = None  # doccano import: the field of the text (its column_data)
    label_field: str | None = None  # doccano import: the field of the spans (its column_label)
    notices: Notices = field(default_factory=Notices, compare=False)  # import: what was passed over
    # Readers add what they read but could not keep as it was, one line each, FILE:LINE first.
    warnings: list[str] = field(default_factory=list, compare=False)
    # import: the relation types the files declare (brat's annotation.conf), for the types
    # the import creates; the first declaration of a name counts
    relation_scheme: RelationScheme = field(default_factory=RelationScheme, compare=False)
    # export: the database's relation types, for writers that declare them (brat's conf;
    # docbin's doc._.rel gives each type of the scheme a 0.0 where not a 1.0)
    relation_types: tuple[RelationTypeSpec, ...] = ()
    # export: whether the database holds relations of the statuses exported (doccano then
    # writes every line in its relation form)
    with_relations: bool = False


Reader = Callable[[Path, FormatOptions], Iterator[IncomingDocument]]
Writer = Callable[[Iterable[Exported], Path, FormatOptions, ExportSummary], None]


def write_json_lines(
    items: Iterable[Exported],
    out: Path,
    summary: ExportSummary,
    to_record: Callable[[ExportDocument, Sequence[Token]], dict[str, Any]],
) -> None:
    """One JSON object a line, written atomically."""
    with atomic_binary(out) as stream:
        for document, tokens in items:
            stream.write(
                orjson.dumps(to_record(document, tokens), option=orjson.OPT_APPEND_NEWLINE)
            )
    summary.files.append(str(out))
