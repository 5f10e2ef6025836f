"""Reads for the command line and exports: documents, labels, statistics."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import orjson

from tagdesk.core.records import DOC_STATUSES, SPAN_STATUSES
from tagdesk.core.team import GOLD, in_view
from tagdesk.store.database import Store
from tagdesk.store.models import DocumentTag, Label, Tag
from tagdesk.store.team_version import (
    TEAM,
    Version,
    View,
    changed_documents,
    check_view,
    documents_sql,
    status_sql,
    versions,
)

if TYPE_CHECKING:  # the window's first reads (document tags) need neither
    from tagdesk.core.exported import ExportDocument, ExportSpan
    from tagdesk.core.relations import ExportRelation

GOLD_FIRST = "(gold where there is gold)"  # the export's default once a reviewer made gold


def label_names(store: Store) -> list[str]:
    return [
        name
        for (name,) in Label.select(Label.name).order_by(Label.position).tuples().execute(store.db)
    ]


def tag_names(store: Store) -> list[str]:
    return [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples().execute(store.db)]


def document_tag_names_in_use(store: Store) -> list[str]:
    """Tags some document carries: what a document filter can match (span tags match none)."""
    query = Tag.select(Tag.name).where(Tag.id.in_(DocumentTag.select(DocumentTag.tag)))
    return [name for (name,) in query.order_by(Tag.name).tuples().execute(store.db)]


def stats(store: Store, view: View = TEAM) -> dict[str, Any]:
    """Counts of documents by status and of spans by label and status, in `view`
    (store.team_version): by default the team's version of each document.

    From the counts the triggers keep (store.counts) on both engines, a few
    thousand rows whatever the number of spans; only the documents a view
    reads otherwise than every span are counted span by span.
    """
    check_view(store, view)
    by_doc_status = dict.fromkeys(DOC_STATUSES, 0)
    state, params = status_sql(store, view)
    which, chosen = documents_sql(view)
    for status, count in store.execute(
        f'SELECT {state}, COUNT(*) FROM "document" d WHERE {which} GROUP BY 1', [*params, *chosen]
    ).fetchall():
        by_doc_status[status] += count
    changed = changed_documents(store, view)
    if changed is None or view == GOLD:  # every span counted is read in the view
        by_label, by_status = _tally(versions(store, view), dict.fromkeys(SPAN_STATUSES, 0))
    else:
        by_label, by_status = _stored_counts(store)
        if changed:
            _take(store, sorted(changed), by_label, by_status)
            _tally(versions(store, view, documents=changed), by_status, by_label)
    return {
        "documents": {"total": sum(by_doc_status.values()), **by_doc_status},
        "spans": {
            "total": sum(by_status.values()),
            "by_label": {label: count for label, count in sorted(by_label.items()) if count},
            "by_status": by_status,
        },
    }


def _stored_counts(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """Every span's counts by label and by status, from the triggers' tables."""
    names = dict(store.execute("SELECT id, name FROM label").fetchall())
    by_label: dict[str, int] = {}
    by_status = dict.fromkeys(SPAN_STATUSES, 0)
    for label_id, spans, rejected in store.execute(
        "SELECT label_id, SUM(spans), SUM(rejected) FROM document_labels GROUP BY label_id"
    ).fetchall():
        by_label[names[label_id]] = int(spans + rejected)
        by_status["rejected"] += int(rejected)
    accepted, suggested = store.execute(
        "SELECT COALESCE(SUM(accepted), 0), COALESCE(SUM(suggested), 0) FROM document_counts"
    ).fetchone()
    by_status.update(accepted=int(accepted), suggested=int(suggested))
    return by_label, by_status


def _take(
    store: Store, document_ids: list[int], by_label: dict[str, int], by_status: dict[str, int]
) -> None:
    """Take every span of these documents out of the counts: their view's go in instead."""
    for first in range(0, len(document_ids), 500):
        chunk = document_ids[first : first + 500]
        for label, status, count in store.execute(
            'SELECT l.name, s.status, COUNT(*) FROM "span" s JOIN "label" l ON l.id = s.label_id '
            f"WHERE s.document_id IN ({', '.join(['?'] * len(chunk))}) GROUP BY l.name, s.status",
            chunk,
        ):
            by_label[label] -= int(count)
            by_status[status] -= int(count)


