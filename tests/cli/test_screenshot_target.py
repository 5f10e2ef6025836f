"""`tagdesk --screenshot` never writes its picture over the database."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, tagdesk_command


@pytest.mark.parametrize(
    ("target", "role"),
    [
        ("work.db", "the database"),
        ("x/../work.db", "the database"),
        ("work.db-wal", "the database's write-ahead log"),
    ],
)
def test_a_screenshot_aimed_at_the_database_is_refused(
    tmp_path: Path, target: str, role: str
) -> None:
    (tmp_path / "x").mkdir()
    made = subprocess.run(
        [*tagdesk_command(), "import", str(SEEDS), "--db", "work.db"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    raw = (tmp_path / "work.db").read_bytes()
    done = subprocess.run(
        [*tagdesk_command(), "--db", "work.db", "--screenshot", target],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"tagdesk: error: {target}: is {role}; a screenshot never replaces it, so name another file"
    ]
    assert (tmp_path / "work.db").read_bytes() == raw
    for written in tmp_path.glob("work.db*"):
        assert not written.read_bytes().startswith(b"\x89PNG")
