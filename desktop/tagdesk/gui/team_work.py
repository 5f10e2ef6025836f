"""The window's team work: whose spans it shows, my documents, assigning, agreement, review.

One object for the concern, so the main window only builds it and wires it:
the "Showing:" choice in the toolbar, a Team menu, and the review panel in a
dock below the text. It acts through the controller (every write an action
of its history) and the document list's intent methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from tagdesk.core.changes import ChangeReport
from tagdesk.core.records import DocumentInfo
from tagdesk.core.review import Edit
from tagdesk.core.team import GOLD, OWN
from tagdesk.core.wording import counted
from tagdesk.gui.annotator_view import AnnotatorChoice
from tagdesk.gui.controller import AnnotationController
from tagdesk.gui.document_list_pane import DocumentListPane
from tagdesk.store import Store
from tagdesk.store.assignments import assignment_counts, assignments_of, documents_of
from tagdesk.store.views import annotators_of

if TYPE_CHECKING:
    from tagdesk.gui.review_view import ReviewPanel

REVIEW_KEY = "Ctrl+Shift+V"


class TeamWork(QObject):
    def __init__(
        self,
        store: Store,
        controller: AnnotationController,
        document_list: DocumentListPane,
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self.store = store
        self.controller = controller
        self.document_list = document_list
        self.window = window
        self.choice = AnnotatorChoice()
        self._review: tuple[ReviewPanel, QDockWidget] | None = None  # made when first shown
        self.assign_action = QAction("Assign documents…", window)
        self.assign_action.setStatusTip("Give documents to annotators, as tagdesk assign does")
        self.agreement_action = QAction("Agreement…", window)
        self.agreement_action.setStatusTip("How far annotators agree, as tagdesk agreement says")
        self.review_action = QAction("Review into gold", window)
        self.review_action.setCheckable(True)
        self.review_action.setShortcut(QKeySequence(REVIEW_KEY))
        self.review_action.setStatusTip(
            "Compare annotators' versions of this document and make the gold version"
        )
        bar = window.menuBar()
        menu = bar.addMenu("Team")
        bar.insertMenu(bar.actions()[-2], menu)  # before Help
        for action in (self.assign_action, self.agreement_action, None, self.review_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        toolbar = QToolBar("Team", window)
        toolbar.setObjectName("team-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.choice)
        window.addToolBar(toolbar)

        self.choice.showing_requested.connect(self.show_work_of)
        self.assign_action.triggered.connect(self.assign)
        self.agreement_action.triggered.connect(self.show_agreement)
        self.review_action.toggled.connect(self.set_reviewing)
        controller.document_opened.connect(self._document_opened)
        controller.changed.connect(self._changed)
        self._refresh_list()
        self._count_view()

    @property
    def review(self) -> ReviewPanel:
        return self._review_dock()[0]

    @property
    def dock(self) -> QDockWidget:
        return self._review_dock()[1]

    def _review_dock(self) -> tuple[ReviewPanel, QDockWidget]:
        """The review panel in its dock below the text, made the first time it is asked for:
        hidden until then, so the first paint does not wait for it."""
        if self._review is None:
            from tagdesk.gui.review_view import ReviewPanel

            review = ReviewPanel(self.store)
            dock = QDockWidget("Review", self.window)
            dock.setObjectName("review-dock")
            dock.setWidget(review)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            review.edits_requested.connect(self._write_gold)
            review.close_requested.connect(lambda: self.review_action.setChecked(False))
            review.message.connect(self.controller.message)
            dock.visibilityChanged.connect(self._dock_shown)
            self._review = (review, dock)
        return self._review

    def actions(self) -> list[QAction]:
        """For the shortcuts overlay."""
        return [self.assign_action, self.agreement_action, self.review_action]

    # -- whose work ---------------------------------------------------------------

    def show_work_of(self, showing: str) -> None:
        if self.reviewing():
            return
        self.controller.show_work_of(showing)
        self._count_view()

    def _count_view(self) -> None:
        """The list's Spans and Open count the work the text shows."""
        self.document_list.count_view(self.controller.writer, self.controller.showing)

    def _document_opened(self, info: DocumentInfo | None) -> None:
        names: list[str] = []
        if info is not None:  # the colleagues, and gold where a reviewer made it
            given = assignments_of(self.store, info.id).keys()
            names = sorted({*annotators_of(self.store, info.id), *given} - {self.me()})
        self.choice.set_colleagues(names)
        if self.reviewing():
            self._show_review(info)

    def me(self) -> str:
        return self.controller.annotator

    def _changed(self, report: ChangeReport) -> None:
        if report.outside:
            self._refresh_list()
        if self.reviewing() and (report.outside or self._open_id() in report.documents):
            self.review.refresh()

    def _refresh_list(self) -> None:
        given = bool(self.store.execute("SELECT 1 FROM assignment LIMIT 1").fetchone())
        self.document_list.set_team(self.me(), given, bool(documents_of(self.store, self.me())))

    def progress_text(self) -> str | None:
        """The status bar's progress where documents are given to the analyst: their own."""
        statuses = assignment_counts(self.store).get(self.me())
        if not statuses:
            return None
        return f"{statuses['done']} of {counted(sum(statuses.values()), 'document')} of mine done"

    def _open_id(self) -> int | None:
        document = self.controller.document
        return document.id if document is not None else None

    # -- review -------------------------------------------------------------------

    def reviewing(self) -> bool:
        return self.review_action.isChecked()

    def set_reviewing(self, on: bool) -> None:
        """Review on: the text shows gold and edits are gold's; off: the analyst's own again."""
        self.choice.setEnabled(not on)
        if on:
            self.choice.choose(OWN)
            self.controller.show_work_of(OWN, writer=GOLD)
            self.dock.show()
            self._fit_dock()
            self._show_review(self.controller.document)
            self.review.tree.setFocus()
        else:
            if self._review is not None:
                self.dock.hide()
            self.controller.show_work_of(self.choice.choice())
        self._count_view()

    def _fit_dock(self) -> None:
        """The review as tall as it asks, up to 40% of the window: the text stays readable."""
        wanted = min(self.review.sizeHint().height(), int(self.window.height() * 0.4))
        self.window.resizeDocks([self.dock], [wanted], Qt.Orientation.Vertical)

    def _dock_shown(self, shown: bool) -> None:
        if not shown and self.reviewing() and not self.dock.isVisible():
            self.review_action.setChecked(False)

    def _show_review(self, info: DocumentInfo | None) -> None:
        c = self.controller
        self.review.show_document(
            info.id if info else None, info.text if info else "", c.labels_by_id
        )

    def _write_gold(self, text: str, edits: list[Edit]) -> None:
        self.controller.write_edits(text, edits)

    # -- dialogs ------------------------------------------------------------------

    def assign(self) -> None:
        from tagdesk.gui.assign_dialog import AssignDialog

        dialog = AssignDialog(
            self.store, list(self.document_list.model.ids), self.me(), self.window
        )
        if dialog.exec():
            self._refresh_list()
            self.controller.report(dialog.report())

    def show_agreement(self) -> None:
        from tagdesk.gui.agreement_dialog import AgreementDialog

        AgreementDialog(self.store, self.window).exec()
