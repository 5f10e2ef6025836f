"""Entities in the window, driven with keys and the mouse: linking from the span's Entity
box, the Entities tab's merge, split and highlighting, each one undo step (Ctrl+Z)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.change_sets import History
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.operations import create_entity
from tests.gui.conftest import WindowFactory, click_at, refocus


def add_span(store: Store, document_id: int, text: str, label: str = "PERSON") -> int:
    """A span over the first `text` in a document, written as an import would."""
    (body,) = store.execute('SELECT text FROM "document" WHERE id = ?', (document_id,)).fetchone()
    start = body.index(text)
    (label_id,) = store.execute("SELECT id FROM label WHERE name = ?", (label,)).fetchone()
    with store.write_transaction():
        store.execute(
            'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
            "annotator, created_at, updated_at) VALUES (?, ?, ?, ?, 'manual', 'accepted', '', "
            "'tester', '2026-01-01', '2026-01-01')",
            (document_id, start, start + len(text), label_id),
        )
    return int(store.execute("SELECT MAX(id) FROM span").fetchone()[0])


def link_of(store: Store, span_id: int) -> str | None:
    row = store.execute(
        "SELECT e.name FROM span s LEFT JOIN entity e ON e.id = s.entity_id WHERE s.id = ?",
        (span_id,),
    ).fetchone()
    return row[0]


def entity_names(store: Store) -> list[str]:
    return [row[0] for row in store.execute("SELECT name FROM entity ORDER BY name").fetchall()]


@pytest.fixture
def people(seeded: Store) -> tuple[Store, list[int]]:
    """Three spans naming Soleimani in the first article, and an entity for him."""
    spans = [
        add_span(seeded, 1, "Qasem Soleimani"),
        add_span(seeded, 1, "Gen Soleimani"),
        add_span(seeded, 1, "Haider al-Abadi"),
    ]
    create_entity(seeded, History(), EntityDraft("Qasem Soleimani", 1, aliases=("Soleimani",)))
    return seeded, spans


def select(window: MainWindow, qtbot, span_id: int) -> None:
    """Click the span in the text, as the analyst does."""
    span = window.controller.index.get(span_id)
    assert span is not None
    click_at(window.view, span.start + 1)
    qtbot.waitUntil(lambda: window.controller.selected is not None)
    while window.controller.selected is not None and window.controller.selected.id != span_id:
        click_at(window.view, span.start + 1)  # a nested span: clicking again cycles
    assert window.controller.selected is not None


def press(window: MainWindow, key: str) -> None:
    combination = {
        "Ctrl+K": (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
        "Ctrl+Shift+K": (
            Qt.Key.Key_K,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
        "Ctrl+Z": (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
        "Ctrl+Shift+Z": (
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
    }[key]
    QTest.keyClick(window.view, combination[0], combination[1])


def test_ctrl_k_links_the_first_candidate_and_ctrl_z_undoes_it(
    people: tuple[Store, list[int]], make_window: WindowFactory, qtbot
) -> None:
    store, (qasem, gen, _abadi) = people
    window = make_window(store)
    box = window.entity_panes.box
    select(window, qtbot, gen)
    qtbot.waitUntil(lambda: bool(box.candidates))
    assert box.linked.text() == "Not linked"
    assert box.list.item(0).text().startswith("Qasem Soleimani")

    press(window, "Ctrl+K")
    qtbot.waitUntil(lambda: link_of(store, gen) == "Qasem Soleimani")
    assert box.linked.text().startswith("Qasem Soleimani\nqasem-soleimani-")
    assert link_of(store, qasem) is None  # only the selected span
    assert window.action_set.undo.text() == "Undo Link to Qasem Soleimani"

    press(window, "Ctrl+Z")
    assert link_of(store, gen) is None
    qtbot.waitUntil(lambda: box.linked.text() == "Not linked")
    press(window, "Ctrl+Shift+Z")
    assert link_of(store, gen) == "Qasem Soleimani"


def test_new_entity_from_a_span_and_unlink_each_one_step(
    people: tuple[Store, list[int]], make_window: WindowFactory, qtbot
) -> None:
    store, (_qasem, _gen, abadi) = people
    window = make_window(store)
    box = window.entity_panes.box
    select(window, qtbot, abadi)
    qtbot.waitUntil(lambda: box.list.count() == 1)
    assert not box.candidates  # no entity of that name yet
    press(window, "Ctrl+Shift+K")
    assert link_of(store, abadi) == "Haider al-Abadi"
    qtbot.mouseClick(box.unlink_button, Qt.MouseButton.LeftButton)
    assert link_of(store, abadi) is None
    assert "Haider al-Abadi" in entity_names(store)
    press(window, "Ctrl+Z")  # the unlink
    assert link_of(store, abadi) == "Haider al-Abadi"
    press(window, "Ctrl+Z")  # the new entity, with its link
    assert link_of(store, abadi) is None
    assert entity_names(store) == ["Qasem Soleimani"]


def open_entities(window: MainWindow, qtbot) -> None:
    QTest.keyClick(
        window.view,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(window.entity_panes.panel.isVisible)


def click_row(table, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def row_named(panel, name: str) -> int:
    model = panel.table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def test_link_automatically_then_merge_and_split_in_the_panel_each_undone(
    people: tuple[Store, list[int]], make_window: WindowFactory, qtbot, warnings: list[str]
) -> None:
    store, (qasem, gen, abadi) = people
    add_span(store, 2, "Soleimani")
    window = make_window(store)
    open_entities(window, qtbot)
    panel = window.entity_panes.panel
    with qtbot.waitSignal(window.entity_panes.entities.auto_linked, timeout=20000):
        qtbot.mouseClick(panel.link_all_button, Qt.MouseButton.LeftButton)
    assert link_of(store, qasem) == link_of(store, gen) == "Qasem Soleimani"
    assert link_of(store, abadi) == "Haider al-Abadi"  # proposed, and listed for review
    assert panel.banner.isVisible()
    assert "new entit" in panel.banner.text()
    shown = {panel.table.model().index(r, 0).data() for r in range(panel.table.model().rowCount())}
    assert "Haider al-Abadi" in shown
    assert "Qasem Soleimani" not in shown
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)

    # Merge: choose two rows with the mouse (Ctrl+click), one button.
    click_row(panel.table, row_named(panel, "Qasem Soleimani"))
    click_row(panel.table, row_named(panel, "Haider al-Abadi"), Qt.KeyboardModifier.ControlModifier)
    assert panel.merge_button.isEnabled()
    before = len(entity_names(store))
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert link_of(store, abadi) == "Qasem Soleimani"  # the one with more mentions is kept
    assert len(entity_names(store)) == before - 1
    qtbot.waitUntil(lambda: panel.mentions.rowCount() >= 3 or not panel.chosen_ids())
    press(window, "Ctrl+Z")
    assert link_of(store, abadi) == "Haider al-Abadi"
    assert len(entity_names(store)) == before

    # Split: the mentions of Qasem Soleimani listed; choose one, split it off.
    panel.filter.setText("")
    click_row(panel.table, row_named(panel, "Qasem Soleimani"))
    qtbot.waitUntil(lambda: panel.mentions.rowCount() == 3)
    texts = [panel.mentions.item(r, 1).text() for r in range(3)]
    row = texts.index("Gen Soleimani")
    click_row(panel.mentions, row)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("General Soleimani")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    assert link_of(store, gen) == "General Soleimani"
    assert link_of(store, qasem) == "Qasem Soleimani"
    qtbot.waitUntil(lambda: panel.mentions.rowCount() == 2)
    refocus(qtbot, window)  # after the dialog
    press(window, "Ctrl+Z")
    assert link_of(store, gen) == "Qasem Soleimani"
    assert "General Soleimani" not in entity_names(store)
    assert not warnings


def test_choosing_an_entity_marks_its_mentions_and_the_panel_follows_a_link_elsewhere(
    people: tuple[Store, list[int]], make_window: WindowFactory, qtbot
) -> None:
    store, (qasem, gen, _abadi) = people
    window = make_window(store)
    open_entities(window, qtbot)
    panel = window.entity_panes.panel
    click_row(panel.table, row_named(panel, "Qasem Soleimani"))
    assert panel.mentions.rowCount() == 0
    assert window.view.entity_mentions == []
    count = panel.table.model().index(row_named(panel, "Qasem Soleimani"), 1)

    # Another operation links a span: the inspector's Ctrl+K. The panel shows it at once.
    select(window, qtbot, gen)
    qtbot.waitUntil(lambda: bool(window.entity_panes.box.candidates))
    press(window, "Ctrl+K")
    qtbot.waitUntil(lambda: panel.mentions.rowCount() == 1)
    assert count.model().index(row_named(panel, "Qasem Soleimani"), 1).data() == "1"
    span = window.controller.index.get(gen)
    assert span is not None
    assert window.view.entity_mentions == [(span.start, span.end)]
    marked = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.view.extraSelections()
        if s.format.fontUnderline()
    ]
    assert marked == [(window.view.offsets.to_qt(span.start), window.view.offsets.to_qt(span.end))]

    # Double-click a mention in the list: its document opens with the span selected.
    window.open_document(2)
    assert window.view.entity_mentions == []
    rect = panel.mentions.visualItemRect(panel.mentions.item(0, 1))
    viewport = panel.mentions.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # as a person:
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # press twice
    assert window.controller.document is not None
    assert window.controller.document.id == 1
    assert window.controller.selected is not None
    assert window.controller.selected.id == gen
    assert link_of(store, qasem) is None


def test_edit_in_the_panel_renames_the_entity_and_ctrl_z_puts_the_name_back(
    people: tuple[Store, list[int]], make_window: WindowFactory, qtbot, warnings: list[str]
) -> None:
    store, _spans = people
    window = make_window(store)
    open_entities(window, qtbot)
    panel = window.entity_panes.panel
    qtbot.waitUntil(lambda: panel.table.model().rowCount() == 1)
    click_row(panel.table, row_named(panel, "Qasem Soleimani"))
    qtbot.waitUntil(panel.edit_button.isEnabled)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        dialog.name.setText("Qassem Soleimani")
        dialog.external_id.setText("Q312135")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert seen[0].startswith("Entity qasem-soleimani-")
    assert entity_names(store) == ["Qassem Soleimani"]
    (external,) = store.execute("SELECT external_id FROM entity").fetchone()
    assert external == "Q312135"
    qtbot.waitUntil(lambda: panel.table.model().index(0, 0).data() == "Qassem Soleimani")
    refocus(qtbot, window)
    press(window, "Ctrl+Z")
    assert entity_names(store) == ["Qasem Soleimani"]
    assert not warnings
