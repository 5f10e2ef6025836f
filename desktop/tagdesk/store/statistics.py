"""The statistics view's figures, read from the database (see core/statistics.py).

Counts come from GROUP BY queries the server or SQLite does; only the model's
quality reads rows, the logged suggestions and the spans of the pipelines that
made them, a document at a time in document order. Days are UTC: the store
keeps UTC times. A document keeps no history of its status, so one done now
counts once, on the day its row was last written: the day it was marked done
or imported done, or a later day its document tags changed (span edits leave
the document row alone). The document list's `done_on` filter lists the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.statistics import (
    OUTCOMES,
    AnnotatorFigures,
    DocumentStrip,
    Found,
    Logged,
    Statistics,
    suggestion_outcomes,
)
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks


def statistics(store: Store) -> Statistics:
    """Every figure of the view, read in one snapshot of the database."""
    with store.db.atomic():  # one snapshot; no write lock: this only reads
        labels = store.execute(
            "SELECT id, name, colour FROM label ORDER BY position, id"
        ).fetchall()
        names = {label_id: name for label_id, name, _ in labels}
        return Statistics(
            done_per_day=_done_per_day(store),
            spans_per_day=_spans_per_day(store),
            labels=_spans_per_label(store, names),
            model_quality=_model_quality(store, names),
            annotators=_annotators(store),
            label_colours={name: colour for _, name, colour in labels},
        )


def _done_per_day(store: Store) -> dict[str, int]:
    day = store.dialect.day("updated_at")
    rows = store.execute(
        f"SELECT {day}, COUNT(*) FROM \"document\" WHERE status = 'done' GROUP BY 1 ORDER BY 1"
    )
    return {str(when): int(count) for when, count in rows}


def _spans_per_day(store: Store) -> dict[str, dict[str, int]]:
    day = store.dialect.day("created_at")
    found: dict[str, dict[str, int]] = {}
    for when, status, count in store.execute(
        f"SELECT {day}, status, COUNT(*) FROM span GROUP BY 1, 2 ORDER BY 1"
    ):
        found.setdefault(str(when), dict.fromkeys(SPAN_STATUSES, 0))[status] = int(count)
    return found


def _spans_per_label(store: Store, names: dict[int, str]) -> dict[str, dict[str, int]]:
    found = {name: dict.fromkeys(SPAN_STATUSES, 0) for name in names.values()}
    for label_id, status, count in store.execute(
        "SELECT label_id, status, COUNT(*) FROM span GROUP BY label_id, status"
    ):
        found[names[label_id]][status] = int(count)
    return found


def _model_quality(store: Store, names: dict[int, str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for logged, spans in _logged_by_document(store):
        for (_, _, label_id, _), outcome in zip(
            logged, suggestion_outcomes(logged, spans), strict=True
        ):
            found.setdefault(names[label_id], dict.fromkeys(OUTCOMES, 0))[outcome] += 1
    return {name: found[name] for name in names.values() if name in found}


def _logged_by_document(store: Store) -> Iterator[tuple[list[Logged], list[Found]]]:
    """Each pre-annotated document's logged suggestions and the spans its pipelines made."""
    logs = store.execute(
        'SELECT document_id, "start", "end", label_id, source FROM suggestion_log '
        'ORDER BY document_id, "start", "end", label_id'
    ).fetchall()
    spans = store.execute(
        'SELECT s.document_id, s."start", s."end", s.label_id, s.source, s.status FROM span s '
        "WHERE s.source IN (SELECT DISTINCT source FROM suggestion_log) "
        "ORDER BY s.document_id"
    ).fetchall()
    made: dict[int, list[Found]] = {
        document_id: [row[1:] for row in rows]
        for document_id, rows in groupby(spans, key=lambda row: row[0])
    }
    for document_id, rows in groupby(logs, key=lambda row: row[0]):
        yield [row[1:] for row in rows], made.get(document_id, [])


def _annotators(store: Store) -> dict[str, AnnotatorFigures]:
    given: dict[str, list[int]] = {}
    for annotator, assigned, done in store.execute(
        "SELECT annotator, COUNT(*), "
        "COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) "
        "FROM assignment GROUP BY annotator"
    ):
        given[annotator] = [int(assigned), int(done)]
    spans: dict[str, dict[str, int]] = {}
    for annotator, status, count in store.execute(
        "SELECT annotator, status, COUNT(*) FROM span WHERE annotator <> '' "
        "GROUP BY annotator, status"
    ):
        spans.setdefault(annotator, dict.fromkeys(SPAN_STATUSES, 0))[status] = int(count)
    return {
        name: AnnotatorFigures(
            assigned=given.get(name, [0, 0])[0],
            done=given.get(name, [0, 0])[1],
            spans=spans.get(name, dict.fromkeys(SPAN_STATUSES, 0)),
        )
        for name in sorted(set(given) | set(spans))
    }


def document_strips(store: Store, document_ids: Sequence[int]) -> list[DocumentStrip]:
    """Where the spans not rejected fall in each of `document_ids`, in that order.

    Lengths are code points, the spans' unit, on both engines.
    """
    if not document_ids:
        return []
    ids = list(document_ids)
    documents = {
        row[0]: row[1:]
        for row in store.execute(
            f'SELECT id, title, LENGTH(text) FROM "document" WHERE id IN ({marks(len(ids))})', ids
        )
    }
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for document_id, start, end, name in store.execute(
        'SELECT s.document_id, s."start", s."end", l.name FROM span s '
        "JOIN label l ON l.id = s.label_id "
        f"WHERE s.status <> 'rejected' AND s.document_id IN ({marks(len(ids))}) "
        'ORDER BY s.document_id, s."start", s."end", s.id',
        ids,
    ):
        spans.setdefault(document_id, []).append((start, end, name))
    return [
        DocumentStrip(i, documents[i][0], int(documents[i][1]), tuple(spans.get(i, ())))
        for i in ids
        if i in documents
    ]
