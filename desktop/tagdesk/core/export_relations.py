"""Which relations an export writes: those of the statuses asked for, between spans it writes.

An export writes a span only if it passes the span filter (accepted only by
default, suggestions too on request, rejected never; labels, the view). A
relation follows: it is written when its status is one the spans' filter
takes and both its spans are written, as positions in ExportDocument.spans.
A relation of such a status whose head or child is not written is left out
and counted, so the export summary can say how many.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from tagdesk.core.relations import ExportRelation


class StoredRelation(NamedTuple):
    """A relation as read for an export: its spans by id."""

    head: int
    child: int
    label: str
    status: str
    source: str = ""
    note: str = ""
    annotator: str = ""
    directed: bool = True
    meta: dict[str, Any] | None = None


def exported_relations(
    relations: Iterable[StoredRelation], positions: Mapping[int, int], statuses: Iterable[str]
) -> tuple[tuple[ExportRelation, ...], int]:
    """The relations to write (spans by position in the document's exported spans), and how
    many of the wanted statuses were left out because a span of theirs is not written."""
    wanted = set(statuses)
    written: list[ExportRelation] = []
    left_out = 0
    for relation in relations:
        if relation.status not in wanted:
            continue
        head, child = positions.get(relation.head), positions.get(relation.child)
        if head is None or child is None:
            left_out += 1
            continue
        written.append(
            ExportRelation(
                head,
                child,
                relation.label,
                relation.status,
                relation.source,
                relation.note,
                relation.annotator,
                relation.directed,
                relation.meta,
            )
        )
    return tuple(written), left_out
