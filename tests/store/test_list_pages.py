"""The list read a page at a time gives exactly the list read whole, in every order and filter.

Ties are where a page's end is easiest to get wrong: titles that differ only
in case, equal counts, one status shared by many documents. Each page size
from one row up cuts the list at every place once.
"""

from __future__ import annotations

import pytest

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.document_list import SORT_KEYS, ListQuery, document_ids
from tagdesk.store.editing import create_span
from tagdesk.store.importing import import_documents
from tagdesk.store.list_pages import first_page, ids_after

TITLES = ["b report", "A report", "a report", "c report", "B Report", "", "a report", "Ä note"]
STATUSES = ["done", "todo", "in_progress", "todo", "done", "todo", "in_progress", "todo"]


def incoming(number: int) -> IncomingDocument:
    spans = [IncomingSpan(0, 5, "GPE", status="accepted" if number % 3 else "suggested")]
    if number % 2:
        spans.append(IncomingSpan(10, 16, "PERSON", status="suggested"))
    return IncomingDocument(
        f"Mosul text {number} in Tikrit.",
        title=TITLES[number],
        spans=spans if number != 5 else [],
        tags=["checked"] if number % 4 == 1 else [],
        status=STATUSES[number],
    )


@pytest.fixture
def listed(store: Store) -> Store:
    import_documents(store, [incoming(n) for n in range(len(TITLES))], annotator="t", source="t")
    create_span(store, 2, 6, 10, 1, annotator="t")  # an accepted count no other has
    return store


def queries(store: Store) -> list[ListQuery]:
    gpe = int(store.execute("SELECT id FROM label WHERE name = 'GPE'").fetchone()[0])
    found = []
    for sort in SORT_KEYS:
        for descending in (False, True):
            for filters in ({}, {"label_id": gpe}, {"status": "todo"}, {"search": "tikrit"}):
                found.append(ListQuery(sort=sort, descending=descending, **filters))
    return found


def test_the_first_page_and_the_rest_are_the_whole_list(listed: Store) -> None:
    for query in queries(listed):
        whole = document_ids(listed, query)
        for limit in range(1, len(whole) + 2):
            page = first_page(listed, query, limit)
            rest = ids_after(listed, query, page.rest) if page.rest is not None else []
            assert page.ids + rest == whole, (query, limit)
            if query.sort not in ("tags", "uncertainty"):
                assert len(page.ids) == min(limit, len(whole))
                assert (page.rest is None) == (limit >= len(whole))


def test_status_sorts_to_do_then_in_progress_then_done(listed: Store) -> None:
    page = first_page(listed, ListQuery(sort="status"), 3)
    assert page.ids == [2, 4, 6]  # the to-do ones first, by id
    assert page.rest is not None
    assert ids_after(listed, ListQuery(sort="status"), page.rest) == [8, 3, 7, 1, 5]


def test_a_page_ends_where_the_last_row_was_even_after_a_change(listed: Store) -> None:
    """A document added after the first page was read comes in the rest where it belongs."""
    query = ListQuery(sort="title")
    page = first_page(listed, query, 2)
    assert page.rest is not None
    later = IncomingDocument("Later text.", title="z last")
    import_documents(listed, [later], annotator="t", source="t")
    assert page.ids + ids_after(listed, query, page.rest) == document_ids(listed, query)
