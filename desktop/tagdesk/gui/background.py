"""Work the window runs in the background: imports, pre-annotation and tokens.

Owns their jobs, the status bar's progress bar and model label, and tells
the window when new documents or spans have landed in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QProgressBar, QWidget

from tagdesk.core.changes import ChangeReport
from tagdesk.core.wording import counted, sentence
from tagdesk.gui.importing import ImportJob
from tagdesk.gui.job_status import job_status_widgets
from tagdesk.gui.plain_text import literal
from tagdesk.store import Store
from tagdesk.store.settings import chosen_model, preannotates_imports

if TYPE_CHECKING:  # the jobs and the dialog load when first used, not before the first paint
    from tagdesk.gui.preannotate_job import PreannotateJob
    from tagdesk.gui.token_job import TokenJob
    from tagdesk.gui.train_dialog import TrainDialog

IMPORT_FILTER = (
    "Documents (*.txt *.jsonl *.ndjson *.json *.spacy *.conll *.iob *.ann);;All files (*)"
)
PREANNOTATE_TEXT = "Pre-annotate with spaCy"
# Pre-annotation writes from a process of its own (`tagdesk preannotate`), which names the
# documents of each batch it committed. A run stopped or failed may have committed a last
# batch it never named: everything is read again once, then.
UNNAMED_BATCH = ChangeReport(outside=True)


class BackgroundWork(QObject):
    changed = Signal(object)  # ChangeReport: what an import, a job or a setting changed
    message = Signal(str, int)  # status bar text, and for how many ms (0: until replaced)

    def __init__(
        self,
        store: Store,
        annotator: str,
        preannotate_action: QAction,
        window: QWidget,
        data_dir: Path | None = None,
        *,
        status: tuple[QProgressBar, QLabel] | None = None,
    ) -> None:
        """`status`: the progress bar and model name the window's status bar holds already."""
        super().__init__(window)
        self.store = store
        self.window = window
        self.data_dir = data_dir or Path.cwd()
        self.train_dialog: TrainDialog | None = None
        self.preannotate_action = preannotate_action
        self.progress_bar, self.model_label = status or job_status_widgets()
        self.import_job = ImportJob(store, annotator, self)
        self.preannotate_job: PreannotateJob | None = None
        self.token_job: TokenJob | None = None
        self._tokens_wanted: tuple[int, Sequence[int]] | None = None
        self.queued_documents: list[int] = []  # imported, to pre-annotate after the current run
        self.import_job.progress.connect(self._import_progress)
        self.import_job.finished.connect(self._import_finished)
        self.import_job.failed.connect(self._import_failed)
        self.refresh_model_state()

    # -- import ---------------------------------------------------------------------

    def choose_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import documents", "", IMPORT_FILTER)
        if files:
            self.import_paths([Path(name) for name in files])

    def import_paths(self, paths: list[Path]) -> None:
        if self.import_job.is_running():
            self.message.emit("An import is already running", 4000)
            return
        self._busy()
        self.message.emit(f"Importing {counted(len(paths), 'item')}…", 0)
        self.import_job.start(paths)

    def _import_progress(self, count: int, expected: int) -> None:
        if expected:
            self.progress_bar.setRange(0, expected)
            self.progress_bar.setValue(min(count, expected))
        self.message.emit(f"Importing… {counted(count, 'document')} read", 0)

    def _import_finished(self, summary: Any) -> None:
        from tagdesk.store.operations import import_changes

        self.progress_bar.hide()
        self.changed.emit(import_changes(summary))
        said = "".join(f"; {warning}" for warning in summary.warnings)
        self.message.emit(f"Import done: {summary.describe()}{said}", 8000)
        if summary.document_ids and preannotates_imports(self.store):
            self.preannotate_documents(summary.document_ids)

    def _import_failed(self, message: str) -> None:
        self.progress_bar.hide()
        self.message.emit("", 1)
        QMessageBox.warning(
            self.window, "Import failed", literal(f"{sentence(message)}\n\nNothing was imported.")
        )

    # -- pre-annotation ---------------------------------------------------------------

    def refresh_model_state(self, running: str = "") -> None:
        from tagdesk.nlp.models import INSTALL_COMMAND, default_model, model_problem

        chosen = chosen_model(self.store)
        name = chosen or default_model()
        problem = model_problem(chosen) if chosen else None
        if name is None:
            self.model_label.setText("No spaCy model")
            self.model_label.setToolTip(
                f"Manual annotation works; to get suggestions: {INSTALL_COMMAND}"
            )
        elif problem:
            self.model_label.setText("Model missing")
            self.model_label.setToolTip(problem)
        else:
            self.model_label.setText(f"Model: {name}{running}")
            self.model_label.setToolTip("Suggestions come from this spaCy pipeline")
        self.preannotate_action.setEnabled(name is not None and problem is None)

    def toggle_preannotation(self) -> None:
        """Start pre-annotating documents that have no suggestions yet, or stop the run."""
        if self.preannotate_job is not None and self.preannotate_job.is_running():
            self.preannotate_job.cancel()
            return
        from tagdesk.gui.preannotate_job import PreannotateJob

        job = PreannotateJob(
            self.store.target, chosen_model(self.store), origin=self.store.origin, parent=self
        )
        self.watch_preannotation(job)
        self.message.emit("Suggesting entities in documents that have none yet…", 0)
        job.start()

    def set_import_preannotation(self, on: bool) -> None:
        """The "Pre-annotate imported documents" setting, kept in the database."""
        from tagdesk.store.operations import set_preannotates_imports

        self.changed.emit(set_preannotates_imports(self.store, on))

    def preannotate_documents(self, document_ids: list[int]) -> None:
        """Suggest entities in these documents now, or after the run in progress."""
        from tagdesk.gui.preannotate_job import pipeline_available

        if not pipeline_available(self.store):
            return  # annotating by hand works without a pipeline; the status bar says none
        self.queued_documents.extend(document_ids)
        if self.preannotate_job is None or not self.preannotate_job.is_running():
            self._start_queued()

    def _start_queued(self) -> None:
        from tagdesk.gui.preannotate_job import PreannotateJob, pipeline_available

        document_ids, self.queued_documents = self.queued_documents, []
        if not document_ids or not pipeline_available(self.store):
            return
        job = PreannotateJob(
            self.store.target,
            chosen_model(self.store),
            scope="documents",
            document_ids=document_ids,
            origin=self.store.origin,
            parent=self,
        )
        self.watch_preannotation(job)
        # The status bar keeps the import's summary; the model label tells of the run.
        self.refresh_model_state(f" · suggesting 0/{len(document_ids)}")
        job.start()

    def watch_preannotation(self, job: PreannotateJob) -> None:
        """Show a run's progress, and its suggestions as they land."""
        from tagdesk.gui.preannotate_job import summary_text

        self.preannotate_job = job
        self.preannotate_action.setText("Stop pre-annotation")
        self._busy()
        job.progress.connect(self._preannotate_progress)
        job.written.connect(self.changed)
        job.finished.connect(lambda summary: self._preannotate_ended(summary_text(summary)))
        job.finished.connect(self._start_queued)
        job.failed.connect(self._preannotate_failed)
        job.cancelled.connect(self._preannotate_cancelled)

    def _preannotate_cancelled(self) -> None:
        """Stopping stops what is queued too: the analyst asked for no more suggestions."""
        self.queued_documents = []
        self.changed.emit(UNNAMED_BATCH)
        self._preannotate_ended(
            "Pre-annotation stopped; the documents already done keep their suggestions"
        )

    def _preannotate_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.refresh_model_state(f" · suggesting {done}/{total}")

    def _preannotate_failed(self, message: str) -> None:
        self.queued_documents = []  # the same pipeline would fail on them too
        self.changed.emit(UNNAMED_BATCH)
        self._preannotate_ended("")
        QMessageBox.warning(self.window, "Pre-annotation failed", literal(sentence(message)))

    def _preannotate_ended(self, message: str) -> None:
        self.progress_bar.hide()
        self.preannotate_action.setText(PREANNOTATE_TEXT)
        self.refresh_model_state()
        if message:
            self.message.emit(message, 8000)

    def choose_model(self) -> None:
        """Which pipeline pre-annotates: the default, a trained version, or any name or folder."""
        from tagdesk.nlp.models import model_problem

        choices = model_choices(self.store)
        chosen = chosen_model(self.store)
        texts = list(choices)
        current = next((i for i, model in enumerate(choices.values()) if model == chosen), 0)
        if chosen and chosen not in choices.values():
            texts.insert(0, chosen)
            current = 0
        name, ok = QInputDialog.getItem(
            self.window,
            "spaCy model",
            "Pipeline that pre-annotates (a trained version, or type a package name or folder):",
            texts,
            current,
            True,
        )
        if not ok:
            return
        name = name.strip()
        model = choices.get(name, name or None)
        problem = model_problem(model) if model else None
        if problem:
            QMessageBox.warning(self.window, "spaCy model", sentence(problem))
            return
        self.choose(model)

    def choose(self, model: str | None) -> None:
        """Pre-annotate with `model` from now on (None: the default), kept in the database."""
        from tagdesk.store.operations import choose_model

        self.changed.emit(choose_model(self.store, model))

    def train(self) -> None:
        """File > Train a model: the dialog, which runs `tagdesk train` in its own process."""
        if self.train_dialog is None:
            from tagdesk.gui.train_dialog import TrainDialog

            self.train_dialog = TrainDialog(self.store, self.data_dir, self.window)
            self.train_dialog.use_requested.connect(self.choose)
        self.train_dialog.show()
        self.train_dialog.raise_()

    # -- tokens ---------------------------------------------------------------------------

    def start_token_preparation(self) -> None:
        """From now on, each document opened gets its tokens (and the next ones theirs)."""
        if self.token_job is None:
            from tagdesk.gui.token_job import TokenJob

            self.token_job = TokenJob(self.store, self)
        if self._tokens_wanted is not None:
            self.token_job.prepare(*self._tokens_wanted)

    def prepare_tokens(self, document_id: int, listed: Sequence[int]) -> None:
        self._tokens_wanted = (document_id, listed)
        if self.token_job is not None:
            self.token_job.prepare(document_id, listed)

    # -- all ----------------------------------------------------------------------------

    def _busy(self) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()

    def shutdown(self) -> None:
        """On closing the window: let an import finish, stop pre-annotation cleanly."""
        if self.import_job.is_running():
            self.message.emit("Finishing the import before closing…", 0)
        self.import_job.wait()
        if self.preannotate_job is not None:
            self.preannotate_job.shutdown()
        if self.token_job is not None:
            self.token_job.shutdown()
        if self.train_dialog is not None and self.train_dialog.is_running():
            self.train_dialog.shutdown()


def model_choices(store: Store) -> dict[str, str | None]:
    """What the model chooser lists, and the setting each means: the default, then each
    trained version, newest first, with its held-out F against its base's."""
    from tagdesk.nlp.models import default_model
    from tagdesk.store.trained_models import trained_models

    default = default_model()
    choices: dict[str, str | None] = {
        f"Default pipeline ({default})" if default else "Default pipeline (none installed)": None
    }
    for version in reversed(trained_models(store)):
        trained = float(version.trained_scores.get("ents_f") or 0.0)  # type: ignore[arg-type]
        base = float(version.base_scores.get("ents_f") or 0.0)  # type: ignore[arg-type]
        text = (
            f"Version {version.version}: {version.source}, F {100 * trained:.1f} "
            f"(base {100 * base:.1f}), {version.created_at[:10]} · {version.path}"
        )
        choices[text] = version.path
    return choices
