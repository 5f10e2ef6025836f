"""Model suggestions: which documents to pre-annotate, and writing what the model found.

A model entity (document, start, end, label) becomes a new `suggested` span
unless one of these holds:

1. pre-annotation proposed the same (document, start, end, label) before,
   whatever became of it since: still suggested, accepted, rejected,
   relabelled, resized or deleted (the `suggestion_log` table remembers);
2. a span with the same start, end and label is in the document already, in
   any status and from any source (imported, drawn by hand);
3. an accepted or still suggested span covers exactly the same characters
   with another label: the analyst has said what that text is, or has an
   open suggestion for it already (an imported file's, say). A rejected
   span does not count: it says only what the text is not.

A new suggestion keeps the model's score for it in its meta, `{"score":
0.73}`, where Prodigy's tasks carry theirs; the span is then exported with it.

Existing spans are never updated, so nothing the analyst accepted, edited,
created or rejected is overwritten or revived, and re-running adds nothing.
The relations the dependency rules found go in with the spans, in the same
transaction (tagdesk.store.suggested_relations says which).
Each batch is one transaction that reads and writes under the write lock, so
a second writer (the window, another run) cannot slip in a duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.records import SCORE_KEY
from tagdesk.store.database import Store
from tagdesk.store.models import utcnow
from tagdesk.store.suggested_relations import add_suggested_relations
from tagdesk.store.tokens import keep_tokens
from tagdesk.store.vocab import LabelIds

Scope = Literal["missing", "all", "documents"]
SpanKey = tuple[int, int, int, int]  # document, start, end, label id


def documents_to_preannotate(
    store: Store, scope: Scope = "missing", document_ids: Iterable[int] = ()
) -> list[int]:
    """Document ids in id order.

    `missing`: documents no pipeline has pre-annotated and that hold no
    suggestion (from an import, say); `all`: every document; `documents`:
    exactly `document_ids`, each of which must exist.
    """
    if scope == "all":
        return [row[0] for row in store.execute('SELECT id FROM "document" ORDER BY id')]
    if scope == "missing":
        return [
            row[0]
            for row in store.execute(
                'SELECT d.id FROM "document" d WHERE NOT EXISTS '
                '(SELECT 1 FROM "preannotation" p WHERE p.document_id = d.id) '
                'AND NOT EXISTS (SELECT 1 FROM "span" s '
                "WHERE s.document_id = d.id AND s.status = 'suggested') ORDER BY d.id"
            )
        ]
    wanted = sorted(set(document_ids))
    present = {document_id for document_id, _ in iter_texts(store, wanted, with_text=False)}
    absent = [document_id for document_id in wanted if document_id not in present]
    if absent:
        raise TagdeskError(f"no document with id {', '.join(map(str, absent))}")
    return wanted


def iter_texts(
    store: Store, document_ids: Sequence[int], *, chunk: int = 256, with_text: bool = True
) -> Iterator[tuple[int, str]]:
    """(id, text) for the given documents, read `chunk` at a time so memory stays flat."""
    column = "text" if with_text else "''"
    for first in range(0, len(document_ids), chunk):
        ids = list(document_ids[first : first + chunk])
        marks = ", ".join(["?"] * len(ids))
        rows = store.execute(
            f'SELECT id, {column} FROM "document" WHERE id IN ({marks}) ORDER BY id', ids
        ).fetchall()
        yield from rows


def add_suggestions(
    store: Store, found: Sequence[FoundEntities], source: str, tokens_name: str = ""
) -> int:
    """Write one batch of model results in one transaction; returns the spans added."""
    return add_suggestions_and_relations(store, found, source, tokens_name)[0]


def add_suggestions_and_relations(
    store: Store,
    found: Sequence[FoundEntities],
    source: str,
    tokens_name: str = "",
    relations_source: str = "",
) -> tuple[int, int]:
    """Write one batch of model results in one transaction; returns spans and relations added.

    `source` names the pipeline, such as `en_core_web_sm@3.8.0`. Every
    document in `found` is marked pre-annotated, even where nothing was found.
    With `tokens_name`, the tokens the results carry are kept under it in the
    same transaction (tagdesk.store.tokens.keep_tokens): the export that
    follows need not tokenize those documents again. The results' relations
    are written with `relations_source` (by default `rules:` and `source`).
    """
    if not found:
        return 0, 0
    document_ids = sorted({item.document_id for item in found})
    now = utcnow()
    stamp = store.dialect.timestamp(now)
    with store.write_transaction():
        labels = LabelIds(store)
        taken, decided = _occupied(store, document_ids)
        spans: list[tuple[object, ...]] = []
        metas: list[str] = []
        for item in found:
            for number, (start, end, label) in enumerate(item.entities):
                key = (item.document_id, start, end, labels.get(label))
                if key in taken or key[:3] in decided:
                    continue
                taken.add(key)
                spans.append((*key, source, stamp))
                metas.append(score_meta(item.scores[number] if item.scores else None))
        insert_rows = store.dialect.insert_rows
        columns = ("document_id", "start", "end", "label_id")
        insert_rows(
            store,
            "span",
            (*columns, "source", "created_at", "status", "note", "annotator", "updated_at", "meta"),
            [
                (*row, "suggested", "", "", stamp, meta)
                for row, meta in zip(spans, metas, strict=True)
            ],
        )
        insert_rows(
            store,
            "suggestion_log",
            (*columns, "source", "created_at"),
            spans,
            "ON CONFLICT DO NOTHING",
        )
        insert_rows(
            store,
            "preannotation",
            ("document_id", "source", "finished_at"),
            [(document_id, source, stamp) for document_id in document_ids],
            "ON CONFLICT (document_id) "
            "DO UPDATE SET source = excluded.source, finished_at = excluded.finished_at",
        )
        if tokens_name:
            kept = [
                (item.document_id, item.encoded_tokens) for item in found if item.encoded_tokens
            ]
            keep_tokens(store, kept, tokens_name)
        relations = add_suggested_relations(
            store, found, relations_source or f"rules:{source}", labels.by_name, stamp
        )
    return len(spans), relations


def score_meta(score: float | None) -> str:
    """A suggestion's meta: how sure the model was, under Prodigy's name for it."""
    return "{}" if score is None else json.dumps({SCORE_KEY: score})


def _occupied(
    store: Store, document_ids: list[int]
) -> tuple[set[SpanKey], set[tuple[int, int, int]]]:
    """Keys a new suggestion may not take, and the ranges accepted or open already."""
    marks = ", ".join(["?"] * len(document_ids))
    taken: set[SpanKey] = set()
    decided: set[tuple[int, int, int]] = set()
    for document_id, start, end, label_id, status in store.execute(
        f'SELECT document_id, "start", "end", label_id, status FROM "span" '
        f"WHERE document_id IN ({marks})",
        document_ids,
    ):
        taken.add((document_id, start, end, label_id))
        if status in ("accepted", "suggested"):
            decided.add((document_id, start, end))
    taken.update(
        store.execute(
            f'SELECT document_id, "start", "end", label_id FROM "suggestion_log" '
            f"WHERE document_id IN ({marks})",
            document_ids,
        ).fetchall()
    )
    return taken, decided
