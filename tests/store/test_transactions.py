"""Transactions against a second writer process: wait for the lock, never fail half-way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.store import Store


def test_a_transaction_holds_the_write_lock_from_its_first_read(
    store: Store, db_path: Path
) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with store.atomic():
            store.execute("SELECT COUNT(*) FROM tag").fetchone()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO tag (name) VALUES ('theirs')")
            # had the other writer got in between, this write would fail at once
            store.execute("INSERT INTO tag (name) VALUES ('ours')")
        other.execute("INSERT INTO tag (name) VALUES ('theirs')")
    finally:
        other.close()
    names = [row[0] for row in store.execute("SELECT name FROM tag ORDER BY id")]
    assert names == ["ours", "theirs"]


def test_a_write_refused_for_too_long_is_one_line(store: Store, db_path: Path) -> None:
    store.execute("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with (
            pytest.raises(StoreError, match=r"cannot save \(database is locked\).*try again"),
            store.atomic(),
        ):
            store.execute("INSERT INTO tag (name) VALUES ('ours')")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.execute("SELECT COUNT(*) FROM tag").fetchone()[0] == 0
