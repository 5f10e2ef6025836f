"""The window's background processes reach a server without its password on a command line.

Any user of the machine can read /proc/PID/cmdline; only the process's own
user can read its environment. The tests start the real jobs the window
starts and read the command line of every process below the test's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tagdesk.gui.preannotate_job import PreannotateJob
from tagdesk.gui.token_job import TokenJob
from tagdesk.store import open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS


def descendants(root: int) -> set[int]:
    """Every process whose chain of parents leads to `root`."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if pid not in found and (parent == root or parent in found):
                found.add(pid)
                changed = True
    return found


class CommandLines:
    """The command lines of the test's child processes, read every 20 ms while the loop runs."""

    def __init__(self) -> None:
        self.seen: dict[int, str] = {}
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.read)
        self.timer.start()

    def read(self) -> None:
        for pid in descendants(os.getpid()):
            try:
                raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if raw:
                self.seen[pid] = raw.replace(b"\0", b" ").decode("utf-8", "replace")

    def stop(self) -> list[str]:
        self.timer.stop()
        return list(self.seen.values())


def run_watched(qtbot, signal: object, start: Callable[[], None]) -> list[str]:
    lines = CommandLines()
    try:
        with qtbot.waitSignal(signal, timeout=120_000):
            start()
    finally:
        seen = lines.stop()
    return seen


@pytest.mark.timeout(300)
def test_preannotation_and_its_workers_get_the_server_without_its_password(
    qtbot, postgres_server, postgres_url: str
) -> None:
    with open_store(postgres_url) as store:
        import_paths(store, [SEEDS], annotator="tester")
    job = PreannotateJob(postgres_url, processes=2, batch_size=1)
    finished: list[dict[str, object]] = []
    job.finished.connect(finished.append)
    failed: list[str] = []
    job.failed.connect(failed.append)

    seen = run_watched(qtbot, job.finished, job.start)

    assert failed == []
    assert finished[0]["documents"] == 5  # the child reached the server and did the work
    preannotating = [line for line in seen if " preannotate " in line]
    assert preannotating, seen
    workers = [line for line in seen if "multiprocessing" in line]
    assert len(workers) >= 2, seen  # the pipeline's worker processes were seen too
    assert not [line for line in seen if postgres_server.password in line]
    with open_store(postgres_url) as store:
        added = store.execute("SELECT count(*) FROM span WHERE status = 'suggested'").fetchone()
    assert added[0] == finished[0]["suggestions_added"] > 100


@pytest.mark.timeout(300)
def test_the_tokenizer_gets_the_server_without_its_password(
    qtbot, postgres_server, postgres_url: str
) -> None:
    store = open_store(postgres_url)
    try:
        import_paths(store, [SEEDS], annotator="tester")
        job = TokenJob(store)
        ready: list[list[int]] = []
        job.ready.connect(ready.append)
        seen = run_watched(qtbot, job.ready, lambda: job.prepare(1, [1, 2, 3, 4, 5]))
        job.shutdown()
        tokenizing = [line for line in seen if " tokenize " in line]
        assert tokenizing, seen
        assert not [line for line in seen if postgres_server.password in line]
        kept = store.execute("SELECT count(*) FROM document_tokens").fetchone()[0]
        assert kept >= 1
    finally:
        store.close()


@pytest.mark.timeout(300)
def test_a_file_is_still_named_on_the_command_line(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "file db.sqlite3"
    with open_store(path) as store:
        import_paths(store, [SEEDS], annotator="tester")
    job = PreannotateJob(str(path), batch_size=1)
    seen = run_watched(qtbot, job.finished, job.start)
    assert [line for line in seen if f" preannotate --db {path} " in line], seen
