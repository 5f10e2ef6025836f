"""Several analysts on one corpus: whose spans a view shows, and the reviewer's reserved name.

A span's `annotator` owns it. Pre-annotation's suggestions name nobody ("")
and are shared. In a document given to several analysts nobody changes a
span someone else owns: acting on it makes an own span that records the one
it came from (`derived_from`), and that own row hides the original from its
owner's view. An analyst's view of a document is their own spans and the
shared ones none of them hides; the reviewer's version (gold) is the view
of the reserved name GOLD.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

GOLD = "gold"  # the reviewer's version: what `tagdesk export` writes once it exists
OWN = "own"  # the viewer's own view
ALL = "all"  # every span, each with its annotator's name
ASSIGNMENT_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")

Row = TypeVar("Row")
Owner = tuple[int, str, int | None]  # a span's id, annotator, the span it came from


def annotator_problem(name: str) -> str | None:
    """Why `name` cannot name an analyst, or None: printable text, and not the reviewer's."""
    if not name or name != name.strip() or not name.isprintable():
        return f"{name!r}: an annotator's name is printable text"
    if name.casefold() == GOLD:
        return (
            f"{name!r} is the name of the reviewed version (gold), not of a person; "
            "choose another annotator name"
        )
    return None


def in_view(rows: Sequence[Row], viewer: str, owner: Callable[[Row], Owner]) -> list[Row]:
    """The rows `viewer` sees, in their order: their own, and shared ones none of theirs hides."""
    hidden = {owner(row)[2] for row in rows if owner(row)[1] == viewer}
    return [
        row
        for row in rows
        if (found := owner(row))[1] == viewer or (found[1] == "" and found[0] not in hidden)
    ]
