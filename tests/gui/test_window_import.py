"""Importing from the window: a bad file is one message and changes nothing; a good one lists."""

from __future__ import annotations

from pathlib import Path

from tagdesk.gui.main_window import MainWindow
from tests.helpers import database_fingerprint, write_jsonl


def test_a_bad_file_dropped_on_the_window_imports_nothing(
    window: MainWindow, db_path: Path, tmp_path: Path, qtbot, warnings: list[str]
) -> None:
    before = database_fingerprint(db_path)
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [{"text": "Fine"}, '{"text": "Mosul", "spnas": []}', {"text": "<b>never</b>"}],
    )
    with qtbot.waitSignal(window.background.import_job.failed, timeout=10000):
        window.background.import_paths([bad])
    assert len(warnings) == 1
    assert f"{bad}:2: unknown field" in warnings[0]
    assert '"spnas"' in warnings[0]
    assert "Nothing was imported." in warnings[0]
    assert database_fingerprint(db_path) == before
    assert window.document_model.rowCount() == 5

    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "<b>Kirkuk</b> & Mosul"}])
    with qtbot.waitSignal(window.background.import_job.finished, timeout=10000):
        window.background.import_paths([good])
    assert window.document_model.rowCount() == 6
    assert "1 document added" in window.statusBar().currentMessage()


def test_an_error_quoting_markup_is_shown_literally(
    window: MainWindow, tmp_path: Path, qtbot, warnings: list[str]
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("Iraq", encoding="utf-8")
    (folder / "doc.ann").write_text("<b>bold</b>\n", encoding="utf-8")
    with qtbot.waitSignal(window.background.import_job.failed, timeout=10000):
        window.background.import_paths([folder])
    assert "&lt;b&gt;bold&lt;/b&gt;" in warnings[0]
