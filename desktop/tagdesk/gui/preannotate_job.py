"""Pre-annotation for the window: `tagdesk preannotate` in its own process.

The child process loads spaCy and writes suggestions to the database a batch
per transaction (SQLite in WAL mode lets the window read meanwhile); the
window receives progress, after each batch's commit which documents it
wrote (`written`, a ChangeReport: the window re-reads only those), and the
summary. The child writes under the window's origin (store.change_notices),
so on a server its notices are known for the window's own and skipped.
spaCy is never imported into the window's process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal

from tagdesk.core.changes import ChangeReport
from tagdesk.core.wording import counted
from tagdesk.gui.tasks import KILL_AFTER_MS, ProcessTaskRunner
from tagdesk.nlp.models import default_model, model_problem
from tagdesk.paths import child_database
from tagdesk.store import Store
from tagdesk.store.change_notices import ORIGIN_ENV
from tagdesk.store.operations import set_setting
from tagdesk.store.settings import SAMPLES_PENDING_KEY, chosen_model, get_setting
from tagdesk.store.suggestions import Scope, documents_to_preannotate


def tagdesk_command() -> list[str]:
    """How to run Tagdesk's command line from this process, installed or frozen."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "tagdesk"]


class PreannotateJob(QObject):
    """Suggest entities in the background; `finished` carries the run's summary.

    The summary is a dict with `documents`, `total`, `suggestions_added`,
    `source`, `tokens`, `seconds` and `interrupted`.
    """

    progress = Signal(int, int)  # documents done, documents to do
    written = Signal(object)  # ChangeReport: the documents (and new labels) a batch wrote
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        store_location: str,
        model: str | None = None,
        *,
        scope: Scope = "missing",
        document_ids: Iterable[int] = (),
        processes: int = 1,
        batch_size: int = 32,
        origin: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store_location = store_location
        self.model = model
        self.scope: Scope = scope
        self.document_ids = list(document_ids)
        self.processes = processes
        self.batch_size = batch_size
        self.origin = origin  # the window store's: see store.change_notices
        self._runner = ProcessTaskRunner(self)
        self._runner.progress.connect(self._on_progress)
        self._runner.finished.connect(self.finished)
        self._runner.failed.connect(self._on_failed)
        self._runner.cancelled.connect(self.cancelled)

    def arguments(self) -> list[str]:
        database, _ = child_database(self.store_location)
        arguments = ["preannotate", *database, "--progress", "json", "--relations"]
        if self.model:
            arguments += ["--model", self.model]
        if self.scope == "documents":
            arguments += ["--documents", *map(str, self.document_ids)]
        else:
            arguments.append(f"--{self.scope}")
        arguments += ["--processes", str(self.processes), "--batch-size", str(self.batch_size)]
        return arguments

    def start(self) -> None:
        """Start (or restart) the run; returns at once."""
        program, *prefix = tagdesk_command()
        _, environment = child_database(self.store_location)
        if self.origin:
            environment = {**environment, ORIGIN_ENV: self.origin}
        self._runner.start(program, [*prefix, *self.arguments()], environment)

    def cancel(self) -> None:
        """Stop after the batch in hand; what is done stays saved, `cancelled` is emitted."""
        self._runner.cancel()

    def is_running(self) -> bool:
        return self._runner.is_running()

    def shutdown(self, msecs: int = KILL_AFTER_MS) -> None:
        """Cancel and wait for the process to end, for the window's closing."""
        self.cancel()
        self._runner.wait(msecs)

    def _on_progress(self, message: dict[str, Any]) -> None:
        documents, labels = message.get("documents"), message.get("labels")
        if isinstance(documents, list) and isinstance(labels, list):  # a batch committed
            self.written.emit(ChangeReport.of(documents=documents, labels=labels))
        self.progress.emit(int(message.get("done", 0)), int(message.get("total", 0)))

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message.removeprefix("tagdesk: error: "))


def summary_text(summary: dict[str, Any]) -> str:
    """One line for the status bar."""
    added = summary.get("suggestions_added", 0)
    documents = summary.get("documents", 0)
    return f"{counted(added, 'suggestion')} added in {counted(documents, 'document')}"


def pipeline_available(store: Store) -> bool:
    """A pipeline is installed to suggest with: the chosen one, else a default."""
    model = chosen_model(store)
    return model_problem(model) is None if model else default_model() is not None


def start_sample_preannotation(
    store: Store, parent: QObject | None = None
) -> PreannotateJob | None:
    """On the first start of a fresh database, suggest entities in the bundled articles.

    Call it once the window is shown. Returns the running job, or None when
    there is nothing to do or no pipeline is installed (annotating by hand
    works without one). The flag set with the samples is cleared when the
    run finishes, so a run cut short by closing the window resumes next time.
    """
    if get_setting(store, SAMPLES_PENDING_KEY) is None:
        return None
    if not documents_to_preannotate(store, "missing"):
        set_setting(store, SAMPLES_PENDING_KEY, None)
        return None
    if not pipeline_available(store):
        return None
    job = PreannotateJob(store.target, chosen_model(store), origin=store.origin, parent=parent)
    job.finished.connect(lambda _summary: set_setting(store, SAMPLES_PENDING_KEY, None))
    job.start()
    return job
