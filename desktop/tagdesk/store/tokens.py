"""Tokens per document: the ones its file came with, or the pipeline's, computed once and kept.

Exports (token indexes, DocBin, CoNLL) and the window's snapping of a
selection to token boundaries all read them. Tokens a CoNLL, Prodigy or
DocBin file brought are the document's own (`origin` "data"): kept for good,
and never replaced by a tokenizer's. Otherwise the tokenizer of the pipeline
that pre-annotates makes them (the caller passes it in, with its name; see
tagdesk.nlp.tokens): pre-annotation keeps the tokens of the Docs it made,
and an export or `tagdesk tokenize` makes the rest. They are made again
when the tokenizer's name says they would come out otherwise.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate

from tagdesk.core.errors import StoreError
from tagdesk.core.tokens import Token, Tokenizer, Tokens
from tagdesk.store.database import Store

COMPACT = 1  # first byte of the compact encoding
DATA = "data"  # the origin of tokens that came with the imported file
_MAX_LENGTH = 0xFFFF


def document_tokens(store: Store, document_id: int, tokenizer: Tokenizer) -> list[Token]:
    """The tokens of one document; tokenized and stored on first use."""
    row = store.execute('SELECT text FROM "document" WHERE id = ?', (document_id,)).fetchone()
    if row is None:
        return []
    return list(tokens_for(store, [(document_id, row[0])], tokenizer)[document_id])


def tokens_for(
    store: Store, documents: Iterable[tuple[int, str]], tokenizer: Tokenizer
) -> dict[int, Tokens]:
    """Tokens by document id for (id, text) pairs: one read, one write for what was missing.

    Kept tokens are used when they came with the data or `tokenizer` made
    them (same name); the others are made by `tokenizer` and kept.
    """
    texts = dict(documents)
    if not texts:
        return {}
    current = tokenizer.name
    tokenize = tokenizer.tokenize
    made = tokenizer.made
    marks = ", ".join(["?"] * len(texts))
    result: dict[int, Tokens] = {}
    for document_id, name, origin, data in store.execute(
        "SELECT document_id, tokenizer, origin, data FROM document_tokens "
        f"WHERE document_id IN ({marks})",
        list(texts),
    ).fetchall():
        if origin == DATA or made(name):
            result[document_id] = decode_tokens(bytes(data))
    missing = [document_id for document_id in texts if document_id not in result]
    if missing and not store.writable:  # a read-only file: tokenize, keep nothing
        result.update(
            (document_id, Tokens.of(tokenize(texts[document_id]))) for document_id in missing
        )
    elif missing:
        rows = []
        for document_id in missing:
            tokens = tokenize(texts[document_id])
            result[document_id] = Tokens.of(tokens)
            rows.append((document_id, current, encode_tokens(tokens)))
        try:
            with store.write_transaction():
                store.dialect.insert_rows(
                    store,
                    "document_tokens",
                    ("document_id", "tokenizer", "data", "origin"),
                    [(*row, "tokenizer") for row in rows],
                    "ON CONFLICT (document_id) DO UPDATE "
                    "SET tokenizer = excluded.tokenizer, data = excluded.data "
                    "WHERE document_tokens.origin <> 'data'",
                )
        except StoreError:
            pass  # a full disk or a busy file: the tokens are right, only not kept this time
    return result


def documents_needing_tokens(
    store: Store, document_ids: Sequence[int], tokenizer: Tokenizer
) -> list[int]:
    """Those of `document_ids` whose kept tokens are missing or another tokenizer's, in order.

    Tokens that came with the data are the document's own and never needed again.
    """
    usable: set[int] = set()
    for first in range(0, len(document_ids), 500):
        batch = list(document_ids[first : first + 500])
        marks = ", ".join(["?"] * len(batch))
        usable.update(
            document_id
            for document_id, name, origin in store.execute(
                "SELECT document_id, tokenizer, origin FROM document_tokens "
                f"WHERE document_id IN ({marks})",
                batch,
            ).fetchall()
            if origin == DATA or tokenizer.made(name)
        )
    return [document_id for document_id in document_ids if document_id not in usable]


def keep_tokens(store: Store, encoded: Sequence[tuple[int, bytes]], name: str) -> None:
    """Keep tokens a tokenizer named `name` made, as (document id, encode_tokens(...)).

    Joins the caller's transaction when there is one (pre-annotation writes
    them with its suggestions). Tokens that came with the data are never
    replaced; a document deleted meanwhile is skipped.
    """
    if not encoded:
        return
    with store.write_transaction():
        ids = [document_id for document_id, _ in encoded]
        present = {
            row[0]
            for row in store.execute(
                f'SELECT id FROM "document" WHERE id IN ({", ".join(["?"] * len(ids))})', ids
            ).fetchall()
        }
        store.dialect.insert_rows(
            store,
            "document_tokens",
            ("document_id", "tokenizer", "data", "origin"),
            [
                (document_id, name, data, "tokenizer")
                for document_id, data in encoded
                if document_id in present
            ],
            "ON CONFLICT (document_id) DO UPDATE "
            "SET tokenizer = excluded.tokenizer, data = excluded.data "
            "WHERE document_tokens.origin <> 'data'",
        )


def keep_data_tokens(store: Store, tokens: dict[int, tuple[str, Tokens]]) -> list[int]:
    """Keep the tokens imported files brought, by document id: (format, tokens).

    Called inside the import's transaction. They replace tokens the tokenizer
    made; a document that already has data tokens keeps them (the first file
    to tokenize a text decides). Returns the documents that kept theirs
    although other tokens came, for the import to say.
    """
    if not tokens:
        return []
    ids = list(tokens)
    held = dict(
        store.execute(
            f"SELECT document_id, data FROM document_tokens WHERE origin = '{DATA}' "
            f"AND document_id IN ({', '.join(['?'] * len(ids))})",
            ids,
        ).fetchall()
    )
    differing = []
    rows = []
    for document_id, (source, given) in tokens.items():
        if document_id in held:
            if decode_tokens(bytes(held[document_id])) != given:
                differing.append(document_id)
            continue
        rows.append((document_id, source, encode_tokens(given)))
    if rows:
        store.dialect.insert_rows(
            store,
            "document_tokens",
            ("document_id", "tokenizer", "data", "origin"),
            [(*row, DATA) for row in rows],
            "ON CONFLICT (document_id) DO UPDATE "
            "SET tokenizer = excluded.tokenizer, data = excluded.data, origin = excluded.origin",
        )
    return differing


def encode_tokens(tokens: Sequence[Token]) -> bytes:
    """3 bytes a token where the tokens tile the text, as spaCy's do; else 12.

    spaCy's tokens cover every character: each starts where the one before
    ended, plus one when that one is followed by a space. So lengths and the
    whitespace flags are enough: the byte 1, then the lengths as little-endian
    uint16, then one byte a token for its whitespace. Tokens that do not tile
    (or a token over 65,535 characters) are stored as little-endian int32
    triples (start, end, whitespace), which is also how schema 2 kept them:
    the two are told apart by their length (1 + 3n against 12n bytes).
    """
    if _tiles(tokens):
        lengths = array("H", [end - start for start, end, _ in tokens])
        if sys.byteorder == "big":  # pragma: no cover - every platform we ship is little-endian
            lengths.byteswap()
        return bytes([COMPACT]) + lengths.tobytes() + bytes([ws for _, _, ws in tokens])
    packed = array("i")
    for start, end, ws in tokens:
        packed.extend((start, end, int(ws)))
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return packed.tobytes()


def decode_tokens(data: bytes) -> Tokens:
    if len(data) % 3 == 1:
        return _decode_compact(data)
    packed = array("i")
    packed.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return Tokens(packed[0::3].tolist(), packed[1::3].tolist(), list(map(bool, packed[2::3])))


def _decode_compact(data: bytes) -> Tokens:
    """Running sums done by `accumulate`: no Python loop over the tokens."""
    count = (len(data) - 1) // 3
    lengths = array("H")
    lengths.frombytes(data[1 : 1 + 2 * count])
    if sys.byteorder == "big":  # pragma: no cover
        lengths.byteswap()
    spaces = data[1 + 2 * count :]
    steps = [0] * (2 * count)
    steps[0::2] = lengths
    steps[1::2] = spaces
    bounds = list(accumulate(steps, initial=0))  # start, end, start, end, ...
    return Tokens(bounds[0 : 2 * count : 2], bounds[1 : 2 * count : 2], list(map(bool, spaces)))


def _tiles(tokens: Sequence[Token]) -> bool:
    expected = 0
    for start, end, ws in tokens:
        if start != expected or not 0 < end - start <= _MAX_LENGTH:
            return False
        expected = end + 1 if ws else end
    return True
