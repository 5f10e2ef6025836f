"""What every reader and writer shares: options, signatures, and the JSON-lines writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from tagdesk.core.records import ExportDocument, ExportSummary, IncomingDocument
from tagdesk.formats.atomic import atomic_binary

Token = tuple[int, int, bool]  # start, end (code points), followed by whitespace
Exported = tuple[ExportDocument, Sequence[Token]]  # tokens are empty unless the format needs them
Unit = Literal["codepoint", "utf16"]
UNITS: tuple[str, ...] = ("codepoint", "utf16")


@dataclass(frozen=True)
class FormatOptions:
    """Choices that only some formats read; the rest ignore them."""

    unit: Unit = "utf16"  # doccano offsets: what doccano's own editor counts
    split: float | None = None  # docbin: share of documents in the train file
    # Readers add what they read but could not keep as it was, one line each, FILE:LINE first.
    warnings: list[str] = field(default_factory=list, compare=False)


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
