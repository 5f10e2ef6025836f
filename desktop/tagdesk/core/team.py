"""Several analysts on one corpus: whose spans a view shows, and the reviewer's reserved name.

A span's `annotator` owns it. Pre-annotation's suggestions name nobody ("")
and are shared. In a document given to several analysts nobody changes a
span someone else owns: acting on it makes an own span that records the one
it came from (`derived_from`), and that own row hides the original from its
owner's view. An analyst's view of a document is their own spans and the
shared ones none of them hides; the reviewer's version (gold) is the view
of the reserved name GOLD.

What `tagdesk train`, `preannotate --phrases` and `stats` read of a document
by default is the team's version of it (team_version): gold's where there is
gold, else what the analysts it was given to agree on, else every span.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
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


def team_version(
    rows: Sequence[Row],
    analysts: Sequence[str],
    owner: Callable[[Row], Owner],
    key: Callable[[Row], Hashable],
) -> tuple[list[Row], list[Row]]:
    """What a team's document says, for training, phrases and statistics: (kept, disputed).

    `analysts` are those the document is given to; `key` tells two spans alike
    (place, label and status). A document with gold spans: gold's view, as the
    export writes it. Given to two or more analysts, without gold: the spans
    every one of them has alike in their own view, each once; a span only some
    of them have is disputed, left out (training reads its text as unknown,
    neither an entity nor none). Any other document: every span, as the window
    shows it, with a span two analysts both made alike kept once. Nothing is
    ever read twice, and two analysts' different labels for one place are never
    both read where they had the document to annotate apart.
    """
    if any(owner(row)[1] == GOLD for row in rows):
        return in_view(rows, GOLD, owner), []
    if len(analysts) < 2:
        first_owner: dict[Hashable, str] = {}
        kept: list[Row] = []
        for row in rows:
            made_by = first_owner.setdefault(key(row), owner(row)[1])
            if made_by == owner(row)[1]:
                kept.append(row)
        return kept, []
    views = [in_view(rows, name, owner) for name in analysts]
    everyone = set.intersection(*({key(row) for row in view} for view in views))
    kept = []
    disputed: list[Row] = []
    seen: set[Hashable] = set()
    for view in views:
        for row in view:
            found = key(row)
            if found not in seen:
                seen.add(found)
                (kept if found in everyone else disputed).append(row)
    return kept, disputed
