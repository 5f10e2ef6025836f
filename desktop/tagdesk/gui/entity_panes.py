"""The window's entity parts, built and wired in one place: the Entity box over the span
inspector, the Entities panel (a tab beside the document list), the entity controller,
and their actions.

The main window calls `add_entity_panes` once; every pane refreshes from the
controller's one `changed` signal, through the entity controller's registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from tagdesk.core.records import DocumentInfo, SpanRecord
from tagdesk.gui.entities_panel import EntitiesPanel
from tagdesk.gui.entity_candidates import EntityCandidates
from tagdesk.gui.entity_controller import AutoLinked, Candidate, EntityController
from tagdesk.gui.field_keys import WindowKeysInFields
from tagdesk.gui.first_paint import after_first_paint

if TYPE_CHECKING:
    from tagdesk.gui.main_window import MainWindow

MINIMUM_SLOT = 96  # pixels of the side column the span and entity boxes keep at least


class EntityPanes(QObject):
    def __init__(self, window: MainWindow, *, painted: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.entities = EntityController(window.store, window.controller, self)
        self.box = EntityCandidates()
        self.panel = EntitiesPanel(window)
        self._chosen: int | None = None  # the entity chosen in the panel

        # The span inspector and the Entity box share its slot of the side column, scrolled
        # where the column is short (a span selected at 1024x700): never cut off, and the
        # window never grows past the screen.
        column = window.side_splitter
        slot = column.indexOf(window.inspector)
        kept = column.saveState()  # the sizes the window gave it
        both = QWidget()
        layout = QVBoxLayout(both)
        layout.setContentsMargins(0, 0, 0, 0)
        scrolled = QScrollArea()
        scrolled.setWidgetResizable(True)
        scrolled.setFrameShape(QFrame.Shape.NoFrame)
        scrolled.setMinimumHeight(MINIMUM_SLOT)
        # The entity first: its candidates and Ctrl+K are what linking looks at; the
        # span's tags and note, below, scroll into view when the column is short.
        layout.addWidget(self.box)
        layout.addWidget(window.inspector)  # reparented: it leaves the column
        layout.addStretch(1)
        scrolled.setWidget(both)
        scrolled.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrolled.setMinimumWidth(both.minimumSizeHint().width())
        column.insertWidget(slot, scrolled)
        column.restoreState(kept)
        # The document list and the Entities panel share the left pane as two tabs: the
        # window made them, the Entities one empty until now.
        self.tabs = window.left_tabs
        at = self.tabs.indexOf(window.document_list) + 1
        place = self.tabs.widget(at)
        self.tabs.insertTab(at, self.panel, self.tabs.tabText(at))
        self.tabs.removeTab(at + 1)
        if place is not None:
            place.deleteLater()
        self.panel.setMinimumWidth(window.document_list.minimumSizeHint().width())
        window.action_set.show_entities.setCheckable(True)
        WindowKeysInFields(window.action_set.all(), window).watch(self.panel)
        self._connect()
        self._registry_changed()
        # The registry is read once the text is on screen: the panes show it from then on.
        if painted:
            self.read_registry()
        else:
            after_first_paint(window.view.viewport(), self.read_registry)

    def _connect(self) -> None:
        a, c, e = self.window.action_set, self.window.controller, self.entities
        c.changed.connect(e.report)
        c.selection_changed.connect(self._selection_changed)
        c.document_opened.connect(self._document_opened)
        c.spans_changed.connect(lambda _ranges: self._mark_mentions())
        e.registry_changed.connect(self._registry_changed)
        e.candidates_ready.connect(self._candidates_ready)
        e.auto_linked.connect(self._auto_linked)
        e.busy_changed.connect(self.panel.set_busy)
        e.message.connect(lambda text: self.window.statusBar().showMessage(text, 6000))
        self.box.link_requested.connect(e.link_selected)
        self.box.unlink_requested.connect(e.unlink_selected)
        self.box.new_requested.connect(e.new_entity_from_selected)
        self.panel.entity_chosen.connect(self._entity_chosen)
        self.panel.merge_requested.connect(e.merge)
        self.panel.split_requested.connect(e.split)
        self.panel.edit_requested.connect(e.edit)
        self.panel.link_all_requested.connect(e.link_automatically)
        self.panel.mention_opened.connect(self._open_mention)
        a.link_entity.triggered.connect(lambda: e.link_first_candidate(self.box.candidates))
        a.unlink_entity.triggered.connect(e.unlink_selected)
        a.new_entity.triggered.connect(e.new_entity_from_selected)
        a.link_all_entities.triggered.connect(self._link_all)
        a.show_entities.toggled.connect(self._show_panel)
        self.tabs.currentChanged.connect(self._tab_changed)

    # -- the selected span -------------------------------------------------------------

    def _selection_changed(self, span: SpanRecord | None) -> None:
        self._show_span(span)
        self.entities.rank(span)

    def _show_span(self, span: SpanRecord | None) -> None:
        linked = self.entities.summary(span.entity_id) if span is not None else None
        self.box.show_span(span, linked)

    def _candidates_ready(self, span: SpanRecord | None, found: list[Candidate]) -> None:
        selected = self.window.controller.selected
        if (span.id if span else None) == (selected.id if selected else None):
            self.box.show_candidates(found)

    # -- the registry -------------------------------------------------------------------

    def _registry_changed(self) -> None:
        e = self.entities
        self.panel.set_labels(self.window.controller.labels)
        self.panel.set_entities(e.entities)
        self._show_span(self.window.controller.selected)
        self._show_mentions()

    def _entity_chosen(self, entity_id: int | None) -> None:
        self._chosen = entity_id
        self._show_mentions()

    def _show_mentions(self) -> None:
        chosen = self.entities.summary(self._chosen)
        if chosen is None:
            self.panel.show_mentions(None, [])
        else:
            from tagdesk.store.entity_mentions import entity_mentions

            self.panel.show_mentions(chosen, entity_mentions(self.window.store, chosen.record.id))
        self._mark_mentions()

    def _document_opened(self, _info: DocumentInfo | None) -> None:
        self._mark_mentions()

    def _mark_mentions(self) -> None:
        """The chosen entity's mentions in the open document, marked in the text."""
        chosen = self._chosen
        ranges = (
            [
                (span.start, span.end)
                for span in self.window.controller.spans
                if span.entity_id == chosen and span.status != "rejected"
            ]
            if chosen is not None
            else []
        )
        if ranges or self.window.view.entity_mentions:  # none before, none now: nothing to do
            self.window.view.set_entity_mentions(ranges)

    def _open_mention(self, document_id: int, span_id: int) -> None:
        window = self.window
        if window.controller.document is None or window.controller.document.id != document_id:
            window.open_document(document_id)
        window.controller.select_span(span_id)
        window.view.setFocus()

    # -- link --auto and the panel ---------------------------------------------------------

    def _link_all(self) -> None:
        self.window.action_set.show_entities.setChecked(True)
        self.entities.link_automatically()

    def _auto_linked(self, result: AutoLinked) -> None:
        self.panel.show_auto_linked(result)
        self.window.statusBar().showMessage(result.describe(), 8000)

    def read_registry(self) -> None:
        """The entity registry, read once: the panes show it from then on."""
        if not self.entities.read:
            self.entities.refresh()

    def _show_panel(self, shown: bool) -> None:
        """View > Entities: the Entities tab, or the document list again."""
        if shown:
            self.read_registry()  # asked for before the first paint's work came
        self.tabs.setCurrentWidget(self.panel if shown else self.window.document_list)
        if shown:
            self.panel.filter.setFocus()

    def _tab_changed(self, index: int) -> None:
        self.window.action_set.show_entities.setChecked(self.tabs.widget(index) is self.panel)


def add_entity_panes(window: MainWindow, *, painted: bool = False) -> EntityPanes:
    """The entity panes; `painted`: the text is on screen already, so the registry is read now."""
    return EntityPanes(window, painted=painted)
