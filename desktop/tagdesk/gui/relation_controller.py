"""The open document's relations, the R flow that makes one, and what the lists ask of them.

The R flow is a small draft: R takes the selected span as the head; Tab,
Shift+Tab or a click choose the other span among those some type could join
to it; a type's key (or Return and the popup list) writes the relation.
Escape drops the draft at any step. Every write goes through a store
operation on the window's undo history (AnnotationController.record), so
Ctrl+Z undoes it; a relation the store refuses (a constraint, the same span,
one already there) is one status-bar line and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from tagdesk.core.changes import NOTHING, ChangeReport
from tagdesk.core.errors import ChangedSinceError
from tagdesk.core.records import SpanRecord
from tagdesk.core.relation_rows import (
    RelationRow,
    candidate_spans,
    fitting_types,
    relation_rows,
    shown_text,
    step_candidate,
)
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.wording import counted
from tagdesk.gui.controller import AnnotationController
from tagdesk.gui.relation_display import RelationDisplay
from tagdesk.store import Store
from tagdesk.store.change_sets import History
from tagdesk.store.relation_actions import RelationRefused
from tagdesk.store.relations import relations_touching

HINT_MS = 0  # the draft's status line stays until the next step
SAID_MS = 6000


@dataclass(frozen=True)
class Draft:
    """A relation being made: its head, and the other span once chosen."""

    head: SpanRecord
    other: SpanRecord | None = None


class RelationController(QObject):
    relations_changed = Signal()  # the open document's relations or the types were read again
    draft_changed = Signal(object)  # Draft | None
    chosen_changed = Signal(object)  # RelationRecord | None: the relation the lists chose
    message = Signal(str, int)  # text, milliseconds (0: until replaced)

    def __init__(
        self,
        store: Store,
        controller: AnnotationController,
        display: RelationDisplay,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.controller = controller
        self.display = display  # reads the open document's relations, for the arcs and here
        self.draft: Draft | None = None
        self.chosen: int | None = None
        self.show_rejected = False  # View > Show rejected spans and relations (set_show_rejected)
        # Asked before a span with relations is deleted: (span, how many) -> go ahead?
        self.confirm_span_delete: Callable[[SpanRecord, int], bool] = lambda _span, _n: True
        controller.confirm_delete = self._may_delete_span
        controller.document_opened.connect(lambda _info: self._document_opened())
        controller.changed.connect(self.report)
        controller.spans_changed.connect(lambda _ranges: self._spans_changed())
        display.read_again.connect(self.follow_shown)

    # -- reading ------------------------------------------------------------------

    @property
    def relations(self) -> list[RelationRecord]:
        """The open document's relations, in id order (as the text shows them)."""
        return self.display.relations

    @property
    def types(self) -> list[RelationTypeRecord]:
        return self.display.types()

    @property
    def types_by_id(self) -> dict[int, RelationTypeRecord]:
        return {kind.id: kind for kind in self.types}

    def _label_names(self) -> dict[int, str]:
        return {label.id: label.name for label in self.controller.labels}

    def refresh(self) -> None:
        """Read the open document's relations again (the lists follow)."""
        self.display.reread()

    def set_show_rejected(self, shown: bool) -> None:
        self.show_rejected = shown
        self.follow_shown()

    def follow_shown(self) -> None:
        """The relations were read again, or rejected ones shown or hidden: the lists follow,
        and a chosen relation no longer shown is chosen no more."""
        if self.chosen is not None and self.chosen not in {r.id for r in self.shown()}:
            self.chosen = None
            self.chosen_changed.emit(None)
        self.relations_changed.emit()

    def report(self, report: ChangeReport) -> None:
        """Every change the window sees: the lists name labels, so new names are shown.

        The relations and the types are read again by the display (also when a span
        of theirs was edited or deleted), which tells when.
        """
        if report.labels:
            self.relations_changed.emit()

    def shown(self) -> list[RelationRecord]:
        """The relations the arcs draw: both spans shown (another view's spans are not), and
        rejected ones (or a rejected span's) only with View > Show rejected."""
        index, rejected = self.controller.index, self.show_rejected

        def shown(span_id: int) -> bool:
            span = index.get(span_id)
            return span is not None and (rejected or span.status != "rejected")

        return [
            r
            for r in self.relations
            if (rejected or r.status != "rejected") and shown(r.head) and shown(r.child)
        ]

    def rows(self, of_span: int | None = None) -> list[RelationRow]:
        c = self.controller
        text = c.document.text if c.document else ""
        shown = [r for r in self.shown() if of_span is None or of_span in (r.head, r.child)]
        spans = {i: s for r in shown for i in (r.head, r.child) if (s := c.index.get(i))}
        return relation_rows(
            shown, spans, text, self.types_by_id, self._label_names(), of_span=of_span
        )

    def chosen_relation(self) -> RelationRecord | None:
        if self.chosen is None:  # none chosen: the relations need not be read for it
            return None
        return next((r for r in self.relations if r.id == self.chosen), None)

    def _document_opened(self) -> None:
        """The display has read the document's relations already (the lists have them)."""
        self.cancel(quietly=True)
        self.chosen = None
        self.chosen_changed.emit(None)

    def _spans_changed(self) -> None:
        """A span relabelled or gone: the draft follows it, or ends with it (the lists follow
        the change report: the display reads the relations again when it names their spans)."""
        draft = self.draft
        if draft is not None:
            head = self.controller.index.get(draft.head.id)
            other = self.controller.index.get(draft.other.id) if draft.other else None
            if head is None:
                self.cancel(quietly=True)
                self.message.emit("The relation's head span is gone; nothing was written", SAID_MS)
            else:
                self.draft = Draft(head, other)
                self.draft_changed.emit(self.draft)

    # -- the R flow -----------------------------------------------------------------

    def start(self) -> bool:
        """R: the selected span becomes the head of a relation being made."""
        c = self.controller
        head = c.selected
        if c.document is None:
            return False
        if head is None:
            self.message.emit(
                "Select a span first (click it, or press Tab), then press R to relate it", SAID_MS
            )
            return False
        if c.edits_refused():
            return False
        if not self.types:
            self.message.emit("There are no relation types: add one in the label scheme", SAID_MS)
            return False
        self.draft = Draft(head)
        self.draft_changed.emit(self.draft)
        if not self.candidates():
            self.message.emit(
                f"Relation from “{self._words(head)}”: no other span here could take one; "
                "click a span, or Escape to cancel",
                HINT_MS,
            )
        else:
            self._hint()
        return True

    def cancel(self, *, quietly: bool = False) -> None:
        if self.draft is None:
            return
        self.draft = None
        self.draft_changed.emit(None)
        if not quietly:
            self.message.emit("Relation cancelled; nothing was written", SAID_MS)

    def candidates(self) -> list[SpanRecord]:
        if self.draft is None:
            return []
        return candidate_spans(
            self.controller.spans, self.draft.head, self.types, self._label_names()
        )

    def step(self, step: int) -> None:
        """Tab and Shift+Tab: the next or previous span a type could join to the head."""
        draft = self.draft
        if draft is None:
            return
        found = step_candidate(self.candidates(), draft.other, draft.head, step)
        if found is None:
            self.message.emit(
                f"No span here could be related to “{self._words(draft.head)}”; Escape cancels",
                HINT_MS,
            )
            return
        self._choose_other(found)

    def take_click(self, span_id: int) -> bool:
        """A click while a relation is being made chooses its other span (True: taken)."""
        draft = self.draft
        if draft is None:
            return False
        span = self.controller.index.get(span_id) if span_id else None
        if span is None:
            self._hint()
            return True
        if span.id == draft.head.id:
            self.message.emit(
                "That is the relation's head: choose the other span (click it or press Tab)",
                HINT_MS,
            )
            return True
        self._choose_other(span)
        return True

    def _choose_other(self, span: SpanRecord) -> None:
        assert self.draft is not None
        self.draft = Draft(self.draft.head, span)
        self.draft_changed.emit(self.draft)
        self._hint()

    def types_for_draft(
        self,
    ) -> tuple[list[RelationTypeRecord], list[tuple[RelationTypeRecord, str]]]:
        """The types that may join the draft's spans, and the others with why not."""
        draft = self.draft
        if draft is None or draft.other is None:
            return [], []
        names = self._label_names()
        return fitting_types(
            self.types, names.get(draft.head.label_id, ""), names.get(draft.other.label_id, "")
        )

    def type_for_hotkey(self, key: str) -> RelationTypeRecord | None:
        return next(
            (t for t in self.types if t.hotkey and t.hotkey.casefold() == key.casefold()), None
        )

    def finish(self, type_id: int) -> bool:
        """A type's key or the popup's choice: write the relation (True: written)."""
        draft = self.draft
        c = self.controller
        if draft is None or c.document is None:
            return False
        if draft.other is None:
            self.message.emit(
                "Choose the other span first: click it, or press Tab; Escape cancels", HINT_MS
            )
            return False
        kind = self.types_by_id.get(type_id)
        if kind is None:
            return False
        from tagdesk.store import operations

        document_id, head, child, store = c.document.id, draft.head.id, draft.other.id, self.store
        made = self._write(
            lambda history: operations.add_relation(
                store, history, document_id, head, child, type_id, annotator=c.writer
            ),
            "Not added",
        )
        if made is None:
            return False
        self.draft = None
        self.draft_changed.emit(None)
        if made:
            self.choose(min(made))
        arrow = "→" if kind.directed else "—"
        self.message.emit(
            f"Added {kind.name}: “{self._words(draft.head)}” {arrow} “{self._words(draft.other)}”"
            " (Ctrl+Z undoes it)",
            SAID_MS,
        )
        return True

    def _hint(self) -> None:
        draft = self.draft
        if draft is None:
            return
        head = f"“{self._words(draft.head)}”"
        if draft.other is None:
            self.message.emit(
                f"Relation from {head}: click the other span, or Tab / Shift+Tab to it; "
                "Escape cancels",
                HINT_MS,
            )
            return
        fitting, _ = self.types_for_draft()
        keys = ", ".join(f"{t.hotkey.upper()} {t.name}" for t in fitting if t.hotkey)
        if not fitting:
            what = "no relation type joins these two; Tab to another span, or Escape"
        else:
            what = f"{keys}, or Return for the list; Esc cancels"
        self.message.emit(f"{head} → “{self._words(draft.other)}”: {what}", HINT_MS)

    def _words(self, span: SpanRecord) -> str:
        return shown_text(self.controller.span_text(span))

    # -- the chosen relation ------------------------------------------------------------

    def choose(self, relation_id: int | None) -> None:
        self.chosen = relation_id
        self.chosen_changed.emit(self.chosen_relation())

    def delete(self, relation_id: int) -> bool:
        record = self._record(relation_id)
        if record is None:
            return False
        from tagdesk.store import operations

        store = self.store
        kind = self.types_by_id.get(record.type_id)
        return self._said(
            self._write(
                lambda history: operations.delete_relations(store, history, [record]),
                "Not deleted",
            ),
            f"Relation {kind.name} deleted" if kind else "Relation deleted",
        )

    def can_swap(self) -> bool:
        """The chosen relation has a head and a child to swap (its type is directed)."""
        record = self.chosen_relation()
        kind = self.types_by_id.get(record.type_id) if record is not None else None
        return kind is not None and kind.directed

    def swap(self, relation_id: int | None = None) -> bool:
        """Ctrl+Shift+X: the relation (the chosen one by default) turned round, head for child;
        a type whose labels refuse the swapped pair is said, and nothing is written."""
        record = self._record(self.chosen if relation_id is None else relation_id)
        if record is None:
            self.message.emit("Choose a relation first: click its arc or its row", SAID_MS)
            return False
        from tagdesk.store import operations

        store, writer = self.store, self.controller.writer
        return self._said(
            self._write(
                lambda history: operations.swap_relation(store, history, record, annotator=writer),
                "Not swapped",
            )
        )

    def _said(self, written: frozenset[int] | None, said: str = "") -> bool:
        """A write done: the status bar says what it did (by default in the words of its
        Undo entry, "Relation COMMANDS accepted")."""
        if written is None:
            return False
        history = self.controller.history
        if not said and history.index:
            said = history[history.index - 1].text
        if said:
            self.message.emit(f"{said} (Ctrl+Z undoes it)", SAID_MS)
        return True

    def set_status(self, relation_id: int, status: str) -> bool:
        record = self._record(relation_id)
        if record is None or record.status == status:
            if record is not None:
                self.message.emit(f"The relation is {status} already", SAID_MS)
            return False
        return self._edit(record, replace(record, status=status, annotator=self.controller.writer))

    def set_type(self, relation_id: int, type_id: int) -> bool:
        record = self._record(relation_id)
        if record is None or record.type_id == type_id:
            return False
        # A new type is a correction: the relation becomes the analyst's, accepted.
        changed = replace(
            record, type_id=type_id, status="accepted", annotator=self.controller.writer
        )
        return self._edit(record, changed)

    def set_note(self, relation_id: int, note: str) -> bool:
        record = self._record(relation_id)
        if record is None or record.note == note:
            return False
        return self._edit(record, replace(record, note=note))

    def _record(self, relation_id: int | None) -> RelationRecord | None:
        if relation_id is None or self.controller.edits_refused():
            return None
        return next((r for r in self.relations if r.id == relation_id), None)

    def _edit(self, before: RelationRecord, after: RelationRecord) -> bool:
        from tagdesk.store import operations

        store = self.store
        return self._said(
            self._write(
                lambda history: operations.edit_relation(store, history, before, after),
                "Not changed",
            )
        )

    def _write(
        self, operation: Callable[[History], ChangeReport], refused: str
    ) -> frozenset[int] | None:
        """One store operation on the window's history: the relations it wrote, or None.

        A refusal (a constraint, the same span, one already there) and a relation
        another window or program changed since it was shown are one status-bar line;
        nothing is written, and in the second case the relations are read again.
        """
        said: list[str] = []
        stale: list[bool] = []
        written: list[frozenset[int]] = []

        def write(history: History) -> ChangeReport:
            try:
                report = operation(history)
            except RelationRefused as error:
                said.append(f"{refused}: {error}")
                return NOTHING
            except ChangedSinceError:
                stale.append(True)
                said.append(
                    f"{refused}: another window or program changed this relation since it "
                    "was shown here; it is shown as it is now"
                )
                return NOTHING
            written.append(report.relations)
            return report

        done = self.controller.record(write)
        if said:
            self.message.emit(said[0], SAID_MS)
            if stale:
                self.refresh()
            return None
        return written[0] if done and written else None

    # -- a span with relations -----------------------------------------------------------

    def _may_delete_span(self, span: SpanRecord) -> bool:
        """Deleting a span takes its relations with it: asked first, when it has any."""
        touching = relations_touching(self.store, [span.id])
        if not touching:
            return True
        if self.confirm_span_delete(span, len(touching)):
            return True
        self.message.emit(
            f"Nothing deleted: the span and its {counted(len(touching), 'relation')} are kept",
            SAID_MS,
        )
        return False
