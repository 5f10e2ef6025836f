"""The window's listening connection lost and found again, quietly, on the test server.

The server ends the listening connection (as a restart or a network cut
would, as far as the window can tell); a colleague writes meanwhile and
after. The window shows both without a message, a box or a restart.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store
from tagdesk.store.editing import create_span
from tests.gui.test_live_updates import colleague_writes, highlighted, status_shown


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    with open_store(postgres_url) as opened:
        yield opened


def listening_backends(store: Store) -> list[int]:
    return [
        row[0]
        for row in store.execute(
            "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
            "AND datname = current_database()"
        ).fetchall()
    ]


def test_the_window_listens_again_and_shows_what_came_meanwhile(
    window: MainWindow, postgres_url: str, warnings: list[str], qtbot
) -> None:
    c = window.controller
    opened, ids = c.document.id, window.document_model.ids
    text = c.document.text
    assert window.outside.listening
    (listener,) = listening_backends(window.store)
    window.store.execute("SELECT pg_terminate_backend(?)", (listener,))
    meanwhile = text.index("Soleimani")
    with open_store(postgres_url) as colleague:  # while nobody listens
        create_span(colleague, opened, meanwhile, meanwhile + 9, 1, annotator="colleague")
    qtbot.waitUntil(lambda: meanwhile in [s.start for s in c.spans], timeout=10000)
    qtbot.waitUntil(lambda: len(listening_backends(window.store)) == 1, timeout=10000)
    assert listening_backends(window.store) != [listener]
    after = text.index("Quds Force")
    colleague_writes(window.store, opened, after, after + len("Quds Force"), ids[1])
    qtbot.waitUntil(lambda: after in [s.start for s in c.spans], timeout=20000)
    qtbot.waitUntil(lambda: status_shown(window, ids[1]) == "Done", timeout=20000)
    assert highlighted(window, meanwhile)
    assert highlighted(window, after)
    assert warnings == []
    assert window.statusBar().currentMessage() == ""
