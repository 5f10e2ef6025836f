"""Files the system hands to Tagdesk are imported, like files dropped on the window.

On Linux and Windows they arrive as arguments (`tagdesk open FILE...`, what the
desktop file and the installer register); on macOS as QFileOpenEvents sent to
the application when a document is opened from Finder or dropped on the Dock.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow

BATCH_MS = 200  # Finder sends one event per file: a selection arrives as a burst


class FileOpenImporter(QObject):
    """Collects opened files and imports them in one go once the burst is over."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending: list[Path] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(BATCH_MS)
        self.timer.timeout.connect(self._import_pending)

    def open_files(self, paths: Sequence[Path]) -> None:
        self.pending.extend(paths)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self.open_files([Path(event.file())])
            return True
        return super().eventFilter(watched, event)

    def _import_pending(self) -> None:
        if self.window.background.import_job.is_running():
            self.timer.start()  # one import at a time: these follow the current one
            return
        paths, self.pending = self.pending, []
        if paths:
            self.window.background.import_paths(paths)


def accept_opened_files(
    app: QApplication,
    window: MainWindow,
    files: Sequence[Path],
    *,
    file_open_events: bool = sys.platform == "darwin",
) -> FileOpenImporter:
    """Import `files` (the command line's) and, on macOS, any file opened with Tagdesk later.

    The event filter sees every event of the application, so it is installed
    only where the system sends file-open events.
    """
    importer = FileOpenImporter(window)
    if file_open_events:
        app.installEventFilter(importer)
    if files:
        importer.open_files(files)
    return importer
