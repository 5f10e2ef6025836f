from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QAbstractItemModelTester, QTest

from tagdesk.gui.document_model import DocumentListModel
from tagdesk.gui.label_model import LabelListModel
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.labels import list_labels
from tagdesk.transfer import import_paths
from tests.conftest import tagdesk_command
from tests.gui.conftest import WindowFactory, drag_select
from tests.helpers import write_jsonl


def test_window_lists_documents_and_shows_the_text(window: MainWindow) -> None:
    table = window.document_list.table
    assert window.document_model.rowCount() == 5
    assert window.document_model.index(0, 0).data().startswith("Iranian Gen Qasem Soleimani")
    table.selectRow(2)
    text = window.view.toPlainText()
    assert text.startswith("Iranian General Soleimani 'present on Mosul operation front line'")
    assert (
        window.heading.text() == "Iranian General Soleimani 'present on Mosul operation front line'"
    )
    assert window.progress_label.text() == "0 of 5 documents done"


def test_item_models_pass_the_model_tester(seeded: Store, qtbot) -> None:
    documents = DocumentListModel(seeded)
    QAbstractItemModelTester(documents, QAbstractItemModelTester.FailureReportingMode.Fatal)
    documents.reload()
    documents.sort(1, Qt.SortOrder.DescendingOrder)
    documents.sort(0, Qt.SortOrder.AscendingOrder)
    documents.refresh_documents({1, 2})
    labels = LabelListModel()
    QAbstractItemModelTester(labels, QAbstractItemModelTester.FailureReportingMode.Fatal)
    labels.set_labels(list_labels(seeded))
    labels.set_counts({1: 3})
    assert labels.rowCount() == 18


def test_sorting_and_filters(window: MainWindow) -> None:
    window.document_list.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [window.document_model.index(r, 0).data() for r in range(5)]
    assert titles == sorted(titles, key=str.casefold)
    window.document_list.search.setText("Amerli")
    window.document_list.apply_filters()
    assert window.document_model.rowCount() == 1
    window.document_list.search.clear()
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + 6)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    pane = window.document_list
    pane.label_filter.setCurrentIndex(pane.label_filter.findText("GPE"))
    pane.apply_filters()
    assert window.document_model.rowCount() == 1
    pane.label_filter.setCurrentIndex(0)
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("in_progress"))
    pane.apply_filters()
    assert window.document_model.rowCount() == 1
    assert window.document_model.index(0, 1).data() == "In progress"


def test_text_is_shown_literally_never_as_markup(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = '<b>bold</b> <script>alert("x")</script> &amp; <img src=x onerror=1> \u202eevil\u202c'
    import_paths(store, [write_jsonl(tmp_path / "m.jsonl", [{"text": text}])], annotator="t")
    window = make_window(store)
    assert window.view.document().toRawText() == text
    assert window.heading.text() == text


def test_state_is_remembered_between_runs(seeded: Store, make_window: WindowFactory) -> None:
    first = make_window(seeded)
    first.document_list.table.selectRow(3)
    first.main_splitter.setSizes([400, 560, 320])
    sizes = first.main_splitter.sizes()
    first.close()
    second = make_window(seeded)
    assert second.controller.document.id == 4
    assert second.main_splitter.sizes() == sizes


def test_documents_added_from_outside_appear_without_restart(
    seeded: Store, make_window: WindowFactory, db_path: Path, tmp_path: Path, qtbot
) -> None:
    window = make_window(seeded)
    open_text = window.controller.document.text
    start = open_text.index("Tikrit")
    source = write_jsonl(
        tmp_path / "new.jsonl",
        [
            {"text": "A new article about Kirkuk"},
            {"text": open_text, "spans": [{"start": start, "end": start + 6, "label": "GPE"}]},
        ],
    )
    result = subprocess.run(
        [*tagdesk_command(), "import", str(source), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 6, timeout=6000)
    assert window.progress_label.text() == "0 of 6 documents done"
    # the open document shows the span the other process added to it, highlighted
    assert [(s.start, s.end) for s in window.controller.spans] == [(start, start + 6)]
    block = window.view.document().findBlock(window.view.offsets.to_qt(start))
    assert any(
        r.start <= window.view.offsets.to_qt(start) - block.position() < r.start + r.length
        for r in block.layout().formats()
    )


def test_screenshot_option_writes_a_png_of_the_window(tmp_path: Path, db_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [*tagdesk_command(), "--db", str(db_path), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1000
    assert image.height() >= 600


def test_an_import_shows_how_far_it_has_got(window: MainWindow, qtbot, tmp_path: Path) -> None:
    lines = [{"text": f"Report {n} from Mosul."} for n in range(3)]
    path = write_jsonl(tmp_path / "reports.jsonl", lines)
    window.action_set.preannotate_imports.setChecked(False)  # the bar then shows the import only
    with (
        qtbot.waitSignal(window.background.import_job.progress, timeout=10_000) as progress,
        qtbot.waitSignal(window.background.import_job.finished, timeout=10_000),
    ):
        window.background.import_paths([path])
    assert progress.args == [3, 3]
    assert window.background.progress_bar.maximum() == 3
    assert window.document_model.rowCount() == 8


def test_document_details_name_the_source_once(window: MainWindow) -> None:
    details = window.document_panel.meta.text().splitlines()
    assert details.count("000_c2822840e7b24912.txt") == 1
    assert not any(line.startswith("file: 000_c2822840e7b24912.txt") for line in details)
