"""The window shows what the model doubts first: documents by their "Sure" column, and
suggestions least sure first after each decision."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions
from tests.gui.conftest import WindowFactory
from tests.gui.test_one_key_decisions import view_menu_action

TEXT = "Qasem Soleimani met Haider al-Abadi in Tikrit and Baghdad."
ENTITIES = ((0, 15, "PERSON"), (20, 35, "PERSON"), (39, 45, "GPE"), (50, 57, "GPE"))
LEAST_SURE = "Open suggestions least sure first"


def corpus(store: Store, scores: dict[str, tuple[float, ...]]) -> None:
    """One document per title, in this order, with the four entities suggested at these scores."""
    import_documents(
        store,
        [IncomingDocument(f"{TEXT} ({title})", title=title) for title in scores],
        annotator="tester",
        source="test",
    )
    found = [
        FoundEntities(number, ENTITIES, tokens=12, scores=given)
        for number, given in enumerate(scores.values(), start=1)
    ]
    add_suggestions(store, found, "en_core_web_sm@3.8.0")


def titles_on_screen(window: MainWindow) -> list[str]:
    table = window.document_list.table
    model = table.model()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def column_on_screen(window: MainWindow, column: int) -> list[str]:
    model = window.document_list.table.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def click_header(window: MainWindow, title: str) -> None:
    header = window.document_list.table.horizontalHeader()
    model = window.document_list.table.model()
    section = next(
        column
        for column in range(model.columnCount())
        if model.headerData(column, Qt.Orientation.Horizontal) == title
    )
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, 5)
    )


def test_clicking_sure_lists_the_most_uncertain_documents_first(
    store: Store, make_window: WindowFactory
) -> None:
    corpus(
        store,
        {
            "calm": (0.99, 0.98, 0.97, 0.96),
            "torn": (0.99, 0.31, 0.97, 0.96),
            "lost": (0.12, 0.98, 0.97, 0.96),
            "unscored": (),
            "fair": (0.99, 0.98, 0.64, 0.96),
        },
    )
    window = make_window(store)
    assert titles_on_screen(window) == ["calm", "torn", "lost", "unscored", "fair"]
    click_header(window, "Sure")
    assert titles_on_screen(window) == ["lost", "torn", "fair", "calm", "unscored"]
    assert column_on_screen(window, 5) == ["12%", "31%", "64%", "96%", ""]
    click_header(window, "Sure")  # most sure first; still nothing known of "unscored": last
    assert titles_on_screen(window) == ["calm", "fair", "torn", "lost", "unscored"]


def test_accepting_what_the_model_doubts_moves_it_down_the_list(
    store: Store, make_window: WindowFactory
) -> None:
    corpus(store, {"first": (0.9, 0.8, 0.7, 0.6), "second": (0.5, 0.95, 0.95, 0.95)})
    window = make_window(store)
    click_header(window, "Sure")
    assert titles_on_screen(window) == ["second", "first"]
    window.document_list.select_document(2)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.inspector.text.text() == "Qasem Soleimani"
    QTest.keyClick(window.view, Qt.Key.Key_Return)  # the 50% suggestion is decided
    window.document_list.apply_filters()  # the list sorts again as the analyst asks
    assert titles_on_screen(window) == ["first", "second"]
    assert column_on_screen(window, 5) == ["60%", "95%"]


def test_decisions_move_on_to_the_least_sure_suggestion_when_so_set(
    store: Store, make_window: WindowFactory
) -> None:
    corpus(store, {"one": (0.93, 0.41, 0.99, 0.62)})
    window = make_window(store)
    option = view_menu_action(window, LEAST_SURE)
    assert not option.isChecked()
    option.trigger()
    assert store.execute(
        "SELECT value FROM setting WHERE key = 'window.least_sure_first'"
    ).fetchone() == ("1",)
    view_menu_action(window, "Tab steps through open suggestions only").trigger()

    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.inspector.text.text() == "Haider al-Abadi"  # 41%, though not first in the text
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.inspector.text.text() == "Baghdad"  # 62%
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    assert window.inspector.text.text() == "Qasem Soleimani"  # 93%
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.inspector.text.text() == "Tikrit"  # 99%
    rows = store.execute('SELECT "start", status FROM span ORDER BY "start"').fetchall()
    assert rows == [(0, "accepted"), (20, "accepted"), (39, "suggested"), (50, "rejected")]
    window.close()

    again = make_window(store)
    assert view_menu_action(again, LEAST_SURE).isChecked()
    view_menu_action(again, LEAST_SURE).trigger()
    assert (
        store.execute("SELECT value FROM setting WHERE key = 'window.least_sure_first'").fetchall()
        == []
    )


def test_decisions_keep_to_reading_order_by_default(
    store: Store, make_window: WindowFactory
) -> None:
    corpus(store, {"one": (0.93, 0.41, 0.99, 0.62)})
    window = make_window(store)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.inspector.text.text() == "Qasem Soleimani"
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.inspector.text.text() == "Haider al-Abadi"  # the next in the text, not by score
