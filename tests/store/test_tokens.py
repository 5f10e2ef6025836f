from __future__ import annotations

import pytest

from tagdesk.core.incoming import IncomingDocument
from tagdesk.nlp.tokens import spacy_tokenizer, tokenize, tokenizer_id
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.tokens import decode_tokens, document_tokens, encode_tokens, tokens_for

TEXT = "Gen\u00a0Qasem Soleimani 😀 met  Abadi\n\nin Tikrit."


def add(store: Store, *texts: str) -> list[int]:
    import_documents(store, [IncomingDocument(text=t) for t in texts], annotator="a", source="t")
    return [row[0] for row in store.execute("SELECT id FROM document ORDER BY id").fetchall()]


def cached_rows(store: Store) -> list[tuple[int, str]]:
    return store.execute(
        "SELECT document_id, tokenizer FROM document_tokens ORDER BY document_id"
    ).fetchall()


def test_encoding_round_trips_in_three_bytes_a_token() -> None:
    tokens = tokenize(TEXT)
    data = encode_tokens(tokens)
    assert len(data) == 1 + 3 * len(tokens)
    assert decode_tokens(data) == tokens
    assert decode_tokens(encode_tokens([])) == []
    assert decode_tokens(b"") == []


@pytest.mark.parametrize(
    "tokens",
    [
        [(1, 4, True), (5, 9, False)],  # not from the start of the text
        [(0, 3, False), (5, 9, False)],  # a gap no whitespace flag explains
        [(0, 70_000, False)],  # longer than two bytes can say
    ],
)
def test_tokens_that_do_not_tile_the_text_keep_twelve_bytes(tokens: list) -> None:
    data = encode_tokens(tokens)
    assert len(data) == 12 * len(tokens)
    assert decode_tokens(data) == tokens


def test_tokens_stored_by_schema_2_still_read() -> None:
    from array import array

    tokens = tokenize(TEXT)
    legacy = array("i", [value for start, end, ws in tokens for value in (start, end, ws)])
    assert decode_tokens(legacy.tobytes()) == tokens


def test_tokens_are_computed_once_and_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    (document_id,) = add(store, TEXT)
    assert cached_rows(store) == []
    first = document_tokens(store, document_id, spacy_tokenizer())
    assert first == tokenize(TEXT)
    assert [TEXT[s:e] for s, e, _ in first][:3] == ["Gen", "\u00a0", "Qasem"]
    assert cached_rows(store) == [(document_id, tokenizer_id())]

    def fail(text: str) -> list:
        raise AssertionError("tokenized again")

    monkeypatch.setattr("tagdesk.nlp.tokens.tokenize", fail)
    assert document_tokens(store, document_id, spacy_tokenizer()) == first


def test_another_tokenizer_id_recomputes(store: Store) -> None:
    (document_id,) = add(store, TEXT)
    document_tokens(store, document_id, spacy_tokenizer())
    store.execute("UPDATE document_tokens SET tokenizer = 'old', data = ?", (b"",))
    assert document_tokens(store, document_id, spacy_tokenizer()) == tokenize(TEXT)
    assert cached_rows(store) == [(document_id, tokenizer_id())]


def test_bulk_reads_cached_and_fills_missing(store: Store) -> None:
    ids = add(store, "Iran backs Iraq.", "Mosul fell.", TEXT)
    document_tokens(store, ids[0], spacy_tokenizer())
    texts = dict(store.execute("SELECT id, text FROM document").fetchall())
    tokens = tokens_for(store, texts.items(), spacy_tokenizer())
    assert set(tokens) == set(ids)
    for document_id, text in texts.items():
        assert tokens[document_id] == tokenize(text)
    assert len(cached_rows(store)) == 3
    assert tokens_for(store, [], spacy_tokenizer()) == {}


def test_unknown_document_has_no_tokens(store: Store) -> None:
    assert document_tokens(store, 999, spacy_tokenizer()) == []


def test_deleting_a_document_drops_its_tokens(store: Store) -> None:
    (document_id,) = add(store, TEXT)
    document_tokens(store, document_id, spacy_tokenizer())
    store.execute("DELETE FROM document")
    assert cached_rows(store) == []
