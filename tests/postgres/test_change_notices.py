"""A server announces every committed change a window shows, and a listener reads it.

Writers here are real Stores on the test server, in this process and in
child processes; the listener is the one the window uses.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError
from tagdesk.core.records import LabelRecord
from tagdesk.store import Store, open_store
from tagdesk.store.change_notices import ORIGIN_ENV, NoticeListener, listens
from tagdesk.store.editing import apply_document_state, create_span, document_state
from tagdesk.store.labels import save_label
from tagdesk.store.server_schema import (
    NOTICE_TABLES,
    NOTICES_AT_MOST,
    NOTIFY_CHANNEL,
    change_notices_current,
)
from tagdesk.store.settings import set_setting
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS


@pytest.fixture
def stores(postgres_url: str) -> Iterator[tuple[Store, Store]]:
    """The window's store and a colleague's, on one server database with the seed articles."""
    with open_store(postgres_url) as mine, open_store(postgres_url) as theirs:
        import_paths(theirs, [SEEDS], annotator="colleague")
        yield mine, theirs


@pytest.fixture
def listener(stores: tuple[Store, Store]) -> Iterator[NoticeListener]:
    listening = NoticeListener(stores[0])
    listening.connect()
    yield listening
    listening.close()


def heard(listener: NoticeListener, *, seconds: float = 3.0) -> ChangeReport:
    """What arrives within `seconds`, waiting on the socket as the window's notifier does."""
    report = ChangeReport()
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([listener], [], [], left)
        report = report | listener.read()
    return report


def test_a_colleagues_writes_are_named(stores: tuple[Store, Store], listener) -> None:
    _mine, theirs = stores
    create_span(theirs, 1, 0, 3, 1, annotator="colleague")
    state = document_state(theirs, 2)
    apply_document_state(theirs, replace(state, status="done", tags=("urgent",)), replacing=state)
    label = save_label(theirs, LabelRecord(0, "MILITIA", "#123456"))
    set_setting(theirs, "window.least_sure_first", "1")
    report = heard(listener)
    assert report.documents == {1, 2}
    assert report.tags == {"urgent"}
    assert report.labels == {label.id}
    assert report.settings == {"window.least_sure_first"}
    assert not report.outside


def test_a_document_added_is_named_as_new(stores: tuple[Store, Store], listener) -> None:
    _mine, theirs = stores
    theirs.execute(
        "INSERT INTO document (text, title, source, meta, sha256, status, created_at, "
        "updated_at) VALUES ('A new text', '', '', '{}', 'x', 'todo', now(), now())"
    )
    (added,) = theirs.execute("SELECT MAX(id) FROM document").fetchone()
    assert heard(listener).new_documents == {added}


def test_the_listeners_own_writes_and_its_childrens_are_skipped(
    stores: tuple[Store, Store], listener, postgres_url: str
) -> None:
    mine, _theirs = stores
    create_span(mine, 1, 0, 3, 1, annotator="me")
    child = (
        "import os\n"
        "from tagdesk.store import open_store\n"
        "from tagdesk.store.editing import create_span\n"
        "with open_store(os.environ['TAGDESK_DB']) as store:\n"
        "    create_span(store, 3, 0, 3, 1, annotator='my job')\n"
    )
    for origin, document in ((mine.origin, 3), ("", 3)):
        environment = {**os.environ, "TAGDESK_DB": postgres_url, ORIGIN_ENV: origin}
        result = subprocess.run(
            [sys.executable, "-c", child.replace("3, 0, 3", f"{document}, 0, 3")],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        report = heard(listener)
        if origin:  # the window's job: its own
            assert report == ChangeReport()
        else:  # a program of its own
            assert report.documents == {3}
        mine.execute("DELETE FROM span WHERE document_id = 3")


def test_a_transaction_rolled_back_announces_nothing(stores: tuple[Store, Store], listener) -> None:
    _mine, theirs = stores

    def change_and_give_up() -> None:
        with theirs.write_transaction():
            create_span(theirs, 1, 0, 3, 1, annotator="colleague")
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        change_and_give_up()
    assert heard(listener, seconds=1.0) == ChangeReport()


def test_many_things_in_one_commit_say_many(stores: tuple[Store, Store], listener) -> None:
    _mine, theirs = stores
    with theirs.write_transaction():
        for number in range(NOTICES_AT_MOST + 10):
            set_setting(theirs, f"test.setting.{number}", "1")
    report = heard(listener)
    assert report.outside
    assert len(report.settings) <= NOTICES_AT_MOST


def test_a_bulk_import_says_many_once(
    stores: tuple[Store, Store], postgres_url: str, tmp_path
) -> None:
    import psycopg2

    _mine, theirs = stores
    connection = psycopg2.connect(postgres_url)
    connection.autocommit = True
    try:
        connection.cursor().execute(f'LISTEN "{NOTIFY_CHANNEL}"')
        folder = tmp_path / "more"
        folder.mkdir()
        for number in range(20):
            (folder / f"{number}.txt").write_text(f"Article {number} from Samarra.\n")
        import_paths(theirs, [folder], annotator="colleague")
        select.select([connection], [], [], 3.0)
        time.sleep(0.2)
        connection.poll()
        notices = [notice.payload for notice in connection.notifies]
    finally:
        connection.close()
    assert len(notices) == 1
    assert '"many"' in notices[0]


def test_notices_arrive_only_at_commit(stores: tuple[Store, Store], listener) -> None:
    _mine, theirs = stores
    with theirs.write_transaction():
        create_span(theirs, 1, 0, 3, 1, annotator="colleague")
        assert heard(listener, seconds=0.5) == ChangeReport()
    assert heard(listener).documents == {1}


def test_a_server_made_before_notices_gets_them_when_opened(postgres_url: str) -> None:
    with open_store(postgres_url) as made:
        for table in NOTICE_TABLES:
            made.execute(f'DROP TRIGGER tagdesk_notice_{table} ON "{table}"')
        made.execute("DROP FUNCTION tagdesk_notice(), tagdesk_notice_one(text, text)")
        assert not change_notices_current(made)
        assert not listens(made)
    with open_store(postgres_url) as mine, open_store(postgres_url) as theirs:
        assert change_notices_current(mine)
        listening = NoticeListener(mine)
        listening.connect()
        try:
            set_setting(theirs, "test.key", "1")
            report = heard(listening)
        finally:
            listening.close()
        assert report.settings == {"test.key"}


def test_a_read_only_server_without_notices_still_opens(postgres_url: str) -> None:
    """A role that may not add the triggers opens the database as it is; the window looks."""
    with open_store(postgres_url) as made:
        made.execute('DROP TRIGGER tagdesk_notice_span ON "span"')
        database = made.execute("SELECT current_database()").fetchone()[0]
        made.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    with open_store(postgres_url) as reading:
        assert not listens(reading)
        assert reading.execute("SELECT COUNT(*) FROM label").fetchone()[0] > 0
        with pytest.raises(StoreError):
            set_setting(reading, "test.key", "1")


def test_a_lost_connection_is_said_and_can_be_opened_again(
    stores: tuple[Store, Store], listener
) -> None:
    mine, theirs = stores
    (pid,) = mine.execute(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
        "AND datname = current_database()"
    ).fetchone()
    mine.execute("SELECT pg_terminate_backend(?)", (pid,))

    def read_until_lost() -> None:
        for _ in range(30):
            select.select([listener], [], [], 0.2)
            listener.read()

    with pytest.raises(StoreError, match="lost the connection"):
        read_until_lost()
    listener.connect()
    create_span(theirs, 4, 0, 3, 1, annotator="colleague")
    assert heard(listener).documents == {4}
