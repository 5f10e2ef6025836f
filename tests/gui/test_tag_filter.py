"""The document list's tag filter: document tags only, current as tags come and go."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tests.conftest import tagdesk_command
from tests.gui.conftest import WindowFactory, drag_select

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def filter_tags(window: MainWindow) -> list[str]:
    box = window.document_list.tag_filter
    return [box.itemText(row) for row in range(box.count())]


def choose_tag(window: MainWindow, name: str) -> None:
    """Open the combo box and pick the tag with the keyboard, as a person does."""
    box = window.document_list.tag_filter
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.findText(name)):
        QTest.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == name


def tag_document(window: MainWindow, name: str) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL_SHIFT)
    entry = window.document_panel.tag_editor.entry
    QTest.keyClicks(entry, name)
    QTest.keyClick(entry, Qt.Key.Key_Return)


def test_tags_added_in_the_window_appear_at_once_and_span_tags_never(window: MainWindow) -> None:
    assert filter_tags(window) == ["All tags"]
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + len("Tikrit"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL)
    QTest.keyClicks(window.inspector.tag_editor.entry, "frontline")
    QTest.keyClick(window.inspector.tag_editor.entry, Qt.Key.Key_Return)
    assert window.store.execute("SELECT name FROM tag").fetchall() == [("frontline",)]
    assert filter_tags(window) == ["All tags"]  # a span tag matches no document

    tag_document(window, "reviewed")
    assert filter_tags(window) == ["All tags", "reviewed"]
    export = ExportDialog(window.store, window)  # its "only documents tagged" list too
    assert [export.tags.item(row).text() for row in range(export.tags.count())] == ["reviewed"]
    export.close()
    choose_tag(window, "reviewed")
    assert window.document_model.rowCount() == 1
    assert window.document_model.document_id(0) == 1

    window.document_panel.tag_editor.tags.setCurrentRow(0)
    window.document_panel.tag_editor.remove_button.click()
    assert window.store.execute("SELECT COUNT(*) FROM document_tag").fetchone() == (0,)
    assert filter_tags(window) == ["All tags"]
    assert window.document_list.tag_filter.currentText() == "All tags"
    assert window.document_model.rowCount() == 5  # no longer filtered by the tag that went


def test_tags_an_import_brings_appear_without_restart(
    seeded: Store, make_window: WindowFactory, db_path: Path, tmp_path: Path, qtbot
) -> None:
    window = make_window(seeded)
    source = tmp_path / "tagged.jsonl"
    record = {
        "text": "Militia commanders met in Kirkuk.",
        "tags": ["from-wire"],
        "spans": [{"start": 26, "end": 32, "label": "GPE", "tags": ["span-only"]}],
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = subprocess.run(
        [*tagdesk_command(), "import", str(source), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: "from-wire" in filter_tags(window), timeout=6000)
    assert filter_tags(window) == ["All tags", "from-wire"]
    choose_tag(window, "from-wire")
    assert window.document_model.rowCount() == 1
    assert "Kirkuk" in window.document_model.index(0, 0).data()
