"""`tagdesk relations`: the relation types, and the relations between the spans of documents."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tagdesk import terminal
from tagdesk.core.wording import counted
from tagdesk.paths import Paths

if TYPE_CHECKING:
    from tagdesk.store import Store


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    relations = commands.add_parser(
        "relations",
        parents=[db_option],
        help="relations between two spans of a document, and their types",
        description="A relation joins two spans of one document with a type (COMMANDS, "
        "MET, ...): directed from its head to its child, or symmetric. Relations come in "
        "with imports and go out with exports (tagdesk export --relations).",
    )
    actions = relations.add_subparsers(dest="action", metavar="ACTION", required=True)
    types = actions.add_parser(
        "types", parents=[db_option], help="the relation types, with their direction and labels"
    )
    types.add_argument("--json", action="store_true", help="print a JSON list")
    listing = actions.add_parser("list", parents=[db_option], help="the relations, by document")
    listing.add_argument("--document", type=int, metavar="ID", help="this document's only")
    listing.add_argument("--json", action="store_true", help="print a JSON list")


def run(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.workspace import open_workspace

    with open_workspace(args.db, paths, writing=False) as store:
        if args.action == "types":
            return _types(store, as_json=args.json)
        return _list(store, args.document, as_json=args.json)


def _types(store: Store, *, as_json: bool) -> int:
    from tagdesk.store.relation_types import list_relation_types, relation_type_uses

    uses = relation_type_uses(store)
    found = list_relation_types(store)
    if as_json:
        listed = [
            {
                "id": kind.id,
                "name": kind.name,
                "colour": kind.colour,
                "hotkey": kind.hotkey,
                "directed": kind.directed,
                "heads": list(kind.heads),
                "children": list(kind.children),
                "description": kind.description,
                "relations": uses.get(kind.id, 0),
            }
            for kind in found
        ]
        sys.stdout.write(terminal.json_text(listed, indent=2) + "\n")
        return 0
    if not found:
        terminal.say("no relation types")
    for kind in found:
        arrow = "->" if kind.directed else "<->"
        heads = "|".join(kind.heads) or "any"
        children = "|".join(kind.children) or "any"
        key = f" [{kind.hotkey}]" if kind.hotkey else ""
        terminal.say(
            f"{kind.name}{key}  {heads} {arrow} {children}  "
            f"{counted(uses.get(kind.id, 0), 'relation')}"
            + (f": {kind.description}" if kind.description else "")
        )
    return 0


def _list(store: Store, document_id: int | None, *, as_json: bool) -> int:
    from tagdesk.core.errors import TagdeskError
    from tagdesk.store.document_list import document_info
    from tagdesk.store.relations import listed_relations

    if document_id is not None and document_info(store, document_id) is None:
        raise TagdeskError(f"no document {document_id}")
    found = listed_relations(store, document_id)
    if as_json:
        listed = [
            {
                "id": item.record.id,
                "document": item.record.document_id,
                "type": item.type_name,
                "directed": item.directed,
                "head": {
                    "span": item.record.head,
                    "label": item.head_label,
                    "text": item.head_text,
                },
                "child": {
                    "span": item.record.child,
                    "label": item.child_label,
                    "text": item.child_text,
                },
                "status": item.record.status,
                "source": item.record.source,
                "note": item.record.note,
                "annotator": item.record.annotator,
                "created_at": item.record.created_at,
            }
            for item in found
        ]
        sys.stdout.write(terminal.json_text(listed, indent=2) + "\n")
        return 0
    if not found:
        terminal.say("no relations" + (f" in document {document_id}" if document_id else ""))
    for item in found:
        record = item.record
        arrow = ("-", "->") if item.directed else ("<-", "->")
        note = f"  ({record.note})" if record.note else ""
        terminal.say(
            f"{record.id}  document {record.document_id}  {item.head_text!r} {item.head_label} "
            f"{arrow[0]}{item.type_name}{arrow[1]} {item.child_text!r} {item.child_label}  "
            f"{record.status}"
            f"{', ' + record.annotator if record.annotator else ''}{note}"
        )
    return 0
