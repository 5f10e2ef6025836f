"""`tagdesk --db DB` as the command starts it, telling a test whether the screen is stale.

    python -m tests.x11.screen_probe DB FOLDER

Once the window's work after its first paint has run, it writes where the text's words
are (FOLDER/words.json: window coordinates of each word's middle, by offset) and then
answers questions: whenever FOLDER/ask holds a new number N, it compares the text as the X
server shows it with a fresh paint of it and writes "N same" or "N different" to
FOLDER/answer (the two pictures beside it when they differ). A paint that left part of the
text as it was before an edit (a label's name, an arc, a line moved down) is what it finds.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

import tagdesk.app as app_module
import tagdesk.cli
from tagdesk.gui.main_window import MainWindow

ASK_EVERY_MS = 100
SHADING = 64  # of 255 in a channel: a line's anti-aliased edge drawn a fraction aside


def shown_and_fresh(window: MainWindow) -> tuple[QImage, QImage]:
    viewport = window.view.viewport()
    corner = viewport.mapToGlobal(QPoint(0, 0))
    screen = QGuiApplication.primaryScreen()
    shown = screen.grabWindow(0, corner.x(), corner.y(), viewport.width(), viewport.height())
    window.view.tags.forget_places()  # the label names placed anew, nothing kept
    fresh = viewport.grab()
    rgb = QImage.Format.Format_RGB32
    return shown.toImage().convertToFormat(rgb), fresh.toImage().convertToFormat(rgb)


def strongly_differing(shown: QImage, fresh: QImage) -> int:
    """Pixels that differ by more than an edge's shading: a stale name or line differs by more."""
    if shown.size() != fresh.size():
        return shown.width() * shown.height()
    a, b = (
        numpy.frombuffer(image.constBits(), numpy.uint8).reshape(image.height(), -1)[
            :, : image.width() * 4
        ]
        for image in (shown, fresh)
    )
    difference = numpy.abs(a.astype(numpy.int16) - b.astype(numpy.int16))
    return int((difference.reshape(a.shape[0], -1, 4).max(axis=2) > SHADING).sum())


def word_places(window: MainWindow) -> dict[str, list[int]]:
    """Each word's middle in the window's coordinates, by the offset it starts at."""
    view = window.view
    text = window.controller.document.text if window.controller.document else ""
    places: dict[str, list[int]] = {}
    for word in re.finditer(r"\S+", text):
        x, y = view.qt_rect_of((word.start() + word.end()) // 2)
        point = view.viewport().mapTo(window, QPoint(x, y))
        places[str(word.start())] = [point.x(), point.y()]
    return places


class Probe:
    def __init__(self, window: MainWindow, folder: Path) -> None:
        self.window = window
        self.folder = folder
        self.answered = ""
        self.timer = QTimer(window)
        self.timer.timeout.connect(self.look)
        self.timer.start(ASK_EVERY_MS)
        (folder / "words.json").write_text(json.dumps(word_places(window)), encoding="utf-8")

    def look(self) -> None:
        ask = self.folder / "ask"
        question = ask.read_text(encoding="utf-8").strip() if ask.exists() else ""
        if not question or question == self.answered:
            return
        QApplication.processEvents()  # what is queued is painted first, as the screen would be
        shown, fresh = shown_and_fresh(self.window)
        same = strongly_differing(shown, fresh) == 0
        if not same:
            shown.save(str(self.folder / f"shown-{question}.png"))
            fresh.save(str(self.folder / f"fresh-{question}.png"))
        self.answered = question
        answer = f"{question} {'same' if same else 'different'}"
        (self.folder / "answer").write_text(answer, encoding="utf-8")


def main() -> int:
    db, folder = sys.argv[1], Path(sys.argv[2])
    started_after = app_module.start_after_first_paint
    probes: list[Probe] = []

    def after_first_paint(app, window, *rest):
        started_after(app, window, *rest)
        # The text cursor drawn at all times: a blink between the two pictures is no stale paint.
        QApplication.setCursorFlashTime(0)
        QTimer.singleShot(300, lambda: probes.append(Probe(window, folder)))

    app_module.start_after_first_paint = after_first_paint
    return tagdesk.cli.main(["--db", db])


if __name__ == "__main__":
    sys.exit(main())
