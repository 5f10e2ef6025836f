"""Checks on incoming spans, shared by every reader."""

from __future__ import annotations

import re

from tagdesk.core.labels import UNSEEN, is_valid_label_name
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.wording import counted

# Every other character is text to keep as it is; NUL is not, and a database server
# (PostgreSQL) cannot store it in a text column.
NUL_PROBLEM = "the text holds a NUL character (U+0000), which Tagdesk cannot store; remove it"


# A tag is a name: no control or direction characters, no outer whitespace.
_TAG = re.compile(f"[^\\s{UNSEEN}]|[^\\s{UNSEEN}].*[^\\s{UNSEEN}]", re.DOTALL)
_UNSEEN = re.compile(f"[{UNSEEN}]")
# A note is text on several lines: tab and newline are part of it, other controls are not.
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown_character(character: str) -> str:
    """A character a message can name without the terminal acting on it: `U+001B`."""
    return f"U+{ord(character):04X}"


def label_problem(label: object) -> str | None:
    if isinstance(label, str) and is_valid_label_name(label):
        return None
    if isinstance(label, str) and label and len(label) <= 64:
        unseen = _UNSEEN.search(label)
        if unseen:
            return (
                f"span label {label!r} holds the control character "
                f"{shown_character(unseen[0])}; a label is one word of visible characters"
            )
    return f"span label must be a non-empty name without spaces, got {label!r}"


def tag_problem(tag: object) -> str | None:
    """Why `tag` cannot be a tag name, or None."""
    if not isinstance(tag, str) or not tag:
        return f"a tag must be a non-empty name, got {tag!r}"
    return _name_problem("tag", tag)


def group_problem(group: object) -> str | None:
    """Why `group` cannot name a span's group ("ents" or a DocBin span group), or None."""
    if group == "":
        return None
    if not isinstance(group, str) or len(group) > 200:
        return f"a span group must be a name, got {group!r:.80}"
    return _name_problem("span group", group)


def _name_problem(kind: str, name: str) -> str | None:
    """A tag's or group's name: visible characters, spaces inside only."""
    unseen = _UNSEEN.search(name)
    if unseen:
        return f"{kind} {name!r} holds the control character {shown_character(unseen[0])}"
    if _TAG.fullmatch(name):
        return None
    return f"{kind} {name!r} starts or ends with a space"


def note_problem(note: object) -> str | None:
    """Why `note` cannot be a note, or None; tabs and line breaks are fine."""
    if not isinstance(note, str):
        return f"a note must be text, got {note!r}"
    control = _NOTE_CONTROL.search(note)
    if control:
        return (
            f"the note holds the control character {shown_character(control[0])} "
            f"at character {control.start()}; only tabs and line breaks may be in a note"
        )
    return None


def span_problem(start: object, end: object, label: object, text_length: int) -> str | None:
    """Why a span cannot be imported, or None when it is fine."""
    if isinstance(start, bool) or isinstance(end, bool):
        return "span offsets must be whole numbers"
    if not isinstance(start, int) or not isinstance(end, int):
        return f"span offsets must be whole numbers, got start={start!r} end={end!r}"
    if not isinstance(label, str) or not is_valid_label_name(label):
        return label_problem(label)
    if start < 0:
        return f"span start {start} is negative"
    if end < start:
        return f"span end {end} is before its start {start}"
    if end == start:
        return f"span [{start}, {end}) is empty"
    if end > text_length:
        return (
            f"span [{start}, {end}) ends after the text, which has "
            f"{counted(text_length, 'character')}"
        )
    return None


def status_problem(status: object) -> str | None:
    if status not in SPAN_STATUSES:
        return f"span status must be one of {', '.join(SPAN_STATUSES)}, got {status!r}"
    return None
