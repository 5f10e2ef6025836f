"""The `tagdesk` window in a process of its own, labelling words as an analyst does.

    python -m tests.window_driver DB OUT.json [--spans N] [--label-key 1]

Starts the window as `tagdesk --db DB` does (its own clean `sys.modules`),
and as soon as it is shown selects part of a word with the mouse and presses
a label key; then waits for the background to keep the document's tokens
and labels more words, one at a time. Each label key is timed from the key
press until the span's row is in the database, read back through a
connection of its own. OUT.json gets the figures, the spans as stored, and
whether spaCy was ever imported into the window's process. Used by
tests/gui/test_first_span.py and tests/benchmarks/first_span.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

WORD = re.compile(r"\b[A-Za-z]{5,}\b")
TOKENS_WAIT_S = 120


def record_spacy_imports() -> list[str]:
    """The names of the threads that imported spaCy into this process, as they do it."""
    import builtins

    importers: list[str] = []
    original = builtins.__import__

    def watching(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] == "spacy" and "spacy" not in sys.modules:
            importers.append(threading.current_thread().name)
        return original(name, *args, **kwargs)

    builtins.__import__ = watching
    return importers


def row_written(db: str, start: int, end: int) -> bool:
    connection = sqlite3.connect(db)
    try:
        row = connection.execute(
            'SELECT count(*) FROM span WHERE "start" = ? AND "end" = ?', (start, end)
        ).fetchone()
    finally:
        connection.close()
    return bool(row[0])


def tokens_kept(db: str, document_id: int) -> bool:
    connection = sqlite3.connect(db)
    try:
        row = connection.execute(
            "SELECT count(*) FROM document_tokens WHERE document_id = ?", (document_id,)
        ).fetchone()
    finally:
        connection.close()
    return bool(row[0])


def drive(window: Any, db: str, spans: int, key: str, shown_at: float) -> dict[str, Any]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = window.view
    document = window.controller.document
    text = document.text
    words, seen = [], set()
    for match in WORD.finditer(text):
        if match[0] not in seen:
            seen.add(match[0])
            words.append((match.start(), match.end()))
    words = words[:spans]

    def label(start: int, end: int) -> float:
        view.select_range(start, start)  # scrolled into view, as a reader scrolls to it
        QTest.qWait(1)
        x1, y1 = view.qt_rect_of(start + 1)  # part of the word: the key snaps it to the word
        x2, y2 = view.qt_rect_of(end - 1)
        viewport = view.viewport()
        none = Qt.KeyboardModifier.NoModifier
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, none, QPoint(x1, y1))
        QTest.mouseMove(viewport, QPoint(x2, y2))
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, none, QPoint(x2, y2))
        started = time.perf_counter()
        QTest.keyClick(view, key)
        while not row_written(db, start, end):
            if time.perf_counter() - started > 10:
                return float("nan")
            QTest.qWait(1)
        return time.perf_counter() - started

    first_start, first_end = words[0]
    kept_before_first = tokens_kept(db, document.id)
    after_show = time.perf_counter() - shown_at
    times = [label(first_start, first_end)]
    waited = time.perf_counter()
    while not tokens_kept(db, document.id) and time.perf_counter() - waited < TOKENS_WAIT_S:
        QTest.qWait(20)
    tokens_after = time.perf_counter() - shown_at
    for start, end in words[1:]:
        times.append(label(start, end))
    return {
        "document": document.id,
        "first_pressed_after_show_s": after_show,
        "tokens_kept_after_show_s": tokens_after,
        "tokens_kept_before_first": kept_before_first,
        "times_s": times,
        "words": [text[s:e] for s, e in words],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("out", type=Path)
    parser.add_argument("--spans", type=int, default=5)
    parser.add_argument("--label-key", default="1")
    args = parser.parse_args(argv)
    importers = record_spacy_imports()

    from PySide6.QtCore import QTimer

    from tagdesk.gui import main_window

    original = main_window.MainWindow.show
    result: dict[str, Any] = {}

    def show(window: Any) -> None:
        original(window)
        shown_at = time.perf_counter()

        def run() -> None:
            try:
                result.update(drive(window, args.db, args.spans, args.label_key, shown_at))
            finally:
                window.close()

        QTimer.singleShot(0, run)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    from tagdesk.cli import main as tagdesk_main

    status = tagdesk_main(["--db", args.db])
    result["status"] = status
    result["spacy_imported_by"] = importers
    result["spacy_in_window_process"] = "spacy" in sys.modules
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
