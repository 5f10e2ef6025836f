"""The server's search reads the folded words kept for it, and never folds a text per row.

Folding every text (unaccent and a regular expression) for each search took
a second at 2,000 articles (BENCHMARKS.md, "Scale on PostgreSQL"); the plan
shows whether the server does that work again. A bulk import leaves the
words table analysed, so the planner knows its size and its words at once.
"""

from __future__ import annotations

from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import open_store
from tagdesk.store.importing import import_documents
from tagdesk.store.search import matching_ids_condition

DOCUMENTS = 3000


def test_a_search_after_a_bulk_import_reads_the_words_analysed(postgres_url: str) -> None:
    texts = [f"Report {n} on the road from Mosul to Tikrit, day {n % 31}." for n in range(3000)]
    texts[1234] = "Qasem Soleimani met them in Tikrit."
    with open_store(postgres_url) as store:
        import_documents(
            store, [IncomingDocument(text) for text in texts], annotator="tester", source="test"
        )
        condition, params = matching_ids_condition(store, "Soleimani", "id")
        plan = "\n".join(
            row[0]
            for row in store.execute(
                f'EXPLAIN ANALYZE SELECT id FROM "document" WHERE {condition}', params
            ).fetchall()
        )
        found = store.execute(f'SELECT id FROM "document" WHERE {condition}', params).fetchall()
        (rows,) = store.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'document_words'"
        ).fetchone()
    assert found == [(1235,)]
    assert "document_words" in plan, plan
    for folding in ("tagdesk_", "to_tsvector", "unaccent"):
        assert folding not in plan, plan
    assert rows == 3000


def test_a_rare_word_in_long_texts_is_read_from_the_index(postgres_url: str) -> None:
    """Where a scan would read many pages, the planner takes the GIN index."""
    words = " ".join(f"word{n}" for n in range(400))
    texts = [f"Article {n}: {words}." for n in range(DOCUMENTS)]
    texts[77] = f"Qasem Soleimani met them in Tikrit. {words}"
    with open_store(postgres_url) as store:
        import_documents(
            store, [IncomingDocument(text) for text in texts], annotator="tester", source="test"
        )
        condition, params = matching_ids_condition(store, "qasem soleimani", "id")
        plan = "\n".join(
            row[0]
            for row in store.execute(
                f'EXPLAIN ANALYZE SELECT id FROM "document" WHERE {condition}', params
            ).fetchall()
        )
        found = store.execute(f'SELECT id FROM "document" WHERE {condition}', params).fetchall()
    assert found == [(78,)]
    assert "document_words_search" in plan, plan
