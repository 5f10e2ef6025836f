"""A copy into a new file takes its name only if nothing has come to stand there meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.store.copying import _publish


def test_a_file_that_appeared_at_the_target_meanwhile_is_kept(tmp_path: Path) -> None:
    building = tmp_path / ".corpus.sqlite3.copying-1-1"
    building.write_bytes(b"the finished copy")
    final = tmp_path / "corpus.sqlite3"
    final.write_bytes(b"someone else's file")
    with pytest.raises(StoreError, match=r"corpus\.sqlite3"):
        _publish(building, final)
    assert final.read_bytes() == b"someone else's file"
    assert building.read_bytes() == b"the finished copy"  # the caller removes what it made


def test_the_finished_copy_takes_a_free_name(tmp_path: Path) -> None:
    building = tmp_path / ".corpus.sqlite3.copying-1-1"
    building.write_bytes(b"the finished copy")
    final = tmp_path / "corpus.sqlite3"
    _publish(building, final)
    assert final.read_bytes() == b"the finished copy"
