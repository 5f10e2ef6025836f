"""Relation types saved and deleted in the label scheme editor are steps of the window's undo:
Ctrl+Z in the window takes each back exactly (a deleted type comes back under its id), the
lists and the R flow follow, and a type another window changed since is left as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog, QDialogButtonBox

from tagdesk.core.relations import RelationTypeRecord
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.relation_types import list_relation_types
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at, refocus
from tests.gui.test_label_scheme_close import in_the_editor
from tests.gui.test_relations_window import TEXT, WORDS, press, select, status, stored_relations
from tests.helpers import write_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    spans = []
    for word, label in WORDS:
        start = TEXT.index(word)
        spans.append({"start": start, "end": start + len(word), "label": label})
    path = write_jsonl(tmp_path / "one.jsonl", [{"text": TEXT, "spans": spans}])
    import_paths(store, [path], annotator="tester")
    return make_window(store)


def stored_types(store: Store) -> list[tuple[int, str, str, str, bool]]:
    """(id, name, colour, key, directed) of every relation type, from the database."""
    rows = store.execute(
        'SELECT id, name, colour, hotkey, directed FROM "relation_type" ORDER BY id'
    ).fetchall()
    return [(int(i), str(n), str(c), str(k), bool(d)) for i, n, c, k, d in rows]


def type_box(window: MainWindow) -> list[str]:
    """What the Relations tab's type box offers, as it shows it."""
    box = window.relation_panes.document_list.type_box
    return [box.itemText(i) for i in range(box.count())]


def choose_type(editor_list, name: str) -> None:
    row = next(r for r in range(editor_list.count()) if editor_list.item(r).text().startswith(name))
    rect = editor_list.visualItemRect(editor_list.item(row))
    QTest.mouseClick(
        editor_list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )  # fmt: skip


def retype(field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)


def pick_colour(button, colour: str) -> None:
    """Click the colour button and choose `colour` in the colour dialog it opens."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QColorDialog), dialog
        dialog.setCurrentColor(QColor(colour))
        dialog.accept()

    QTimer.singleShot(100, answer)
    button.click()


def close(dialog: LabelSchemeDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()


def test_saves_and_deletes_of_relation_types_are_undone_and_redone_in_the_window(
    window: MainWindow, warnings: list[str], qtbot
) -> None:
    store = window.store
    start = stored_types(store)
    met = next(t for t in start if t[1] == "MET")
    done: list[str] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        editor = dialog.relation_types
        dialog.tabs.setCurrentWidget(editor)
        choose_type(editor.list, "MET")
        retype(editor.name, "MET_WITH")
        retype(editor.hotkey, "w")
        pick_colour(editor.colour_button, "#336699")
        editor.save_button.click()
        done.append("renamed")
        editor.add_button.click()
        retype(editor.name, "FUNDS")
        retype(editor.hotkey, "f")
        editor.save_button.click()
        done.append("added")
        choose_type(editor.list, "FUNDS")
        editor.delete_button.click()
        done.append("deleted")
        close(dialog)

    in_the_editor(window, edit)
    refocus(qtbot, window)
    assert done == ["renamed", "added", "deleted"]
    assert warnings == []
    after_edits = stored_types(store)
    assert (met[0], "MET_WITH", "#336699", "w", False) in after_edits
    assert "FUNDS" not in [t[1] for t in after_edits]
    assert "MET_WITH  [W]" in type_box(window)
    funds_id = max(t[0] for t in after_edits) + 1  # the id the delete left taken
    assert window.action_set.undo.text() == "Undo Delete relation type FUNDS"

    press(window, (Qt.Key.Key_Z, CTRL))  # the delete undone: FUNDS is back, under its id
    assert stored_types(store) == [
        *after_edits,
        (funds_id, "FUNDS", _colour(store, funds_id), "f", True),
    ]
    assert "FUNDS  [F]" in type_box(window)
    press(window, (Qt.Key.Key_Z, CTRL))  # the add undone
    assert stored_types(store) == after_edits
    assert not any(text.startswith("FUNDS") for text in type_box(window))
    press(window, (Qt.Key.Key_Z, CTRL))  # the rename, key and colour undone
    assert stored_types(store) == start
    assert "MET  [T]" in type_box(window)
    assert window.view.arcs.relation_type(met[0]).colour == met[2]  # type: ignore[union-attr]
    for _ in range(3):
        press(window, (Qt.Key.Key_Z, CTRL_SHIFT))
    assert stored_types(store) == after_edits
    assert "MET_WITH  [W]" in type_box(window)
    assert not any(text.startswith("FUNDS") for text in type_box(window))
    for _ in range(3):
        press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_types(store) == start
    # The R flow knows the old key again: T makes a MET relation.
    select(window, "Soleimani")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("al-Abadi") + 2)
    press(window, Qt.Key.Key_T)
    assert stored_relations(store) == [("MET", "Soleimani", "al-Abadi", "accepted", "")]
    # A type made now gets an id of its own: the deleted one's is never handed out again.
    newer, _ = operations.save_relation_type(store, History(), RelationTypeRecord(0, "PAYS", "#1"))
    assert newer.id > funds_id


def _colour(store: Store, type_id: int) -> str:
    return str(
        store.execute('SELECT colour FROM "relation_type" WHERE id = ?', (type_id,)).fetchone()[0]
    )


def test_undo_of_a_type_another_window_changed_since_is_refused_in_the_status_bar(
    window: MainWindow, db_path, qtbot
) -> None:
    store = window.store

    def edit(dialog: LabelSchemeDialog) -> None:
        editor = dialog.relation_types
        dialog.tabs.setCurrentWidget(editor)
        choose_type(editor.list, "COMMANDS")
        retype(editor.name, "LEADS")
        editor.save_button.click()
        close(dialog)

    in_the_editor(window, edit)
    refocus(qtbot, window)
    with open_store(db_path) as other:  # another window, on the same database
        leads = next(t for t in list_relation_types(other) if t.name == "LEADS")
        operations.save_relation_type(
            other, History(), RelationTypeRecord(**{**leads.__dict__, "name": "HEADS"})
        )
    press(window, (Qt.Key.Key_Z, CTRL))
    assert status(window) == (
        "Not saved: another window or program changed this relation type since it was shown "
        "here; it is shown as it is now"
    )
    assert "HEADS" in [t[1] for t in stored_types(store)]
    assert "COMMANDS" not in [t[1] for t in stored_types(store)]
    assert any(text.startswith("HEADS") for text in type_box(window))
    assert window.action_set.undo.text() == "Undo Rename relation type COMMANDS to LEADS"
