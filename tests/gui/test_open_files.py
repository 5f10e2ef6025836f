"""`tagdesk open FILE...`: what a file manager runs for the desktop file's MIME types."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from tagdesk import APP_ID
from tagdesk.cli import build_parser, main
from tagdesk.gui.file_open import accept_opened_files
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import open_store
from tagdesk.store.reading import stats
from tests.helpers import write_jsonl


def test_open_takes_any_number_of_files() -> None:
    parser = build_parser()
    assert parser.parse_args(["open"]).files == []
    opened = parser.parse_args(["--db", "x.sqlite3", "open", "a.jsonl", "b.spacy"])
    assert opened.files == [Path("a.jsonl"), Path("b.spacy")]
    assert parser.parse_args(["import", "a.jsonl"]).command == "import"


def test_open_shows_the_window_and_imports_the_files(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "new.jsonl", [{"text": "A new article about Kirkuk"}])
    db = tmp_path / "opened.sqlite3"
    seen: dict[str, str] = {}

    def run_until_imported(_app: QApplication) -> int:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.store.location == str(db)
        )
        qtbot.waitUntil(lambda: window.document_model.rowCount() == 1, timeout=10_000)
        seen["heading"] = window.heading.text()
        seen["desktop_file"] = QGuiApplication.desktopFileName()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_until_imported)
    assert main(["--db", str(db), "open", str(source)]) == 0
    assert seen == {"heading": "A new article about Kirkuk", "desktop_file": APP_ID}
    with open_store(db) as store:
        assert stats(store)["documents"]["total"] == 1


def test_files_opened_from_the_system_are_imported_together(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    importer = accept_opened_files(app, window, [], file_open_events=True)
    first = write_jsonl(tmp_path / "first.jsonl", [{"text": "First article about Kirkuk"}])
    second = tmp_path / "second.txt"
    second.write_text("Second article\nabout Erbil", encoding="utf-8")
    for path in (first, second):  # as Finder sends a selection of two files
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
    assert importer.pending == [first, second]
    qtbot.waitUntil(lambda: window.document_model.rowCount() == 7, timeout=10_000)
    assert importer.pending == []
    titles = {window.document_model.index(row, 0).data() for row in range(7)}
    assert {"First article about Kirkuk", "Second article"} <= titles
