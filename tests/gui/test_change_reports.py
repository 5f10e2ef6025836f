"""The window refreshes from the store's change reports, through the controller's one signal.

The poll for other processes' writes is slowed to once an hour here, so
what the window shows after its own writes can only come from the reports.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.core.changes import ChangeReport
from tagdesk.gui import outside_changes
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.settings import TAB_SUGGESTIONS_KEY
from tests.gui.conftest import WindowFactory, drag_select, refocus
from tests.helpers import write_jsonl

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def quiet_window(
    seeded: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    monkeypatch.setattr(outside_changes, "POLL_MS", 3_600_000)
    return make_window(seeded)


def reports_of(window: MainWindow) -> list[ChangeReport]:
    found: list[ChangeReport] = []
    window.controller.changed.connect(found.append)
    return found


def tag_filter_names(window: MainWindow) -> list[str]:
    box = window.document_list.tag_filter
    return [box.itemData(row) for row in range(1, box.count())]


def test_a_span_labelled_with_a_key_is_reported_and_counted_in_the_list(
    quiet_window: MainWindow,
) -> None:
    window = quiet_window
    reports = reports_of(window)
    text = window.controller.document.text
    start = text.index("Quds Force")
    drag_select(window.view, start, start + len("Quds Force"))
    QTest.keyClick(window.view, Qt.Key.Key_O)  # a label's key
    span_id = window.store.execute("SELECT id FROM span").fetchone()[0]
    assert reports == [ChangeReport.of(documents=[1], spans=[span_id])]
    assert window.document_model.index(0, 2).data() == 1  # the list's span count
    assert window.document_model.index(0, 1).data() == "In progress"


def test_a_document_tag_is_reported_and_reaches_the_tag_filter(quiet_window: MainWindow) -> None:
    window = quiet_window
    reports = reports_of(window)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL_SHIFT)
    entry = window.document_panel.tag_editor.entry
    QTest.keyClicks(entry, "iran-proxy")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert reports == [ChangeReport.of(documents=[1], tags=["iran-proxy"], statuses_kept=True)]
    assert tag_filter_names(window) == ["iran-proxy"]
    assert window.document_panel.tag_editor.current_tags() == ["iran-proxy"]
    window.controller.undo()
    assert reports[-1] == ChangeReport.of(documents=[1], tags=["iran-proxy"], statuses_kept=True)
    assert tag_filter_names(window) == []


def test_a_label_saved_in_the_scheme_editor_reaches_the_palette_while_it_is_open(
    quiet_window: MainWindow, qtbot
) -> None:
    window = quiet_window
    reports = reports_of(window)
    seen: list[list[str]] = []

    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LabelSchemeDialog)
        try:
            dialog.add_button.click()
            QTest.keyClicks(dialog.name, "MILITIA")
            dialog.save_button.click()
            model = window.label_model
            seen.append([model.index(row).data() for row in range(model.rowCount())])
        finally:
            dialog.reject()

    QTimer.singleShot(50, edit)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL_SHIFT)
    label_id = window.store.execute("SELECT id FROM label WHERE name = 'MILITIA'").fetchone()[0]
    assert reports == [ChangeReport.of(labels=[label_id])]
    assert seen  # the palette, read while the editor was still open
    assert any("MILITIA" in str(name) for name in seen[0])
    assert [label.name for label in window.controller.labels][-1] == "MILITIA"
    refocus(qtbot, window)


def test_a_setting_changed_in_the_view_menu_is_reported(quiet_window: MainWindow) -> None:
    window = quiet_window
    reports = reports_of(window)
    window.action_set.tab_suggestions_only.trigger()
    assert reports == [ChangeReport.of(settings=[TAB_SUGGESTIONS_KEY])]
    assert window.action_set.tab_suggestions_only.isChecked()
    value = window.store.execute("SELECT value FROM setting WHERE key = ?", (TAB_SUGGESTIONS_KEY,))
    assert value.fetchone() == ("1",)


def test_an_import_is_shown_from_its_report_without_waiting_for_the_poll(
    quiet_window: MainWindow, tmp_path: Path, qtbot
) -> None:
    window = quiet_window
    reports = reports_of(window)
    window.store.execute("INSERT INTO setting (key, value) VALUES ('preannotate.imports', 'off')")
    source = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {
                "text": "Militia leaders met in Samarra",
                "spans": [{"start": 23, "end": 30, "label": "MILITIA"}],
                "meta": {},
                "tags": ["from-file"],
            }
        ],
    )
    with qtbot.waitSignal(window.controller.changed, timeout=30000):
        window.background.import_paths([source])
    report = reports[-1]
    assert report.new_documents == {6}
    assert report.tags == {"from-file"}
    militia = window.store.execute("SELECT id FROM label WHERE name = 'MILITIA'").fetchone()[0]
    assert report.labels == {militia}
    assert window.document_model.rowCount() == 6
    assert window.progress_label.text() == "0 of 6 documents done"
    assert "MILITIA" in [label.name for label in window.controller.labels]
    assert "from-file" in tag_filter_names(window)


def test_another_programs_write_is_reported_by_what_it_changed(
    seeded: Store, make_window: WindowFactory, db_path: Path, qtbot
) -> None:
    """Polling stays for SQLite: what it sees arrives as a report too, through the same signal,
    naming the document and the label that changed rather than everything."""
    window = make_window(seeded)
    reports = reports_of(window)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute(
        "INSERT INTO label (name, colour, hotkey, description, position) "
        "VALUES ('OUTSIDER', '#123456', '', '', 99)"
    )
    other.execute("UPDATE document SET status = 'done' WHERE id = 1")
    other.close()
    with qtbot.waitSignal(window.controller.changed, timeout=10000):
        pass
    assert not reports[-1].outside
    assert reports[-1].documents == {1}
    outsider = window.store.execute("SELECT id FROM label WHERE name = 'OUTSIDER'").fetchone()[0]
    assert outsider in reports[-1].labels  # the controller names the labels that differ
    assert window.controller.labels[-1].name == "OUTSIDER"
    assert window.progress_label.text() == "1 of 5 documents done"
    assert window.controller.document.status == "done"
