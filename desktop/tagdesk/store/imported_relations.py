"""The relations of imported documents, written after their spans in the import's transaction.

A relation names its two spans by position in the document's spans; each
position is the span the import wrote, or, for a span the database held
already (the same offsets, label and annotator), that span. A relation
there already (the same type between the same spans) is not added again.
An unknown relation label becomes a relation type, as an unknown span label
becomes a label. The type's label constraints guide drawing; a file's
relation that does not meet them is kept all the same, and counted in a
warning. Which spans a file's relations name is the reader's to check; the
store refuses, in one line naming the file and place, what would break the
database (a position past the spans, a span with itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tagdesk.core.errors import InputError, StoreError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.relations import ordered_pair
from tagdesk.core.validation import note_problem
from tagdesk.core.wording import counted
from tagdesk.store.bulk import meta_json, take_ids
from tagdesk.store.database import Store
from tagdesk.store.relation_types import RelationTypeIds

RELATION_COLUMNS = (
    "id", "document_id", "type_id", "head_span_id", "child_span_id", "status", "source", "note",
    "annotator", "created_at", "updated_at", "meta",
)  # fmt: skip
SpanPlace = tuple[int, int, int]  # start, end, label id
SpanKey = tuple[int, int, int, int]  # document id, start, end, label id


def check_relations(incoming: IncomingDocument) -> None:
    """The store's own guard for a document's relations, before anything of it is written."""
    where = incoming.where or "input"
    count = len(incoming.spans)
    for number, relation in enumerate(incoming.relations, 1):
        problem = ""
        if not all(type(p) is int and 0 <= p < count for p in (relation.head, relation.child)):
            problem = f"names span {relation.head} and {relation.child} of {count}"
        elif relation.head == relation.child:
            problem = "joins a span with itself"
        elif not is_valid_label_name(relation.label):
            problem = f"label {relation.label!r} must be 1-64 characters without spaces"
        elif relation.status not in SPAN_STATUSES:
            problem = f"status {relation.status!r} is not suggested, accepted or rejected"
        elif relation.note:
            problem = note_problem(relation.note) or ""
        if problem:
            raise InputError(where, f"relation {number}: {problem}")


@dataclass
class _Pending:
    document_id: int
    incoming: IncomingDocument
    span_ids: list[int]


@dataclass
class RelationRows:
    """The relations of one import: queued with their documents' spans, written per batch."""

    store: Store
    stamp: Any
    annotator: str
    source: str
    types: RelationTypeIds = field(init=False)
    added: list[int] = field(default_factory=list)  # relation ids, in order
    off_type: int = 0  # relations kept that do not meet their type's label constraints
    repeated: int = 0  # relations there already, or naming one span twice over
    _pending: list[_Pending] = field(default_factory=list)
    _batch_spans: dict[SpanKey, list[tuple[str, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.types = RelationTypeIds(self.store)

    def span_added(self, document_id: int, place: SpanPlace, annotator: str, span_id: int) -> None:
        """A span this batch writes, for the relations of a later document of the same batch."""
        key = (document_id, *place)
        self._batch_spans.setdefault(key, []).append((annotator, span_id))

    def present_span(self, document_id: int, place: SpanPlace, owners: tuple[str, ...]) -> int:
        """The span an incoming span that was there already stands for: the first owner's."""
        for owner in owners:
            for held, span_id in self._batch_spans.get((document_id, *place), ()):
                if held == owner:
                    return span_id
            row = self.store.execute(
                'SELECT id FROM span WHERE document_id = ? AND "start" = ? AND "end" = ? '
                "AND label_id = ? AND annotator = ? ORDER BY id LIMIT 1",
                (document_id, *place, owner),
            ).fetchone()
            if row is not None:
                return int(row[0])
        # The import saw it there a moment ago, in its own transaction.
        raise StoreError(f"{self.store.location}: span {place} of document {document_id} is gone")

    def queue(self, document_id: int, incoming: IncomingDocument, span_ids: list[int]) -> None:
        self._pending.append(_Pending(document_id, incoming, span_ids))

    def write(self) -> None:
        """The queued relations, once their spans are written (after the batch's flush)."""
        pending, self._pending = self._pending, []
        self._batch_spans.clear()
        rows: list[list[Any]] = []
        present: dict[int, set[tuple[int, int, int]]] = {}
        for item in pending:
            known = present.get(item.document_id)
            if known is None:
                known = present[item.document_id] = {
                    (int(r[0]), int(r[1]), int(r[2]))
                    for r in self.store.execute(
                        "SELECT type_id, head_span_id, child_span_id FROM relation "
                        "WHERE document_id = ?",
                        (item.document_id,),
                    ).fetchall()
                }
            rows += self._rows(item, known)
        if not rows:
            return
        for row, relation_id in zip(rows, take_ids(self.store, "relation", len(rows)), strict=True):
            row[0] = relation_id
            self.added.append(relation_id)
        self.store.dialect.insert_rows(self.store, "relation", RELATION_COLUMNS, rows)

    def _rows(self, item: _Pending, known: set[tuple[int, int, int]]) -> list[list[Any]]:
        rows: list[list[Any]] = []
        spans, labels = item.incoming.spans, None
        for relation in item.incoming.relations:
            kind = self.types.get(relation.label, directed=relation.directed)
            head, child = item.span_ids[relation.head], item.span_ids[relation.child]
            if not kind.directed:
                head, child = ordered_pair(
                    spans[relation.head].start, spans[relation.child].start, head, child
                )
            key = (kind.id, head, child)
            reversed_there = not kind.directed and (kind.id, child, head) in known
            if head == child or key in known or reversed_there:
                self.repeated += 1
                continue
            known.add(key)
            if kind.heads or kind.children:
                labels = labels or [span.label for span in spans]
                if kind.refusal(labels[relation.head], labels[relation.child]):
                    self.off_type += 1
            rows.append(
                [
                    0,
                    item.document_id,
                    kind.id,
                    head,
                    child,
                    relation.status,
                    relation.source or self.source,
                    relation.note,
                    # A suggestion the file names nobody for is shared, as its spans are
                    # (store/importing.py): the importer did not decide it.
                    relation.annotator
                    or (self.annotator if relation.status != "suggested" else ""),
                    self.stamp,
                    self.stamp,
                    meta_json(relation.meta) if relation.meta else None,
                ]
            )
        return rows

    def warnings(self) -> list[str]:
        found = []
        if self.off_type:
            found.append(
                f"{counted(self.off_type, 'relation')} kept although the labels of their "
                "spans are not those their relation type names"
            )
        if self.repeated:
            found.append(
                f"{counted(self.repeated, 'relation')} passed over: there already, "
                "or naming one span twice"
            )
        return found
