"""The document list read a first page at a time: rows, order, the current row and stepping.

A first page of two rows over the five bundled articles: the rest is read
when the view reaches the last row read, when every id is asked for, or to
find a document; the current document keeps its row across a sort that
puts it beyond the first page, and stepping goes on from it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from tagdesk.gui.document_list_pane import DocumentListPane
from tagdesk.gui.document_model import DocumentListModel
from tagdesk.store import Store
from tagdesk.store.document_list import ListQuery, document_ids


def test_the_model_reads_the_rest_when_asked_and_passes_the_model_tester(seeded: Store) -> None:
    model = DocumentListModel(seeded, first_rows=2)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    assert model.rowCount() == 2
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 5
    assert not model.canFetchMore()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 2
    by_title = document_ids(seeded, ListQuery(sort="title", descending=True))
    assert [model.document_id(row) for row in range(2)] == by_title[:2]
    assert model.row_of(by_title[4]) == 4  # found by reading the rest
    assert model.rowCount() == 5
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.ids == document_ids(seeded, ListQuery(sort="status"))
    model.refresh_documents(set(model.ids))
    assert model.index(4, 0).data()
    model.stop_reading()


def test_the_current_document_keeps_its_row_beyond_the_first_page(seeded: Store, qtbot) -> None:
    model = DocumentListModel(seeded, first_rows=2)
    pane = DocumentListPane(model)
    qtbot.addWidget(pane)
    pane.resize(400, 600)
    pane.show()
    model.reload()
    by_title = document_ids(seeded, ListQuery(sort="title"))
    current = by_title[3]
    assert pane.select_document(current, emit=False)
    pane.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.document_id(row) for row in range(model.rowCount())][:2] == by_title[:2]
    assert pane.current_document() == current
    chosen: list[int] = []
    pane.document_chosen.connect(chosen.append)
    pane.step(1)
    assert chosen == [by_title[4]]
    assert pane.table.currentIndex().row() == 4
    assert model.ids == by_title
    model.stop_reading()


def test_the_rest_comes_by_itself_while_the_first_page_shows(seeded: Store, qtbot) -> None:
    model = DocumentListModel(seeded, first_rows=2)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    with qtbot.waitSignal(model.rowsInserted, timeout=10000):
        model.set_query(ListQuery(sort="title", descending=True))
        assert model.rowCount() == 2
    assert model.complete
    assert [model.document_id(row) for row in range(5)] == document_ids(seeded, model.query)
    model.set_query(ListQuery(sort="status"))
    model.sort(0, Qt.SortOrder.AscendingOrder)  # read anew before the status order's rest came
    qtbot.waitUntil(lambda: model.complete, timeout=10000)
    assert [model.document_id(row) for row in range(5)] == document_ids(seeded, model.query)
    model.stop_reading()
