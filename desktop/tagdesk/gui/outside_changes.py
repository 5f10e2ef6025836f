"""Colleagues' and other programs' writes, brought to the window as ChangeReports.

On a server the window listens (store.change_notices): a connection of its
own waits for the server's notices, and a QSocketNotifier on its socket
wakes the GUI thread only when one arrives, so nothing is read or waited
for otherwise. Notices the window's own writes caused are skipped: those
came back as reports already. A connection lost is opened again quietly,
sooner at first, then every RETRY_MOST_MS, and once it is back the window
reads everything once, for what was announced while nobody listened.

On SQLite (and on a server without the notices' triggers) the window looks
every POLL_MS (store.shown_changes): a read of SQLite's commit counter,
and only when it moved, a comparison of what the window shows with the file.

Either way the report goes to the controller's `report`, and from there
through the one `changed` signal every pane refreshes from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError
from tagdesk.gui.controller import AnnotationController
from tagdesk.gui.document_list_pane import DocumentListPane
from tagdesk.store import Store
from tagdesk.store.shown_changes import Seen, Shown, changes_from, commits_by_others, seen_now

if TYPE_CHECKING:
    from tagdesk.store.change_notices import NoticeListener

POLL_MS = 2000
RETRY_FIRST_MS = 500
RETRY_MOST_MS = 10_000


class OutsideChanges(QObject):
    changed = Signal(object)  # ChangeReport: what someone else committed

    def __init__(
        self,
        store: Store,
        controller: AnnotationController,
        documents: DocumentListPane,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.controller = controller
        self.documents = documents
        self._listener: NoticeListener | None = None
        if not store.is_sqlite:  # a file has no one to listen to: it is polled
            from tagdesk.store.change_notices import NoticeListener, listens

            self._listener = NoticeListener(store) if listens(store) else None
        self._notifier: QSocketNotifier | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._reconnect)
        self._retry_ms = RETRY_FIRST_MS
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.look)
        self._commits: int | None = None
        self._seen = Seen()

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def start(self) -> None:
        if self._listener is not None:
            self._listen()
            return
        self._commits = commits_by_others(self.store)
        self._seen = seen_now(self.store)
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._retry.stop()
        self._drop_notifier()
        if self._listener is not None:
            self._listener.close()

    def saw(self, report: ChangeReport) -> None:
        """A report the window refreshed from: what changes seldom is seen as it is now."""
        if self._listener is None and (
            report.outside or report.new_documents or report.settings or report.tags
        ):
            self._seen = seen_now(self.store)

    # -- listening ----------------------------------------------------------------

    def _listen(self) -> bool:
        assert self._listener is not None
        try:
            socket = self._listener.connect()
        except StoreError:
            self._retry_later()
            return False
        self._retry_ms = RETRY_FIRST_MS
        self._notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._notices_arrived)
        self._notifier.setEnabled(True)
        return True

    def _notices_arrived(self) -> None:
        assert self._listener is not None
        try:
            report = self._listener.read()
        except StoreError:
            self._drop_notifier()
            self._retry_later()
            return
        if report:
            self.changed.emit(report)

    def _retry_later(self) -> None:
        self._retry.start(self._retry_ms)
        self._retry_ms = min(2 * self._retry_ms, RETRY_MOST_MS)

    def _reconnect(self) -> None:
        if self._listen():
            self.changed.emit(ChangeReport(outside=True))  # what was said while nobody listened

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    # -- looking ------------------------------------------------------------------

    def look(self) -> None:
        """Compare what the window shows with the database, if anyone else committed."""
        commits = commits_by_others(self.store)
        if commits is not None and commits == self._commits:
            return
        self._commits = commits
        report, self._seen = changes_from(self.store, self._shown(), self._seen)
        if report:
            self.changed.emit(report)

    def _shown(self) -> Shown:
        """What the window shows; rows read before but out of sight now are forgotten
        instead of compared, so the list reads them again when they come into sight."""
        c = self.controller
        document = c.document
        shown = self.documents.shown_documents()
        self.documents.model.forget_rows(shown)
        return Shown(
            rows=self.documents.model.rows_read(shown),
            document=document.state if document is not None else None,
            spans=c.spans,
            labels=c.labels,
            viewer=c.writer,
            view=c.showing,
        )
