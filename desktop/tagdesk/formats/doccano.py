"""doccano sequence-labelling JSON lines.

Current form `{"text", "label": [[start, end, "LABEL"], ...]}`; also the older
`labels` key, `data` for the text, and the `entities` form with
`start_offset`/`end_offset`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.records import IncomingDocument, IncomingSpan
from tagdesk.formats.jsonl_lines import build_document, iter_records, require_text

SPAN_KEYS = ("label", "labels", "entities")


def looks_like(record: dict[str, Any]) -> bool:
    if "spans" in record or "tokens" in record:
        return False
    return any(isinstance(record.get(key), list) for key in SPAN_KEYS) or (
        "data" in record and "text" not in record
    )


def _spans(record: dict[str, Any], path: Path, line: int) -> list[IncomingSpan]:
    spans = []
    if isinstance(record.get("entities"), list):
        for entity in record["entities"]:
            if not isinstance(entity, dict) or not {"start_offset", "end_offset", "label"} <= set(
                entity
            ):
                raise InputError(path, "each entity needs start_offset, end_offset and label", line)
            spans.append(
                IncomingSpan(entity["start_offset"], entity["end_offset"], entity["label"])
            )
    for key in ("label", "labels"):
        value = record.get(key)
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise InputError(path, f'each "{key}" entry must be [start, end, "LABEL"]', line)
            spans.append(IncomingSpan(item[0], item[1], item[2]))
    return spans


def parse_record(record: dict[str, Any], path: Path, line: int) -> IncomingDocument:
    text = require_text(record, path, line, "text", "data")
    return build_document(record, text, _spans(record, path, line), path, line)


def read(path: Path) -> Iterator[IncomingDocument]:
    for line, record in iter_records(path):
        yield parse_record(record, path, line)
