"""The main window: document list, text, and the panels around it.

Built in three steps (widgets, layout, one block of connections); children
ask through `*_requested` signals and the controller does the work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import DocumentInfo, SpanRecord
from tagdesk.gui.actions import Actions, build_actions
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.controller import AnnotationController, Tokenizer
from tagdesk.gui.document_list_pane import DocumentListPane
from tagdesk.gui.document_model import DocumentListModel
from tagdesk.gui.document_panel import DocumentPanel
from tagdesk.gui.find_bar import FindBar, find_all
from tagdesk.gui.icons import icon
from tagdesk.gui.importing import ImportJob
from tagdesk.gui.label_model import LABEL_ID_ROLE, LabelListModel
from tagdesk.gui.preannotate_job import PreannotateJob
from tagdesk.gui.span_inspector import SpanInspector
from tagdesk.store import Store
from tagdesk.store.document_list import corpus_progress, data_version

EXTERNAL_POLL_MS = 2000


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        *,
        settings_path: Path,
        annotator: str,
        data_dir: Path | None = None,
        tokenizer: Tokenizer,
    ) -> None:
        super().__init__()
        self.store = store
        self.data_dir = data_dir or settings_path.parent
        self.settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        self.controller = AnnotationController(store, annotator, tokenizer, self)
        self.setWindowTitle("Tagdesk")
        self.setWindowIcon(icon("tagdesk"))
        self._find_hits: list[tuple[int, int]] = []
        self._find_current = -1
        self._label_actions: list[QAction] = []
        self._data_version = data_version(store)

        self._build_widgets()
        self._build_layout()
        self._build_menus()
        self._connect()

        self._refresh_labels()
        self.document_model.reload()
        self._refresh_progress()
        self._refresh_model_state()
        self._restore_state()

    # -- construction -------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.action_set: Actions = build_actions(self)
        self.document_model = DocumentListModel(self.store)
        self.document_list = DocumentListPane(self.document_model)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setContentsMargins(18, 10, 18, 4)
        self.view = AnnotationView()
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.label_model = LabelListModel()
        self.label_palette = QListView()
        self.label_palette.setModel(self.label_model)
        self.label_palette.setToolTip("Click a label, or press its key, to label the selected text")
        self.inspector = SpanInspector()
        self.document_panel = DocumentPanel()
        self.progress_label = QLabel()
        self.model_label = QLabel()
        self.task_progress = QProgressBar()
        self.task_progress.setMaximumWidth(220)
        self.task_progress.hide()
        self._poll = QTimer(self)
        self._poll.setInterval(EXTERNAL_POLL_MS)
        self.import_job = ImportJob(self.store, self.controller.annotator, self)
        self.preannotate_job: PreannotateJob | None = None
        self.setAcceptDrops(True)

    def _build_layout(self) -> None:
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        editor_layout.addWidget(self.heading)
        page = QWidget()
        page.setAutoFillBackground(True)
        page.setBackgroundRole(QPalette.ColorRole.Base)
        page_layout = QHBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addStretch(1)
        page_layout.addWidget(self.view, 100)
        page_layout.addStretch(1)
        self.view.setMaximumWidth(self.view.reading_width())
        editor_layout.addWidget(page, 1)
        editor_layout.addWidget(self.find_bar)

        side = QSplitter(Qt.Orientation.Vertical)
        palette_box = QWidget()
        palette_layout = QVBoxLayout(palette_box)
        palette_layout.setContentsMargins(6, 6, 6, 0)
        palette_layout.addWidget(QLabel("Labels"))
        palette_layout.addWidget(self.label_palette)
        side.addWidget(palette_box)
        side.addWidget(self.inspector)
        side.addWidget(self.document_panel)
        side.setSizes([300, 340, 220])
        self.side_splitter = side

        splitter = QSplitter()
        splitter.addWidget(self.document_list)
        splitter.addWidget(editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([380, 620, 320])
        splitter.setChildrenCollapsible(False)
        self.main_splitter = splitter
        self.setCentralWidget(splitter)

        status = self.statusBar()
        status.addWidget(self.progress_label)
        status.addPermanentWidget(self.task_progress)
        status.addPermanentWidget(self.model_label)

    def _build_menus(self) -> None:
        a = self.action_set
        menus: dict[str, list[QAction | None]] = {
            "File": [
                a.import_files,
                a.export,
                None,
                a.preannotate,
                None,
                a.edit_labels,
                None,
                a.quit,
            ],
            "Edit": [
                a.undo,
                a.redo,
                None,
                a.find,
                a.find_next,
                a.find_previous,
                None,
                a.label_occurrences,
            ],
            "Span": [
                a.accept,
                a.reject,
                a.delete,
                None,
                a.next_span,
                a.previous_span,
                None,
                a.widen_start,
                a.narrow_start,
                a.widen_end,
                a.narrow_end,
                None,
                a.tag_span,
                a.note_span,
            ],
            "Document": [
                a.accept_all,
                a.reject_label,
                a.tag_document,
                None,
                a.done_next,
                a.next_document,
                a.previous_document,
            ],
            "Labels": [],
            "View": [a.show_rejected],
            "Help": [a.shortcuts, a.about],
        }
        for title, entries in menus.items():
            menu = self.menuBar().addMenu(title)
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(entry)
            if title == "Labels":
                self.labels_menu = menu
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for entry in (
            a.import_files,
            a.export,
            None,
            a.undo,
            a.redo,
            None,
            a.accept,
            a.reject,
            a.delete,
            a.accept_all,
            None,
            a.done_next,
            None,
            a.find,
            a.label_occurrences,
            a.preannotate,
            None,
            a.edit_labels,
            a.shortcuts,
        ):
            if entry is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(entry)
        for widget in self._key_targets():
            widget.addActions(a.single_key())

    def _key_targets(self) -> list[QWidget]:
        return [self.view, self.document_list.table, self.label_palette]

    def _connect(self) -> None:
        a, c = self.action_set, self.controller
        self.document_list.document_chosen.connect(self.open_document)
        self.view.span_clicked.connect(self._span_clicked)
        self.label_palette.clicked.connect(
            lambda index: self.apply_label(index.data(LABEL_ID_ROLE))
        )
        c.document_opened.connect(self._document_opened)
        c.spans_changed.connect(self._spans_changed)
        c.selection_changed.connect(self._selection_changed)
        c.documents_changed.connect(self._documents_changed)
        c.document_refreshed.connect(self._document_refreshed)
        c.navigate_requested.connect(self._navigate)
        c.labels_changed.connect(self._refresh_labels)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        c.undo_stack.canUndoChanged.connect(a.undo.setEnabled)
        c.undo_stack.canRedoChanged.connect(a.redo.setEnabled)
        c.undo_stack.undoTextChanged.connect(lambda t: a.undo.setText(f"Undo {t}".strip()))
        c.undo_stack.redoTextChanged.connect(lambda t: a.redo.setText(f"Redo {t}".strip()))
        self.inspector.relabel_requested.connect(
            lambda label_id: c.label_selection(label_id, None, False)
        )
        self.inspector.accept_requested.connect(lambda: c.set_selected_status("accepted"))
        self.inspector.reject_requested.connect(lambda: c.set_selected_status("rejected"))
        self.inspector.delete_requested.connect(c.delete_selected)
        self.inspector.tag_add_requested.connect(c.add_span_tag)
        self.inspector.tag_remove_requested.connect(c.remove_span_tag)
        self.inspector.note_requested.connect(c.set_note)
        self.document_panel.status_requested.connect(c.set_document_status)
        self.document_panel.tag_add_requested.connect(c.add_document_tag)
        self.document_panel.tag_remove_requested.connect(c.remove_document_tag)
        self.find_bar.search_changed.connect(self._find)
        self.find_bar.step_requested.connect(self._find_step)
        self.find_bar.closed.connect(self._find_closed)
        a.undo.triggered.connect(self._undo)
        a.redo.triggered.connect(self._redo)
        a.accept.triggered.connect(lambda: c.set_selected_status("accepted"))
        a.reject.triggered.connect(lambda: c.set_selected_status("rejected"))
        a.delete.triggered.connect(c.delete_selected)
        a.next_span.triggered.connect(lambda: self._step_span(1))
        a.previous_span.triggered.connect(lambda: self._step_span(-1))
        a.widen_start.triggered.connect(lambda: c.move_selected_edge("start", -1))
        a.narrow_start.triggered.connect(lambda: c.move_selected_edge("start", 1))
        a.widen_end.triggered.connect(lambda: c.move_selected_edge("end", 1))
        a.narrow_end.triggered.connect(lambda: c.move_selected_edge("end", -1))
        a.tag_span.triggered.connect(self.inspector.focus_tags)
        a.note_span.triggered.connect(self.inspector.focus_note)
        a.accept_all.triggered.connect(c.accept_all)
        a.reject_label.triggered.connect(self._reject_label)
        a.tag_document.triggered.connect(self.document_panel.focus_tags)
        a.done_next.triggered.connect(self._done_next)
        a.next_document.triggered.connect(lambda: self.document_list.step(1))
        a.previous_document.triggered.connect(lambda: self.document_list.step(-1))
        a.find.triggered.connect(self._open_find)
        a.find_next.triggered.connect(lambda: self._find_step(1))
        a.find_previous.triggered.connect(lambda: self._find_step(-1))
        a.label_occurrences.triggered.connect(self._label_occurrences)
        a.edit_labels.triggered.connect(self._edit_labels)
        a.show_rejected.toggled.connect(self._show_rejected)
        a.shortcuts.triggered.connect(self._show_shortcuts)
        a.about.triggered.connect(self._show_about)
        a.quit.triggered.connect(self.close)
        a.import_files.triggered.connect(self._choose_import)
        a.preannotate.triggered.connect(self._toggle_preannotation)
        a.choose_model.triggered.connect(self._choose_model)
        a.export.triggered.connect(self._export)
        self.import_job.progress.connect(self._import_progress)
        self.import_job.finished.connect(self._import_finished)
        self.import_job.failed.connect(self._import_failed)
        self._poll.timeout.connect(self._check_outside_changes)
        self._poll.start()

    # -- documents ----------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        self.inspector.flush_note()
        self.document_list.select_document(document_id, emit=False)
        self.controller.open_document(document_id)

    def _document_opened(self, info: DocumentInfo | None) -> None:
        c = self.controller
        self.heading.setText(info.title if info else "No document")
        self.view.show_document(info.text if info else "", c.index, c.labels_by_id)
        self.document_panel.show_document(info, c.known_tags())
        self.label_model.set_counts(c.label_counts())
        if self.find_bar.isVisible():
            self._find(self.find_bar.entry.text(), self.find_bar.match_case.isChecked())
        if info is not None:
            self.settings.setValue("last_document", info.id)

    def _document_refreshed(self, info: DocumentInfo | None) -> None:
        self.document_panel.show_document(info, self.controller.known_tags())

    def _documents_changed(self, ids: set[int]) -> None:
        self.document_model.refresh_documents(ids)
        self._refresh_progress()

    def _navigate(self, document_id: int) -> None:
        if not self.document_list.select_document(document_id, emit=False):
            self.document_list.search.clear()
            self.document_list.status_filter.setCurrentIndex(0)
            self.document_list.apply_filters()
            self.document_list.select_document(document_id, emit=False)
        self.controller.open_document(document_id)

    def _done_next(self) -> None:
        next_id = self.controller.mark_done_and_next()
        if next_id is not None:
            self._navigate(next_id)
            self.view.setFocus()
        else:
            self.statusBar().showMessage("Every document is done", 5000)

    def _refresh_progress(self) -> None:
        done, total = corpus_progress(self.store)
        self.progress_label.setText(f"{done} of {total} documents done")

    def _check_outside_changes(self) -> None:
        """Another window or `tagdesk import` committed: show its documents without a restart."""
        version = data_version(self.store)
        if version == self._data_version:
            return
        self._data_version = version
        current = self.document_list.current_document()
        self.document_model.reload()
        if current is not None:
            self.document_list.select_document(current, emit=False)
        self.controller.reload_spans()
        self._refresh_progress()

    # -- spans --------------------------------------------------------------------

    def apply_label(self, label_id: int) -> None:
        from PySide6.QtWidgets import QApplication

        exact = self.view.exact_selection or bool(
            QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier
        )
        self.controller.label_selection(label_id, self.view.selection_range(), exact)
        self.view.clear_selection()
        self.view.exact_selection = False

    def _span_clicked(self, span_id: int) -> None:
        self.controller.select_span(span_id) if span_id else self.controller.select_span(0)

    def _step_span(self, step: int) -> None:
        offset = self.view.offsets.to_python(self.view.textCursor().position())
        self.controller.step_selection(step, offset)

    def _spans_changed(self, ranges: list[tuple[int, int]]) -> None:
        self.view.spans_changed(ranges)
        self.label_model.set_counts(self.controller.label_counts())

    def _selection_changed(self, span: SpanRecord | None) -> None:
        self.view.set_selected_span(span, scroll=span is not None)
        self.inspector.show_span(
            span, self.controller.span_text(span), self.controller.known_tags()
        )

    def _show_rejected(self, shown: bool) -> None:
        self.view.highlighter.show_rejected = shown
        self.view.highlighter.rehighlight()

    def _undo(self) -> None:
        self.inspector.flush_note()
        self.controller.undo_stack.undo()

    def _redo(self) -> None:
        self.controller.undo_stack.redo()

    # -- labels -------------------------------------------------------------------

    def _refresh_labels(self) -> None:
        c = self.controller
        self.label_model.set_labels(c.labels)
        self.inspector.set_labels(c.labels)
        self.view.set_labels(c.labels_by_id)
        self.document_list.set_choices(c.labels, c.known_tags())
        for action in self._label_actions:
            for widget in self._key_targets():
                widget.removeAction(action)
            self.labels_menu.removeAction(action)
        self._label_actions = []
        for label in c.labels:
            action = QAction(label.name, self)
            action.setIcon(
                self.label_model.data(
                    self.label_model.index(c.labels.index(label)), Qt.ItemDataRole.DecorationRole
                )
            )
            if label.hotkey:
                action.setShortcuts(
                    [QKeySequence(label.hotkey), QKeySequence(f"Alt+{label.hotkey}")]
                )
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setStatusTip(label.description)
            action.triggered.connect(lambda _=False, label_id=label.id: self.apply_label(label_id))
            self.labels_menu.addAction(action)
            for widget in self._key_targets():
                widget.addAction(action)
            self._label_actions.append(action)

    def _edit_labels(self) -> None:
        from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog

        dialog = LabelSchemeDialog(self.store, self)
        dialog.exec()
        self.controller.reload_labels()

    def _reject_label(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        c = self.controller
        suggested = sorted({s.label_id for s in c.spans if s.status == "suggested"})
        if not suggested:
            self.statusBar().showMessage("No suggestions in this document", 4000)
            return
        names = [c.labels_by_id[label_id].name for label_id in suggested]
        default = (
            names.index(c.labels_by_id[c.selected.label_id].name)
            if (c.selected and c.selected.label_id in suggested)
            else 0
        )
        name, ok = QInputDialog.getItem(
            self, "Reject all of a label", "Reject every suggestion labelled", names, default, False
        )
        if ok:
            c.reject_label(suggested[names.index(name)])

    def _label_occurrences(self) -> None:
        from tagdesk.gui.occurrences_dialog import OccurrencesDialog

        c = self.controller
        selection = self.view.selection_range()
        if c.document is None:
            return
        if selection is not None:
            needle = c.document.text[selection[0] : selection[1]]
        elif c.selected is not None:
            needle = c.span_text(c.selected)
        else:
            self.statusBar().showMessage("Select text or a span first", 4000)
            return
        default = c.selected.label_id if c.selected else None
        dialog = OccurrencesDialog(self.store, needle, c.labels, c.document.id, default, self)
        if dialog.exec():
            c.label_occurrences(dialog.chosen_label(), dialog.chosen_occurrences())

    # -- find ---------------------------------------------------------------------

    def _open_find(self) -> None:
        selection = self.view.selection_range()
        text = ""
        if selection and self.controller.document:
            text = self.controller.document.text[selection[0] : selection[1]]
        self.find_bar.open_bar(text)

    def _find(self, needle: str, match_case: bool) -> None:
        document = self.controller.document
        self._find_hits = find_all(document.text, needle, match_case=match_case) if document else []
        self._find_current = -1
        self.view.set_find_hits(self._find_hits)
        self.find_bar.show_count(0, len(self._find_hits))
        if self._find_hits:
            self._find_step(1)

    def _find_step(self, step: int) -> None:
        if not self._find_hits:
            return
        self._find_current = (self._find_current + step) % len(self._find_hits)
        start, end = self._find_hits[self._find_current]
        self.view.select_range(start, end)
        self.find_bar.show_count(self._find_current + 1, len(self._find_hits))

    def _find_closed(self) -> None:
        self._find_hits = []
        self.view.set_find_hits([])
        self.view.setFocus()

    # -- pre-annotation -------------------------------------------------------------

    def _refresh_model_state(self, running: str = "") -> None:
        from tagdesk.nlp.models import INSTALL_COMMAND, default_model, model_problem
        from tagdesk.store.settings import chosen_model

        chosen = chosen_model(self.store)
        name = chosen or default_model()
        if name is None:
            self.model_label.setText("No spaCy model")
            self.model_label.setToolTip(
                f"Manual annotation works; to get suggestions: {INSTALL_COMMAND}"
            )
        elif chosen and model_problem(chosen):
            self.model_label.setText("Model missing")
            self.model_label.setToolTip(model_problem(chosen) or "")
        else:
            self.model_label.setText(f"Model: {name}{running}")
            self.model_label.setToolTip("Suggestions come from this spaCy pipeline")
        self.action_set.preannotate.setEnabled(name is not None)

    def watch_preannotation(self, job: PreannotateJob) -> None:
        """Show a pre-annotation run's progress and its suggestions as they land."""
        self.preannotate_job = job
        self.action_set.preannotate.setText("Stop pre-annotation")
        self.task_progress.setRange(0, 0)
        self.task_progress.show()
        job.progress.connect(self._preannotate_progress)
        job.finished.connect(self._preannotate_finished)
        job.failed.connect(self._preannotate_failed)
        job.cancelled.connect(self._preannotate_stopped)

    def _toggle_preannotation(self) -> None:
        from tagdesk.store.settings import chosen_model

        if self.preannotate_job is not None and self.preannotate_job.is_running():
            self.preannotate_job.cancel()
            return
        job = PreannotateJob(self.store.location, chosen_model(self.store), parent=self)
        self.watch_preannotation(job)
        self.statusBar().showMessage("Suggesting entities in documents that have none yet…")
        job.start()

    def _preannotate_progress(self, done: int, total: int) -> None:
        self.task_progress.setRange(0, max(total, 1))
        self.task_progress.setValue(done)
        self._refresh_model_state(f" · suggesting {done}/{total}")
        self._check_outside_changes()

    def _preannotate_finished(self, summary: object) -> None:
        from tagdesk.gui.preannotate_job import summary_text

        self._preannotate_ended(summary_text(summary))  # type: ignore[arg-type]

    def _preannotate_failed(self, message: str) -> None:
        self._preannotate_ended("")
        QMessageBox.warning(self, "Pre-annotation failed", message)

    def _preannotate_stopped(self) -> None:
        self._preannotate_ended(
            "Pre-annotation stopped; the documents already done keep their suggestions"
        )

    def _preannotate_ended(self, message: str) -> None:
        self.task_progress.hide()
        self.action_set.preannotate.setText("Pre-annotate with spaCy")
        self._refresh_model_state()
        self._check_outside_changes()
        if message:
            self.statusBar().showMessage(message, 8000)

    def _choose_model(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from tagdesk.nlp.models import default_model, model_problem
        from tagdesk.store.settings import choose_model, chosen_model

        current = chosen_model(self.store) or default_model() or ""
        name, ok = QInputDialog.getText(
            self,
            "spaCy model",
            "Pipeline package name or folder (empty: the default):",
            text=current,
        )
        if not ok:
            return
        name = name.strip()
        problem = model_problem(name) if name else None
        if problem:
            QMessageBox.warning(self, "spaCy model", problem)
            return
        choose_model(self.store, name or None)
        self._refresh_model_state()

    # -- import and export ----------------------------------------------------------

    def _choose_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import documents",
            "",
            "Documents (*.txt *.jsonl *.ndjson *.json *.spacy *.conll *.iob *.ann);;All files (*)",
        )
        if files:
            self.import_paths([Path(name) for name in files])

    def import_paths(self, paths: list[Path]) -> None:
        if self.import_job.is_running():
            self.statusBar().showMessage("An import is already running", 4000)
            return
        self.task_progress.setRange(0, 0)
        self.task_progress.setFormat("Importing…")
        self.task_progress.show()
        self.statusBar().showMessage(f"Importing {len(paths)} item(s)…")
        self.import_job.start(paths)

    def _import_progress(self, count: int, expected: int) -> None:
        if expected:
            self.task_progress.setRange(0, expected)
            self.task_progress.setValue(min(count, expected))
            self.task_progress.setFormat("Importing… %p%")
        self.statusBar().showMessage(f"Importing… {count} documents read")

    def _import_finished(self, summary: object) -> None:
        self.task_progress.hide()
        self.statusBar().showMessage(f"Import done: {summary.describe()}", 8000)  # type: ignore[attr-defined]
        self.controller.reload_labels()
        self._data_version = data_version(self.store)
        self.document_model.reload()
        if self.controller.document is not None:
            self.document_list.select_document(self.controller.document.id, emit=False)
        elif self.document_model.ids:
            self.open_document(self.document_model.ids[0])
        self._refresh_progress()

    def _import_failed(self, message: str) -> None:
        self.task_progress.hide()
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Import failed", f"{message}\n\nNothing was imported.")

    def _export(self) -> None:
        from tagdesk.gui.export_dialog import ExportDialog

        ExportDialog(self.store, self).exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- help -----------------------------------------------------------------------

    def _show_shortcuts(self) -> None:
        from tagdesk.gui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog([*self.action_set.all(), *self._label_actions], self).exec()

    def _show_about(self) -> None:
        from tagdesk.gui.about_dialog import AboutDialog

        AboutDialog(self.data_dir, self.store.location, self).exec()

    # -- state ----------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for key, splitter in (
            ("main_splitter", self.main_splitter),
            ("side_splitter", self.side_splitter),
        ):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        last = self.settings.value("last_document")
        ids = self.document_model.ids
        start = int(last) if last is not None and str(last).isdigit() and int(last) in ids else None
        if start is None and ids:
            start = ids[0]
        if start is not None:
            self.open_document(start)
            scroll = self.settings.value("scroll")
            if scroll is not None and str(scroll).isdigit():
                QTimer.singleShot(0, lambda: self.view.verticalScrollBar().setValue(int(scroll)))

    def save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("main_splitter", self.main_splitter.saveState())
        self.settings.setValue("side_splitter", self.side_splitter.saveState())
        self.settings.setValue("scroll", self.view.verticalScrollBar().value())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inspector.flush_note()
        self.import_job.wait()
        if self.preannotate_job is not None:
            self.preannotate_job.shutdown()
        self.save_state()
        self._poll.stop()
        super().closeEvent(event)
