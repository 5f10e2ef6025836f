"""Random sequences of the analyst's actions: undo all restores the database, redo replays it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagdesk.gui.controller import AnnotationController
from tagdesk.store import Store, open_store
from tagdesk.store.document_list import find_occurrences
from tagdesk.transfer import import_paths
from tests.helpers import write_jsonl
from tests.reliability.fingerprint import content

TEXTS = [
    "Qasem Soleimani visited Tikrit 😀 and Baghdad.\nThe IRGC said Soleimani was there.",
    "Haider al-Abadi spoke in Baghdad about Mosul; Tikrit and Mosul were retaken.",
    "Kurdish fighters near Amerli met 𠀀 Soleimani again in Tikrit.",
]
WORDS = ["Soleimani", "Tikrit", "Baghdad", "Mosul"]
TAGS = ["checked", "unsure", "x y"]


def words(_document_id: int, text: str) -> list[tuple[int, int, bool]]:
    """A plain tokenizer: runs of word characters and single other characters."""
    found = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
    return [(s, e, e < len(text) and text[e].isspace()) for s, e in found]


ACTION = st.one_of(
    st.tuples(st.just("open"), st.integers(0, 2)),
    st.tuples(st.just("select"), st.integers(0, 30)),
    st.tuples(st.just("add"), st.integers(0, 3), st.integers(0, 200), st.integers(1, 20)),
    st.tuples(st.just("add_exact"), st.integers(0, 3), st.integers(0, 200), st.integers(1, 9)),
    st.tuples(st.just("relabel"), st.integers(0, 3)),
    st.tuples(st.just("resize"), st.sampled_from(["start", "end"]), st.sampled_from([-1, 1])),
    st.tuples(st.just("delete")),
    st.tuples(st.just("status"), st.sampled_from(["accepted", "rejected"])),
    st.tuples(st.just("tag"), st.sampled_from(TAGS)),
    st.tuples(st.just("untag"), st.sampled_from(TAGS)),
    st.tuples(st.just("note"), st.sampled_from(["", "the general", "ناشط"])),
    st.tuples(st.just("accept_all")),
    st.tuples(st.just("reject_label"), st.integers(0, 3)),
    st.tuples(st.just("occurrences"), st.integers(0, 3), st.sampled_from(WORDS)),
    st.tuples(st.just("document_status"), st.sampled_from(["todo", "in_progress", "done"])),
    st.tuples(st.just("document_tag"), st.sampled_from(TAGS)),
    st.tuples(st.just("document_untag"), st.sampled_from(TAGS)),
    st.tuples(st.just("done_next")),
    st.tuples(st.just("undo")),
)


# Actions that are one controller call with the drawn arguments as they are.
DIRECT = {
    "resize": "move_selected_edge",
    "delete": "delete_selected",
    "status": "set_selected_status",
    "tag": "add_span_tag",
    "untag": "remove_span_tag",
    "accept_all": "accept_all",
    "document_status": "set_document_status",
    "document_tag": "add_document_tag",
    "document_untag": "remove_document_tag",
    "undo": "undo",
}


def perform(controller: AnnotationController, action: tuple[Any, ...]) -> None:
    kind, *args = action
    labels = controller.labels[:4]
    document = controller.document
    if kind in DIRECT:
        getattr(controller, DIRECT[kind])(*args)
    elif kind == "note" and controller.selected is not None:
        controller.set_note(controller.selected.id, args[0])
    elif kind == "open":
        controller.open_document(args[0] + 1)
    elif kind == "select" and controller.spans:
        spans = controller.spans
        controller.select_span(spans[args[0] % len(spans)].id)
    elif kind in ("add", "add_exact") and document is not None:
        label, start, length = args
        start %= len(document.text)
        end = min(start + length, len(document.text))
        controller.label_selection(labels[label].id, (start, end), kind == "add_exact")
    elif kind == "relabel":
        controller.label_selection(labels[args[0]].id, None, False)
    elif kind == "reject_label":
        controller.reject_label(labels[args[0]].id)
    elif kind == "occurrences" and document is not None:
        label = labels[args[0]].id
        controller.label_occurrences(
            label, find_occurrences(controller.store, args[1], label_id=label)
        )
    elif kind == "done_next":
        next_id = controller.mark_done_and_next()
        if next_id is not None:
            controller.open_document(next_id)


def build_store(folder: Path) -> Store:
    records = [
        {
            "text": text,
            "spans": [
                {"start": text.index(w), "end": text.index(w) + len(w), "label": label, **extra}
                for w, label, extra in (
                    ("Tikrit", "GPE", {"status": "suggested"}),
                    ("Soleimani", "PERSON", {"status": "suggested", "tags": ["checked"]}),
                    ("Baghdad", "GPE", {}),
                )
                if w in text
            ],
        }
        for text in TEXTS
    ]
    store = open_store(folder / "undo.sqlite3")
    import_paths(store, [write_jsonl(folder / "in.jsonl", records)], annotator="importer")
    return store


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTION, min_size=1, max_size=25))
def test_undo_all_restores_the_database_and_redo_all_replays_it(
    qapp, tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[Any, ...]]
) -> None:
    folder = tmp_path_factory.mktemp("undo")
    store = build_store(folder)
    path = folder / "undo.sqlite3"
    controller = AnnotationController(store, "tester", words)
    try:
        controller.open_document(1)
        start = content(path)
        for action in actions:
            perform(controller, action)
        stack = controller.undo_stack
        while stack.canRedo():  # actions undone along the way count as redone at the end
            controller.redo()
        end = content(path)
        while stack.canUndo():
            controller.undo()
        assert content(path) == start
        while stack.canRedo():
            controller.redo()
        assert content(path) == end
    finally:
        controller.deleteLater()
        store.close()
