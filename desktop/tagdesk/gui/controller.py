"""What the analyst's actions do to the open document, as undoable change-sets.

The window's widgets ask (signals ending in `_requested`); this object
changes the store through store.change_sets.History (the QUndoStack only
follows it) and store.operations, and tells the window what changed through
one signal, `changed`, carrying the store's ChangeReport: every write the
window makes, its background jobs' and other processes' included, arrives
there (`report` for those it did not make itself), and each pane
refreshes what the report names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import ChangedSinceError, StoreError, TagdeskError
from tagdesk.core.records import DocumentInfo, DocumentState, LabelRecord, SpanRecord
from tagdesk.core.snapping import Token, holds_word, move_edge, snap_to_tokens, word_tokens
from tagdesk.core.span_index import SpanIndex
from tagdesk.core.team import OWN
from tagdesk.core.validation import note_problem, tag_problem
from tagdesk.core.wording import counted
from tagdesk.gui.assigned import my_status, next_of_mine
from tagdesk.store import Store
from tagdesk.store.document_list import Occurrence, document_info, next_open_document
from tagdesk.store.editing import (
    SpanState,
    create_span,
    document_state,
    documents_to_do,
)
from tagdesk.store.labels import list_labels
from tagdesk.store.reading import tag_names
from tagdesk.store.views import spans_for_view

if TYPE_CHECKING:
    from tagdesk.gui.phrase_suggestions import Accepted, Elsewhere, Made, PhraseSuggestions
    from tagdesk.store.change_sets import ChangeSet, History

# The kept tokens of a document, or None while they are still being prepared. It must
# answer at once: it runs on the GUI thread when a label key snaps a selection.
Tokenizer = Callable[[int, str], Sequence[Token] | None]


class AnnotationController(QObject):
    document_opened = Signal(object)  # DocumentInfo | None
    spans_changed = Signal(list)  # changed [start, end) ranges in the open document
    selection_changed = Signal(object)  # SpanRecord | None
    selection_refreshed = Signal(object)  # the selected span as someone else changed it, or None
    changed = Signal(object)  # ChangeReport: what a write changed, for the panes to refresh
    navigate_requested = Signal(int)  # undo/redo changed a document that is not open
    message = Signal(str)
    save_failed = Signal(str)  # an action could not be written: the analyst must know

    def __init__(
        self, store: Store, annotator: str, tokenizer: Tokenizer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.tokenizer = tokenizer
        self.undo_stack = QUndoStack(self)
        self.labels: list[LabelRecord] = list_labels(store)
        self.document: DocumentInfo | None = None
        self.index = SpanIndex()  # the open document's spans, shared with the view
        self.selected: SpanRecord | None = None
        self._tokens: tuple[int, list[Token], bool] | None = None  # document, tokens, kept
        self._pending_select: int | None = None
        self._accepted: Accepted | None = None  # the accept being written, for _push
        self.tab_suggestions_only = False  # Tab skips accepted spans: the window's View option
        self.least_sure_first = False  # open suggestions by the model's score: a View option
        self.writer = annotator  # whose name edits are made in: the analyst, or gold in review
        self.showing = OWN  # whose spans the text shows: OWN, a colleague's name, or ALL
        self.confirm_delete: Callable[[SpanRecord], bool] = lambda _span: True  # relations ask
        self._tag_names: list[str] | None = None  # every tag name, read again once one is written

    # The editing machinery, made when first used: the window paints before it is needed.

    @cached_property
    def history(self) -> History:
        """What undo and redo write; the QUndoStack follows it."""
        from tagdesk.store.change_sets import History

        return History()

    @cached_property
    def phrases(self) -> PhraseSuggestions:
        """An accepted text, suggested where else it occurs."""
        from tagdesk.gui.phrase_suggestions import PhraseSuggestions

        phrases = PhraseSuggestions(self.store, self)
        phrases.found.connect(self._suggest_elsewhere)
        phrases.changed.connect(self.report)
        return phrases

    def prepare_editing(self) -> None:
        """The history, the undo steps and phrase suggestions made now, so that the first
        edit waits for none of them (the window calls it once it has painted)."""
        import tagdesk.core.phrase_occurrences
        import tagdesk.core.span_order
        import tagdesk.core.word_boundaries
        import tagdesk.gui.commands  # noqa: F401

        _ = self.history, self.phrases

    # -- reading ------------------------------------------------------------------

    @property
    def labels_by_id(self) -> dict[int, LabelRecord]:
        return {label.id: label for label in self.labels}

    def report(self, report: ChangeReport) -> None:
        """A write landed that this controller did not make: pass it on.

        A background job's, a dialog's, a colleague's or another program's.
        What the controller holds is brought up to date first: the labels,
        and, when the report names the open document, its status, tags and
        spans (read again, since nothing here wrote them); then `changed`
        tells the panes.
        """
        self._pass_on(report, read_spans=True)

    def _pass_on(
        self, report: ChangeReport, *, read_spans: bool, document_written: bool = True
    ) -> None:
        """`document_written`: False for an own action that wrote no document's status, tags
        or assignment: the open document's are as shown, and are not read again."""
        self._forget_tags(report)
        if report.labels or report.outside:
            before = {label.id: label for label in self.labels}
            self.labels = list_labels(self.store)
            if report.outside:  # name the labels another process changed, if any
                after = {label.id: label for label in self.labels}
                differ = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
                report = replace(report, labels=report.labels | differ)
        shown = self.document
        if shown is not None and (
            report.outside or (document_written and shown.id in report.documents)
        ):
            stored = document_state(self.store, shown.id)
            status = self.my_status() or stored.status
            if stored.status is not None and replace(stored, status=status) != shown.state:
                self.document = replace(
                    shown, status=status, tags=stored.tags, version=stored.version
                )
            if read_spans:
                self.reload_spans()
        self.changed.emit(report)

    def _forget_tags(self, report: ChangeReport) -> None:
        if report.tags or report.outside or report.new_documents:
            self._tag_names = None

    def known_tags(self) -> list[str]:
        """Every tag name, to complete from: read once, and again after a write named a tag
        (each write reports the tags it wrote; another process's, that anything changed)."""
        if self._tag_names is None:
            self._tag_names = tag_names(self.store)
        return list(self._tag_names)

    def tokens(self) -> list[Token]:
        """The open document's word tokens: what selections snap to and edges move by.

        The kept tokens when they are there; until then, word boundaries found
        in plain Python, and the kept ones asked for again at the next key.
        A span already made is never moved when the kept tokens arrive: the
        analyst saw it made, and on ordinary text the two agree.
        """
        from tagdesk.core.word_boundaries import word_boundaries

        if self.document is None:
            return []
        document_id, text = self.document.id, self.document.text
        cached = self._tokens
        if cached is not None and cached[0] == document_id and cached[2]:
            return cached[1]
        kept = self.tokenizer(document_id, text)
        if kept is not None:
            self._tokens = (document_id, word_tokens(text, kept), True)
        elif cached is None or cached[0] != document_id:
            self._tokens = (document_id, word_tokens(text, word_boundaries(text)), False)
        assert self._tokens is not None
        return self._tokens[1]

    def open_document(self, document_id: int | None) -> None:
        self.document = document_info(self.store, document_id) if document_id else None
        if self.document is not None:
            mine = self.my_status()
            self.document = replace(self.document, status=mine or self.document.status)
        self.index = SpanIndex(self._shown_spans() if self.document else ())
        self.selected = None
        self.document_opened.emit(self.document)
        self.selection_changed.emit(None)

    @property
    def spans(self) -> list[SpanRecord]:
        return list(self.index)

    def label_counts(self) -> dict[int, int]:
        """Accepted and suggested spans of each label in the open document."""
        return self.index.label_counts()

    def reload_spans(self) -> None:
        """Someone else changed this document's spans: show them without reopening.

        The text cursor, any text selected and the scroll stay as they are; the
        selected span stays selected, shown as it is now (`selection_refreshed`).
        """
        if self.document is None:
            return
        fresh = {span.id: span for span in self._shown_spans()}
        ranges: list[tuple[int, int]] = []
        for span in list(self.index):
            if span.id not in fresh:
                self.index.remove(span.id)
                ranges.append((span.start, span.end))
        for span_id, span in fresh.items():
            old = self.index.get(span_id)
            if old != span:
                self.index.put(span)
                ranges.append((span.start, span.end))
                if old is not None:
                    ranges.append((old.start, old.end))
        if ranges:
            self.spans_changed.emit(ranges)
            selected = self.selected
            if selected is not None and self.index.get(selected.id) != selected:
                self.selected = self.index.get(selected.id)
                self.selection_refreshed.emit(self.selected)

    def _shown_spans(self) -> list[SpanRecord]:
        """The open document's spans as `showing` and `writer` choose (store/views.py)."""
        assert self.document is not None
        return spans_for_view(self.store, self.document.id, self.writer, self.showing)

    def show_work_of(self, showing: str, writer: str | None = None) -> None:
        """Show the analyst's own work (OWN), a colleague's, or everyone's (ALL); edits are
        made in `writer`'s name (the reviewer's: gold), the analyst's by default."""
        self.showing = showing
        self.writer = writer or self.annotator
        self.selected = None
        self.reload_spans()
        self.selection_changed.emit(None)

    def edits_refused(self) -> bool:
        """Someone else's work is shown: it is read, not changed, until OWN is shown again."""
        if self.showing == OWN:
            return False
        self.message.emit("Showing someone else's work: choose Showing mine to edit")
        return True

    def write_edits(self, text: str, edits: Sequence[tuple[SpanRecord, SpanRecord | None]]) -> None:
        """Edits planned elsewhere (a review decision): one undoable action in `writer`'s name."""
        if edits:
            self._push(
                text, before=[(s.id, s) for s, _ in edits], after=[(s.id, w) for s, w in edits]
            )

    def span_text(self, span: SpanRecord | None) -> str:
        if span is None or self.document is None:
            return ""
        return self.document.text[span.start : span.end]

    # -- selection ------------------------------------------------------------------

    def select_span(self, span_id: int) -> None:
        self.selected = self.index.get(span_id)
        self.selection_changed.emit(self.selected)

    def step_selection(self, step: int, offset: int) -> None:
        """Tab and Shift+Tab: the next or previous span, or open suggestion only if so set."""
        from tagdesk.core.span_order import step_span

        found = step_span(
            self.spans,
            self.selected,
            offset,
            step,
            suggestions_only=self.tab_suggestions_only,
            least_sure_first=self.least_sure_first,
        )
        if found is None:
            what = "open suggestions" if self.tab_suggestions_only else "spans"
            self.message.emit(f"No {what} in this document")
            return
        self.selected = found
        self.selection_changed.emit(self.selected)

    def snapped(self, selection: tuple[int, int], exact: bool) -> tuple[int, int] | None:
        """A text selection as a span would take it: to whole words unless `exact`.

        None when it holds no words.
        """
        if self.document is None:
            return None
        start, end = selection
        if not exact:  # to whole words; a selection with none snaps to nothing
            start, end = snap_to_tokens(start, end, self.tokens()) or (start, start)
        return (start, end) if holds_word(self.document.text[start:end]) else None

    def label_of(self, start: int, end: int) -> int | None:
        """The label of the span over exactly this text, else of the selected span."""
        exact = [
            s
            for s in self.index.overlapping(start, end)
            if (s.start, s.end) == (start, end) and s.status != "rejected"
        ]
        exact.sort(key=lambda s: s.status != "accepted")
        if exact:
            return exact[0].label_id
        return self.selected.label_id if self.selected is not None else None

    # -- span actions ---------------------------------------------------------------

    def label_selection(
        self, label_id: int, selection: tuple[int, int] | None, exact: bool
    ) -> None:
        """A label key: relabel the selected span, or make a span of the selected text."""
        if self.document is None:
            return
        if selection is None:
            if self.selected is not None:
                # A span of another label mentions none of this label's entities.
                linked = self.selected.entity_id if label_id == self.selected.label_id else None
                changed = replace(self.selected, label_id=label_id, entity_id=linked)
                self._correct(changed, "Relabel span")
            else:
                self.message.emit("Select some text first, then press a label's key")
            return
        snapped = self.snapped(selection, exact)
        if snapped is None:
            self.message.emit("The selection holds no words")
            return
        start, end = snapped
        existing = next(
            (
                s
                for s in self.index.overlapping(start, end)
                if (s.start, s.end, s.label_id) == (start, end, label_id)
            ),
            None,
        )
        if existing is not None:
            if existing.status != "accepted":
                self._correct(existing, "Accept span", suggest=True)
            self.select_span(existing.id)
            return
        document_id = self.document.id
        self._push(
            "Add span",
            create=lambda: [
                create_span(self.store, document_id, start, end, label_id, annotator=self.writer)
            ],
            suggest=self._phrase_step(start, end, label_id),
        )

    def delete_selected(self) -> None:
        span = self.selected
        if span is not None and self.confirm_delete(span):
            self._push("Delete span", before=[(span.id, span)], after=[(span.id, None)])

    def set_selected_status(self, status: str) -> None:
        """Return and Backspace: decide the selected span, then move to the next open suggestion.

        One key per decision, as in Prodigy: the next suggestion is selected and
        scrolled to; after the last one the status bar says so.
        """
        from tagdesk.core.span_order import next_open_suggestion

        span = self.selected
        if span is None:
            self.message.emit("Select a span first: click it, or press Tab")
            return
        following = next_open_suggestion(self.spans, span, least_sure_first=self.least_sure_first)
        if span.status != status:
            text = "Accept suggestion" if status == "accepted" else "Reject span"
            changed = replace(span, status=status, annotator=self.writer)
            select = following.id if following else span.id
            self._change([changed], text, select=select, suggest=status == "accepted")
            if following is None:  # the accept may have suggested its text further on
                following = next_open_suggestion(
                    self.spans, changed, least_sure_first=self.least_sure_first
                )
                if following is not None:
                    self.select_span(following.id)
                    return
        elif following is not None:
            self.select_span(following.id)
        if following is None:
            self.message.emit(
                "That was the last open suggestion in this document; "
                "Ctrl+Return marks it done and opens the next"
            )

    def accept_all(self) -> None:
        pending = [s for s in self.spans if s.status == "suggested"]
        if not pending:
            self.message.emit("No suggestions to accept in this document")
            return
        changed = [replace(s, status="accepted", annotator=self.writer) for s in pending]
        self._change(changed, f"Accept {counted(len(changed), 'suggestion')}")

    def reject_label(self, label_id: int) -> None:
        pending = [s for s in self.spans if s.status == "suggested" and s.label_id == label_id]
        if not pending:
            self.message.emit("No suggestions of that label in this document")
            return
        name = self.labels_by_id[label_id].name
        changed = [replace(s, status="rejected", annotator=self.writer) for s in pending]
        self._change(changed, f"Reject {counted(len(changed), name + ' suggestion')}")

    def move_selected_edge(self, edge: str, step: int) -> None:
        span = self.selected
        if span is None:
            return
        moved = move_edge((span.start, span.end), self.tokens(), edge, step)
        if moved is not None:
            self._correct(replace(span, start=moved[0], end=moved[1]), "Resize span")

    def add_span_tag(self, name: str) -> None:
        span = self.selected
        if span is not None and not self._refused(tag_problem(name)) and name not in span.tags:
            self._change([replace(span, tags=tuple(sorted({*span.tags, name})))], "Tag span")

    def remove_span_tag(self, name: str) -> None:
        span = self.selected
        if span is not None and name in span.tags:
            tags = tuple(t for t in span.tags if t != name)
            self._change([replace(span, tags=tags)], "Untag span")

    def set_note(self, span_id: int, note: str) -> None:
        """The note typed for a span, even if the selection has moved on since."""
        span = self.index.get(span_id)
        if span is not None and span.note != note and not self._refused(note_problem(note)):
            self._change([replace(span, note=note)], "Edit note", select=self._selected_id())

    def label_occurrences(self, label_id: int, occurrences: list[Occurrence]) -> None:
        """Create spans for confirmed occurrences, in any documents, as one undo step."""
        if not occurrences:
            return
        name = self.labels_by_id[label_id].name
        self._push(
            f"Label {counted(len(occurrences), 'occurrence')} as {name}",
            create=lambda: [
                create_span(
                    self.store,
                    hit.document_id,
                    hit.start,
                    hit.end,
                    label_id,
                    annotator=self.writer,
                )
                for hit in occurrences
            ],
        )

    # -- document actions -----------------------------------------------------------

    def my_status(self) -> str | None:
        """The analyst's own status of the open document, where it is given to them."""
        if self.document is None or self.writer != self.annotator:
            return None
        return my_status(self.store, self.document.id, self.annotator)

    def set_document_status(self, status: str) -> None:
        document = self.document
        if document is not None and self.my_status() is not None:
            if document.status != status:  # the analyst's own status of a document given out
                from tagdesk.store.operations import set_my_status

                self.record(
                    lambda history: set_my_status(
                        self.store, history, document.id, self.annotator, status, document.status
                    )
                )
            return
        if (
            self.document is not None
            and self.document.status != status
            and self.my_status() is None
        ):
            self._push_document("Change status", lambda state: replace(state, status=status))

    def add_document_tag(self, name: str) -> None:
        if self._refused(tag_problem(name)):
            return
        self._push_document(
            "Tag document", lambda state: replace(state, tags=tuple(sorted({*state.tags, name})))
        )

    def remove_document_tag(self, name: str) -> None:
        self._push_document(
            "Untag document",
            lambda state: replace(state, tags=tuple(t for t in state.tags if t != name)),
        )

    def mark_done_and_next(self) -> int | None:
        """Mark the open document done; returns the next document that is not done."""
        if self.document is None:
            return None
        current = self.document.id
        given = self.my_status() is not None
        self.set_document_status("done")
        if given:  # the next of the analyst's own documents they have not marked done
            return next_of_mine(self.store, self.annotator, current)
        return next_open_document(self.store, current)

    # -- plumbing -------------------------------------------------------------------

    def _change(
        self,
        records: list[SpanRecord],
        text: str,
        *,
        select: int | None = -1,
        suggest: bool = False,
    ) -> None:
        """`suggest`: the one span is accepted, and its text suggested where else it occurs."""
        before: list[SpanState] = [(r.id, self.index.get(r.id)) for r in records]
        after: list[SpanState] = [(r.id, r) for r in records]
        if select == -1:
            select = records[0].id if len(records) == 1 else None
        first = records[0]
        phrases = self._phrase_step(first.start, first.end, first.label_id) if suggest else None
        self._push(text, before=before, after=after, select=select, suggest=phrases)

    def _phrase_step(self, start: int, end: int, label_id: int) -> Callable[[], Made] | None:
        """What an accept adds in the open document (found now; written with the accept),
        and the accept a corpus search starts from once it is written (`_accepted`)."""
        from tagdesk.core.phrase_occurrences import phrase_pattern

        label = self.labels_by_id.get(label_id)
        if self.document is None or label is None or not self.phrases.enabled:
            return None
        from tagdesk.gui.phrase_suggestions import Accepted

        text, tokens = self.document.text, self.tokens()
        pattern = phrase_pattern(text, tokens, start, end)
        accepted = Accepted(
            self.document.id, start, end, label_id, label.name, text[start:end], pattern
        )
        step, self._accepted = self.phrases.in_document(self.document, tokens, accepted)
        return step

    def _suggest_elsewhere(self, result: Elsewhere) -> None:
        """A corpus search finished: its suggestions as one undo step, said in the status bar."""
        from tagdesk.gui.phrase_suggestions import elsewhere_message

        change = self._commit(self.phrases.elsewhere_step(result), self._selected_id)
        if change is not None:
            self.message.emit(elsewhere_message(change, result.accepted.text))

    def _correct(self, changed: SpanRecord, text: str, *, suggest: bool = False) -> None:
        """A span the analyst relabels, resizes or confirms is theirs: accepted, in their name.

        Left a suggestion, the default export (accepted spans) would drop the
        correction and rejecting a label's suggestions would reject it. The
        source keeps naming where the span came from.
        """
        corrected = replace(changed, status="accepted", annotator=self.writer)
        if corrected != self.index.get(changed.id):
            self._change([corrected], text, suggest=suggest)

    def _selected_id(self) -> int | None:
        return self.selected.id if self.selected is not None else None

    def undo(self) -> None:
        """Undo the last action: written first, so a refused write leaves everything as shown."""
        self._move(forward=False)

    def redo(self) -> None:
        self._move(forward=True)

    def _move(self, *, forward: bool, by_stack: bool = False) -> None:
        """Move the history one step, then the QUndoStack after it (unless it moved first)."""
        from tagdesk.gui.commands import EditCommand

        position = self.history.index if forward else self.history.index - 1
        if not 0 <= position < len(self.history):
            return
        command = self.undo_stack.command(position)
        assert isinstance(command, EditCommand)
        try:
            moved = self.history.redo(self.store) if forward else self.history.undo(self.store)
        except StoreError as error:
            self._not_saved(error)
            return
        assert moved is not None
        change, report = moved
        self._pending_select = command.selected_after if forward else command.selected_before
        if not by_stack:
            command.following = True
            if forward:
                self.undo_stack.redo()
            else:
                self.undo_stack.undo()
        self._written(change, report, forward=forward)

    def _moved_by_stack(self, forward: bool) -> None:
        """QUndoStack moved by itself (not through undo or redo): the history follows."""
        self._move(forward=forward, by_stack=True)

    def _not_saved(self, error: StoreError) -> None:
        """Say why nothing was saved. A row changed by someone else since it was shown is
        said in the status bar, and the open document shown again as it is stored."""
        if not isinstance(error, ChangedSinceError):
            self.save_failed.emit(f"Not saved: {error}")
            return
        what = "this document" if error.kind == "document" else f"this {error.kind}"
        if self.document is not None:
            self.report(ChangeReport.of(documents=[self.document.id], outside=True))
        elif error.kind == "relation type":
            self.report(ChangeReport.of(relation_types=[error.row_id]))
        self.message.emit(
            f"Not saved: another window or program changed {what} since it was shown here; "
            "it is shown as it is now"
        )

    def _refused(self, problem: str | None) -> bool:
        """A tag or note the database must not hold is said, and nothing is written."""
        if problem is not None:
            self.save_failed.emit(f"Not saved: {problem}")
        return problem is not None

    def _push(
        self,
        text: str,
        *,
        before: list[SpanState] | None = None,
        after: list[SpanState] | None = None,
        create: Callable[[], list[SpanRecord]] | None = None,
        select: int | None = None,
        suggest: Callable[[], Made] | None = None,
    ) -> None:
        """Write one action in one transaction, then put it on the history and the undo stack.

        `create` makes new spans inside that transaction (the action adds them);
        every document it touches that is still to do becomes in progress in the
        same transaction, the open one and any other (label all occurrences).
        `suggest` adds the phrase suggestions of an accept in the same
        transaction, so one Ctrl+Z takes back the accept and what it suggested:
        they stand or fall together. Once written, the other documents are searched.
        """
        from tagdesk.store.change_sets import ChangeSet
        from tagdesk.store.own_edits import own_states

        home = self.document.id if self.document else None
        if self.edits_refused():
            return
        edits = [(b, a) for (_, b), (_, a) in zip(before or (), after or (), strict=True) if b]
        accepted, self._accepted = self._accepted, None
        made: Made = ([], [])

        def build() -> ChangeSet:
            nonlocal before, after, select, made
            created: list[int] = []
            if edits:  # someone else's span, where work is shared, becomes an own copy
                before, after = own_states(self.store, self.writer, edits)
                copies = {
                    r.derived_from: r.id
                    for (_, b), (_, r) in zip(before, after, strict=True)
                    if r and not b
                }
                select = copies.get(select, select) if select is not None else None
            if create is not None:
                records = create()
                before = [(r.id, None) for r in records]
                after = [(r.id, r) for r in records]
                select = records[0].id if len(records) == 1 and home else None
                created = [r.id for r in records]
            if suggest is not None:
                made = suggest()
                before = [*(before or ()), *((r.id, None) for r in made[0])]
                after = [*(after or ()), *((r.id, r) for r in made[0])]
                created += [r.id for r in made[0]]
            touched = {home} if home is not None else set()
            touched |= {r.document_id for _, r in [*(before or []), *(after or [])] if r}
            waiting = [
                document_state(self.store, i) for i in documents_to_do(self.store, sorted(touched))
            ]
            return ChangeSet(
                text,
                tuple(before or ()),
                tuple(after or ()),
                tuple(waiting),
                tuple(replace(state, status="in_progress") for state in waiting),
                home,
                created=tuple(created),
                logged=tuple(made[1]),
            )

        if self._commit(build, lambda: select) is None or accepted is None:
            return
        if made[0]:
            self.message.emit(
                f"{counted(len(made[0]), 'more suggestion')} of “{accepted.text}” in this document"
            )
        self.phrases.search_elsewhere(accepted)

    def _push_document(self, text: str, change: Callable[[DocumentState], DocumentState]) -> None:
        """A change to the open document's status or tags, made to the state shown.

        The write expects the document at the version shown: a status or tag
        another window changed since refuses it, and the window shows what is stored.
        """
        from tagdesk.store.change_sets import ChangeSet

        if self.document is None:
            return
        home = self.document.id
        shown = self.document.state

        def build() -> ChangeSet | None:
            before = shown
            after = change(before)
            if after == before:
                return None
            return ChangeSet(text, documents_before=(before,), documents_after=(after,), home=home)

        self._commit(build, self._selected_id)

    def _commit(
        self, build: Callable[[], ChangeSet | None], selected: Callable[[], int | None]
    ) -> ChangeSet | None:
        """Build an action and write it in one transaction, then put it on the undo stack.

        Reads made while building see the stored state under the write lock.
        `selected` names the span to select afterwards, once built.
        """
        from tagdesk.gui.commands import EditCommand

        selected_before = self._selected_id()
        try:
            done = self.history.do(self.store, build)
        except StoreError as error:
            self._not_saved(error)
            return None
        if done is None:
            return None
        change, report = done
        select = selected()
        self._pending_select = select
        self.undo_stack.push(
            EditCommand(
                change,
                self._moved_by_stack,
                selected_before=selected_before,
                selected_after=select,
            )
        )
        self._written(change, report, forward=True)
        return change

    def record(self, operation: Callable[[History], ChangeReport]) -> bool:
        """A store operation (store.operations) done on this window's history: one undo step.

        False when it changed nothing, or the store refused it (said in one line).
        """
        try:
            return self.record_step(operation) is not None
        except StoreError as error:
            self._not_saved(error)
            return False
        except TagdeskError as error:
            self.save_failed.emit(f"Not saved: {error}")
            return False

    def record_step(self, operation: Callable[[History], ChangeReport]) -> ChangeReport | None:
        """As `record`, for a caller that says a refusal itself (a dialog, in its own box):
        the store's errors reach it, nothing written. None when nothing changed."""
        from tagdesk.gui.commands import EditCommand

        selected_before = self._selected_id()
        done_before = self.history.index
        report = operation(self.history)
        if self.history.index == done_before:
            return None
        change = self.history[self.history.index - 1]
        self._pending_select = selected_before
        self.undo_stack.push(
            EditCommand(
                change,
                self._moved_by_stack,
                selected_before=selected_before,
                selected_after=selected_before,
            )
        )
        self._written(change, report, forward=True)
        return report

    def _written(self, change: ChangeSet, report: ChangeReport, *, forward: bool) -> None:
        """After every do, undo and redo: update what the open document shows, in place."""
        self._forget_tags(report)  # before the selected span is shown with the names
        home = change.home
        if home is not None and (self.document is None or self.document.id != home):
            self._pending_select = None
            self._pass_on(report, read_spans=False)
            self.navigate_requested.emit(home)
            return
        if self.document is not None and self.document.id in report.documents:
            self._put_spans(change.spans_after if forward else change.spans_before)
            states = (*change.spans_before, *change.spans_after)
            if any(r is not None and r.derived_from is not None for _, r in states):
                self.reload_spans()  # an own copy hides what it came from; undone, shows it
        written = bool(
            change.documents_before
            or change.documents_after
            or change.assignments_before
            or change.assignments_after
        )
        self._pass_on(report, read_spans=False, document_written=written)

    def _put_spans(self, span_states: Sequence[SpanState]) -> None:
        assert self.document is not None
        current = self.document.id
        ranges: list[tuple[int, int]] = []
        for span_id, record in span_states:
            if record is not None and record.document_id == current:
                old = self.index.put(record)
                ranges.append((record.start, record.end))
            else:
                old = self.index.remove(span_id)
            if old is not None:
                ranges.append((old.start, old.end))
        if ranges:
            self.spans_changed.emit(ranges)
        select = self._pending_select
        self._pending_select = None
        if select is None and self.selected is not None:
            select = self.selected.id
        self.selected = self.index.get(select) if select is not None else None
        self.selection_changed.emit(self.selected)
