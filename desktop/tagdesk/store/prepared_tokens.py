"""Tokens prepared ahead of the analyst: what the window may read, and the filling of them.

The window never tokenizes: it reads what is kept (`stored_tokens`, no spaCy,
no package metadata) and asks a background process (`tagdesk tokenize`) to
fill in the documents it is about to show (`documents_without_tokens`,
`prepare_tokens`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tagdesk.core.tokens import Tokenizer, Tokens
from tagdesk.store.database import Store
from tagdesk.store.tokens import decode_tokens, tokens_for

BATCH = 8  # documents tokenized per transaction: a window's write never waits long


def stored_tokens(store: Store, document_id: int) -> Tokens | None:
    """The kept tokens of one document, whichever tokenizer made them; None if none are.

    A selection snaps to these. Tokens from an older spaCy are close enough to
    snap to; an export checks the tokenizer and replaces them.
    """
    row = store.execute(
        "SELECT data FROM document_tokens WHERE document_id = ?", (document_id,)
    ).fetchone()
    return decode_tokens(bytes(row[0])) if row is not None else None


def documents_without_tokens(store: Store, document_ids: Sequence[int]) -> list[int]:
    """Those of `document_ids` that name a document with no kept tokens, in the order given."""
    if not document_ids:
        return []
    marks = ", ".join(["?"] * len(document_ids))
    missing = {
        row[0]
        for row in store.execute(
            f'SELECT id FROM "document" WHERE id IN ({marks}) '
            "AND id NOT IN (SELECT document_id FROM document_tokens)",
            list(document_ids),
        ).fetchall()
    }
    return [document_id for document_id in dict.fromkeys(document_ids) if document_id in missing]


def all_documents_without_tokens(store: Store) -> list[int]:
    rows = store.execute(
        'SELECT id FROM "document" WHERE id NOT IN (SELECT document_id FROM document_tokens) '
        "ORDER BY id"
    ).fetchall()
    return [row[0] for row in rows]


def prepare_tokens(
    store: Store,
    document_ids: Sequence[int],
    tokenizer: Tokenizer,
    *,
    progress: Callable[[list[int], int, int], None] | None = None,
) -> int:
    """Tokenize and keep the tokens of `document_ids`, in that order, a few per transaction.

    `progress(ids, done, total)` follows each batch; returns how many
    documents were looked at (ids that name no document are skipped).
    """
    total = len(document_ids)
    done = 0
    for first in range(0, total, BATCH):
        batch = list(document_ids[first : first + BATCH])
        marks = ", ".join(["?"] * len(batch))
        texts = store.execute(
            f'SELECT id, text FROM "document" WHERE id IN ({marks})', batch
        ).fetchall()
        kept = tokens_for(store, ((row[0], row[1]) for row in texts), tokenizer)
        done += len(batch)
        if progress is not None:
            progress([document_id for document_id in batch if document_id in kept], done, total)
    return done
