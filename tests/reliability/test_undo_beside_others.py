"""Undo among other writers: an import, another program's edits. Undo touches only its own rows.

Random sequences of the analyst's actions (those of test_undo_property) with
outside writes between them: `import_documents` through a second connection,
and another program's INSERT, UPDATE and DELETE on spans the window never
wrote. After undoing everything, every row the window wrote is as it was
before the window first wrote it, and every other row is as the outside left
it; redoing everything brings back the state before the undo.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.gui.controller import AnnotationController
from tagdesk.store import Store, open_store
from tagdesk.store.importing import import_documents
from tests.reliability.test_undo_property import ACTION, TEXTS, WORDS, build_store, perform, words

Key = tuple[Any, ...]
Rows = dict[Key, Any]
LABELS = ["PERSON", "ORG", "GPE", "LOC"]

OUTSIDE = st.one_of(
    st.tuples(st.just("import"), st.integers(0, 2), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("insert"), st.integers(0, 2), st.integers(0, 3)),
    st.tuples(st.just("update"), st.integers(0, 50), st.sampled_from(["note", "status", "label"])),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)
STEP = st.one_of(ACTION, ACTION, st.tuples(st.just("outside"), OUTSIDE))


def rows(path: Path) -> Rows:
    """Every row undo could touch, keyed by what names it; tags by name, `updated_at` aside."""
    connection = sqlite3.connect(path)
    try:
        found: Rows = {}
        tags: dict[int, list[str]] = {}
        for span_id, name in connection.execute(
            "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id"
        ):
            tags.setdefault(span_id, []).append(name)
        for row in connection.execute(
            'SELECT id, document_id, "start", "end", label_id, source, status, note, annotator, '
            "created_at FROM span"
        ):
            found["span", row[0]] = (*row[1:], tuple(sorted(tags.get(row[0], ()))))
        for row in connection.execute("SELECT id, text, status, created_at FROM document"):
            found["document", row[0]] = row[1:]
        for document_id, name in connection.execute(
            "SELECT dt.document_id, t.name FROM document_tag dt JOIN tag t ON t.id = dt.tag_id"
        ):
            found["document_tag", document_id, name] = True
        for row in connection.execute("SELECT * FROM label"):
            found["label", row[0]] = row[1:]
        return found
    finally:
        connection.close()


@contextmanager
def second_connection(path: Path, window_store: Store) -> Iterator[Store]:
    """Another store on the same file, open beside the window's."""
    other = open_store(path)
    try:
        yield other
    finally:
        other.close()


class Outside:
    """Writes by others; only ever on spans the window has not written."""

    def __init__(self, path: Path, store: Store) -> None:
        self.path = path
        self.store = store
        self.dispatches = 0

    def write(self, action: tuple[Any, ...], window_wrote: set[Key]) -> None:
        kind, *args = action
        if kind == "import":
            self.import_some(*args, window_wrote=window_wrote)
            return
        connection = sqlite3.connect(self.path, isolation_level=None)
        try:
            if kind == "insert":
                text = TEXTS[args[0]]
                word = WORDS[args[1]]
                if word in text:
                    start = text.rindex(word)
                    connection.execute(
                        'INSERT INTO span (document_id, "start", "end", label_id, source, status, '
                        "note, annotator, created_at, updated_at) VALUES (?, ?, ?, 2, 'other', "
                        "'suggested', '', 'other', '2026-01-02 03:04:05', '2026-01-02 03:04:05')",
                        (args[0] + 1, start, start + len(word)),
                    )
                return
            free = sorted(key[1] for key in rows(self.path) if key[0] == "span")
            free = [span_id for span_id in free if ("span", span_id) not in window_wrote]
            if not free:
                return
            span_id = free[args[0] % len(free)]
            if kind == "delete":
                connection.execute("DELETE FROM span WHERE id = ?", (span_id,))
            elif args[1] == "note":
                connection.execute("UPDATE span SET note = note || '+' WHERE id = ?", (span_id,))
            elif args[1] == "status":
                connection.execute(
                    "UPDATE span SET status = CASE status WHEN 'accepted' THEN 'rejected' "
                    "ELSE 'accepted' END WHERE id = ?",
                    (span_id,),
                )
            else:
                connection.execute(
                    "UPDATE span SET label_id = label_id % 4 + 1 WHERE id = ?", (span_id,)
                )
        finally:
            connection.close()

    def import_some(
        self, text_index: int, word_index: int, label_index: int, *, window_wrote: set[Key]
    ) -> None:
        """The same text again with a span and a tag (merged), and one new document.

        A text whose document the window wrote is not imported again: its new tag would
        change that document's row, and an undo over a row changed since is refused by
        design (tests/store/test_row_versions.py), not restored.
        """
        text = TEXTS[text_index]
        word = WORDS[word_index]
        spans = []
        if word in text:
            start = text.index(word)
            spans.append(IncomingSpan(start, start + len(word), LABELS[label_index]))
        self.dispatches += 1
        fresh = f"Dispatch {self.dispatches} from {word}"
        connection = sqlite3.connect(self.path)
        try:
            found = connection.execute(
                'SELECT id FROM "document" WHERE text = ?', (text,)
            ).fetchone()
        finally:
            connection.close()
        again = (
            []
            if found and ("document", found[0]) in window_wrote
            else [IncomingDocument(text=text, spans=spans, tags=["outside"])]
        )
        with second_connection(self.path, self.store) as other:
            import_documents(
                other,
                [
                    *again,
                    IncomingDocument(text=fresh, spans=[IncomingSpan(0, 8, "ORG")]),
                ],
                annotator="outsider",
                source="outside",
            )


