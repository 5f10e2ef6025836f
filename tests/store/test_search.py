from __future__ import annotations

import pytest

from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.search import has_index, match_expression, matching_ids_condition

TEXTS = (
    "Qasem Soleimani led the fight in Tikrit.",
    "Qassem Suleimani's forces near Mosul.",
    "Haider al-Abadi spoke in Baghdad about Tikrit.",
    "Café owners in Erbil 😀 said nothing.",
)


def found(store: Store, typed: str) -> list[int]:
    condition, params = matching_ids_condition(store, typed, "id")
    sql = f'SELECT id FROM "document" WHERE {condition} ORDER BY id'
    return [row[0] for row in store.execute(sql, params).fetchall()]


@pytest.fixture
def corpus(store: Store) -> Store:
    import_documents(
        store, [IncomingDocument(text) for text in TEXTS], annotator="tester", source="test"
    )
    return store


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tikrit", [1, 3]),
        ("TIKRIT", [1, 3]),
        ("solei", [1]),  # the beginning of a word
        ("suleimani", [2]),  # the word before an apostrophe
        ("in tikrit", [1]),  # words next to each other, in order
        ("tikrit in", []),
        ("cafe", [4]),  # accents ignored
        ("al-abadi", [3]),
        ("😀", [4]),  # no words: the texts are scanned
        ("ti", []),  # two letters match whole words only
    ],
)
def test_search_finds_words_and_word_beginnings(
    corpus: Store, typed: str, expected: list[int]
) -> None:
    assert has_index(corpus)
    assert found(corpus, typed) == expected


def test_the_index_follows_deletes_and_text_changes(corpus: Store) -> None:
    corpus.execute("DELETE FROM document WHERE id = 1")
    corpus.execute("UPDATE document SET text = 'Nothing about that town.' WHERE id = 3")
    assert found(corpus, "tikrit") == []
    assert found(corpus, "town") == [3]
    if corpus.is_sqlite:
        corpus.execute("INSERT INTO document_fts (document_fts) VALUES ('integrity-check')")


def test_match_expression_quotes_what_was_typed() -> None:
    assert match_expression('say "hello" OR NOT') == '"say hello OR NOT"*'
    assert match_expression("solei ") == '"solei"'
    assert match_expression("...") is None
