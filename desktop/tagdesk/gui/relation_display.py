"""The open document's relations and the relation types, read from the store once for the
arcs and the lists.

The window shows a document without its relations: they are read in the event
loop's turn after it (the first paint comes first) and drawn then, the lists
following. Asked for before that (`relations`: a relation key, a list shown),
they are read at once, so nothing acts on another document's or on none. The
window passes on every
change report: one that names relations or relation types, a span with
relations, or comes from another process, has them read again and drawn
again. The relations read are those of the work the text shows (the
analyst's own, a colleague's, gold's or everyone's, as store/views.py
decides), read again when that choice changes. The relation lists take
theirs from here (`relations`, `read_again`): one read feeds both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from tagdesk.core.changes import ChangeReport
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.gui.relation_arcs import RelationArcs
from tagdesk.store import Store
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.views import relations_for_view

Viewer = Callable[[], tuple[str, str]]  # (whose name edits are made in, whose work is shown)


class RelationDisplay(QObject):
    read_again = Signal()  # the open document's relations, or the types, were read again

    def __init__(
        self, store: Store, arcs: RelationArcs, viewer: Viewer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.arcs = arcs
        self.viewer = viewer
        self.document_id: int | None = None
        self._relations: list[RelationRecord] = []  # as last read, in id order
        self._unread = False  # the open document's relations are still to be read
        self._ends: set[int] = set()  # their spans
        self._read_for: tuple[str, str] | None = None
        self._types: list[RelationTypeRecord] | None = None

    def types(self) -> list[RelationTypeRecord]:
        if self._types is None:
            self._types = list_relation_types(self.store)
        return self._types

    @property
    def relations(self) -> list[RelationRecord]:
        """The open document's relations, in id order: read now if they were not yet."""
        if self._unread:
            self.reread()
        return self._relations

    def for_document(
        self, document_id: int | None
    ) -> tuple[list[RelationRecord], list[RelationTypeRecord]]:
        """What `AnnotationView.show_document` draws for this document at once: no relations
        (read and drawn in the next turn of the event loop, after the first paint), and the
        types."""
        self.document_id = document_id
        shown = bool(self._relations)
        self._relations = []
        self._ends = set()
        self._unread = False
        if shown:  # the lists show none until they are read, not the last document's
            self.read_again.emit()
        self._unread = document_id is not None
        if self._unread:
            QTimer.singleShot(0, self, self._read_unread)
        return [], self.types()

    def _read_unread(self) -> None:
        if self._unread:
            self.reread(on_screen_first=True)

    def changed(self, report: ChangeReport) -> None:
        """A write landed: draw again what it changed of the relations shown."""
        if report.relation_types or report.outside:
            self._types = None
        if self._unread:  # to be read: as they are then
            return
        names_relations = bool(report.relations) and (
            self.document_id in report.documents
            or not report.relations.isdisjoint(relation.id for relation in self._relations)
        )
        # A write by another process that names the document and no span (a pre-annotation
        # batch) may have added relations to it.
        batch = self.document_id in report.documents and not report.spans
        if (
            names_relations
            or batch
            or report.relation_types
            or report.outside
            or not self._ends.isdisjoint(report.spans)  # a span with relations deleted or undone
        ):
            self.reread()

    def follow_view(self) -> None:
        """The text may show another's work now: their relations, if so."""
        if not self._unread and self.viewer() != self._read_for:
            self.reread()

    def reread(self, *, on_screen_first: bool = False) -> None:
        """Read the open document's relations (and the types) again, and draw them (those on
        screen first, the rest in later turns, if so asked: RelationArcs.set_relations)."""
        self._unread = False
        self._read()
        self.arcs.set_relations(self._relations, self.types(), on_screen_first=on_screen_first)

    def _read(self) -> None:
        writer, showing = self._read_for = self.viewer()
        self._relations = (
            []
            if self.document_id is None
            else relations_for_view(self.store, self.document_id, writer, showing)
        )
        self._ends = {
            span for relation in self._relations for span in (relation.head, relation.child)
        }
        self.read_again.emit()
