"""Importing from the window: File > Import or files dropped on it, in a thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store

if TYPE_CHECKING:
    from tagdesk.store.importing import ImportSummary


class ImportJob(QObject):
    """One import at a time; the database holds all of it or none of it."""

    progress = Signal(int, int)  # documents read so far, expected (0: not known)
    finished = Signal(object)  # ImportSummary
    failed = Signal(str)

    def __init__(self, store: Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.runner = ThreadTaskRunner(self)
        self.runner.progress.connect(lambda value: self.progress.emit(*value))
        self.runner.finished.connect(self.finished)
        self.runner.failed.connect(self.failed)

    def is_running(self) -> bool:
        return self.runner.is_running()

    def start(self, paths: list[Path]) -> None:
        store, annotator = self.store, self.annotator

        def work(control: TaskControl) -> ImportSummary:
            # every format's reader, imported by the first import and not by the window's start
            from tagdesk.transfer import import_paths

            return import_paths(
                store,
                paths,
                annotator=annotator,
                progress=lambda done, expected: control.report((done, expected or 0)),
                read_first=True,
            )

        self.runner.start(store_task(store, work))

    def wait(self) -> None:
        """Closing the window lets a running import finish: stopping would throw it away."""
        self.runner.wait(timeout=24 * 3600)
