"""`tagdesk assign` and `tagdesk agreement`: documents given to a team, and how far they agree."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from tagdesk import terminal
from tagdesk.core.errors import TagdeskError
from tagdesk.paths import Paths

COMMANDS = ("assign", "agreement")


def add_commands(
    commands: Any, db_option: argparse.ArgumentParser, names: Callable[[str], tuple[str, ...]]
) -> None:
    """The two commands' parsers, under `tagdesk`'s subcommands."""
    assign_cmd = commands.add_parser(
        "assign",
        parents=[db_option],
        help="give documents to annotators",
        description="Give each document to --overlap of the annotators named, those who hold "
        "the fewest documents first (ties by name). Assignments already made are kept: none is "
        "removed or moved, and a document that has --overlap annotators already gets no more, "
        "so running again changes nothing. In a document given to two or more annotators, "
        "each keeps spans of their own.",
    )
    assign_cmd.add_argument(
        "--annotators", type=names, required=True, metavar="A,B,C", help="who to give them to"
    )
    assign_cmd.add_argument(
        "--overlap",
        type=int,
        default=1,
        metavar="N",
        help="annotators per document (default 1; 2 for double annotation)",
    )
    assign_cmd.add_argument(
        "--documents", nargs="+", type=int, metavar="ID", help="these documents only"
    )
    agreement_cmd = commands.add_parser(
        "agreement",
        parents=[db_option],
        help="how far annotators agree on the documents they both did",
        description="For every pair of annotators, over the documents both marked done (or, "
        "with --all, every document both have spans in): exact span F1, overlap F1 (same "
        "label, a character shared) and Cohen's kappa over word tokens, overall and per label, "
        "from each one's accepted spans; and relation F1 (same type, direction and both spans) "
        "and its overlap variant (each span shares a character), overall and per type, from "
        "each one's accepted relations between those spans.",
    )
    agreement_cmd.add_argument(
        "--all", action="store_true", help="every document both have spans in, done or not"
    )
    agreement_cmd.add_argument(
        "--labels", type=names, default=(), metavar="L1,L2", help="only spans with these labels"
    )
    agreement_cmd.add_argument("--json", action="store_true", help="print a JSON object")


def run(args: argparse.Namespace, paths: Paths) -> int:
    return assign(args, paths) if args.command == "assign" else agreement(args, paths)


def assign(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.core.wording import counted
    from tagdesk.store.assignments import assign_documents, assignment_counts
    from tagdesk.workspace import open_workspace

    with open_workspace(args.db, paths) as store:
        summary = assign_documents(store, args.annotators, args.overlap, args.documents)
        held = assignment_counts(store)
    for name in args.annotators:
        statuses = held.get(name, {})
        terminal.say(
            f"{name:<16} {counted(sum(statuses.values()), 'document'):>14}  "
            f"({summary.added[name]} new; todo {statuses.get('todo', 0)}, "
            f"in progress {statuses.get('in_progress', 0)}, done {statuses.get('done', 0)})"
        )
    terminal.say(
        f"documents given out now: {summary.short} of {summary.documents}; "
        f"each has {args.overlap} or more annotators"
    )
    return 0


def agreement(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.core.agreement import agreement as pair_agreement
    from tagdesk.nlp.tokens import spacy_tokenizer
    from tagdesk.store.agreement_data import documents_by_pair
    from tagdesk.store.reading import label_names
    from tagdesk.workspace import open_workspace

    with open_workspace(args.db, paths, writing=False) as store:
        known = label_names(store)
        unknown = [name for name in args.labels if name not in known]
        if unknown:
            raise TagdeskError(
                f"--labels: no label named {', '.join(unknown)} (known: {', '.join(known)})"
            )
        pairs = documents_by_pair(store, spacy_tokenizer(), finished=not args.all)
    results = [pair_agreement(pair, documents, args.labels) for pair, documents in pairs.items()]
    if args.json:
        figures = {"pairs": [result.as_json() for result in results]}
        sys.stdout.write(terminal.json_text(figures, indent=2) + "\n")
        return 0
    if not results:
        terminal.say(
            "no two annotators have "
            + ("spans in one document" if args.all else "both marked one document done")
            + ("" if args.all else " (--all: every document both have spans in)")
        )
        return 0
    for line in table(results):
        terminal.say(line)
    if any(r.relations.overall.first or r.relations.overall.second for r in results):
        terminal.say("")
        for line in relation_table(results):
            terminal.say(line)
    return 0


def table(results: list[Any]) -> list[str]:
    """One block a pair: its figures overall, then per label."""
    lines = [f"{'':<24} {'documents':>9} {'span F1':>8} {'overlap F1':>10} {'token kappa':>11}"]
    for result in results:
        first, second = result.annotators
        lines.append(
            f"{first + ' / ' + second:<24} {result.documents:>9} "
            + _cells(result.overall.as_json())
        )
        for label, figures in result.by_label.items():
            lines.append(f"  {label:<22} {'':>9} " + _cells(figures.as_json()))
    return lines


def _cells(figures: dict[str, float]) -> str:
    return (
        f"{figures['span_f1']:>8.3f} {figures['overlap_f1']:>10.3f} {figures['token_kappa']:>11.3f}"
    )


def relation_table(results: list[Any]) -> list[str]:
    """One block a pair: relation F1 overall, then per type, with each one's count."""
    lines = [f"{'relations':<24} {'drawn':>9} {'rel. F1':>8} {'overlap F1':>10}"]
    for result in results:
        first, second = result.annotators
        rows = [(first + " / " + second, result.relations.overall)]
        rows += [("  " + name, f) for name, f in result.relations.by_type.items()]
        for name, figures in rows:
            drawn = f"{figures.first} / {figures.second}"
            lines.append(
                f"{name:<24} {drawn:>9} {figures.relation_f1:>8.3f} {figures.overlap_f1:>10.3f}"
            )
    return lines
