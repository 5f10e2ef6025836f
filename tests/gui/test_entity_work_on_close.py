"""Closing the window waits for the entity work running in its threads (the ranking of a
span's candidates, the plan of Link all) before the store they read is closed."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.gui.test_entities_window import add_span, open_entities, people  # noqa: F401


def task_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tagdesk-task" and t.is_alive()]


def test_closing_while_link_all_plans_waits_for_the_plan(
    people: tuple[Store, list[int]],  # noqa: F811
    make_window: WindowFactory,
    qtbot,
) -> None:
    store, _spans = people
    for document_id in range(2, 6):  # mentions across the corpus for the plan to read
        add_span(store, document_id, "Soleimani" if document_id == 2 else "Iraq", "GPE")
    window = make_window(store)
    open_entities(window, qtbot)
    qtbot.waitUntil(lambda: not task_threads(), timeout=10000)  # the registry's first reads
    panel = window.entity_panes.panel
    qtbot.mouseClick(panel.link_all_button, Qt.MouseButton.LeftButton)
    assert task_threads(), "Link all plans in a thread"
    window.close()
    assert not task_threads()  # waited for, not left reading a store about to close
    assert store.execute("SELECT COUNT(*) FROM span").fetchone()[0] >= 7  # nothing lost
