"""`tagdesk entities`: list, link, unlink, merge, split and export the canonical entities."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tagdesk import terminal
from tagdesk.core.errors import TagdeskError
from tagdesk.core.wording import counted
from tagdesk.paths import Paths

if TYPE_CHECKING:
    from tagdesk.store import Store

LEFT_SHOWN = 20  # mentions left for the analyst that `link --auto` names one by one


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    entities = commands.add_parser(
        "entities",
        parents=[db_option],
        help="canonical entities: one person, every spelling",
        description="Canonical entities: each has a stable key (exported as spaCy's kb_id), a "
        "name, a label, aliases and an optional external id. A span links to at most one "
        "entity of its own label. Each change is one step the window can undo.",
    )
    actions = entities.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="every entity with its aliases and mentions", parents=[db_option]
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    link = actions.add_parser(
        "link",
        parents=[db_option],
        help="link spans to entities",
        description="--auto: link every unlinked span (accepted or suggested) whose best "
        "candidate entity is confident, and create entities for groups of unlinked mentions "
        "that belong together; the rest is left for the analyst, and named. "
        "KEY --spans ID...: link those spans to the entity KEY.",
    )
    link.add_argument("key", nargs="?", metavar="KEY")
    link.add_argument("--auto", action="store_true", help="link the whole corpus")
    link.add_argument("--spans", nargs="+", type=int, default=[], metavar="ID")
    unlink = actions.add_parser("unlink", parents=[db_option], help="unlink spans")
    unlink.add_argument("--spans", nargs="+", type=int, required=True, metavar="ID")
    merge = actions.add_parser(
        "merge",
        parents=[db_option],
        help="make two entities one",
        description="The second entity joins the first: its mentions, name and aliases become "
        "the first's, and its key names the first from then on (a file exported before "
        "the merge still links to it).",
    )
    merge.add_argument("kept", metavar="KEY")
    merge.add_argument("merged", metavar="MERGED_KEY")
    split = actions.add_parser(
        "split",
        parents=[db_option],
        help="move mentions and aliases of an entity to a new one",
    )
    split.add_argument("key", metavar="KEY")
    split.add_argument("--mentions", nargs="+", type=int, default=[], metavar="SPAN_ID")
    split.add_argument("--aliases", nargs="+", default=[], metavar="ALIAS")
    split.add_argument("--name", default="", help="the new entity's name")
    export = actions.add_parser(
        "export",
        parents=[db_option],
        help="write the registry as JSON lines for a spaCy knowledge base",
        description="Write every entity (key, name, label, aliases, description, external "
        "id, former keys, mentions, documents) as one JSON line, to FILE, a new file: a "
        "file already there is never replaced.",
    )
    export.add_argument("out", type=Path, metavar="FILE")


def run(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.workspace import open_workspace

    writing = args.action not in ("list", "export")
    with open_workspace(args.db, paths, writing=writing) as store:
        if args.action == "list":
            return _list(store, as_json=args.json)
        if args.action == "export":
            return _export(store, args.out)
        return _write(store, args)


def _list(store: Store, *, as_json: bool) -> int:
    from tagdesk.store.entities import summaries

    found = summaries(store)
    if as_json:
        listed = [summary.as_dict() for summary in found]
        sys.stdout.write(terminal.json_text(listed, indent=2) + "\n")
        return 0
    if not found:
        terminal.say("no entities yet (tagdesk entities link --auto makes them)")
    for summary in found:
        entity = summary.record
        aliases = ", ".join(entity.aliases) or "no aliases"
        external = f" {entity.external_id}" if entity.external_id else ""
        terminal.say(
            f"{entity.key}  {summary.label}  {entity.name}{external}: "
            f"{counted(summary.mentions, 'mention')} in {counted(summary.documents, 'document')}; "
            f"{aliases}"
        )
    return 0


def _export(store: Store, out: Path) -> int:
    from tagdesk.formats.entity_registry import write_registry
    from tagdesk.store.entities import summaries

    written = write_registry((summary.as_dict() for summary in summaries(store)), out)
    terminal.say(f"{counted(written, 'entity')} written to {out}")
    return 0


def _write(store: Store, args: argparse.Namespace) -> int:
    from tagdesk.store import operations
    from tagdesk.store.change_sets import History
    from tagdesk.store.entity_actions import find
    from tagdesk.store.entity_linking import link_corpus

    history = History()
    if args.action == "link" and args.auto:
        if args.key or args.spans:
            raise TagdeskError(
                "entities link --auto links the whole corpus: give no KEY or --spans"
            )
        summary = link_corpus(store, history)
        for left in summary.left[:LEFT_SHOWN]:
            terminal.say(
                f"left: span {left.span_id} {left.label} {left.text!r} in document "
                f"{left.document_id}"
            )
        if len(summary.left) > LEFT_SHOWN:
            terminal.say(f"left: {counted(len(summary.left) - LEFT_SHOWN, 'more span')}")
        terminal.say(summary.describe())
        return 0
    if args.action == "link":
        if not args.key or not args.spans:
            raise TagdeskError("entities link needs --auto, or KEY with --spans ID...")
        target = find(store, args.key)
        report = operations.link_spans(store, history, args.spans, target.id)
        terminal.say(f"{counted(len(report.spans), 'span')} linked to {target.key}")
    elif args.action == "unlink":
        report = operations.unlink_spans(store, history, args.spans)
        terminal.say(f"{counted(len(report.spans), 'span')} unlinked")
    elif args.action == "merge":
        kept = find(store, args.kept)
        operations.merge_entities(store, history, args.kept, args.merged)
        terminal.say(f"{args.merged} merged into {kept.key}")
    else:
        made, _ = operations.split_entity(
            store,
            history,
            args.key,
            span_ids=args.mentions,
            aliases=args.aliases,
            name=args.name,
        )
        terminal.say(f"{made.key} ({made.name}) split from {args.key}")
    return 0
