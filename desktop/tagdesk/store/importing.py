"""Writing imported documents: one transaction for the whole import, rows in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import islice

from tagdesk.core.changes import ChangeReport
from tagdesk.core.entities import key_problem, name_problem
from tagdesk.core.errors import InputError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.relations import RelationScheme
from tagdesk.core.text import text_sha256
from tagdesk.core.tokens import Tokens
from tagdesk.core.validation import (
    NUL_PROBLEM,
    group_problem,
    note_problem,
    span_problem,
    status_problem,
    tag_problem,
)
from tagdesk.core.wording import counted
from tagdesk.store.bulk import (
    Rows,
    SpanKey,
    documents_by_digest,
    insert_triggers_set_aside,
    meta_json,
    present_spans,
    rows_for,
    timestamp,
)
from tagdesk.store.database import Store
from tagdesk.store.entities import EntityKeys, LabelMismatchError
from tagdesk.store.imported_relations import RelationRows, check_relations
from tagdesk.store.models import utcnow
from tagdesk.store.tokens import keep_data_tokens
from tagdesk.store.vocab import LabelIds, TagIds

Progress = Callable[[int], None]  # documents read so far
BATCH = 500  # documents read, checked and written together
_STATUSES = frozenset(SPAN_STATUSES)
RETAGGED = (
    'UPDATE "document" SET version = version + 1 WHERE id = ? AND NOT EXISTS '
    "(SELECT 1 FROM document_tag WHERE document_id = ? AND tag_id = ?)"
)


@dataclass
class ImportSummary:
    documents_added: int = 0
    documents_already_present: int = 0
    spans_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    relations_added: int = 0
    relation_types_added: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # of the documents added, in order
    warnings: list[str] = field(default_factory=list)  # what was passed over, and why
    changes: ChangeReport = field(default_factory=ChangeReport)  # for the window to refresh

    def as_dict(self) -> dict[str, object]:
        """What `tagdesk import --progress json` says it did (the window's report left out)."""
        fields = asdict(self)
        del fields["changes"]
        return fields

    def describe(self) -> str:
        parts = [f"{counted(self.documents_added, 'document')} added"]
        if self.documents_already_present:
            parts.append(f"{self.documents_already_present} already present")
        parts.append(f"{counted(self.spans_added, 'span')} added")
        if self.labels_added:
            parts.append(f"new labels: {', '.join(self.labels_added)}")
        if self.relations_added:
            parts.append(f"{counted(self.relations_added, 'relation')} added")
        if self.relation_types_added:
            parts.append(f"new relation types: {', '.join(self.relation_types_added)}")
        return ", ".join(parts)


def import_documents(
    store: Store,
    documents: Iterable[IncomingDocument],
    *,
    annotator: str,
    source: str,
    progress: Progress | None = None,
    relation_scheme: RelationScheme | None = None,
) -> ImportSummary:
    """Add documents and their spans; all of them or, on any error, none.

    A text already in the database is not added again; its new spans and
    tags are merged into the document that holds it. Documents are read and
    written `BATCH` at a time, so memory holds one batch, not the corpus.
    """
    summary = ImportSummary()
    iterator = iter(documents)
    with store.write_transaction(), insert_triggers_set_aside(store) as new_ids:
        writer = _Writer(store, rows_for(store), summary, annotator=annotator, source=source)
        writer.relations.types.declared = relation_scheme
        done = 0
        while batch := list(islice(iterator, BATCH)):
            added = writer.add(batch)
            new_ids.extend(added)
            summary.document_ids.extend(added)
            done += len(batch)
            if progress is not None:
                progress(done)
        summary.labels_added = writer.labels.added
        writer.entities.finish()
    relations = writer.relations
    summary.relations_added = len(relations.added)
    summary.relation_types_added = relations.types.added
    summary.warnings += relations.warnings()
    summary.changes = ChangeReport.of(
        relations=relations.added,
        relation_types=[relations.types.get(name).id for name in relations.types.added],
        entities=writer.entities.added,
        documents=writer.touched,
        new_documents=summary.document_ids,
        labels=[writer.labels.by_name[name] for name in writer.labels.added],
        tags=writer.tag_names,
    )
    if writer.tokens_kept:
        summary.warnings.append(
            f"{counted(writer.tokens_kept, 'document')} already present kept the tokens an "
            "earlier file gave them; the other tokens given for them were passed over (first: "
            f"{writer.tokens_kept_where})"
        )
    return summary


class _Writer:
    def __init__(
        self, store: Store, rows: Rows, summary: ImportSummary, *, annotator: str, source: str
    ) -> None:
        self.store = store
        self.rows = rows
        self.summary = summary
        self.annotator = annotator
        self.source = source
        self.stamp = timestamp(store, utcnow())
        self.labels = LabelIds(store)
        self.tags = TagIds(store)
        self.counted: dict[int, tuple[int, int]] = {}  # this batch: (accepted, suggested) added
        self.data_tokens: dict[int, tuple[str, Tokens]] = {}  # this batch: tokens files gave
        self.tokens_kept = 0  # documents that kept their tokens although others came
        self.tokens_kept_where = ""
        self.tokens_where: dict[int, str] = {}
        self.touched: set[int] = set()  # documents added, or given spans, tags or tokens
        self.tag_names: set[str] = set()  # tags put on documents or spans
        self.entities = EntityKeys(store)  # the entities spans link to (their kb_id)
        self.links: list[tuple[int, int]] = []  # this batch: entity id, span id
        self.relations = RelationRows(store, self.stamp, annotator, source)

    def add(self, batch: list[IncomingDocument]) -> list[int]:
        """Write one batch; returns the ids of the documents it added."""
        digests = []
        for incoming in batch:
            self._check(incoming)
            digests.append(text_sha256(incoming.text))
        known = documents_by_digest(self.store, digests)
        present: dict[int, set[tuple[str, SpanKey]]] = {}  # spans of documents in this batch
        added: list[int] = []
        retagged: list[tuple[int, int, int]] = []  # documents held already, given a tag
        fresh: set[int] = set()  # documents this batch adds
        for incoming, digest in zip(batch, digests, strict=True):
            document_id = known.get(digest)
            if document_id is None:
                document_id = self.rows.add_document(
                    (
                        incoming.text,
                        incoming.title,
                        incoming.source,
                        meta_json(incoming.meta),
                        digest,
                        incoming.status or "todo",
                        self.stamp,
                        self.stamp,
                    )
                )
                known[digest] = document_id
                present[document_id] = set()
                added.append(document_id)
                fresh.add(document_id)
                self.summary.documents_added += 1
            else:
                self.summary.documents_already_present += 1
                if document_id not in present:
                    present[document_id] = present_spans(self.store, document_id)
            self.touched.add(document_id)
            self.tag_names.update(incoming.tags)
            self._add_spans(incoming, document_id, present[document_id])
            if incoming.tokens is not None:
                self._add_tokens(incoming, document_id)
            for name in incoming.tags:
                tag_id = self.tags.get(name)
                self.rows.document_tags.append((document_id, tag_id))
                if document_id not in fresh:
                    retagged.append((document_id, document_id, tag_id))
        new = set(added)
        for document_id, (accepted, suggested) in self.counted.items():
            if document_id in new:
                self.rows.new_counts.append((document_id, accepted, suggested))
            elif accepted or suggested:
                self.rows.count_changes.append((document_id, accepted, suggested))
        self.rows.new_counts.extend((i, 0, 0) for i in added if i not in self.counted)
        self.counted.clear()
        if retagged:  # a tag new to a document makes a window's write on it stale
            self.store.dialect.execute_many(self.store, RETAGGED, retagged)
        self.rows.flush()
        if self.links:  # few spans carry a link: set after their rows are in
            self.store.dialect.execute_many(
                self.store, "UPDATE span SET entity_id = ? WHERE id = ?", self.links
            )
            self.links.clear()
        self.relations.write()
        tokens, self.data_tokens = self.data_tokens, {}
        where, self.tokens_where = self.tokens_where, {}
        for document_id in keep_data_tokens(self.store, tokens):
            self._kept(where[document_id])
        return added

    def _add_tokens(self, incoming: IncomingDocument, document_id: int) -> None:
        assert incoming.tokens is not None
        given = Tokens.of(incoming.tokens)
        first = self.data_tokens.get(document_id)
        if first is None:
            self.data_tokens[document_id] = (incoming.tokens_from, given)
            self.tokens_where[document_id] = incoming.where
        elif first[1] != given:  # the same text twice in one batch: the first tokens stay
            self._kept(incoming.where)

    def _kept(self, where: str) -> None:
        if not self.tokens_kept:
            self.tokens_kept_where = where
        self.tokens_kept += 1

    def _add_spans(
        self, incoming: IncomingDocument, document_id: int, present: set[tuple[str, SpanKey]]
    ) -> None:
        """The document's new spans as rows, counted as the count triggers would have.

        A span is there already when one with its offsets and label is there
        without a group, or in its group; one that names no group is there
        when one with its offsets and label is in any group (see bulk.span_keys).
        Either way it must be its annotator's, or shared (a suggestion naming
        nobody): another analyst's equal span is theirs, not this one's. A
        suggestion whose file names no annotator is shared (core/team.py), as
        pre-annotation's are: the importer did not decide it.
        """
        accepted = suggested = added = 0
        known_labels = self.labels.by_name
        add_span = self.rows.add_span
        source, annotator, stamp = self.source, self.annotator, self.stamp
        per_label: dict[int, list[int]] = {}  # label id -> [accepted or suggested, rejected]
        related = self.relations if incoming.relations else None
        span_ids: list[int] = []  # by position, for the document's relations
        for span in incoming.spans:
            label_id = known_labels.get(span.label) or self.labels.get(span.label)
            plain = (span.start, span.end, label_id)
            grouped = (*plain, span.group)  # with group "": a span in some group
            who = span.annotator or (annotator if span.status != "suggested" else "")
            # A suggestion an earlier import put in the importer's name is there already.
            owners = (who, "", annotator) if not span.annotator else (who, "")
            if any((owner, key) in present for owner in owners for key in (plain, grouped)):
                if related is not None:
                    span_ids.append(related.present_span(document_id, plain, owners))
                continue
            if span.group:
                present.update(((who, grouped), (who, (*plain, ""))))
            else:
                present.add((who, plain))
            added += 1
            status = span.status
            span_id = add_span(
                (
                    document_id,
                    span.start,
                    span.end,
                    label_id,
                    span.source or source,
                    status,
                    span.note,
                    who,
                    meta_json(span.meta) if span.meta else "{}",
                    stamp,
                    stamp,
                    span.group,
                ),
                bool(span.tags),
            )
            if status == "accepted":
                accepted += 1
            elif status == "suggested":
                suggested += 1
            counted = per_label.get(label_id)
            if counted is None:
                counted = per_label[label_id] = [0, 0]
            counted[status == "rejected"] += 1
            if related is not None and span_id is not None:
                span_ids.append(span_id)
                related.span_added(document_id, plain, who, span_id)
            if span.kb_id and span_id is not None:
                self._link(incoming, span, label_id, span_id)
            if span_id is not None:
                self.tag_names.update(span.tags)
                for name in span.tags:
                    self.rows.span_tags.append((span_id, self.tags.get(name)))
        self.summary.spans_added += added
        if related is not None:
            related.queue(document_id, incoming, span_ids)
        before = self.counted.get(document_id, (0, 0))
        self.counted[document_id] = (before[0] + accepted, before[1] + suggested)
        for label_id, (spans, rejected) in per_label.items():
            self.rows.labelled.append((label_id, document_id, spans, rejected))

    def _link(
        self, incoming: IncomingDocument, span: IncomingSpan, label_id: int, span_id: int
    ) -> None:
        spelling = incoming.text[span.start : span.end].strip() or span.kb_id
        name = span.entity_name if not name_problem(span.entity_name) else ""
        try:
            entity_id = self.entities.get(span.kb_id, label_id, name, spelling)
        except LabelMismatchError as error:
            other = next(n for n, i in self.labels.by_name.items() if i == error.label_id)
            raise InputError(
                incoming.where or "input",
                f"span [{span.start}, {span.end}) {span.label}: its kb_id {span.kb_id!r} names "
                f"an entity of the label {other}; a span links only to an entity of its own label",
            ) from None
        self.links.append((entity_id, span_id))

    def _check(self, incoming: IncomingDocument) -> None:
        """The store's own guard; readers have already reported problems by line."""
        if "\x00" in incoming.text:
            raise InputError(incoming.where or "input", NUL_PROBLEM)
        length = len(incoming.text)
        known = self.labels
        for span in incoming.spans:
            start, end = span.start, span.end
            if (
                type(start) is int
                and type(end) is int
                and 0 <= start < end <= length
                and span.status in _STATUSES
                and span.label in known
            ):
                continue
            problem = span_problem(start, end, span.label, length) or status_problem(span.status)
            if problem:
                raise InputError(incoming.where or "input", problem)
        for span in incoming.spans:
            if span.kb_id and key_problem(span.kb_id):
                raise InputError(
                    incoming.where or "input",
                    f"span [{span.start}, {span.end}) {span.label}: kb_id: "
                    f"{key_problem(span.kb_id)}",
                )
            if span.note or span.tags or span.group:
                problem = (
                    note_problem(span.note)
                    or next(filter(None, map(tag_problem, span.tags)), None)
                    or group_problem(span.group)
                )
                if problem:
                    raise InputError(incoming.where or "input", problem)
        problem = next(filter(None, map(tag_problem, incoming.tags)), None)
        if problem:
            raise InputError(incoming.where or "input", problem)
        if incoming.relations:
            check_relations(incoming)
