"""Search finds the same documents on SQLite and on a server, whichever way a text arrived.

The server keeps each text's folded words in a table of their own
(store.server_schema), written by a bulk import in one statement and by
triggers otherwise; these cases are where its folding or its phrase and
prefix rules could part from FTS5's.
"""

from __future__ import annotations

import pytest

from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.search import matching_ids_condition

TEXTS = (
    "CAFÉ CRÈME in Zürich, said Ángela Merkel.",
    "Qasem Soleimani led the fight in Tikrit.",
    "Naïve résumé writers met in São Paulo.",
    "Straße und Weg: the Mosul-Tikrit road 🚗 closed.",
    "Report 4321 on Erbil, then report 4322.",
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
        ("cafe creme", [1]),  # accents and case folded in the texts
        ("Café Crème", [1]),  # and in what was typed
        ("ZURICH", [1]),
        ("angela", [1]),
        ("sao paulo", [3]),
        ("resume", [3]),
        ("naive", [3]),
        ("caf", [1]),  # three letters: the beginning of a word
        ("ca", []),  # two: whole words only
        ("crème caf", []),  # the words in the order typed, next to each other
        ("cafe crè", [1]),  # the last word a beginning, the others whole
        ("cafe cre", [1]),
        ("caf creme", []),  # only the last word may be a beginning
        ("mosul tikrit", [4]),  # a hyphen between words is no word
        ("mosul-tikrit", [4]),
        ("tikrit mosul", []),
        ("report 432", [5]),
        ("report 4322", [5]),
        ("4321 report", []),
        ("🚗", [4]),  # no letters: the texts are scanned
        ("road 🚗", [4]),
    ],
)
def test_the_same_documents_are_found_on_both_engines(
    corpus: Store, typed: str, expected: list[int]
) -> None:
    assert found(corpus, typed) == expected


def test_texts_added_one_by_one_and_changed_are_found(corpus: Store) -> None:
    """After a bulk import: a document added by a plain insert, and a text changed."""
    corpus.execute(
        'INSERT INTO "document" (text, title, source, meta, status, sha256, created_at, '
        "updated_at) VALUES (?, '', '', '{}', 'todo', 'x', ?, ?)",
        ("Élysée palace, then Tikrit again.", "2024-01-01", "2024-01-01"),
    )
    (new_id,) = corpus.execute("SELECT MAX(id) FROM document").fetchone()
    assert found(corpus, "elysee") == [new_id]
    assert found(corpus, "tikrit") == [2, 4, new_id]
    corpus.execute("UPDATE document SET text = 'Nothing of that town.' WHERE id = ?", (new_id,))
    assert found(corpus, "elysee") == []
    assert found(corpus, "town") == [new_id]
    corpus.execute("UPDATE document SET title = 'renamed' WHERE id = 2")
    assert found(corpus, "soleimani") == [2]
    corpus.execute("DELETE FROM document WHERE id = 2")
    assert found(corpus, "soleimani") == []


def test_a_second_import_is_found_beside_the_first(corpus: Store) -> None:
    import_documents(
        corpus,
        [IncomingDocument("Tikrit once more, in Ürümqi.")],
        annotator="tester",
        source="test",
    )
    assert found(corpus, "urumqi") == [6]
    assert found(corpus, "tikrit") == [2, 4, 6]
