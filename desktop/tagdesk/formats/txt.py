"""Plain text: one document per file; the first line is also the title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.text import normalize_newlines, title_from_text
from tagdesk.formats.base import FormatOptions
from tagdesk.formats.decoding import read_text_file
from tagdesk.formats.folders import Listing, list_files


def text_files(folder: Path) -> Listing:
    return list_files(folder, [".txt"])


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    text = normalize_newlines(read_text_file(path)).text
    yield IncomingDocument(
        text=text,
        title=title_from_text(text),
        source=path.name,
        meta={"file": path.name},
        where=str(path),
    )
