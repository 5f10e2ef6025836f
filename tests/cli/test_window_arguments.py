"""`tagdesk` with the window's options is read without loading every format first.

The whole parser lists the formats of import and export, and importing them
delayed the window's first paint by tens of milliseconds; the window's own
options are read by a parser of their own. Both must read those options
alike, and anything else must still reach the whole parser.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagdesk import cli
from tests.conftest import tagdesk_command
from tests.helpers import database_exists

WINDOW_ARGUMENTS = [
    [],
    ["--db", "work.sqlite3"],
    ["--db=work.sqlite3"],
    ["--screenshot", "shot.png", "--doc", "3", "--size", "640x480"],
    ["--size=800x600", "--db", "postgresql://localhost/tagdesk"],
    ["--db", "a.sqlite3", "--db", "b.sqlite3"],
]
OTHER_ARGUMENTS = [
    ["--db", "import"],  # a file named like a command: the whole parser decides
    ["--scr", "shot.png"],  # an abbreviation, which only the whole parser accepts
    ["stats", "--db", "x.sqlite3"],
    ["open", "file.txt"],
    ["--db", "assign"],  # the team commands are commands too
    ["--db", "agreement"],
    ["--doc", "three"],
    ["-h"],
    ["--help"],
    ["--version"],
    ["--bogus"],
    ["file.txt"],
]


@pytest.mark.parametrize("argv", WINDOW_ARGUMENTS, ids=" ".join)
def test_window_options_are_read_as_the_whole_parser_reads_them(argv: list[str]) -> None:
    assert cli._window_arguments(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", OTHER_ARGUMENTS, ids=" ".join)
def test_anything_else_is_left_to_the_whole_parser(argv: list[str]) -> None:
    assert cli._window_arguments(argv) is None


def test_a_bad_window_option_gets_the_whole_parsers_message(db_path: Path) -> None:
    run = subprocess.run(
        [*tagdesk_command(), "--db", str(db_path), "--doc", "three"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2
    assert "usage: tagdesk [-h] [--version]" in run.stderr
    assert "argument --doc: invalid int value: 'three'" in run.stderr
    assert not database_exists(db_path)


def test_the_window_shows_its_first_document_without_importing_a_format(
    db_path: Path, tmp_path: Path
) -> None:
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths
    from tests.conftest import SEEDS

    with open_store(db_path) as store:
        import_paths(store, [SEEDS], annotator="tester")
    shot = tmp_path / "shot.png"
    script = (
        "import sys\n"
        "from tagdesk.cli import main\n"
        f"status = main(['--db', {str(db_path)!r}, '--screenshot', {str(shot)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('tagdesk.formats', "
        "'tagdesk.transfer')))\n"
        "print(status, loaded)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0", "[]"]
    assert shot.stat().st_size > 0