def _tally(
    found: dict[int, Version], by_status: dict[str, int], by_label: dict[str, int] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Add the spans of `found` to the counts by label and by status."""
    labels: dict[str, int] = {} if by_label is None else by_label
    for held in found.values():
        for _, _, _, label, status in held.spans:
            labels[label] = labels.get(label, 0) + 1
            by_status[status] += 1
    return labels, by_status


def _document_filter(
    store: Store,
    document_statuses: Collection[str] | None,
    document_tags: Collection[str] | None,
    annotator: str | None = None,
) -> tuple[str, list[object]]:
    """SQL conditions (each starting with AND) on documents `d`, and their parameters.

    With `annotator`, a document given to them has the status they gave it.
    """
    sql = ""
    params: list[object] = []
    if document_statuses is not None:
        statuses = list(document_statuses)
        status = "d.status"
        if annotator is not None:
            status = (
                "COALESCE((SELECT a.status FROM assignment a WHERE a.document_id = d.id "
                "AND a.annotator = ?), d.status)"
            )
            params.append(annotator)
        sql += (
            f" AND {status} IN ({', '.join(['?'] * len(statuses))})" if statuses else " AND 0 = 1"
        )
        params += statuses
    if document_tags:
        tags = list(document_tags)
        sql += (
            " AND d.id IN (SELECT dt.document_id FROM document_tag dt "
            f"JOIN tag t ON t.id = dt.tag_id WHERE t.name IN ({', '.join(['?'] * len(tags))}))"
        )
        params += tags
    return sql, params


def has_span_groups(store: Store) -> bool:
    """Whether any span came in a DocBin group: only then can two spans differ by group alone."""
    return store.execute("SELECT 1 FROM span WHERE span_group <> '' LIMIT 1").fetchone() is not None


def count_export_documents(
    store: Store,
    *,
    document_statuses: Collection[str] | None = None,
    document_tags: Collection[str] | None = None,
    annotator: str | None = None,
) -> int:
    """How many documents iter_export_documents will yield, for a progress bar."""
    where, params = _document_filter(store, document_statuses, document_tags, annotator)
    row = store.execute(f'SELECT COUNT(*) FROM "document" d WHERE 1 = 1{where}', params)
    return int(row.fetchone()[0])


def export_document_ids(
    store: Store,
    *,
    document_statuses: Collection[str] | None = None,
    document_tags: Collection[str] | None = None,
) -> list[int]:
    """The ids iter_export_documents will yield, in its order: the documents to tokenize first."""
    where, params = _document_filter(store, document_statuses, document_tags)
    rows = store.execute(f'SELECT d.id FROM "document" d WHERE 1 = 1{where} ORDER BY d.id', params)
    return [row[0] for row in rows.fetchall()]


def iter_export_documents(
    store: Store,
    *,
    document_statuses: Collection[str] | None = None,
    span_statuses: Collection[str] = ("accepted",),
    labels: Collection[str] | None = None,
    document_tags: Collection[str] | None = None,
    batch_size: int = 500,
    view: str | None = None,
    relation_statuses: Collection[str] = ("accepted",),
) -> Iterator[ExportDocument]:
    """Documents in id order with their spans and tags, read a batch at a time.

    `labels` keeps only spans with those labels; `document_tags` keeps only
    documents with at least one of those tags. None (or empty) keeps all.
    `view` None writes every span; an annotator's name, the spans of their
    own view (core/team.py); GOLD_FIRST, the gold view of each document that
    has gold spans and every span of the others. A document's `relations` are
    those of `relation_statuses` whose two spans are both written (and, in a
    view, that are the view's owner's or nobody's), by position in its spans.
    Plain SQL through the driver: an export reads millions of spans.
    """
    from tagdesk.core.exported import ExportDocument

    label_by_id: dict[int, str] = dict(store.execute("SELECT id, name FROM label").fetchall())
    tag_by_id: dict[int, str] = dict(store.execute("SELECT id, name FROM tag").fetchall())
    wanted = set(labels or ())
    annotator = view if view not in (None, GOLD_FIRST) else None
    where, params = _document_filter(store, document_statuses, document_tags, annotator)
    span_where = ""
    span_params: list[object] = []
    if view is None:  # a view needs every status: a rejection hides what it came from
        span_where = f" AND status IN ({', '.join(['?'] * len(span_statuses))})"
        span_params += span_statuses
    if wanted:
        label_ids = [i for i, name in label_by_id.items() if name in wanted] or [-1]
        span_where += f" AND label_id IN ({', '.join(['?'] * len(label_ids))})"
        span_params += label_ids
    any_span_tags = store.execute("SELECT 1 FROM span_tag LIMIT 1").fetchone() is not None
    any_relations = store.execute("SELECT 1 FROM relation LIMIT 1").fetchone() is not None
    relation_types = _relation_types(store) if any_relations else {}
    last_id = 0
    while True:
        rows = store.execute(
            f'SELECT d.id, d.text, d.title, d.source, d.meta, d.status FROM "document" d '
            f"WHERE d.id > ?{where} ORDER BY d.id LIMIT ?",
            [last_id, *params, batch_size],
        ).fetchall()
        if not rows:
            return
        ids = [row[0] for row in rows]
        last_id = ids[-1]
        if where:  # documents picked out of the range: name them
            in_batch, bounds = f"IN ({', '.join(['?'] * len(ids))})", ids
        else:  # every document of the range: a range scan of the span index
            in_batch, bounds = "BETWEEN ? AND ?", [ids[0], ids[-1]]
        spans = _spans_for(
            store, in_batch, bounds, span_where, span_params, label_by_id, tag_by_id, any_span_tags
        )
        owners: dict[int, str] = {}
        if view is not None:
            spans, owners = _viewed(spans, view, set(span_statuses))
        relations = (
            _relations_for(store, in_batch, bounds, relation_statuses) if any_relations else {}
        )
        doc_tags: dict[int, list[str]] = defaultdict(list)
        for document_id, tag_id in store.execute(
            f"SELECT document_id, tag_id FROM document_tag WHERE document_id {in_batch}", bounds
        ).fetchall():
            doc_tags[document_id].append(tag_by_id[tag_id])
        for document_id, text, title, source, meta, status in rows:
            written, left_out = _written_relations(
                relations.get(document_id, ()),
                spans.get(document_id, ()),
                owners.get(document_id, ""),
                relation_types,
            )
            yield ExportDocument(
                id=document_id,
                text=text,
                title=title,
                source=source,
                meta=_meta(meta),
                status=status,
                tags=tuple(sorted(doc_tags.get(document_id, ()))),
                spans=tuple(row[0] for row in spans.get(document_id, ())),
                relations=written,
                relations_left_out=left_out,
            )


def _meta(stored: str) -> dict[str, Any]:
    if not stored:
        return {}
    try:
        return dict(orjson.loads(stored))
    except orjson.JSONDecodeError:  # integers beyond 64 bits, which only json reads
        return dict(json.loads(stored))


def _viewed(
    spans: dict[int, list[tuple[ExportSpan, int, int | None]]],
    view: str,
    statuses: set[str],
) -> tuple[dict[int, list[tuple[ExportSpan, int, int | None]]], dict[int, str]]:
    """Each document's spans in `view`, of the statuses asked for, and whose view each is."""
    result = {}
    owners = {}
    for document_id, rows in spans.items():
        whose = view
        if view == GOLD_FIRST:
            whose = GOLD if any(row[0].annotator == GOLD for row in rows) else ""
        seen = in_view(rows, whose, _owner) if whose else rows
        result[document_id] = [row for row in seen if row[0].status in statuses]
        owners[document_id] = whose
    return result, owners


RelationRow = tuple[int, int, int, str, str, str, str, str | None]  # head, child, type, ...


def _relation_types(store: Store) -> dict[int, tuple[str, bool]]:
    rows = store.execute('SELECT id, name, directed FROM "relation_type"').fetchall()
    return {int(row[0]): (str(row[1]), bool(row[2])) for row in rows}


def _relations_for(
    store: Store, in_batch: str, bounds: list[int], statuses: Collection[str]
) -> dict[int, list[RelationRow]]:
    """Each document's relations of these statuses, in id order."""
    wanted = list(statuses)
    if not wanted:
        return {}
    rows = store.execute(
        "SELECT document_id, head_span_id, child_span_id, type_id, status, source, note, "
        f"annotator, meta FROM relation WHERE document_id {in_batch} "
        f"AND status IN ({', '.join(['?'] * len(wanted))}) ORDER BY id",
        [*bounds, *wanted],
    ).fetchall()
    result: dict[int, list[RelationRow]] = defaultdict(list)
    for row in rows:
        result[row[0]].append(tuple(row[1:]))
    return result


def _written_relations(
    relations: Sequence[RelationRow],
    spans: Sequence[tuple[ExportSpan, int, int | None]],
    whose: str,
    types: dict[int, tuple[str, bool]],
) -> tuple[tuple[ExportRelation, ...], int]:
    """The relations whose two spans are written (the view's owner's or nobody's, in a view),
    and how many others of the view are left out because a span of theirs is not written."""
    from tagdesk.core.relations import ExportRelation

    if not relations:
        return (), 0
    position = {row[1]: index for index, row in enumerate(spans)}
    written = []
    left_out = 0
    for head, child, type_id, status, source, note, annotator, meta in relations:
        if whose and annotator not in (whose, ""):
            continue
        if head not in position or child not in position:
            left_out += 1
            continue
        name, directed = types[type_id]
        written.append(
            ExportRelation(
                position[head],
                position[child],
                name,
                status,
                source,
                note,
                annotator,
                directed,
                _meta(meta) if meta else None,
            )
        )
    return tuple(written), left_out


def _owner(row: tuple[ExportSpan, int, int | None]) -> tuple[int, str, int | None]:
    return row[1], row[0].annotator, row[2]


def _spans_for(
    store: Store,
    in_batch: str,
    bounds: list[int],
    span_where: str,
    span_params: list[object],
    label_by_id: dict[int, str],
    tag_by_id: dict[int, str],
    any_span_tags: bool,
) -> dict[int, list[tuple[ExportSpan, int, int | None]]]:
    """Each document's spans, each with its id and the id of the span it came from."""
    from tagdesk.core.exported import ExportSpan

    rows = store.execute(
        'SELECT id, document_id, "start", "end", label_id, status, source, note, annotator, meta, '
        "span_group, (SELECT e.key FROM entity e WHERE e.id = span.entity_id), "
        "(SELECT e.name FROM entity e WHERE e.id = span.entity_id), derived_from "
        f"FROM span WHERE document_id {in_batch}{span_where} "
        'ORDER BY document_id, "start", "end", id',
        [*bounds, *span_params],
    ).fetchall()
    span_tags: dict[int, list[str]] = defaultdict(list)
    if rows and any_span_tags:
        for span_id, tag_id in store.execute(
            "SELECT st.span_id, st.tag_id FROM span_tag st JOIN span s ON s.id = st.span_id "
            f"WHERE s.document_id {in_batch}",
            bounds,
        ).fetchall():
            span_tags[span_id].append(tag_by_id[tag_id])
    result: dict[int, list[tuple[ExportSpan, int, int | None]]] = defaultdict(list)
    no_tags: tuple[str, ...] = ()
    for row in rows:
        span_id, document_id, start, end, label_id, status, source, note, annotator, meta, group = (
            row[:11]
        )
        tags = span_tags.get(span_id)
        span = ExportSpan(
            start,
            end,
            label_by_id[label_id],
            status,
            source,
            note,
            annotator,
            tuple(sorted(tags)) if tags else no_tags,
            _meta(meta) if meta and meta != "{}" else None,
            group,
            row[11] or "",
            row[12] or "",
        )
        result[document_id].append((span, span_id, row[13]))
    return result
