"""Starting the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tagdesk import APP_ID
from tagdesk.paths import Paths
from tagdesk.workspace import open_workspace

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import Store


def run_window(
    db: str | None, paths: Paths, *, screenshot: Path | None = None, doc: int | None = None
) -> int:
    if (
        screenshot is not None
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tagdesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Tagdesk")
    app.setOrganizationName("Tagdesk")
    app.setDesktopFileName(APP_ID)
    with open_workspace(db, paths) as store:
        window = MainWindow(store)
        window.resize(1280, 800)
        if doc is not None:
            window.open_document(doc)
        window.show()
        if screenshot is None:
            start_background_preannotation(app, window, store)
        if screenshot is not None:
            app.processEvents()
            if not window.grab().save(str(screenshot), "PNG"):
                from tagdesk.core.errors import TagdeskError

                raise TagdeskError(f"{screenshot}: cannot write the screenshot")
            window.close()
            return 0
        return app.exec()


def start_background_preannotation(app: QApplication, window: MainWindow, store: Store) -> None:
    """A fresh database's bundled articles get suggestions once the window is up."""
    from tagdesk.gui.preannotate_job import start_sample_preannotation, summary_text

    job = start_sample_preannotation(store, window)
    if job is None:
        return
    window.statusBar().showMessage("Suggesting entities in the sample articles...")
    job.finished.connect(lambda summary: window.statusBar().showMessage(summary_text(summary)))
    job.failed.connect(lambda message: window.statusBar().showMessage(message))
    app.aboutToQuit.connect(job.shutdown)
