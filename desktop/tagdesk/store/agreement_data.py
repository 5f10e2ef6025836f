"""What `tagdesk agreement` compares: for each pair of annotators, the documents both did.

Each annotator's marks in a document are the accepted spans of their own
view (core/team.py): their own spans and the shared ones they left as they
were. Their relations are the accepted relations they drew, or shared ones
(annotator ""), between two of those spans. Word tokens are the document's
kept tokens, or the caller's tokenizer's, whitespace tokens left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, islice

from tagdesk.core.agreement import DocumentPair, Mark
from tagdesk.core.records import SpanRecord
from tagdesk.core.relation_agreement import RelationMark
from tagdesk.core.team import GOLD, in_view
from tagdesk.core.tokens import Tokenizer
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.editing import document_spans
from tagdesk.store.tokens import tokens_for

Pair = tuple[str, str]
BATCH = 200
RelationRow = tuple[int, int, str, bool, str]  # head span, child span, type, directed, annotator


def documents_by_pair(
    store: Store, tokenizer: Tokenizer, *, finished: bool = True
) -> dict[Pair, list[DocumentPair]]:
    """Each pair's documents: both marked them done (`finished`), or both have spans in them."""
    shared = _shared(store, finished=finished)
    names = dict(store.execute("SELECT id, name FROM label").fetchall())
    found: dict[Pair, list[DocumentPair]] = {}
    for document_id, words, spans, relations in _documents(store, sorted(shared), tokenizer):
        own = {name: _marks(names, spans, name) for name in shared[document_id]}
        drawn = {name: _relations(relations, own[name], name) for name in own}
        for first, second in combinations(shared[document_id], 2):
            found.setdefault((first, second), []).append(
                DocumentPair(
                    words,
                    list(own[first].values()),
                    list(own[second].values()),
                    drawn[first],
                    drawn[second],
                )
            )
    return dict(sorted(found.items()))


def spans_by_pair(
    store: Store, *, finished: bool = True
) -> dict[Pair, list[tuple[int, DocumentPair]]]:
    """As `documents_by_pair`, with each document's id and without its tokens.

    What span F1 and overlap F1 need, and the same figures (token kappa needs
    the tokens): no tokenizer, so no pipeline to load, and nothing written.
    """
    shared = _shared(store, finished=finished)
    names = dict(store.execute("SELECT id, name FROM label").fetchall())
    found: dict[Pair, list[tuple[int, DocumentPair]]] = {}
    for document_id in sorted(shared):
        spans = document_spans(store, document_id)
        own = {name: _marks(names, spans, name) for name in shared[document_id]}
        for first, second in combinations(shared[document_id], 2):
            found.setdefault((first, second), []).append(
                (
                    document_id,
                    DocumentPair((), list(own[first].values()), list(own[second].values())),
                )
            )
    return dict(sorted(found.items()))


def _shared(store: Store, *, finished: bool) -> dict[int, list[str]]:
    """The documents two or more annotators did, and who: done (`finished`), or with spans."""
    if finished:
        rows = store.execute(
            "SELECT document_id, annotator FROM assignment WHERE status = 'done'"
        ).fetchall()
    else:
        rows = store.execute(
            "SELECT DISTINCT document_id, annotator FROM span "
            "WHERE annotator <> '' AND annotator <> ?",
            (GOLD,),
        ).fetchall()
    people: dict[int, set[str]] = {}
    for document_id, annotator in rows:
        people.setdefault(document_id, set()).add(annotator)
    return {d: sorted(names) for d, names in people.items() if len(names) >= 2}


def _documents(
    store: Store, ids: list[int], tokenizer: Tokenizer
) -> Iterator[tuple[int, list[tuple[int, int]], list[SpanRecord], list[RelationRow]]]:
    """Each document's word tokens, spans and accepted relations, a batch at a time."""
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        texts: dict[int, str] = dict(
            store.execute(
                f'SELECT id, text FROM "document" WHERE id IN ({marks(len(batch))})', batch
            )
        )
        tokens = tokens_for(store, texts.items(), tokenizer)
        relations: dict[int, list[RelationRow]] = {}
        for document_id, *row in store.execute(
            "SELECT r.document_id, r.head_span_id, r.child_span_id, t.name, t.directed, "
            "r.annotator FROM relation r JOIN relation_type t ON t.id = r.type_id "
            f"WHERE r.status = 'accepted' AND r.document_id IN ({marks(len(batch))}) "
            "ORDER BY r.id",
            batch,
        ):
            head, child, name, directed, annotator = row
            relations.setdefault(document_id, []).append(
                (head, child, name, bool(directed), annotator)
            )
        for document_id in batch:
            text = texts[document_id]
            words = [(s, e) for s, e, _ in tokens[document_id] if not text[s:e].isspace()]
            spans = document_spans(store, document_id)
            yield document_id, words, spans, relations.get(document_id, [])


def _marks(names: dict[int, str], spans: list[SpanRecord], annotator: str) -> dict[int, Mark]:
    """The annotator's accepted spans in view, by span id."""
    return {
        span.id: (span.start, span.end, names[span.label_id])
        for span in in_view(spans, annotator, lambda s: (s.id, s.annotator, s.derived_from))
        if span.status == "accepted"
    }


def _relations(
    relations: list[RelationRow], spans: dict[int, Mark], annotator: str
) -> list[RelationMark]:
    """The annotator's own or shared accepted relations between two spans of their view."""
    return [
        RelationMark(spans[head], spans[child], name, directed)
        for head, child, name, directed, owner in relations
        if owner in (annotator, "") and head in spans and child in spans
    ]
