"""The test server itself: password logins only, a fresh database per test, gone at the end."""

from __future__ import annotations

import socket
from typing import Any

import psycopg2
import pytest

from tests.postgres_server import PostgresServer, find_bindir


def test_each_test_gets_an_empty_database_that_asks_for_the_password(
    postgres_server: Any, postgres_url: str
) -> None:
    with psycopg2.connect(postgres_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone() == (0,)
        cursor.execute("CREATE TABLE left_behind (id integer)")
    wrong = postgres_url.replace(postgres_server.password, "wrong")
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(wrong).close()


def test_a_second_database_does_not_see_the_first_ones_tables(
    postgres_server: Any, postgres_url: str
) -> None:
    other = postgres_server.create_database()
    try:
        with psycopg2.connect(postgres_url) as first, first.cursor() as cursor:
            cursor.execute("CREATE TABLE mine (id integer)")
        with psycopg2.connect(postgres_server.url(other)) as second, second.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'mine'")
            assert cursor.fetchone() == (0,)
    finally:
        postgres_server.drop_database(other)


def test_a_stopped_server_leaves_no_folder_and_frees_its_port(postgres_server: Any) -> None:
    bindir = find_bindir()
    assert bindir is not None
    with PostgresServer(bindir) as server:
        folder, port = server.folder, server.port
        assert (folder / "data" / "PG_VERSION").is_file()
    assert not folder.exists()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
