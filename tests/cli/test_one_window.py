"""One window per database, in real processes: a later `tagdesk open` hands its files over."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tagdesk.gui.single_instance import server_name
from tests.conftest import REPO, tagdesk_command
from tests.helpers import write_jsonl

# A `tagdesk open` that opened a window of its own would never end by itself; one
# that hands its files over ends once they are sent.
ENDS_BY_ITSELF_S = 60


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The private runtime folder every test gets (tests/conftest.py), where sockets go."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return Path(os.environ["XDG_RUNTIME_DIR"])


@pytest.fixture
def windows() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_window(db: Path, windows: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [*tagdesk_command(), "--db", str(db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    windows.append(process)
    return process


def listening(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def wait_listening(db: Path, process: subprocess.Popen[str]) -> str:
    path = server_name(str(db))
    deadline = time.monotonic() + 60
    while not listening(path):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the window never listened"
        time.sleep(0.1)
    return path


def run_open(db: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), "open", *map(str, files), "--db", str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=ENDS_BY_ITSELF_S,
    )


def document_texts(db: Path, expected: int) -> list[str]:
    """The texts stored, once there are `expected` (the window imports in the background)."""
    deadline = time.monotonic() + 30
    while True:
        with sqlite3.connect(db) as connection:
            texts = [row[0] for row in connection.execute("SELECT text FROM document ORDER BY id")]
        if len(texts) >= expected or time.monotonic() > deadline:
            return texts
        time.sleep(0.2)


def window_processes(db: Path) -> list[int]:
    """Processes running Tagdesk's window on `db`, read from /proc.

    The window's own helpers (`tagdesk tokenize`, `tagdesk preannotate`) run on
    the same database and are not windows.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        helper = b"tokenize" in arguments or b"preannotate" in arguments
        if b"tagdesk" in arguments and os.fsencode(db) in arguments and not helper:
            found.append(int(entry.name))
    return found


def article(folder: Path, name: str, text: str) -> Path:
    return write_jsonl(folder / name, [{"text": text}])


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes through /proc")
def test_open_while_the_window_runs_hands_the_files_to_it(
    tmp_path: Path, runtime_dir: Path, windows: list[subprocess.Popen[str]]
) -> None:
    db = tmp_path / "work.sqlite3"
    window = start_window(db, windows)
    wait_listening(db, window)
    first = article(tmp_path, "first.jsonl", "Kirkuk, an article opened from the file manager")
    second = article(tmp_path, "second.jsonl", "Erbil, a second article opened")
    result = run_open(db, first, second)
    assert result.returncode == 0, result.stderr
    assert document_texts(db, 2) == [
        "Kirkuk, an article opened from the file manager",
        "Erbil, a second article opened",
    ]
    assert window.poll() is None
    assert window_processes(db) == [window.pid]


def test_relative_file_names_are_read_where_open_was_run(
    tmp_path: Path, runtime_dir: Path, windows: list[subprocess.Popen[str]]
) -> None:
    db = tmp_path / "work.sqlite3"
    window = start_window(db, windows)
    wait_listening(db, window)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    article(folder, "near.jsonl", "An article named relative to the shell's folder")
    result = subprocess.run(
        [*tagdesk_command(), "open", "near.jsonl", "--db", str(db)],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "") + os.pathsep + str(REPO)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert document_texts(db, 1) == ["An article named relative to the shell's folder"]


def test_two_databases_get_two_windows(
    tmp_path: Path, runtime_dir: Path, windows: list[subprocess.Popen[str]]
) -> None:
    first_db, second_db = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    first = start_window(first_db, windows)
    first_socket = wait_listening(first_db, first)
    second = start_window(second_db, windows)
    second_socket = wait_listening(second_db, second)
    assert first_socket != second_socket
    time.sleep(1)
    assert first.poll() is None
    assert second.poll() is None
    result = run_open(second_db, article(tmp_path, "b.jsonl", "Only for the second database"))
    assert result.returncode == 0, result.stderr
    assert document_texts(second_db, 1) == ["Only for the second database"]
    assert document_texts(first_db, 0) == []


def test_a_socket_left_by_a_killed_window_is_replaced(
    tmp_path: Path, runtime_dir: Path, windows: list[subprocess.Popen[str]]
) -> None:
    db = tmp_path / "work.sqlite3"
    killed = start_window(db, windows)
    path = wait_listening(db, killed)
    killed.kill()
    killed.wait()
    assert Path(path).is_socket()  # left behind, nobody listening
    assert not listening(path)
    window = start_window(db, windows)
    wait_listening(db, window)
    result = run_open(db, article(tmp_path, "a.jsonl", "After the crash"))
    assert result.returncode == 0, result.stderr
    assert document_texts(db, 1) == ["After the crash"]
    assert window.poll() is None


def test_a_file_that_is_not_a_socket_is_never_removed(
    tmp_path: Path, runtime_dir: Path, windows: list[subprocess.Popen[str]]
) -> None:
    """Something else under the socket's name stays as it was; the window opens regardless."""
    db = tmp_path / "work.sqlite3"
    path = Path(server_name(str(db)))
    path.write_text("not Tagdesk's", encoding="utf-8")
    window = start_window(db, windows)
    deadline = time.monotonic() + 60
    while not db.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)
    assert window.poll() is None
    assert path.read_text(encoding="utf-8") == "not Tagdesk's"
    window.send_signal(signal.SIGTERM)
    _, errors = window.communicate(timeout=30)
    assert f"tagdesk: warning: {path}:" in errors
    assert path.read_text(encoding="utf-8") == "not Tagdesk's"
