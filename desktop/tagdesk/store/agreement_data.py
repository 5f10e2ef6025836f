"""What `tagdesk agreement` compares: for each pair of annotators, the documents both did.

Each annotator's marks in a document are the accepted spans of their own
view (core/team.py): their own spans and the shared ones they left as they
were. Word tokens are the document's kept tokens, or the caller's
tokenizer's, whitespace tokens left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, islice

from tagdesk.core.agreement import DocumentPair, Mark
from tagdesk.core.records import SpanRecord
from tagdesk.core.team import GOLD, in_view
from tagdesk.core.tokens import Tokenizer
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.editing import document_spans
from tagdesk.store.tokens import tokens_for

Pair = tuple[str, str]
BATCH = 200


def documents_by_pair(
    store: Store, tokenizer: Tokenizer, *, finished: bool = True
) -> dict[Pair, list[DocumentPair]]:
    """Each pair's documents: both marked them done (`finished`), or both have spans in them."""
    shared = _shared(store, finished=finished)
    names = dict(store.execute("SELECT id, name FROM label").fetchall())
    found: dict[Pair, list[DocumentPair]] = {}
    for document_id, words, spans in _documents(store, sorted(shared), tokenizer):
        own = {name: _marks(names, spans, name) for name in shared[document_id]}
        for first, second in combinations(shared[document_id], 2):
            found.setdefault((first, second), []).append(
                DocumentPair(words, own[first], own[second])
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
                (document_id, DocumentPair((), own[first], own[second]))
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
) -> Iterator[tuple[int, list[tuple[int, int]], list[SpanRecord]]]:
    """Each document's word tokens and spans, a batch of documents at a time."""
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        texts: dict[int, str] = dict(
            store.execute(
                f'SELECT id, text FROM "document" WHERE id IN ({marks(len(batch))})', batch
            )
        )
        tokens = tokens_for(store, texts.items(), tokenizer)
        for document_id in batch:
            text = texts[document_id]
            words = [(s, e) for s, e, _ in tokens[document_id] if not text[s:e].isspace()]
            yield document_id, words, document_spans(store, document_id)


def _marks(names: dict[int, str], spans: list[SpanRecord], annotator: str) -> list[Mark]:
    return [
        (span.start, span.end, names[span.label_id])
        for span in in_view(spans, annotator, lambda s: (s.id, s.annotator, s.derived_from))
        if span.status == "accepted"
    ]
