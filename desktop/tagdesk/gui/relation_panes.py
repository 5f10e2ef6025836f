"""The window's relation parts, built and wired in one place: the selected span's
relations under the span inspector, the Relations tab beside the Document panel,
the R flow's keys and marks in the text, and their actions.

The main window calls `add_relation_panes` once, after the entity panes (whose
scrolled slot of the side column the span's relations join).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QPoint, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QMenu,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import SpanRecord
from tagdesk.core.relation_rows import shown_text
from tagdesk.core.relations import RelationRecord
from tagdesk.core.wording import counted
from tagdesk.gui.chosen_relation_keys import HINT, ChosenRelationKeys
from tagdesk.gui.field_keys import WindowKeysInFields
from tagdesk.gui.relation_controller import Draft, RelationController
from tagdesk.gui.relation_keys import DraftKeys
from tagdesk.gui.relation_list import RelationList
from tagdesk.gui.relation_menu import relation_menu

ROWS_WANTED = 8  # the Relations tab's rows in sight when it is opened, where the column has room
PANE_KEPT = 120  # the least height the Labels and span panes keep while it is open

if TYPE_CHECKING:
    from tagdesk.gui.main_window import MainWindow


class RelationPanes(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.relations = RelationController(
            window.store, window.controller, window.relation_display, self
        )
        self.keys = DraftKeys(window.view, self.relations)
        # A relation chosen on its arc takes the text's keys (installed after the draft's
        # keys: while a relation is made, those come first).
        self.arc_keys = ChosenRelationKeys(
            window.view, self.relations, lambda: self.relations.choose(None)
        )
        self.relations.confirm_span_delete = self._confirm_span_delete
        self.menu: QMenu | None = None  # a relation's context menu, while it is open

        # The selected span's relations, in the inspector under its buttons; the keys decide
        # the chosen one there, the Relations tab has its fields.
        self.span_list = RelationList(of_span=True, fields=False)
        window.inspector.add_section("Relations", self.span_list)

        # The document's relations, a tab beside the Document panel.
        self.document_list = RelationList(of_span=False)
        column = window.side_splitter
        at = column.indexOf(window.document_panel)
        kept = column.saveState()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Scrolled, so that the tabs ask no more height of the column than the panel did alone.
        self.tabs.addTab(_scrolled(window.document_panel), "Document")  # it leaves the column
        window.document_panel.setTitle("")  # the tab names it
        relations_page = QWidget()
        page_layout = QVBoxLayout(relations_page)
        page_layout.setContentsMargins(6, 6, 6, 6)
        page_layout.addWidget(self.document_list)
        self.page_layout = page_layout
        self.tabs.addTab(relations_page, "Relations")
        column.insertWidget(at, self.tabs)
        column.restoreState(kept)
        self._column_sizes: list[int] | None = None  # the column's heights before the tab took more

        keys = WindowKeysInFields(window.action_set.all(), window)
        keys.watch(relations_page)
        self._connect()
        self._types_changed()
        self._relations_changed()

    def _connect(self) -> None:
        w, a, r = self.main, self.main.action_set, self.relations
        c = w.controller
        self.tabs.currentChanged.connect(self._tab_changed)
        a.new_relation.triggered.connect(self._start)
        a.show_relations.triggered.connect(self._show_relations)
        a.show_rejected.toggled.connect(r.set_show_rejected)
        a.swap_relation.triggered.connect(lambda: r.swap())
        # A click on a span while a relation is made chooses its other end, and selects nothing.
        w.view.span_clicked.disconnect(w._span_clicked)
        w.view.span_clicked.connect(self._span_clicked)
        c.selection_changed.connect(self._span_selected)
        c.selection_refreshed.connect(lambda _span: self._show_span_relations())
        c.changed.connect(
            lambda report: (
                self._types_changed() if report.relation_types or report.outside else None
            )
        )
        r.relations_changed.connect(self._relations_changed)
        r.draft_changed.connect(self._draft_changed)
        r.chosen_changed.connect(self._chosen_changed)
        r.message.connect(lambda text, ms: w.statusBar().showMessage(text, ms))
        w.view.arcs.relation_clicked.connect(self._relation_clicked)
        w.view.arcs.menu_requested.connect(self._arc_menu)
        for shown in (self.span_list, self.document_list):
            shown.relation_chosen.connect(r.choose)
            shown.delete_requested.connect(r.delete)
            shown.status_requested.connect(r.set_status)
            shown.type_requested.connect(r.set_type)
            shown.note_requested.connect(r.set_note)
            shown.menu_requested.connect(self._menu)
            shown.table.left.connect(w.view.setFocus)

    # -- the R flow ------------------------------------------------------------------

    def _start(self) -> None:
        if self.relations.start():
            self.main.view.setFocus()

    def _span_clicked(self, span_id: int) -> None:
        if not self.relations.take_click(span_id):
            self.arc_keys.hold(None)  # a click on the text: its keys are the spans' again
            self.main._span_clicked(span_id)

    def _relation_clicked(self, relation_id: int) -> None:
        """An arc clicked: its relation is chosen, and the text's keys decide it (no span is
        selected meanwhile, so Delete and the type keys mean the relation)."""
        r = self.relations
        if r.draft is not None:  # while a relation is made, a click chooses its span
            return
        if self.main.controller.selected is not None:
            self.main.controller.select_span(0)
        r.choose(relation_id)
        row = next((row for row in r.rows() if row.relation.id == relation_id), None)
        if row is not None:
            self.arc_keys.hold(relation_id)
            self.main.view.setFocus()
            r.message.emit(f"{row.describe()}: {HINT}", 0)

    def _arc_menu(self, relation_id: int, where: QPoint) -> None:
        if self.relations.draft is None:
            self._relation_clicked(relation_id)
            self._menu(relation_id, where)

    def _menu(self, relation_id: int, where: QPoint) -> None:
        """The relation's context menu (it is the chosen one by now)."""
        relation = self.relations.chosen_relation()
        if relation is None or relation.id != relation_id:
            return
        self.menu = relation_menu(
            self.main, self.relations, relation, self.main.action_set.swap_relation
        )
        self.menu.exec(where)
        self.menu.deleteLater()
        self.menu = None

    def _span_selected(self, span: SpanRecord | None) -> None:
        if span is not None:
            self.arc_keys.hold(None)  # the keys are the span's again
        self._show_span_relations()

    def _draft_changed(self, draft: Draft | None) -> None:
        view = self.main.view
        if draft is None:
            view.arcs.set_pending(None)
            self._mark_chosen(scroll=False)
            return
        view.arcs.set_pending(draft.head.id, draft.other.id if draft.other else None)
        other = (draft.other.start, draft.other.end) if draft.other else None
        view.set_relation_ends((draft.head.start, draft.head.end), other, scroll=other is not None)

    # -- the lists -------------------------------------------------------------------

    def _types_changed(self) -> None:
        for shown in (self.span_list, self.document_list):
            shown.set_types(self.relations.types)

    def _relations_changed(self) -> None:
        chosen = self.relations.chosen
        self.document_list.set_rows_later(self.relations.rows, chosen)
        self._show_span_relations()
        self.main.action_set.swap_relation.setEnabled(self.relations.can_swap())
        count = len(self.relations.shown())
        self.tabs.setTabText(1, f"Relations ({count})" if count else "Relations")
        if self.relations.draft is None:
            self._mark_chosen(scroll=False)

    def _show_span_relations(self) -> None:
        """The selected span's relations in the span box. A span with none hides the list,
        which then empties itself once it is shown or read, not at every edit."""
        span = self.main.controller.selected
        rows = self.relations.rows(of_span=span.id) if span is not None else []
        if rows:
            self.span_list.set_rows(rows, self.relations.chosen)
        else:
            self.span_list.set_rows_later(lambda: rows, self.relations.chosen)
        self.main.inspector.show_section(self.span_list, bool(rows))
        if rows:  # once laid out: scrolled into sight where the side column is short
            QTimer.singleShot(0, self, self._span_list_in_sight)

    def _span_list_in_sight(self) -> None:
        """The span's relations in sight in the column's scrolled slot (the least scroll that
        shows the whole list; the span's own fields above it stay where they fit)."""
        area = self.span_list.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None and self.span_list.isVisible():
            area.ensureWidgetVisible(self.span_list, 0, 4)

    def _chosen_changed(self, relation: RelationRecord | None) -> None:
        chosen = relation.id if relation is not None else None
        self.main.action_set.swap_relation.setEnabled(self.relations.can_swap())
        self.main.view.arcs.set_selected_relation(chosen)
        for shown in (self.span_list, self.document_list):
            if shown.waiting or shown.chosen_id() != chosen:
                shown.choose(chosen)
        if self.relations.draft is None:
            self._mark_chosen(scroll=True)

    def _mark_chosen(self, *, scroll: bool) -> None:
        """The chosen relation's two spans, marked in the text."""
        relation = self.relations.chosen_relation()
        index = self.main.controller.index
        head = index.get(relation.head) if relation else None
        child = index.get(relation.child) if relation else None
        self.main.view.set_relation_ends(
            (head.start, head.end) if head else None,
            (child.start, child.end) if child else None,
            scroll=scroll and head is not None,
        )

    def _show_relations(self) -> None:
        """Ctrl+R: the Relations tab, its list with the keyboard, a row chosen."""
        self.tabs.setCurrentIndex(1)
        table = self.document_list.table
        table.setFocus()
        if self.document_list.chosen_id() is None and self.document_list.row_count():
            table.selectRow(0)

    def _tab_changed(self, index: int) -> None:
        """The Relations tab takes the column's height it needs for ROWS_WANTED rows from the
        panes above (each keeps PANE_KEPT); the Document tab gives it back."""
        column = self.main.side_splitter
        if index != 1:
            if self._column_sizes is not None:
                column.setSizes(self._column_sizes)
            self._column_sizes = None
            return
        sizes = column.sizes()
        at = column.indexOf(self.tabs)
        margins = self.page_layout.contentsMargins()
        chrome = self.tabs.tabBar().sizeHint().height() + margins.top() + margins.bottom()
        wanted = chrome + self.document_list.height_for_rows(ROWS_WANTED) + 4
        missing = wanted - sizes[at]
        if missing <= 0:
            return
        self._column_sizes = sizes
        new = list(sizes)
        # From the tallest pane above first, none below PANE_KEPT.
        for other in sorted(range(at), key=lambda i: -sizes[i]):
            taken = max(0, min(missing, new[other] - PANE_KEPT))
            new[other] -= taken
            new[at] += taken
            missing -= taken
        column.setSizes(new)

    def column_state(self) -> QByteArray:
        """The side column's state to keep, with the heights the Relations tab took given back."""
        column = self.main.side_splitter
        if self._column_sizes is None:
            return column.saveState()
        now = column.sizes()
        column.setSizes(self._column_sizes)
        state = column.saveState()
        column.setSizes(now)
        return state

    def key_rows(self) -> list[tuple[str, str]]:
        """The relation types' keys, for the shortcuts overlay."""
        return [
            (
                f"Relation type {kind.name} (making a relation, or in a Relations list)",
                kind.hotkey.upper(),
            )
            for kind in self.relations.types
            if kind.hotkey
        ]

    # -- a span with relations -------------------------------------------------------

    def _confirm_span_delete(self, span: SpanRecord, count: int) -> bool:
        words = shown_text(self.main.controller.span_text(span))
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete span",
            f"Delete “{words}” and its {counted(count, 'relation')}?",
            buttons.Yes | buttons.No,
            self.main,
        )
        box.setInformativeText(
            f"The {counted(count, 'relation')} go with the span; Ctrl+Z brings both back."
            if count > 1
            else "The relation goes with the span; Ctrl+Z brings both back."
        )
        box.setDefaultButton(buttons.No)
        return box.exec() == buttons.Yes


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def add_relation_panes(window: MainWindow) -> RelationPanes:
    return RelationPanes(window)