def largest_span_id(found: Rows) -> int:
    return max((key[1] for key in found if key[0] == "span"), default=0)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=30))
def test_undo_all_restores_only_what_the_window_wrote(
    qapp, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[Any, ...]]
) -> None:
    folder = tmp_path_factory.mktemp("beside")
    store = build_store(folder)
    path = folder / "undo.sqlite3"
    controller = AnnotationController(store, "tester", words)
    outside = Outside(path, store)
    first_seen: Rows = {}  # what each row the window wrote held before its first write to it
    largest_ever = largest_span_id(rows(path))

    def window_acts(act: Any) -> None:
        nonlocal largest_ever
        before = rows(path)
        act()
        after = rows(path)
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key) and key not in first_seen:
                first_seen[key] = before.get(key)
        largest_ever = max(largest_ever, largest_span_id(after))

    try:
        controller.open_document(1)
        for step in steps:
            if step[0] != "outside":
                window_acts(lambda step=step: perform(controller, step))
                continue
            before = rows(path)
            outside.write(step[1], set(first_seen))
            after = rows(path)
            added = {key[1] for key in after.keys() - before.keys() if key[0] == "span"}
            assert all(span_id > largest_ever for span_id in added), (
                f"an outside writer reused a span id: {sorted(added)} <= {largest_ever}"
            )
            largest_ever = max(largest_ever, largest_span_id(after))
            controller.reload_spans()  # what the window does when it notices, within 2 s
        stack = controller.undo_stack
        while stack.canRedo():
            window_acts(controller.redo)
        end = rows(path)
        while stack.canUndo():
            index = stack.index()
            window_acts(controller.undo)
            assert stack.index() == index - 1, "an undo was refused"
        expected = {**end, **first_seen}
        expected = {key: value for key, value in expected.items() if value is not None}
        assert rows(path) == expected
        while stack.canRedo():
            controller.redo()
        assert rows(path) == end
    finally:
        controller.deleteLater()
        store.close()


def test_undoing_a_tag_after_an_import_tagged_the_document_is_refused_and_keeps_both(
    qapp, tmp_path: Path
) -> None:
    store = build_store(tmp_path)
    path = tmp_path / "undo.sqlite3"
    controller = AnnotationController(store, "tester", words)
    try:
        controller.open_document(1)
        controller.add_document_tag("checked")
        Outside(path, store).import_some(0, 0, 0, window_wrote=set())  # the text again, tagged
        controller.undo()  # the import tagged the document since: refused, both tags kept
        stored = {key[2] for key in rows(path) if key[:2] == ("document_tag", 1)}
        assert stored == {"checked", "outside"}
        assert controller.document.tags == ("checked", "outside")  # shown as stored
        assert controller.history.index == 1
        controller.remove_document_tag("checked")  # made on what is shown: saved
        stored = {key[2] for key in rows(path) if key[:2] == ("document_tag", 1)}
        assert stored == {"outside"}
    finally:
        controller.deleteLater()
        store.close()
