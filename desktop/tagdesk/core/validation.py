"""Checks on incoming spans, shared by every reader."""

from __future__ import annotations

from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.records import SPAN_STATUSES

# Every other character is text to keep as it is; NUL is not, and a database server
# (PostgreSQL) cannot store it in a text column.
NUL_PROBLEM = "the text holds a NUL character (U+0000), which Tagdesk cannot store; remove it"


def span_problem(start: object, end: object, label: object, text_length: int) -> str | None:
    """Why a span cannot be imported, or None when it is fine."""
    if isinstance(start, bool) or isinstance(end, bool):
        return "span offsets must be whole numbers"
    if not isinstance(start, int) or not isinstance(end, int):
        return f"span offsets must be whole numbers, got start={start!r} end={end!r}"
    if not isinstance(label, str) or not is_valid_label_name(label):
        return f"span label must be a non-empty name without spaces, got {label!r}"
    if start < 0:
        return f"span start {start} is negative"
    if end < start:
        return f"span end {end} is before its start {start}"
    if end == start:
        return f"span [{start}, {end}) is empty"
    if end > text_length:
        return f"span [{start}, {end}) ends after the text, which has {text_length} characters"
    return None


def status_problem(status: object) -> str | None:
    if status not in SPAN_STATUSES:
        return f"span status must be one of {', '.join(SPAN_STATUSES)}, got {status!r}"
    return None
