"""Phrase suggestions in the window: an accepted text, suggested where else it occurs.

In the open document at once, over its stored tokens (no spaCy on the GUI
thread), written with the accept in one undo step: the places near the accept,
at most HERE_AT_ONCE of them, so an accept of a very common text waits for no
more than an ordinary one. The rest of the open document and the other
documents not done are searched over their kept tokens in a thread, each
accepted text then written as one undo step of its own. What is left alone (a place a span
holds, a suggestion made there before) is decided by tagdesk.store.reviewed
under the write lock, so the two never disagree with the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QTimer, Signal

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.phrase_occurrences import Pattern, occurrences
from tagdesk.core.records import DocumentInfo, SpanRecord
from tagdesk.core.snapping import Token, word_tokens
from tagdesk.core.word_boundaries import word_boundaries
from tagdesk.core.wording import counted
from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store
from tagdesk.store.change_sets import ChangeSet
from tagdesk.store.prepared_tokens import stored_tokens
from tagdesk.store.reviewed import (
    LogRow,
    create_phrase_suggestions,
    documents_for_phrases,
    still_accepted,
)
from tagdesk.store.settings import suggests_phrases
from tagdesk.store.suggestions import iter_texts

Made = tuple[list[SpanRecord], list[LogRow]]  # the suggestion spans written, their log rows
HERE_REACH = 5_000  # code points either side of an accept searched at once: its screen and more
HERE_AT_ONCE = 50  # of those, the nearest written with the accept; the rest in the background


@dataclass(frozen=True)
class Accepted:
    """A text the analyst accepted, where: what a corpus search looks for, and checks again."""

    document_id: int
    start: int
    end: int
    label_id: int
    label: str
    text: str
    pattern: Pattern | None  # its tokens in its own document, as the others are compared
    rest_here: bool = False  # its own document has places the accept did not write at once
    # That document's text and tokens as the window holds them, for the search of the rest:
    # a megabyte is not tokenized again in the search's thread (which holds the GIL meanwhile).
    shown: tuple[str, Sequence[Token]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Elsewhere:
    """What a corpus search found for one accepted text, in the documents not done."""

    accepted: Accepted
    found: tuple[FoundEntities, ...]


class PhraseSuggestions(QObject):
    found = Signal(object)  # Elsewhere: a search finished; the controller writes it
    changed = Signal(object)  # ChangeReport: the setting was written

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.enabled = suggests_phrases(store)
        self.runner = ThreadTaskRunner(self)
        self.runner.finished.connect(self._finished)
        self._pending: list[Accepted] = []  # searched for by the running task, in order
        # The search starts in the event loop's next turn: after the accept is painted, so
        # its thread does not take the GIL from that paint.
        self._start_soon = QTimer(self)
        self._start_soon.setSingleShot(True)
        self._start_soon.setInterval(0)
        self._start_soon.timeout.connect(self._start_search)

    def set_enabled(self, on: bool) -> None:
        """The File menu's setting, kept in the database's settings."""
        self.enabled = on
        if not on:
            self._pending = []
            self._start_soon.stop()
            self.runner.cancel()
        if suggests_phrases(self.store) != on:
            from tagdesk.store.operations import set_suggests_phrases

            self.changed.emit(set_suggests_phrases(self.store, on))

    def in_document(
        self, document: DocumentInfo, tokens: Sequence[Token], accepted: Accepted
    ) -> tuple[Callable[[], Made] | None, Accepted]:
        """The step of an accept's write that suggests its text again in the open document
        (or None), and the accept as the corpus search is to take it.

        Found now, from the shown text and tokens, near the accept only: within
        HERE_REACH of it, the HERE_AT_ONCE nearest. Written inside the accept's
        transaction, where what the store holds decides. When the rest of the
        document may hold more, the accept says so (`rest_here`) and the corpus
        search looks there too: what is written now is spanned by then, so the
        store leaves it alone.
        """
        if not self.enabled or document.status == "done" or accepted.pattern is None:
            return None, accepted
        region = (max(0, accepted.start - HERE_REACH), accepted.end + HERE_REACH)
        places = [
            place
            for place in occurrences(accepted.pattern, document.text, tokens, within=region)
            if place[0] != accepted.start
        ]
        if len(places) > HERE_AT_ONCE:
            places = sorted(places, key=lambda place: abs(place[0] - accepted.start))
            places = sorted(places[:HERE_AT_ONCE])
        if len(places) == HERE_AT_ONCE or region[0] > 0 or region[1] < len(document.text):
            accepted = replace(accepted, rest_here=True, shown=(document.text, tokens))
        if not places:
            return None, accepted
        found = FoundEntities(document.id, tuple((s, e, accepted.label) for s, e in places))
        return (lambda: create_phrase_suggestions(self.store, [found])), accepted

    def search_elsewhere(self, accepted: Accepted) -> None:
        """Look for the text in every other document not done, in a thread.

        A search still running is started again with this text added, so no
        accepted text waits for another's results or is lost to them.
        """
        if not self.enabled:
            return
        self._pending.append(accepted)
        self._start_soon.start()

    def busy(self) -> bool:
        """A search is about to start or running."""
        return self._start_soon.isActive() or self.runner.is_running()

    def _start_search(self) -> None:
        if not self.enabled or not self._pending:
            return
        wanted, store = list(self._pending), self.store

        def work(control: TaskControl) -> list[Elsewhere]:
            return search(store, wanted, control)

        self.runner.start(store_task(store, work))

    def wait(self) -> None:
        self._start_soon.stop()
        self.runner.cancel()
        self.runner.wait()

    def _finished(self, results: list[Elsewhere]) -> None:
        searched = {result.accepted for result in results}
        self._pending = [a for a in self._pending if a not in searched]
        for result in results:
            if self.enabled:
                self.found.emit(result)

    def elsewhere_step(self, result: Elsewhere) -> Callable[[], ChangeSet | None]:
        """The build of the undo step that writes a search's results; None from it when
        nothing is left to suggest, or the accept was undone or rejected since (stale)."""
        accepted = result.accepted

        def build() -> ChangeSet | None:
            a = accepted
            if not still_accepted(self.store, a.document_id, a.start, a.end, a.label_id):
                return None
            spans, logged = create_phrase_suggestions(self.store, result.found)
            if not spans:
                return None
            documents = len({span.document_id for span in spans})
            return ChangeSet(
                f"Suggest “{a.text}” in {counted(documents, 'document')}",
                tuple((span.id, None) for span in spans),
                tuple((span.id, span) for span in spans),
                created=tuple(span.id for span in spans),
                logged=tuple(logged),
            )

        return build


def search(store: Store, wanted: Sequence[Accepted], control: TaskControl) -> list[Elsewhere]:
    """Each accepted text's occurrences in the documents not done but its own (the window
    found those), and in its own where the window found only the places near it.

    Runs in a worker thread, without spaCy (the window's process never imports it):
    over each document's kept tokens, which the pipeline made as it makes the command
    line's matcher's, or its word boundaries until they are kept."""
    open_ids = documents_for_phrases(store)
    results: list[Elsewhere] = []
    for accepted in wanted:
        pattern = accepted.pattern
        found: list[FoundEntities] = []
        for document_id, text, held in _texts(store, accepted, open_ids):
            if control.cancelled:
                return []
            assert pattern is not None
            tokens = held if held is not None else _tokens_of(store, document_id, text)
            places = occurrences(pattern, text, tokens)
            if places:
                entities = tuple((start, end, accepted.label) for start, end in places)
                found.append(FoundEntities(document_id, entities))
        results.append(Elsewhere(accepted, tuple(found)))
    return results


def _texts(
    store: Store, accepted: Accepted, open_ids: Sequence[int]
) -> Iterator[tuple[int, str, Sequence[Token] | None]]:
    """The documents to search for an accept, one at a time: the rest of its own with the
    tokens the window holds for it, where the window left any, then the others."""
    if accepted.pattern is None:
        return
    if accepted.rest_here and accepted.shown is not None and accepted.document_id in open_ids:
        yield accepted.document_id, *accepted.shown
    others = [i for i in open_ids if i != accepted.document_id]
    for document_id, text in iter_texts(store, others):
        yield document_id, text, None


def _tokens_of(store: Store, document_id: int, text: str) -> Sequence[Token]:
    return word_tokens(text, stored_tokens(store, document_id) or word_boundaries(text))


def elsewhere_message(change: ChangeSet, text: str) -> str:
    """The status bar's word on a corpus search written: how many, of what, where."""
    documents = len({record.document_id for _, record in change.spans_after if record})
    return (
        f"{counted(len(change.spans_after), 'more suggestion')} of “{text}” in "
        f"{counted(documents, 'document')}; Ctrl+Z takes them back"
    )
