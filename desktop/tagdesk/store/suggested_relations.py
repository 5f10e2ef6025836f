"""Writing the relations pre-annotation suggests, in the transaction that writes the spans.

A rule's relation (tagdesk.nlp.dependency_relations) names two of a
document's entities; each becomes the shared span (annotator "") with the
same start, end and label that is not rejected: the suggestion just written
or the span that was there already. A relation becomes a new `suggested`
row, with the rules' source (`rules:en_core_web_sm@3.8.0`), unless:

1. either entity has no such span (it was rejected, or is only some
   analyst's own);
2. the relation type is not in the database, or its label constraints
   refuse the two spans' labels (RelationTypeRecord.refusal);
3. a relation of that type joins those two spans already, in any status and
   from any source: re-running adds nothing, and a rejected relation is
   never proposed again (a symmetric type's either way round);
4. the rules proposed it before (`relation_suggestion_log`, which names each
   end by its start, end and label): a suggestion the analyst deleted, or
   one whose spans were deleted and drawn again, is not proposed again.

Every relation the rules propose is logged in the same transaction, whatever
becomes of it; undo and redo of what the analyst did with it leave the log
as it is. Existing relations are never changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.relations import RelationTypeRecord, ordered_pair
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks

SpanKey = tuple[int, int, int, int]  # document, start, end, label id
Shared = tuple[int, int, int]  # span id, start, label id
End = tuple[int, int, int]  # start, end, label id
Logged = tuple[int, int, End, End]  # document, type, head, child
LOG_COLUMNS = (
    "document_id", "type_id", "head_start", "head_end", "head_label_id",
    "child_start", "child_end", "child_label_id", "source", "created_at",
)  # fmt: skip


def relation_types_by_name(store: Store) -> dict[str, RelationTypeRecord]:
    """The database's relation types, with their constraints, by name."""
    return {
        name: RelationTypeRecord(
            type_id,
            name,
            colour,
            directed=bool(directed),
            heads=tuple(json.loads(heads or "[]")),
            children=tuple(json.loads(children or "[]")),
        )
        for type_id, name, colour, directed, heads, children in store.execute(
            "SELECT id, name, colour, directed, heads, children FROM relation_type"
        )
    }


def add_suggested_relations(
    store: Store,
    found: Sequence[FoundEntities],
    source: str,
    label_ids: dict[str, int],
    stamp: object,
) -> int:
    """Write the batch's rule relations; called inside its write transaction. Returns how many."""
    wanted = [item for item in found if item.relations]
    if not wanted:
        return 0
    types = relation_types_by_name(store)
    names = {label_id: name for name, label_id in label_ids.items()}
    document_ids = sorted({item.document_id for item in wanted})
    shared = _shared_spans(store, document_ids)
    present = _present(store, document_ids)
    logged = _logged(store, document_ids)
    rows: list[tuple[object, ...]] = []
    log: list[tuple[object, ...]] = []
    for item in wanted:
        for head, child, type_name in item.relations:
            kind = types.get(type_name)
            first = _span(shared, item, head, label_ids)
            second = _span(shared, item, child, label_ids)
            if kind is None or first is None or second is None or first[0] == second[0]:
                continue
            if kind.refusal(names[first[2]], names[second[2]]) is not None:
                continue
            head_id, child_id = first[0], second[0]
            ends = _end(item, head, first), _end(item, child, second)
            if not kind.directed:
                head_id, child_id = ordered_pair(first[1], second[1], head_id, child_id)
                if head_id != first[0]:
                    ends = ends[1], ends[0]
            key = (kind.id, head_id, child_id)
            if key in present or (not kind.directed and (kind.id, child_id, head_id) in present):
                continue
            entry = (item.document_id, kind.id, *ends)
            if entry in logged or (
                not kind.directed and (item.document_id, kind.id, ends[1], ends[0]) in logged
            ):
                continue
            present.add(key)
            logged.add(entry)
            rows.append((item.document_id, *key, "suggested", source, "", "", stamp, stamp))
            log.append((item.document_id, kind.id, *ends[0], *ends[1], source, stamp))
    store.dialect.insert_rows(
        store,
        "relation",
        (
            "document_id",
            "type_id",
            "head_span_id",
            "child_span_id",
            "status",
            "source",
            "note",
            "annotator",
            "created_at",
            "updated_at",
        ),
        rows,
    )
    store.dialect.insert_rows(
        store, "relation_suggestion_log", LOG_COLUMNS, log, "ON CONFLICT DO NOTHING"
    )
    return len(rows)


def _end(item: FoundEntities, number: int, span: Shared) -> End:
    start, end, _label = item.entities[number]
    return start, end, span[2]


def _logged(store: Store, document_ids: list[int]) -> set[Logged]:
    """What the rules proposed in these documents before."""
    return {
        (document_id, type_id, (head_start, head_end, head_label), (start, end, label))
        for document_id, type_id, head_start, head_end, head_label, start, end, label in (
            store.execute(
                f"SELECT {', '.join(LOG_COLUMNS[:8])} FROM relation_suggestion_log "
                f"WHERE document_id IN ({marks(len(document_ids))})",
                document_ids,
            )
        )
    }


def log_rule_relations(store: Store) -> int:
    """Log the relations a database holds that rules proposed (their source says `rules:`),
    as they would have been logged when proposed; returns how many rows were added."""
    return int(
        store.execute(
            f"INSERT INTO relation_suggestion_log ({', '.join(LOG_COLUMNS)}) "
            'SELECT r.document_id, r.type_id, h."start", h."end", h.label_id, '
            'c."start", c."end", c.label_id, r.source, r.created_at FROM relation r '
            "JOIN span h ON h.id = r.head_span_id JOIN span c ON c.id = r.child_span_id "
            "WHERE r.source LIKE 'rules:%' ON CONFLICT DO NOTHING"
        ).rowcount
    )


def _span(
    shared: dict[SpanKey, Shared], item: FoundEntities, number: int, label_ids: dict[str, int]
) -> Shared | None:
    start, end, label = item.entities[number]
    label_id = label_ids.get(label)
    return None if label_id is None else shared.get((item.document_id, start, end, label_id))


def _shared_spans(store: Store, document_ids: list[int]) -> dict[SpanKey, Shared]:
    """The shared spans not rejected, by key (the first by id where there are two)."""
    found: dict[SpanKey, Shared] = {}
    for span_id, document_id, start, end, label_id in store.execute(
        'SELECT id, document_id, "start", "end", label_id FROM span '
        f"WHERE document_id IN ({marks(len(document_ids))}) AND annotator = '' "
        "AND status <> 'rejected' ORDER BY id",
        document_ids,
    ):
        found.setdefault((document_id, start, end, label_id), (span_id, start, label_id))
    return found


def _present(store: Store, document_ids: list[int]) -> set[tuple[int, int, int]]:
    """(type, head span, child span) of every relation of the documents, in any status."""
    return {
        (type_id, head, child)
        for type_id, head, child in store.execute(
            "SELECT type_id, head_span_id, child_span_id FROM relation "
            f"WHERE document_id IN ({marks(len(document_ids))})",
            document_ids,
        )
    }
