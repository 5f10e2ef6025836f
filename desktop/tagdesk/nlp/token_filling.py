"""Tokens for documents that have none from the pipeline yet, made once and kept.

Pre-annotation keeps the tokens of the Docs it makes; what it never saw
(documents imported and exported without suggestions, or tokenized by an
older spaCy) is tokenized here before an export needs it: in worker
processes when there are many (tagdesk.nlp.workers), a chunk per
transaction, so a long run shows progress and keeps what it finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

from tagdesk.core.errors import CancelledError
from tagdesk.core.tokens import Tokenizer
from tagdesk.nlp.models import NoModelError, resolve_model
from tagdesk.nlp.tokens import model_tokenizer, spacy_tokenizer
from tagdesk.store import Store
from tagdesk.store.suggestions import iter_texts
from tagdesk.store.tokens import documents_needing_tokens, encode_tokens, keep_tokens

TokenProgress = Callable[[list[int], int, int], None]  # ids kept, documents done, to do
CHUNK = 64  # documents a worker tokenizes at a time; one transaction each
IN_PROCESS = 400  # fewer documents than this are tokenized here: starting workers costs more
MAX_PROCESSES = 4


def chosen_tokenizer(model: str | None) -> tuple[str, Tokenizer]:
    """(the pipeline resolved, "" for none, and its tokenizer) for the pipeline chosen."""
    try:
        resolved = resolve_model(model)
    except NoModelError:
        return "", spacy_tokenizer()
    return resolved, model_tokenizer(resolved)


def default_processes() -> int:
    return max(1, min(MAX_PROCESSES, os.cpu_count() or 1))


def fill_tokens(
    store: Store,
    document_ids: Sequence[int],
    model: str | None,
    *,
    processes: int | None = None,
    progress: TokenProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Tokenize and keep those of `document_ids` whose kept tokens are not `model`'s; returns
    how many were tokenized. A read-only database keeps nothing: the export tokenizes as it goes.
    """
    if not store.writable:
        return 0
    resolved, tokenizer = chosen_tokenizer(model)
    missing = documents_needing_tokens(store, document_ids, tokenizer)
    if not missing:
        return 0
    workers = default_processes() if processes is None else processes
    texts = iter_texts(store, missing)
    if workers > 1 and len(missing) >= IN_PROCESS:
        from tagdesk.nlp.workers import tokenize_in_processes

        results = tokenize_in_processes(resolved, _chunked(texts), processes=workers)
    else:
        results = _here(tokenizer, _chunked(texts))
    done = 0
    try:
        for name, encoded in results:
            if cancelled is not None and cancelled():
                raise CancelledError("export cancelled; nothing was written")
            keep_tokens(store, encoded, name)
            done += len(encoded)
            if progress is not None:
                progress([document_id for document_id, _ in encoded], done, len(missing))
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops the workers at once when an error or Ctrl+C ends the loop
    return done


def _here(
    tokenizer: Tokenizer, chunks: Iterable[list[tuple[int, str]]]
) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
    for chunk in chunks:
        made = tokenizer.tokenize
        yield tokenizer.name, [(i, encode_tokens(made(text))) for i, text in chunk]


def _chunked(items: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch
