"""Import and export from the window, in the background, as the analyst does them."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import drag_select
from tests.helpers import write_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier


def drop_files(window: MainWindow, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_files_imports_them_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    source = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {
                "text": "Kurdish forces near Amerli",
                "spans": [{"start": 0, "end": 7, "label": "NORP"}],
            },
            {
                "text": "Militia leaders met in Samarra",
                "spans": [{"start": 23, "end": 30, "label": "MILITIA"}],
            },
        ],
    )
    with qtbot.waitSignal(window.background.import_job.finished, timeout=30000):
        drop_files(window, [source])
    assert window.document_model.rowCount() == 7
    assert window.progress_label.text() == "0 of 7 documents done"
    assert "MILITIA" in [label.name for label in window.controller.labels]
    assert "2 documents added" in window.statusBar().currentMessage()
    job = window.background.preannotate_job  # the new documents' suggestions, if a model is in
    assert window.background.progress_bar.isVisible() == (job is not None and job.is_running())


def test_a_bad_file_reports_its_line_and_imports_nothing(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    source = write_jsonl(tmp_path / "bad.jsonl", [{"text": "fine"}, "{broken"])
    shown: list[str] = []

    def read_message() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(300, read_message)
    with qtbot.waitSignal(window.background.import_job.failed, timeout=30000):
        window.background.import_paths([source])
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert f"{source}:2" in shown[0]
    assert "Nothing was imported" in shown[0]
    assert window.document_model.rowCount() == 5


def open_export_dialog(window: MainWindow) -> ExportDialog:
    opened: list[ExportDialog] = []

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        opened.append(dialog)
        dialog.hide()  # the test drives it after exec returns control

    QTimer.singleShot(50, grab)
    QTest.keyClick(window.view, Qt.Key.Key_E, CTRL)
    assert opened
    return opened[0]


def test_export_dialog_writes_the_chosen_format_with_filters(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + 6)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    dialog = ExportDialog(window.store, window)
    qtbot.addWidget(dialog)
    assert dialog.count.text() == "0 documents will be exported"
    dialog.all_documents.setChecked(True)
    assert dialog.count.text() == "5 documents will be exported"
    out = tmp_path / "out.jsonl"
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.runner.finished, timeout=60000):
        dialog.export_button.click()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    spans = [(r["text"][s["start"] : s["end"]], s["label"]) for r in records for s in r["spans"]]
    assert spans == [("Tikrit", "GPE")]
    assert "5 documents and 1 span written" in dialog.outcome.text()


def test_export_dialog_docbin_split_and_folder_formats(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    dialog = ExportDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("docbin"))
    assert dialog.split_row.isVisibleTo(dialog)
    assert not dialog.unit.isEnabled()
    dialog.all_documents.setChecked(True)
    dialog.split_enabled.setChecked(True)
    dialog.path.setText(str(tmp_path / "corpus.spacy"))
    with qtbot.waitSignal(dialog.runner.finished, timeout=120000):
        dialog.export_button.click()
    assert (tmp_path / "corpus-train.spacy").is_file()
    assert (tmp_path / "corpus-dev.spacy").is_file()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("doccano"))
    assert dialog.unit.isEnabled()
    assert dialog.path.text().endswith("corpus.jsonl")


def test_export_dialog_failure_keeps_the_old_file(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    dialog = ExportDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.all_documents.setChecked(True)
    dialog.path.setText(str(tmp_path / "missing-folder" / "out.jsonl"))
    with qtbot.waitSignal(dialog.runner.failed, timeout=60000):
        dialog.export_button.click()
    assert dialog.outcome.text().startswith("Export failed:")
    assert "does not exist" in dialog.outcome.text()
    assert dialog.export_button.isEnabled()


def test_ctrl_e_opens_the_export_dialog(window: MainWindow) -> None:
    dialog = open_export_dialog(window)
    assert dialog.windowTitle() == "Export"
    assert dialog.format_box.count() >= 6
