"""Tokens per document, computed once and kept in the database.

Exports (token indexes, DocBin, CoNLL) and the window's snapping of a
selection to token boundaries all need spaCy's tokens; at about a
millisecond an article, they are worth keeping rather than recomputing.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

from tagdesk.store.database import Store
from tagdesk.store.models import Document, DocumentTokens

Token = tuple[int, int, bool]  # start, end (code points), followed by whitespace
_ROWS_PER_INSERT = 500


def document_tokens(store: Store, document_id: int) -> list[Token]:
    """The tokens of one document; tokenized and stored on first use."""
    row = Document.select(Document.text).where(Document.id == document_id).tuples().first()
    if row is None:
        return []
    return tokens_for(store, [(document_id, row[0])])[document_id]


def tokens_for(store: Store, documents: Iterable[tuple[int, str]]) -> dict[int, list[Token]]:
    """Tokens by document id for (id, text) pairs: one read, one write for what was missing."""
    from tagdesk.nlp.tokens import tokenize, tokenizer_id

    texts = dict(documents)
    if not texts:
        return {}
    current = tokenizer_id()
    result: dict[int, list[Token]] = {}
    for document_id, tokenizer, data in (
        DocumentTokens.select(
            DocumentTokens.document, DocumentTokens.tokenizer, DocumentTokens.data
        )
        .where(DocumentTokens.document.in_(list(texts)))
        .tuples()
    ):
        if tokenizer == current:
            result[document_id] = decode_tokens(bytes(data))
    missing = [document_id for document_id in texts if document_id not in result]
    if missing and not store.writable:  # a read-only file: tokenize, keep nothing
        result.update((document_id, tokenize(texts[document_id])) for document_id in missing)
    elif missing:
        rows = []
        for document_id in missing:
            result[document_id] = tokenize(texts[document_id])
            rows.append(
                {
                    "document": document_id,
                    "tokenizer": current,
                    "data": encode_tokens(result[document_id]),
                }
            )
        with store.write_transaction():
            for first in range(0, len(rows), _ROWS_PER_INSERT):
                DocumentTokens.insert_many(rows[first : first + _ROWS_PER_INSERT]).on_conflict(
                    conflict_target=[DocumentTokens.document],
                    preserve=[DocumentTokens.tokenizer, DocumentTokens.data],
                ).execute()
    return result


def encode_tokens(tokens: list[Token]) -> bytes:
    """Little-endian int32 triples (start, end, whitespace): 12 bytes a token."""
    packed = array("i")
    for start, end, ws in tokens:
        packed.extend((start, end, int(ws)))
    if sys.byteorder == "big":  # pragma: no cover - every platform we ship is little-endian
        packed.byteswap()
    return packed.tobytes()


def decode_tokens(data: bytes) -> list[Token]:
    packed = array("i")
    packed.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return [(packed[i], packed[i + 1], bool(packed[i + 2])) for i in range(0, len(packed), 3)]
