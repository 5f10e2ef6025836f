"""Reading what the analyst decided, for training and for phrase suggestions.

Raw SQL through `store.execute`, so it runs on any database the store opens.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.phrase_occurrences import phrase_key
from tagdesk.core.records import SpanRecord
from tagdesk.core.reviewed import Phrase, Range, ReviewedDocument
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.team_version import (
    TEAM,
    Read,
    Version,
    View,
    documents_sql,
    status_sql,
    versions,
)

TrainingScope = Literal["done", "all"]


def reviewed_documents(
    store: Store, status: TrainingScope = "done", view: View = TEAM
) -> list[ReviewedDocument]:
    """Documents to learn from, in id order, with their accepted and rejected spans in `view`
    (store.team_version).

    `done`: the documents done in the view. `all`: those, and every other
    document with at least one accepted or rejected span there (the rest say
    nothing yet). Suggestions nobody has decided on are not read; a place the
    analysts disagree on is unknown.
    """
    decided = versions(store, view, ("accepted", "rejected"))
    documents: list[ReviewedDocument] = []
    state, params = status_sql(store, view)
    which, chosen = documents_sql(view)
    for document_id, text, document_status in store.execute(
        f'SELECT d.id, d.text, {state} FROM "document" d WHERE {which} ORDER BY d.id',
        [*params, *chosen],
    ):
        done = document_status == "done"
        held = decided.get(document_id, Version())
        if not done and (status == "done" or not held.spans):
            continue
        documents.append(
            ReviewedDocument(
                document_id=document_id,
                text=text,
                done=done,
                accepted=tuple(_ranges(held.spans, "accepted")),
                rejected=tuple(_ranges(held.spans, "rejected")),
                unknown=_unknown(held.disputed),
            )
        )
    return documents


def _ranges(spans: list[Read], status: str) -> list[Range]:
    return [(start, end, label) for _, start, end, label, found in spans if found == status]


def _unknown(disputed: list[Read]) -> tuple[tuple[int, int], ...]:
    """Where analysts disagree on an entity: neither it nor "no entity" is known there."""
    return tuple((start, end) for _, start, end, _, status in disputed if status == "accepted")


def accepted_phrases(store: Store, view: View = TEAM) -> list[Phrase]:
    """Each text accepted in `view` (compared in lower case, an acronym as written, trimmed)
    with the label it was accepted with most often; a tie goes to the label first in name
    order.

    One label a text, so an occurrence gets one suggestion, not one a label.
    """
    accepted = versions(store, view, ("accepted",))
    texts: dict[int, str] = {}
    ids = sorted(accepted)
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        texts.update(
            store.execute(
                f'SELECT id, text FROM "document" WHERE id IN ({marks(len(chunk))})', chunk
            )
        )
    spans = sorted(
        (read, document_id) for document_id, held in accepted.items() for read in held.spans
    )
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, str] = {}
    for (_, start, end, label, _), document_id in spans:
        phrase = texts[document_id][start:end].strip()
        if not phrase:
            continue
        key = phrase_key(phrase)
        tally[key][label] += 1
        shown.setdefault(key, phrase)
    phrases = []
    for key, labels in tally.items():
        label, count = min(labels.items(), key=lambda item: (-item[1], item[0]))
        phrases.append(Phrase(text=shown[key], label=label, accepted=count))
    return sorted(phrases, key=lambda phrase: (phrase.text.lower(), phrase.label))


def documents_for_phrases(
    store: Store, document_ids: Sequence[int] = (), view: View = TEAM
) -> list[int]:
    """Documents phrases may add to: every one not done in `view` (the analysts have read
    those through), or those of `document_ids` that are not done."""
    state, params = status_sql(store, view)
    rows = store.execute(
        f"SELECT d.id FROM \"document\" d WHERE {state} <> 'done' ORDER BY d.id", params
    )
    open_ids = [row[0] for row in rows]
    if not document_ids:
        return open_ids
    wanted = set(document_ids)
    return [document_id for document_id in open_ids if document_id in wanted]


PHRASES_SOURCE = "phrases"


LogRow = tuple[int, int, int, int, str]  # document, start, end, label id, source


def add_phrase_suggestions(store: Store, found: Sequence[FoundEntities]) -> int:
    """Write one batch of phrase occurrences as `phrases` suggestions; returns how many.

    What is left alone is decided by `_fresh_places`. Everything is read and
    written in one transaction, under the write lock.
    """
    if not found:
        return 0
    stamp: object = _now(store)
    with store.write_transaction():
        rows = _fresh_places(store, found)
        _insert_suggestions(store, rows, stamp)
        log_suggestions(store, rows)
    return len(rows)


def _insert_suggestions(store: Store, rows: Sequence[LogRow], stamp: object) -> None:
    store.dialect.execute_many(
        store,
        'INSERT INTO "span" (document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'suggested', "
        "'', '', ?, ?)",
        [(*row, stamp, stamp) for row in rows],
    )


def create_phrase_suggestions(
    store: Store, found: Sequence[FoundEntities]
) -> tuple[list[SpanRecord], list[LogRow]]:
    """The window's phrase suggestions: written as add_phrase_suggestions writes them, and
    returned with their log rows, so undo can take both back (store.change_sets)."""
    if not found:
        return [], []
    stamp = _now(store)
    with store.write_transaction():
        rows = _fresh_places(store, found)
        _insert_suggestions(store, rows, stamp)
        log_suggestions(store, rows, stamp)
        # Under the write lock no other writer can have put a span on these places since
        # they were found free: the rows there with this stamp are the ones just written.
        ids: dict[tuple[int, int, int, int], tuple[int, object]] = {}
        for document_id in sorted({row[0] for row in rows}):
            for span_id, start, end, label_id, created in store.execute(
                'SELECT id, "start", "end", label_id, created_at FROM "span" '
                "WHERE document_id = ? AND source = ? AND created_at = ?",
                (document_id, PHRASES_SOURCE, stamp),
            ):
                ids[document_id, start, end, label_id] = span_id, created
    spans = [
        SpanRecord(
            ids[d, start, end, label_id][0],
            d,
            start,
            end,
            label_id,
            "suggested",
            source,
            created_at=_stamp_text(ids[d, start, end, label_id][1]),
            version=1,
        )
        for d, start, end, label_id, source in rows
    ]
    return spans, rows


def still_accepted(store: Store, document_id: int, start: int, end: int, label_id: int) -> bool:
    """Whether an accepted span still holds this place and label: a search started by an
    accept the analyst has since undone or rejected is not written."""
    row = store.execute(
        'SELECT 1 FROM "span" WHERE document_id = ? AND "start" = ? AND "end" = ? '
        "AND label_id = ? AND status = 'accepted'",
        (document_id, start, end, label_id),
    ).fetchone()
    return row is not None


def log_suggestions(store: Store, rows: Sequence[LogRow], stamp: object = None) -> None:
    """Remember that these suggestions were made, whatever becomes of them.

    `stamp`: when they were made (a redo writes the rows again as they were), else now.
    """
    when = _now(store) if stamp is None else stamp
    store.dialect.execute_many(
        store,
        'INSERT INTO "suggestion_log" (document_id, "start", "end", label_id, source, '
        "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(*row, when) for row in rows],
    )


def unlog_suggestions(store: Store, rows: Sequence[LogRow]) -> None:
    """Forget suggestions an undo takes back: only rows its own action logged, which
    `_fresh_places` proves were not in the log before."""
    with store.write_transaction():
        for document_id, start, end, label_id, source in rows:
            store.execute(
                'DELETE FROM "suggestion_log" WHERE document_id = ? AND "start" = ? '
                'AND "end" = ? AND label_id = ? AND source = ?',
                (document_id, start, end, label_id, source),
            )


def _fresh_places(store: Store, found: Sequence[FoundEntities]) -> list[LogRow]:
    """The occurrences to suggest, read under the caller's write lock.

    An occurrence is left alone where any span (in any status, from any
    source) overlaps it, and where a suggestion with that label was made at
    that place before, whatever became of it (the suggestion log): the
    analyst who rejected, deleted or moved it is not asked again.
    """
    document_ids = sorted({item.document_id for item in found})
    label_ids = dict(store.execute('SELECT name, id FROM "label"').fetchall())
    places = marks(len(document_ids))
    held: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for document_id, start, end in store.execute(
        f'SELECT document_id, "start", "end" FROM "span" WHERE document_id IN ({places})',
        document_ids,
    ):
        held[document_id].append((start, end))
    logged = set(
        store.execute(
            f'SELECT document_id, "start", "end", label_id FROM "suggestion_log" '
            f"WHERE document_id IN ({places})",
            document_ids,
        ).fetchall()
    )
    rows: list[LogRow] = []
    for item in found:
        overlaps = _Overlaps(held[item.document_id])
        last_end = -1  # of the occurrence taken before, in order: they may not overlap either
        for start, end, label in sorted(item.entities):
            label_id = label_ids.get(label)
            if label_id is None or (item.document_id, start, end, label_id) in logged:
                continue
            if start < last_end or overlaps.any(start, end):
                continue
            last_end = end
            rows.append((item.document_id, start, end, label_id, PHRASES_SOURCE))
    return rows


class _Overlaps:
    """Whether a range overlaps any of a document's spans, by bisection: a document with
    10,000 spans and thousands of occurrences is checked in milliseconds."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def any(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end)  # the spans that start before `end`
        return before > 0 and self.reach[before - 1] > start


def _stamp_text(value: object) -> str:
    """A creation time as store.editing.document_spans shows it: what identifies the span."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value or "")


def _now(store: Store) -> object:
    from tagdesk.store.models import utcnow

    return store.dialect.timestamp(utcnow())
