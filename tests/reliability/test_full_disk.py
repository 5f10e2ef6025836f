"""A full disk, for real (a small tmpfs filled up): the import and the window say so in one
line, and the database keeps everything it had, intact."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.store import open_store
from tests.conftest import SEEDS
from tests.gui.conftest import WindowFactory, drag_select, make_window, stored_spans
from tests.helpers import database_fingerprint, write_jsonl
from tests.reliability.disk import fill, integrity, one_line_error, tagdesk, tmpfs

__all__ = ["make_window"]  # the window fixture, used by the last test

FULL = "the disk is full; free some space and try again"


def big_import(folder: Path) -> Path:
    """More text than the small disk has room for."""
    records = [{"text": f"Fighting near Tikrit and Mosul, report {n}. " * 400} for n in range(300)]
    return write_jsonl(folder / "big.jsonl", records)


def seeded_database(folder: Path) -> Path:
    db = folder / "tagdesk.sqlite3"
    result = tagdesk("import", str(SEEDS), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def test_an_import_that_fills_the_disk_says_so_and_keeps_the_database(tmp_path: Path) -> None:
    source = big_import(tmp_path)
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        db = seeded_database(disk)
        before = database_fingerprint(db)
        line = one_line_error(tagdesk("import", str(source), "--db", str(db)))
        assert line == f"tagdesk: error: {db}: cannot save (database or disk is full): {FULL}"
        assert integrity(db) == "ok"
        assert database_fingerprint(db) == before


def test_an_import_onto_a_disk_already_full_says_so_and_keeps_the_database(
    tmp_path: Path,
) -> None:
    source = write_jsonl(tmp_path / "one.jsonl", [{"text": "One more report from Kirkuk."}])
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        db = seeded_database(disk)
        before = database_fingerprint(db)
        filler = fill(disk)
        line = one_line_error(tagdesk("import", str(source), "--db", str(db)))
        assert line.startswith(f"tagdesk: error: {db}: cannot ")
        assert line.endswith(f": {FULL}")
        filler.unlink()
        assert integrity(db) == "ok"
        assert database_fingerprint(db) == before
        figures = json.loads(tagdesk("stats", "--json", "--db", str(db)).stdout)
        assert figures["documents"]["total"] == 5


def test_a_window_edit_on_a_full_disk_says_so_and_keeps_the_database(
    tmp_path: Path, qtbot, make_window: WindowFactory
) -> None:
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        db = seeded_database(disk)
        store = open_store(db)
        window = make_window(store)
        window.open_document(1)
        text = window.controller.document.text
        word = "Iran" if "Iran" in text else text.split()[0]
        before = database_fingerprint(db)
        spans_before = stored_spans(store)
        filler = fill(disk)
        shown: list[str] = []

        def read_warning() -> None:
            box = QApplication.activeModalWidget()
            if box is None:  # not up yet
                QTimer.singleShot(50, read_warning)
                return
            shown.append(box.text())
            box.accept()

        start = text.index(word)
        drag_select(window.view, start, start + len(word))
        QTimer.singleShot(50, read_warning)
        QTest.keyClick(window.view, Qt.Key.Key_3)
        qtbot.waitUntil(lambda: bool(shown))
        assert "Not saved" in shown[0]
        assert FULL in shown[0]
        assert stored_spans(store) == spans_before
        assert window.controller.undo_stack.count() == 0
        window.close()
        store.close()
        filler.unlink()
        assert integrity(db) == "ok"
        assert database_fingerprint(db) == before
