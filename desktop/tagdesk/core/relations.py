"""Relations between two spans of one document, as plain records.

A relation type has a name, a colour, a hotkey, a direction and optional
constraints: the labels its head and its child may have (COMMANDS: PERSON ->
ORG). A directed relation reads head -> child ("Soleimani commands the Quds
Force"); a symmetric one has no direction (MET), and is stored with its two
spans in offset order so that one pair is one relation whichever way it was
drawn. A relation has the span statuses (suggested, accepted, rejected), a
note, an annotator and a source, like a span.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tagdesk.core.labels import is_valid_colour, is_valid_label_name
from tagdesk.paths import resource_path

RELATION_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")


@dataclass(frozen=True)
class RelationTypeSpec:
    """A relation type as the scheme file and the label scheme editor give it."""

    name: str
    colour: str
    hotkey: str = ""
    directed: bool = True
    heads: tuple[str, ...] = ()  # labels a head may have; empty: any
    children: tuple[str, ...] = ()  # labels a child may have; empty: any
    description: str = ""


@dataclass(frozen=True)
class RelationTypeRecord:
    """A stored relation type; `version` as for labels (a save on another is refused)."""

    id: int
    name: str
    colour: str
    hotkey: str = ""
    directed: bool = True
    heads: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    description: str = ""
    position: int = 0
    version: int = 0

    def refusal(self, head_label: str, child_label: str) -> str | None:
        """Why a relation of this type may not join spans of these labels, or None."""
        if self.directed:
            if self.heads and head_label not in self.heads:
                return (
                    f"{self.name} needs a head labelled {' or '.join(self.heads)}, not {head_label}"
                )
            if self.children and child_label not in self.children:
                wanted = " or ".join(self.children)
                return f"{self.name} needs a child labelled {wanted}, not {child_label}"
            return None
        if not (self.heads or self.children):
            return None
        one, other = self.heads or self.children, self.children or self.heads
        if (head_label in one and child_label in other) or (
            child_label in one and head_label in other
        ):
            return None
        return f"{self.name} joins {' or '.join(one)} with {' or '.join(other)}"


@dataclass(frozen=True)
class RelationRecord:
    """One relation as the window sees it; also the snapshot undo restores.

    `head` and `child` are span ids in the same document. For a symmetric
    type, head is the span that starts first. `version` is the row's version
    when this state was stored (a write on another version is refused).
    """

    id: int
    document_id: int
    type_id: int
    head: int
    child: int
    status: str = "accepted"
    source: str = "manual"
    note: str = ""
    annotator: str = ""
    created_at: str = ""
    version: int = 0
    meta: str | None = None  # JSON object: what its file said that has no field; None: nothing


@dataclass(slots=True)
class IncomingRelation:
    """A relation read from a file: its two spans by position in IncomingDocument.spans."""

    head: int
    child: int
    label: str
    status: str = "accepted"
    source: str = ""
    note: str = ""
    annotator: str = ""
    directed: bool = True  # False for brat's equivalences and Label Studio's "bi"
    meta: dict[str, Any] | None = None  # what the file says of it that Tagdesk keeps as is


class ExportRelation(NamedTuple):
    """A relation as exports see it: its spans by position in ExportDocument.spans."""

    head: int
    child: int
    label: str
    status: str
    source: str
    note: str
    annotator: str
    directed: bool = True
    meta: dict[str, Any] | None = None


@dataclass
class RelationScheme:
    """The relation types a file declares (brat's annotation.conf, Label Studio's config)."""

    types: list[RelationTypeSpec] = field(default_factory=list)


def default_relation_types() -> list[RelationTypeSpec]:
    """The relation types a new database starts with (resources/relation_types.json)."""
    raw = json.loads(resource_path("relation_types.json").read_text(encoding="utf-8"))
    return [
        RelationTypeSpec(
            name=item["name"],
            colour=item["colour"],
            hotkey=item.get("hotkey", ""),
            directed=item.get("directed", True),
            heads=tuple(item.get("heads", ())),
            children=tuple(item.get("children", ())),
            description=item.get("description", ""),
        )
        for item in raw
    ]


def is_valid_relation_type(spec: RelationTypeSpec) -> bool:
    return (
        is_valid_label_name(spec.name)
        and is_valid_colour(spec.colour)
        and all(is_valid_label_name(label) for label in (*spec.heads, *spec.children))
    )


def ordered_pair(head_start: int, child_start: int, head: int, child: int) -> tuple[int, int]:
    """A symmetric relation's two span ids with the one that starts first as head."""
    return (child, head) if child_start < head_start else (head, child)


def relations_of_spans(
    relations: Iterable[RelationRecord], span_ids: set[int]
) -> list[RelationRecord]:
    """The relations that have a head or a child among these spans (incoming and outgoing)."""
    return [r for r in relations if r.head in span_ids or r.child in span_ids]
