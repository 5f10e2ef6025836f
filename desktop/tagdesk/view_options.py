"""`--annotator NAME` and `--gold`: whose work `tagdesk train`, `preannotate --phrases` and
`stats` read (store.team_version), as `tagdesk export --annotator` chooses what it writes."""

from __future__ import annotations

import argparse

from tagdesk.core.team import GOLD, annotator_problem

DEFAULT_HELP = (
    "Default: the team's version of each document: its reviewed version (gold) where it has "
    "one; where it was given to two or more analysts, the spans they all marked alike, once "
    "(a place they disagree on is left out); elsewhere every span"
)


def add_view_options(command: argparse.ArgumentParser, what: str) -> None:
    """The two options, mutually exclusive, on `command`; `what` says what they choose."""
    chosen = command.add_mutually_exclusive_group()
    chosen.add_argument(
        "--annotator",
        type=_name,
        metavar="NAME",
        help=f"{what} one analyst's own work: their spans and the suggestions they left as "
        "they were, in every document; a document given to them has the status they gave it. "
        + DEFAULT_HELP,
    )
    chosen.add_argument(
        "--gold",
        action="store_true",
        help=f"{what} the reviewed version (gold) only, of the documents that have one",
    )


def chosen_view(args: argparse.Namespace) -> str | None:
    """The view the options name: an analyst, GOLD, or None for the team's version."""
    return GOLD if args.gold else args.annotator


def _name(value: str) -> str:
    name = value.strip()
    if name.casefold() == GOLD:
        raise argparse.ArgumentTypeError(f"{value!r} is the reviewed version: use --gold")
    problem = annotator_problem(name) or None
    if not name:
        problem = f"{value!r}: an annotator's name is printable text"
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return name
