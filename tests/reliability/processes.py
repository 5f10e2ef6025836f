"""Running Tagdesk in child processes, reading what they announce, and killing them."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import REPO, tagdesk_command


def as_from_a_terminal() -> None:
    """Ctrl+C reaches the child as it would from a terminal.

    A shell that runs this suite in the background starts it with SIGINT
    ignored, and a child would inherit that; Python then never installs its
    KeyboardInterrupt handler.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(command: list[str]) -> subprocess.Popen[str]:
    """A child that inherits the environment (PYTHONPATH included) and runs from the repo."""
    return subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
        preexec_fn=as_from_a_terminal,
    )


def driver(db: Path, document: int, seed: int, edits: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.reliability.drive_window",
        str(db),
        str(document),
        str(seed),
        str(edits),
        *extra,
    ]


def tagdesk(*args: str) -> list[str]:
    return [*tagdesk_command(), *args]


def run_and_kill(
    command: list[str], kill_when: Callable[[dict[str, Any]], bool], rng: random.Random
) -> tuple[list[dict[str, Any]], bool]:
    """Run `command`, SIGKILL it at the first JSON line `kill_when` accepts, a moment later.

    Returns every line it printed, those still in the pipe included (they were
    shown before it died), and whether it was killed before it ended by itself.
    """
    child = start(command)
    assert child.stdout is not None
    lines: list[dict[str, Any]] = []
    killed = False
    for raw in child.stdout:
        lines.append(json.loads(raw))
        if kill_when(lines[-1]):
            time.sleep(rng.choice([0, 0, 0.0005, 0.002, 0.01]))
            killed = child.poll() is None
            child.send_signal(signal.SIGKILL)
            break
    rest, errors = child.communicate(timeout=120)
    lines.extend(json.loads(raw) for raw in rest.splitlines() if raw.strip())
    if not killed:
        assert child.returncode == 0, errors
    return lines, killed


def run(command: list[str]) -> list[dict[str, Any]]:
    child = start(command)
    out, errors = child.communicate(timeout=120)
    assert child.returncode == 0, errors
    return [json.loads(raw) for raw in out.splitlines() if raw.strip()]


def stored_state(path: Path, document: int) -> dict[str, Any]:
    """What the database holds for a document, in the shape drive_window prints."""
    connection = sqlite3.connect(path)
    try:
        tags: dict[int, list[str]] = {}
        for span_id, name in connection.execute(
            "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id "
            "JOIN span s ON s.id = st.span_id WHERE s.document_id = ? ORDER BY t.name",
            (document,),
        ):
            tags.setdefault(span_id, []).append(name)
        spans = sorted(
            [span_id, start, end, label, status, note, tags.get(span_id, [])]
            for span_id, start, end, label, status, note in connection.execute(
                'SELECT id, "start", "end", label_id, status, note FROM span WHERE document_id = ?',
                (document,),
            )
        )
        status = connection.execute(
            "SELECT status FROM document WHERE id = ?", (document,)
        ).fetchone()[0]
        document_tags = [
            name
            for (name,) in connection.execute(
                "SELECT t.name FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
                "WHERE dt.document_id = ? ORDER BY t.name",
                (document,),
            )
        ]
        return {"spans": spans, "status": status, "tags": document_tags}
    finally:
        connection.close()


def count(path: Path | str, table: str) -> int:
    """Rows of a table, read by a connection of its own: of a file, or of a server's database."""
    from tagdesk.paths import is_server_url

    if is_server_url(str(path)):
        from tagdesk.store import open_store

        with open_store(str(path), create=False) as store:
            return int(store.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
    finally:
        connection.close()
