from __future__ import annotations

import pytest

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.document_list import ListQuery, document_ids, document_rows
from tagdesk.store.importing import import_documents

DOCUMENTS = [
    IncomingDocument(
        "Qasem Soleimani in Tikrit.",
        title="b report",
        spans=[IncomingSpan(0, 15, "PERSON"), IncomingSpan(19, 25, "GPE", status="suggested")],
        tags=["iraq"],
        status="done",
    ),
    IncomingDocument(
        "Haider al-Abadi in Baghdad.",
        title="A report",
        spans=[IncomingSpan(0, 15, "PERSON", status="rejected")],
    ),
    IncomingDocument(
        "Mosul and Tikrit and Erbil.",
        title="c report",
        spans=[
            IncomingSpan(0, 5, "GPE"),
            IncomingSpan(10, 16, "GPE"),
            IncomingSpan(21, 26, "GPE", status="suggested"),
        ],
        tags=["syria", "checked"],
        status="in_progress",
    ),
    IncomingDocument("Nothing much.", title="d report", tags=["iran"]),
]


@pytest.fixture
def listed(store: Store) -> Store:
    import_documents(store, DOCUMENTS, annotator="tester", source="test")
    return store


def label_id(store: Store, name: str) -> int:
    return int(store.execute("SELECT id FROM label WHERE name = ?", (name,)).fetchone()[0])


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("id", [1, 2, 3, 4]),
        ("title", [2, 1, 3, 4]),  # case ignored
        ("status", [2, 4, 3, 1]),  # to do, in progress, done
        ("accepted", [2, 4, 1, 3]),
        ("suggested", [2, 4, 1, 3]),
        ("tags", [2, 3, 4, 1]),  # untagged first, then by the first tag's name
    ],
)
def test_every_column_sorts_both_ways(listed: Store, sort: str, ascending: list[int]) -> None:
    assert document_ids(listed, ListQuery(sort=sort)) == ascending
    assert document_ids(listed, ListQuery(sort=sort, descending=True)) == ascending[::-1]


def test_filters_combine_with_each_other_and_with_a_sort(listed: Store) -> None:
    person, gpe = label_id(listed, "PERSON"), label_id(listed, "GPE")
    assert document_ids(listed, ListQuery(label_id=person)) == [1]  # the rejected one is not
    assert document_ids(listed, ListQuery(label_id=gpe, sort="accepted", descending=True)) == [
        3,
        1,
    ]
    assert document_ids(listed, ListQuery(tag="checked")) == [3]
    assert document_ids(listed, ListQuery(status="todo", sort="title")) == [2, 4]
    assert document_ids(listed, ListQuery(search="tikrit", sort="title")) == [1, 3]
    assert document_ids(listed, ListQuery(search="tikrit", status="done", label_id=person)) == [1]
    assert document_ids(listed, ListQuery(search="no such words")) == []


def test_rows_carry_counts_and_tags(listed: Store) -> None:
    rows = document_rows(listed, [1, 3])
    assert (rows[1].accepted, rows[1].suggested, rows[1].tags) == (1, 1, "iraq")
    assert (rows[3].accepted, rows[3].suggested, rows[3].tags) == (2, 1, "checked, syria")
