"""A click on an arc with the real mouse, then real keys on a real X server: the type's key
retypes the relation, Delete deletes it, Ctrl+Z brings it back, Escape lets it go (checked
in the database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tagdesk.store import open_store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.relation_types import list_relation_types
from tests.conftest import REPO
from tests.x11.test_real_keyboard import suggested_document
from tests.x11.test_relation_keys_x11 import RELATIONS_QUERY


def related_document(tmp_path: Path) -> Path:
    """Alice MET Bob, drawn as one arc."""
    db = suggested_document(tmp_path)
    with open_store(db) as store:
        alice, bob = document_spans(store, 1)[:2]
        met = next(k.id for k in list_relation_types(store) if k.name == "MET")
        operations.add_relation(store, History(), 1, alice.id, bob.id, met, annotator="tester")
    return db


class ArcWindow:
    def __init__(self, display: str, db: Path, folder: Path) -> None:
        self.db = db
        out = folder / "arc.txt"
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder / ".config"),
        }
        self.env.pop("WAYLAND_DISPLAY", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.x11.arc_window", str(db), str(out)],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not out.exists() or not out.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the window did not draw its arc")
            time.sleep(0.2)
        self.x, self.y = out.read_text().split()
        self.window_id = self.xdotool("search", "--onlyvisible", "--name", "Tagdesk").split()[0]
        self.xdotool("windowfocus", "--sync", self.window_id)
        time.sleep(0.3)

    def xdotool(self, *arguments: str) -> str:
        done = subprocess.run(
            ["xdotool", *arguments], env=self.env, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    def click_arc(self) -> None:
        self.xdotool("mousemove", "--window", self.window_id, self.x, self.y)
        time.sleep(0.2)
        self.xdotool("click", "1")
        time.sleep(0.3)

    def key(self, *keys: str) -> None:
        for key in keys:
            self.xdotool("key", "--clearmodifiers", key)
            time.sleep(0.2)

    def rows(self) -> list[tuple[str, ...]]:
        import sqlite3

        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(RELATIONS_QUERY).fetchall()
        finally:
            connection.close()

    def wait_for(self, expected: object, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.rows() != expected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.rows() == expected

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_a_clicked_arc_takes_the_type_keys_delete_and_escape(
    tmp_path: Path, x_display: Callable[[str], str]
) -> None:
    db = related_document(tmp_path)
    window = ArcWindow(x_display("1280x800"), db, tmp_path)
    try:
        window.wait_for([("MET", "Alice", "Bob", "accepted")])
        window.click_arc()
        window.key("d")  # DECLARED's key (a label's outside): the relation retyped
        window.wait_for([("DECLARED", "Alice", "Bob", "accepted")])
        window.key("Delete")
        window.wait_for([])
        window.key("ctrl+z")
        window.wait_for([("DECLARED", "Alice", "Bob", "accepted")])
        window.click_arc()
        window.key("Escape", "Delete", "t")  # let go: Delete and T are the spans' again
        time.sleep(0.5)
        window.wait_for([("DECLARED", "Alice", "Bob", "accepted")])
    finally:
        window.close()
