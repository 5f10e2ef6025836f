"""A write the database refuses is reported, and the window keeps showing what is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tagdesk.gui.controller import AnnotationController
from tagdesk.store import Store
from tests.reliability.fingerprint import content
from tests.reliability.test_undo_property import build_store, words


def test_a_busy_database_refuses_an_edit_and_an_undo_without_losing_either(
    qapp, tmp_path: Path
) -> None:
    store: Store = build_store(tmp_path)
    path = tmp_path / "undo.sqlite3"
    controller = AnnotationController(store, "tester", words)
    messages: list[str] = []
    controller.save_failed.connect(messages.append)
    controller.open_document(1)
    text = controller.document.text
    org = controller.labels[1].id
    controller.label_selection(org, (text.index("IRGC"), text.index("IRGC") + 4), True)
    store.execute("PRAGMA busy_timeout = 50")
    before = content(path)
    shown = controller.spans

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        start = text.index("Baghdad")
        controller.label_selection(controller.labels[3].id, (start, start + 7), True)
        assert "Not saved" in messages[-1]
        assert "try again" in messages[-1]
        assert controller.undo_stack.count() == 1
        controller.undo()
        assert controller.undo_stack.index() == 1
        assert controller.spans == shown
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert content(path) == before

    controller.undo()
    assert controller.undo_stack.index() == 0
    assert org not in {span.label_id for span in controller.spans}
    store.close()
