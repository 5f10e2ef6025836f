"""The server restarts (or drops one connection) under an open store.

A read made after it is made again on a new connection, and so is a write
whose transaction had not begun; a write whose connection was lost half-way
is reported as not saved, one lost at its commit as perhaps saved; each time
the next action works, and nothing is lost or written twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.store import Store, open_store
from tagdesk.store.document_list import ListQuery, document_ids
from tagdesk.store.editing import create_span
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.helpers import query


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    with open_store(postgres_url) as opened:
        import_paths(opened, [SEEDS], annotator="tester")
        yield opened


def backend(store: Store) -> int:
    return int(store.execute("SELECT pg_backend_pid()").fetchone()[0])


def spans(url: str) -> list[tuple[Any, ...]]:
    return query(url, 'SELECT document_id, "start", "end", label_id FROM span ORDER BY id')


def end_connection(url: str, pid: int) -> None:
    """An administrator's (or a network cut's) end of one connection, from another one."""
    assert query(url, "SELECT pg_terminate_backend(?)", (pid,)) == [(True,)]


def test_after_a_restart_the_next_read_and_write_work_once(
    store: Store, postgres_server: Any, postgres_url: str
) -> None:
    ids = document_ids(store, ListQuery())
    create_span(store, ids[0], 0, 5, 1, annotator="tester")
    before = spans(postgres_url)
    old = backend(store)
    postgres_server.restart()
    assert document_ids(store, ListQuery()) == ids  # read again on a new connection
    assert backend(store) != old
    postgres_server.restart()
    create_span(store, ids[1], 0, 5, 1, annotator="tester")  # the first thing after it
    after = spans(postgres_url)
    assert after == [*before, (ids[1], 0, 5, 1)]
    assert query(postgres_url, 'SELECT count(*) FROM span WHERE "start" = 0') == [(2,)]


def test_a_write_whose_connection_is_lost_half_way_is_reported_and_not_saved(
    store: Store, postgres_url: str
) -> None:
    ids = document_ids(store, ListQuery())
    before = spans(postgres_url)

    def cut_off_half_way() -> None:
        with store.atomic():
            create_span(store, ids[0], 0, 5, 1, annotator="tester")
            end_connection(postgres_url, backend(store))
            create_span(store, ids[0], 6, 9, 1, annotator="tester")

    with pytest.raises(StoreError) as refused:
        cut_off_half_way()
    assert str(refused.value).startswith(
        f"{store.location}: cannot save: the connection to the database server was lost ("
    )
    assert str(refused.value).endswith("nothing was saved, and the next action connects again")
    assert spans(postgres_url) == before
    create_span(store, ids[0], 0, 5, 1, annotator="tester")  # the next one works, once
    assert spans(postgres_url) == [*before, (ids[0], 0, 5, 1)]


def test_a_write_whose_commit_gets_no_answer_is_reported_as_perhaps_saved(
    store: Store, postgres_url: str
) -> None:
    """The COMMIT goes to a connection that is gone: whether the server saved the change
    cannot be told from here, so it is said, and not made again behind the analyst's back."""
    ids = document_ids(store, ListQuery())
    before = spans(postgres_url)

    def cut_off_before_the_commit() -> None:
        with store.atomic():
            create_span(store, ids[0], 0, 5, 1, annotator="tester")
            end_connection(postgres_url, backend(store))

    with pytest.raises(StoreError) as refused:
        cut_off_before_the_commit()
    assert str(refused.value).startswith(
        f"{store.location}: the connection to the database server was lost while saving ("
    )
    assert str(refused.value).endswith(
        "the change may have been saved or not; look before making it again"
    )
    assert spans(postgres_url) == before  # here it was not: the server ended it first
    assert document_ids(store, ListQuery()) == ids
    create_span(store, ids[0], 0, 5, 1, annotator="tester")
    assert spans(postgres_url) == [*before, (ids[0], 0, 5, 1)]


def test_a_server_that_stays_away_is_one_line(
    store: Store, postgres_server: Any, postgres_url: str
) -> None:
    ids = document_ids(store, ListQuery())
    with postgres_server.down():
        with pytest.raises(StoreError) as refused:
            document_ids(store, ListQuery())
        assert str(refused.value).startswith(
            f"{store.location}: the connection to the database server was lost and cannot "
            "be made again ("
        )
        assert "\n" not in str(refused.value)
    assert document_ids(store, ListQuery()) == ids
