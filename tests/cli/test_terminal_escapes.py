"""Nothing Tagdesk prints lets the data drive the terminal.

File names, labels, titles and span text are quoted in errors, warnings,
summaries and stats; each test runs the real command and reads the raw bytes
it wrote, which must hold no ESC, CSI, BEL, backspace, carriage return or
direction override, only their escaped spellings.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tagdesk.store import open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS, tagdesk_command

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: write the clipboard
CSI = "\x9b"
BACKSPACE = "\x08\x08\x08"
RETURN = "\r"
BIDI = "\u202e"
OBEYED = [b"\x1b", b"\x07", b"\x08", b"\r", CSI.encode(), BIDI.encode()]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, timeout=110, env=os.environ
    )


def assert_inert(result: subprocess.CompletedProcess[bytes]) -> str:
    """No byte a terminal obeys in either stream; returns stdout and stderr as text."""
    for stream in (result.stdout, result.stderr):
        for byte in OBEYED:
            assert byte not in stream, (byte, stream)
    return result.stdout.decode() + result.stderr.decode()


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A database another tool (or an older Tagdesk) wrote, with labels that carry escapes."""
    path = tmp_path / "shared.sqlite3"
    with open_store(path) as store:
        import_paths(store, [SEEDS], annotator="tester")
        store.execute("UPDATE document SET status = 'done'")
    connection = sqlite3.connect(path)
    with connection:
        for position, name in enumerate([f"X{CLEAR}", f"Y{CLIPBOARD}", f"Z{CSI}{BIDI}"]):
            label_id = connection.execute(
                "INSERT INTO label (name, colour, hotkey, description, position) "
                "VALUES (?, '#cccccc', '', '', ?)",
                (name, 100 + position),
            ).lastrowid
            # One character into a word: CoNLL cannot hold it, so export warns about it.
            connection.execute(
                'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
                "annotator, created_at, updated_at) VALUES (1, 1, 3, ?, 'manual', 'accepted', "
                "'', 'tester', '2020-01-01', '2020-01-01')",
                (label_id,),
            )
    connection.close()
    return path


def test_stats_shows_label_names_escaped(hostile_db: Path) -> None:
    text = assert_inert(run("stats", "--db", str(hostile_db)))
    assert "X\\x1b[2J" in text
    assert "Y\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in text
    assert "Z\\x9b\\u202e" in text


def test_stats_json_is_the_same_data_with_escapes(hostile_db: Path) -> None:
    result = run("stats", "--json", "--db", str(hostile_db))
    assert_inert(result)
    labels = json.loads(result.stdout)["spans"]["by_label"]
    assert {f"X{CLEAR}", f"Y{CLIPBOARD}", f"Z{CSI}{BIDI}"} <= set(labels)


def test_export_warnings_show_labels_escaped(hostile_db: Path, tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "out.conll"), "--db", str(hostile_db))
    assert result.returncode == 0, result.stderr
    text = assert_inert(result)
    assert text.count("tagdesk: warning:") >= 3
    assert "X\\x1b[2J" in text


def test_an_unknown_label_option_is_echoed_escaped(hostile_db: Path, tmp_path: Path) -> None:
    result = run(
        "export",
        str(tmp_path / "out.jsonl"),
        "--labels",
        f"A{CLEAR}{BACKSPACE}",
        "--db",
        str(hostile_db),
    )
    assert result.returncode == 1
    assert "A\\x1b[2J\\x08\\x08\\x08" in assert_inert(result)


@pytest.mark.parametrize(
    "name",
    [f"{CLEAR}.jsonl", f"a{RETURN}b.jsonl", f"{CSI}2J.jsonl", f"{BIDI}lnosj.jsonl"],
    ids=["esc", "return", "csi", "bidi"],
)
def test_an_error_quoting_a_file_name_shows_it_escaped(
    tmp_path: Path, db_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text('{"text": "Mosul", "spans": [\n', encoding="utf-8")
    result = run("import", str(path), "--db", str(db_path))
    assert result.returncode == 1
    lines = assert_inert(result).strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("tagdesk: error: ")
    assert ":1: is not valid JSON" in lines[0]


def test_an_import_summary_never_echoes_a_hostile_label(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    label = f"GPE{CLIPBOARD}"
    path.write_text(
        json.dumps({"text": "Mosul", "spans": [{"start": 0, "end": 5, "label": label}]}) + "\n",
        encoding="utf-8",
    )
    result = run("import", str(path), "--db", str(db_path), "--progress", "json")
    assert result.returncode == 1  # a label with control characters is refused, and said safely
    assert "control character U+001B" in assert_inert(result)
