"""The main window: document list, text, and the panels around it.

Built in three steps (widgets, layout, one block of connections); children
ask through `*_requested` signals and the controller does the work.

What the first paint shows (the frame, menus and toolbar, the document list,
the text with its spans, the Labels list and the places of the other panes) is
built first; the rest (the span inspector, the Document panel, the entity and
relation panes, the background work, every connection the analyst's keys and
clicks go through) by `complete`. The constructor calls it, unless `tagdesk`
asks it not to, to paint first: then it runs in the event loop turn after the
paint, or before the first key or click if one comes sooner (gui/first_paint.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.errors import StoreError
from tagdesk.core.records import DocumentInfo, SpanRecord
from tagdesk.core.text import title_from_text
from tagdesk.core.wording import counted
from tagdesk.gui.actions import Actions, build_actions
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.controller import AnnotationController, Tokenizer
from tagdesk.gui.document_find import DocumentFind
from tagdesk.gui.document_list_pane import DocumentListPane
from tagdesk.gui.document_model import DocumentListModel
from tagdesk.gui.find_bar import FindBar
from tagdesk.gui.first_paint import BeforeInput, before_input
from tagdesk.gui.fitting_label import FittingLabel
from tagdesk.gui.icons import icon
from tagdesk.gui.job_status import job_status_widgets
from tagdesk.gui.label_model import LABEL_ID_ROLE, LabelListModel
from tagdesk.gui.menus import add_menus, add_toolbar
from tagdesk.gui.relation_display import RelationDisplay
from tagdesk.gui.team_work import TeamWork
from tagdesk.store import Store
from tagdesk.store.document_list import corpus_progress
from tagdesk.store.reading import document_tag_names_in_use
from tagdesk.store.settings import (
    IMPORTS_KEY,
    LEAST_SURE_KEY,
    MODEL_KEY,
    PHRASES_KEY,
    TAB_SUGGESTIONS_KEY,
    least_sure_first,
    preannotates_imports,
    suggests_phrases,
    tab_suggestions_only,
)

if TYPE_CHECKING:
    from tagdesk.core.changes import ChangeReport
    from tagdesk.gui.background import BackgroundWork
    from tagdesk.gui.document_panel import DocumentPanel
    from tagdesk.gui.entity_panes import EntityPanes
    from tagdesk.gui.outside_changes import OutsideChanges
    from tagdesk.gui.relation_panes import RelationPanes
    from tagdesk.gui.span_inspector import SpanInspector

SPLITTER_HANDLE = 9  # pixels: wide enough to grab without hunting for it
SIDE_SHARES = [170, 500, 230]  # the side column's heights: labels, span and entity, document
ENTITIES_TAB = "Entities"
EDITOR_GUTTER = 24  # pixels either side of the text at its widest


class MainWindow(QMainWindow):
    # Built by `complete`, after the first paint when `tagdesk` starts the window.
    inspector: SpanInspector
    document_panel: DocumentPanel
    background: BackgroundWork
    outside: OutsideChanges
    entity_panes: EntityPanes
    relation_panes: RelationPanes

    def __init__(
        self,
        store: Store,
        *,
        settings_path: Path,
        annotator: str,
        data_dir: Path | None = None,
        tokenizer: Tokenizer,
        complete_later: bool = False,
    ) -> None:
        """The whole window; with `complete_later`, what the first paint shows, and the
        caller runs `complete` once it has painted (a key or click sooner runs it first)."""
        super().__init__()
        self.store = store
        self.data_dir = data_dir or settings_path.parent
        self.settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        self.controller = AnnotationController(store, annotator, tokenizer, self)
        self.setWindowTitle("Tagdesk")
        self.setWindowIcon(icon("tagdesk"))
        self._label_actions: list[QAction] = []
        self._shown_document: int | None = None
        self._reading_at: dict[int, int] = {}  # document id: the offset shown at the top
        self._panel_shows: DocumentInfo | None = None  # what the document panel shows
        self.completed = False
        self._before_input: BeforeInput | None = None

        self._build_widgets()
        self._build_layout()
        self._build_menus()
        self.controller.document_opened.connect(self._show_text)
        self._show_labels()
        self.document_model.reload()
        self._refresh_progress()
        self._restore_state()
        self.view.setFocus()  # the label keys, Tab and Return act on the text from the start
        if not complete_later:
            self.complete()

    # -- construction -------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.action_set: Actions = build_actions(self)
        self.document_model = DocumentListModel(self.store)
        self.document_list = DocumentListPane(self.document_model)
        self.heading = FittingLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setContentsMargins(18, 10, 18, 4)
        self.view = AnnotationView()
        self.relation_display = RelationDisplay(
            self.store,
            self.view.arcs,
            lambda: (self.controller.writer, self.controller.showing),
            self,
        )
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.finder = DocumentFind(self.find_bar, self.view, lambda: self.controller.document, self)
        self.label_model = LabelListModel()
        self.label_palette = QListView()
        self.label_palette.setModel(self.label_model)
        self.label_palette.setToolTip("Click a label, or press its key, to label the selected text")
        self.progress_label = QLabel()
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

        # The Labels list, then the places `complete` gives the span and the document panes.
        side = QSplitter(Qt.Orientation.Vertical)
        palette_box = QWidget()
        palette_layout = QVBoxLayout(palette_box)
        palette_layout.setContentsMargins(6, 6, 6, 0)
        palette_layout.addWidget(QLabel("Labels"))
        palette_layout.addWidget(self.label_palette)
        side.addWidget(palette_box)
        side.addWidget(QWidget())
        side.addWidget(QWidget())
        side.setSizes(SIDE_SHARES)  # the labels list scrolls; the span needs the room
        side.setHandleWidth(SPLITTER_HANDLE)
        self.side_splitter = side

        # The document list, and the Entities panel beside it once built.
        self.left_tabs = QTabWidget()
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.setSizePolicy(self.document_list.sizePolicy())
        self.left_tabs.addTab(self.document_list, "Documents")
        self.left_tabs.addTab(QWidget(), ENTITIES_TAB)

        # The text keeps a readable measure; width beyond it goes to the list's titles.
        editor.setMaximumWidth(self.view.maximumWidth() + 2 * EDITOR_GUTTER)
        splitter = QSplitter()
        splitter.setHandleWidth(SPLITTER_HANDLE)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([450, 550, 300])
        splitter.setChildrenCollapsible(False)
        self.main_splitter = splitter
        self.setCentralWidget(splitter)
        status = self.statusBar()
        status.addWidget(self.progress_label)
        self._job_status = job_status_widgets()  # the background work's, once built
        for widget in self._job_status:
            status.addPermanentWidget(widget)

    def _build_menus(self) -> None:
        a = self.action_set
        self.labels_menu = add_menus(self, a)
        add_toolbar(self, a)
        self.team = TeamWork(self.store, self.controller, self.document_list, self)

    def complete(self, *, painted: bool = False) -> None:
        """The panes, the background work and the connections the first paint does not need.

        Run once; the panes built here show the open document and the labels at once.
        `painted`: the window is on screen, so nothing here waits for its first paint.
        """
        if self.completed:
            if painted:  # built before the paint, by a key: the registry is read now
                self.entity_panes.read_registry()
            return
        self.completed = True
        if self._before_input is not None:
            self._before_input.drop()
        from tagdesk.gui.background import BackgroundWork
        from tagdesk.gui.document_panel import DocumentPanel
        from tagdesk.gui.entity_panes import add_entity_panes
        from tagdesk.gui.field_keys import WindowKeysInFields
        from tagdesk.gui.outside_changes import OutsideChanges
        from tagdesk.gui.relation_panes import add_relation_panes
        from tagdesk.gui.span_inspector import SpanInspector

        self.inspector = SpanInspector()
        self.document_panel = DocumentPanel()
        for slot, pane in ((1, self.inspector), (2, self.document_panel)):
            place = self.side_splitter.replaceWidget(slot, pane)
            if place is not None:
                place.deleteLater()
        self.background = BackgroundWork(
            self.store,
            self.controller.annotator,
            self.action_set.preannotate,
            self,
            self.data_dir,
            status=self._job_status,
        )
        self.outside = OutsideChanges(self.store, self.controller, self.document_list, self)
        for widget in self._key_targets():
            widget.addActions(self.action_set.single_key())
        WindowKeysInFields(self.action_set.all(), self).watch(self)
        self.controller.prepare_editing()
        self._connect()
        self.entity_panes = add_entity_panes(self, painted=painted)
        self.relation_panes = add_relation_panes(self)  # after: it joins the entity panes' slot

        store = self.store
        self.inspector.set_labels(self.controller.labels)
        self.action_set.tab_suggestions_only.setChecked(tab_suggestions_only(store))
        self.action_set.least_sure_first.setChecked(least_sure_first(store))
        self._follow_document(self.controller.document)
        state = self.settings.value("side_splitter")
        if isinstance(state, QByteArray):
            self.side_splitter.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown before `complete` has run: a key or click that comes before it runs it first."""
        if not self.completed and self._before_input is None:
            lists = (self.document_list.table, self.label_palette)
            watched = [self.view, self.view.viewport(), *(view.viewport() for view in lists)]
            self._before_input = before_input(self, watched, self.complete)
        super().showEvent(event)

    def _key_targets(self) -> list[QWidget]:
        return [self.view, self.document_list.table, self.label_palette]

    def _connect(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        a, c = self.action_set, self.controller
        self.document_list.document_chosen.connect(self.open_document)
        self.view.span_clicked.connect(self._span_clicked)
        self.label_palette.clicked.connect(
            lambda index: self.apply_label(index.data(LABEL_ID_ROLE))
        )
        c.document_opened.connect(self._follow_document)
        c.spans_changed.connect(self._spans_changed)
        c.selection_changed.connect(self._selection_changed)
        c.selection_refreshed.connect(self._selection_refreshed)
        c.changed.connect(self._changed)
        c.changed.connect(self.relation_display.changed)
        c.selection_changed.connect(lambda _span: self.relation_display.follow_view())
        c.navigate_requested.connect(self._navigate)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        c.save_failed.connect(lambda text: QMessageBox.warning(self, "Not saved", text))
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
        a.tag_span.triggered.connect(lambda: self._to_span_field(self.inspector.focus_tags, "tag"))
        a.note_span.triggered.connect(
            lambda: self._to_span_field(self.inspector.focus_note, "write a note on")
        )
        a.accept_all.triggered.connect(c.accept_all)
        a.reject_label.triggered.connect(self._reject_label)
        a.tag_document.triggered.connect(self.document_panel.focus_tags)
        a.done_next.triggered.connect(self._done_next)
        a.next_document.triggered.connect(lambda: self.document_list.step(1))
        a.previous_document.triggered.connect(lambda: self.document_list.step(-1))
        a.find.triggered.connect(self.finder.open_bar)
        a.find_next.triggered.connect(lambda: self.finder.step(1))
        a.find_previous.triggered.connect(lambda: self.finder.step(-1))
        a.label_occurrences.triggered.connect(self._label_occurrences)
        a.edit_labels.triggered.connect(self._edit_labels)
        a.show_rejected.toggled.connect(self._show_rejected)
        a.tab_suggestions_only.toggled.connect(self._set_tab_suggestions_only)
        a.least_sure_first.toggled.connect(self._set_least_sure_first)
        a.shortcuts.triggered.connect(self._show_shortcuts)
        a.about.triggered.connect(self._show_about)
        a.show_statistics.triggered.connect(self._show_statistics)
        a.quit.triggered.connect(self.close)
        a.import_files.triggered.connect(self.background.choose_import)
        a.preannotate.triggered.connect(self.background.toggle_preannotation)
        a.choose_model.triggered.connect(self.background.choose_model)
        a.train.triggered.connect(self.background.train)
        a.preannotate_imports.setChecked(preannotates_imports(self.store))
        a.preannotate_imports.toggled.connect(self.background.set_import_preannotation)
        a.phrase_suggestions.setChecked(c.phrases.enabled)
        a.phrase_suggestions.toggled.connect(c.phrases.set_enabled)
        self.background.changed.connect(c.report)
        self.background.message.connect(self._show_message)
        a.export.triggered.connect(self._export)
        self.outside.changed.connect(c.report)
        c.changed.connect(self.outside.saw)
        self.outside.start()

    # -- documents ----------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        if self.completed:  # else no note is being written yet
            self.inspector.flush_note()
        self.document_list.select_document(document_id, emit=False)
        self.controller.open_document(document_id)

    def _show_text(self, info: DocumentInfo | None) -> None:
        """The document opened, as the first paint shows it: its title, text and spans."""
        c = self.controller
        if self._shown_document is not None:
            self._reading_at[self._shown_document] = self.view.top_offset()
        self._shown_document = info.id if info else None
        self.heading.setText(info.title if info else "No document")
        # A plain-text article's title is its first line: shown there, not twice.
        self.heading.setVisible(info is None or title_from_text(info.text) != info.title.strip())
        relations, types = self.relation_display.for_document(info.id if info else None)
        self.view.show_document(
            info.text if info else "",
            c.index,
            c.labels_by_id,
            relations=relations,
            relation_types=types,
            top=self._reading_at.get(info.id, 0) if info else 0,
        )
        if info is not None and info.id in self._reading_at:
            self.view.scroll_to_top_offset(self._reading_at[info.id])
        self.label_model.set_counts(c.label_counts())
        self.finder.document_opened()
        if info is not None:
            self.settings.setValue("last_document", info.id)

    def _follow_document(self, info: DocumentInfo | None) -> None:
        """The document opened, in the panes `complete` builds, and its tokens prepared."""
        self._show_document_panel(info)
        if info is not None:
            self.background.prepare_tokens(info.id, self.document_model.ids)

    def _show_document_panel(self, info: DocumentInfo | None) -> None:
        self._panel_shows = info
        self.document_panel.show_document(info, self.controller.known_tags())

    def _changed(self, report: ChangeReport) -> None:
        """Every write the window sees (its own, its jobs', others'): each pane, as the report says.

        The controller has brought its labels, spans and open document up to
        date already; the window's panes follow here and nowhere else.
        """
        c = self.controller
        if report.outside or report.new_documents:
            self._reload_list()
        elif report.documents:
            self.document_model.refresh_documents(
                set(report.documents), assignments_kept=report.statuses_kept
            )
        if report.labels:
            self._refresh_labels()
        elif report.tags or report.outside or report.new_documents:
            self._refresh_tag_filter()  # _refresh_labels does it too
        if report.outside or (report.documents and not report.statuses_kept):
            self._refresh_progress()
        if c.document is not self._panel_shows or report.tags:  # its status or tags changed
            self._show_document_panel(c.document)
        settings = report.settings
        if report.outside or TAB_SUGGESTIONS_KEY in settings:
            self.action_set.tab_suggestions_only.setChecked(tab_suggestions_only(self.store))
        if report.outside or LEAST_SURE_KEY in settings:
            self.action_set.least_sure_first.setChecked(least_sure_first(self.store))
        if report.outside or IMPORTS_KEY in settings:
            self.action_set.preannotate_imports.setChecked(preannotates_imports(self.store))
        if report.outside or PHRASES_KEY in settings:
            self.action_set.phrase_suggestions.setChecked(suggests_phrases(self.store))
        if report.outside or MODEL_KEY in settings:
            self.background.refresh_model_state()

    def _reload_list(self) -> None:
        """The list asks again: documents came, or another process changed anything."""
        current = self.document_list.current_document()
        self.document_model.reload()
        if current is not None:
            self.document_list.select_document(current, emit=False)
        if self.controller.document is None and self.document_model.ids:
            self.open_document(self.document_model.ids[0])

    def _refresh_tag_filter(self) -> None:
        self.document_list.set_tags(document_tag_names_in_use(self.store))

    def _navigate(self, document_id: int) -> None:
        if not self.document_list.select_document(document_id, emit=False):
            self.document_list.show_all_documents()
            self.document_list.search.clear()
            self.document_list.status_filter.setCurrentIndex(0)
            self.document_list.apply_filters()
            self.document_list.select_document(document_id, emit=False)
        self.controller.open_document(document_id)

    def _done_next(self) -> None:
        next_id = self.controller.mark_done_and_next()
        shown = self.controller.document
        if shown is not None and shown.status != "done":
            return  # not saved: the window has said why, and shows what is stored
        if next_id is not None:
            self._navigate(next_id)
            self.view.setFocus()
        else:
            self.statusBar().showMessage("Every document is done", 5000)

    def _refresh_progress(self) -> None:
        done, total = corpus_progress(self.store)
        mine = self.team.progress_text()
        self.progress_label.setText(mine or f"{done} of {counted(total, 'document')} done")

    def _show_message(self, text: str, milliseconds: int) -> None:
        if text:
            self.statusBar().showMessage(text, milliseconds)
        else:
            self.statusBar().clearMessage()

    # -- spans --------------------------------------------------------------------

    def apply_label(self, label_id: int) -> None:
        self.controller.label_selection(label_id, self.view.selection_range(), self._exact())
        self.view.clear_selection()
        self.view.exact_selection = False

    def _exact(self) -> bool:
        """Alt, held while selecting or now, keeps the exact characters instead of whole words."""
        from PySide6.QtWidgets import QApplication

        return self.view.exact_selection or bool(
            QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier
        )

    def _span_clicked(self, span_id: int) -> None:
        self.controller.select_span(span_id)

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

    def _selection_refreshed(self, span: SpanRecord | None) -> None:
        """The selected span as someone else left it: shown, the cursor and scroll kept."""
        self.view.set_selected_span(span, scroll=False)
        self.inspector.show_span(
            span, self.controller.span_text(span), self.controller.known_tags()
        )

    def _to_span_field(self, focus: Callable[[], None], verb: str) -> None:
        """Ctrl+T and Ctrl+N go to the selected span's fields, or say how to select one."""
        if self.controller.selected is None:
            self.statusBar().showMessage(
                f"Select a span first (click it, or press Tab), then {verb} it", 5000
            )
            return
        focus()

    def _set_tab_suggestions_only(self, only: bool) -> None:
        """Kept in the database's settings, so it travels with the corpus."""
        from tagdesk.store.operations import set_tab_suggestions_only

        self.controller.tab_suggestions_only = only
        if tab_suggestions_only(self.store) != only:
            try:
                self.controller.report(set_tab_suggestions_only(self.store, only))
            except StoreError as error:
                self.statusBar().showMessage(f"Not saved: {error}", 6000)

    def _set_least_sure_first(self, on: bool) -> None:
        from tagdesk.store.operations import set_least_sure_first

        self.controller.least_sure_first = on
        if least_sure_first(self.store) != on:
            try:
                self.controller.report(set_least_sure_first(self.store, on))
            except StoreError as error:
                self.statusBar().showMessage(f"Not saved: {error}", 6000)

    def _show_rejected(self, shown: bool) -> None:
        self.view.highlighter.show_rejected = shown
        self.view.arcs.set_show_rejected(shown)
        self.view.highlighter.rehighlight()

    def _undo(self) -> None:
        self.inspector.flush_note()
        self._moved("Undid", self.controller.undo_stack.undoText(), self.controller.undo)

    def _redo(self) -> None:
        self._moved("Redid", self.controller.undo_stack.redoText(), self.controller.redo)

    def _moved(self, done: str, text: str, move: Callable[[], None]) -> None:
        """Undo or redo, and the status bar says which step it took (a refusal says why)."""
        at = self.controller.history.index
        move()
        if self.controller.history.index != at and text:
            self.statusBar().showMessage(f"{done}: {text}", 6000)

    # -- labels -------------------------------------------------------------------

    def _refresh_labels(self) -> None:
        self._show_labels()
        self.inspector.set_labels(self.controller.labels)

    def _show_labels(self) -> None:
        """The labels where the first paint shows them: the Labels list and menu, the text's
        colours, the document list's filter, and each label's key."""
        c = self.controller
        self.label_model.set_labels(c.labels)
        self.view.set_labels(c.labels_by_id)
        self.document_list.set_labels(c.labels)
        self._refresh_tag_filter()
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

        dialog = LabelSchemeDialog(self.store, self, record=self.controller.record_step)
        dialog.changed.connect(self.controller.report)
        dialog.exec()

    def _reject_label(self) -> None:
        from tagdesk.gui.dialog_width import choose_item

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
        name = choose_item(
            self, "Reject all of a label", "Reject every suggestion labelled", names, default
        )
        if name is not None:
            c.reject_label(suggested[names.index(name)])

    def _label_occurrences(self) -> None:
        """Ctrl+L: the selection snapped to words as a label key takes it, its label proposed."""
        from tagdesk.gui.occurrences_dialog import OccurrencesDialog

        c = self.controller
        selection = self.view.selection_range()
        if c.document is None:
            return
        if selection is not None:
            snapped = c.snapped(selection, self._exact())
            if snapped is None:
                self.statusBar().showMessage("The selection holds no words", 4000)
                return
            self.view.select_range(*snapped)
            needle = c.document.text[snapped[0] : snapped[1]]
            default = c.label_of(*snapped)
        elif c.selected is not None:
            needle = c.span_text(c.selected)
            default = c.selected.label_id
        else:
            self.statusBar().showMessage("Select text or a span first", 4000)
            return
        dialog = OccurrencesDialog(self.store, needle, c.labels, c.document.id, default, self)
        if dialog.exec():
            c.label_occurrences(dialog.chosen_label(), dialog.chosen_occurrences())

    # -- import and export ----------------------------------------------------------

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
            self.background.import_paths(paths)

    # -- help -----------------------------------------------------------------------

    def _show_shortcuts(self) -> None:
        from tagdesk.gui.shortcuts_dialog import ShortcutsDialog

        actions = [*self.action_set.all(), *self.team.actions(), *self._label_actions]
        ShortcutsDialog(actions, self, self.relation_panes.key_rows()).exec()

    def _show_statistics(self) -> None:
        from tagdesk.gui.statistics_view import open_statistics  # charts load on first use

        open_statistics(self)

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
            ("side_splitter", self.side_splitter),  # again by `complete`, once its panes are in
        ):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        last = self.settings.value("last_document")
        ids = self.document_model.ids
        last_id = int(last) if last is not None and str(last).isdigit() else None
        start = last_id if last_id in ids else None
        if start is None and ids:
            start = ids[0]
        if start is not None:
            self.open_document(start)
            top = self.settings.value("top_offset")
            if top is not None and str(top).isdigit() and start == last_id:
                # once the window has its size, so the lines wrap as they will be read
                QTimer.singleShot(0, lambda: self.view.scroll_to_top_offset(int(top)))

    def save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("main_splitter", self.main_splitter.saveState())
        self.settings.setValue("side_splitter", self.relation_panes.column_state())
        self.settings.setValue("top_offset", self.view.top_offset())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.complete()  # closed before it ran (a logout at start-up): saved as always
        self.inspector.flush_note()
        self.background.shutdown()
        self.entity_panes.entities.shutdown()  # a ranking or a Link all plan still reading
        self.controller.phrases.wait()
        self.save_state()
        self.outside.stop()
        self.document_list.drop_pending_search()
        self.document_model.stop_reading()
        super().closeEvent(event)
