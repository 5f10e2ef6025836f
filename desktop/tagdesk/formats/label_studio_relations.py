"""Label Studio's relation results, read and written.

A relation is a result of its own in an annotation or a prediction, naming
two regions of that same result list by id:

    {"from_id": "a0", "to_id": "a3", "type": "relation", "direction": "right",
     "labels": ["COMMANDS"]}

`direction` "right" (Label Studio's default) reads from -> to, "left" to ->
from, "bi" is symmetric. Each of its `labels` is a relation of that type;
none is one relation of the type "related" (the labeling config's
`<Relations>` names the types Label Studio offers; with none chosen, a
relation has no label). Fields Label Studio adds beside these are kept in the
relation's meta and written back. A relation's status and annotator are
those of the annotation or prediction it is in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.relations import ExportRelation, IncomingRelation
from tagdesk.formats.jsonl_lines import json_kind

UNLABELLED = "related"  # the type of a relation Label Studio gives no label
RELATION_FIELDS = frozenset({"from_id", "to_id", "type", "direction", "labels"})
DIRECTIONS = ("right", "left", "bi")


def read_relation(
    item: dict[str, Any],
    positions: dict[str, int],
    status: str,
    source: str,
    path: Path,
    line: int,
) -> list[IncomingRelation]:
    """One relation result as relations between span positions (`positions`: by region id)."""
    ends = []
    for key in ("from_id", "to_id"):
        region = item.get(key)
        if not isinstance(region, str | int) or isinstance(region, bool):
            raise InputError(
                path, f'a relation\'s "{key}" must name a region, got {json_kind(region)}', line
            )
        if str(region) not in positions:
            raise InputError(
                path,
                f"a relation names the region {region!r} ({key}), which its annotation has "
                "no span for",
                line,
            )
        ends.append(positions[str(region)])
    direction = item.get("direction", "right")
    if direction not in DIRECTIONS:
        raise InputError(
            path,
            f'a relation\'s "direction" must be one of {", ".join(DIRECTIONS)}, got {direction!r}',
            line,
        )
    labels = item.get("labels")
    if labels is None:
        labels = []
    if not isinstance(labels, list) or not all(
        isinstance(label, str) and is_valid_label_name(label) for label in labels
    ):
        raise InputError(
            path, f'a relation\'s "labels" must be a list of names, got {labels!r}', line
        )
    head, child = ends if direction != "left" else ends[::-1]
    meta = {key: value for key, value in item.items() if key not in RELATION_FIELDS} or None
    return [
        IncomingRelation(
            head, child, label, status=status, source=source, directed=direction != "bi",
            meta=dict(meta) if meta else None,
        )
        for label in dict.fromkeys(labels or [UNLABELLED])
    ]  # fmt: skip


def relation_results(
    relations: list[ExportRelation], regions: dict[int, str]
) -> list[dict[str, Any]]:
    """Relation results for the relations whose two spans have regions (by span position).

    Relations of one pair in one direction are one result with all their labels,
    as Label Studio keeps them.
    """
    results: list[dict[str, Any]] = []
    plain: dict[tuple[str, str, str], dict[str, Any]] = {}  # results without other fields
    for relation in relations:
        head, child = regions.get(relation.head), regions.get(relation.child)
        if head is None or child is None:
            continue
        direction = "right" if relation.directed else "bi"
        labels = [] if relation.label == UNLABELLED else [relation.label]
        extra = {k: v for k, v in (relation.meta or {}).items() if k not in RELATION_FIELDS}
        key = (head, child, direction)
        if not extra and key in plain:
            plain[key]["labels"].extend(labels)
            continue
        result = {
            **extra,
            "from_id": head,
            "to_id": child,
            "type": "relation",
            "direction": direction,
            "labels": labels,
        }
        results.append(result)
        if not extra:
            plain[key] = result
    return results
