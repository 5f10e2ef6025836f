"""A real X server for the window: Xvfb on a display of its own, keys sent with xdotool.

The offscreen platform has no keyboard map, no key bindings of a Linux desktop and no
window manager; these tests run the `tagdesk` command on X11 as an analyst's desktop does.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, tagdesk_command

NEEDED = ("Xvfb", "xdotool")


@pytest.fixture(scope="session")
def x_display() -> Iterator[Callable[[str], str]]:
    """`x_display("1280x800")`: the DISPLAY of an Xvfb screen that size, started once."""
    absent = [name for name in NEEDED if shutil.which(name) is None]
    if absent:
        pytest.skip(f"{' and '.join(absent)} not installed (Debian: apt install xvfb xdotool)")
    servers: dict[str, tuple[str, subprocess.Popen[bytes]]] = {}

    def start(size: str) -> str:
        if size not in servers:
            read, write = os.pipe()
            server = subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd",
                    str(write),
                    "-screen",
                    "0",
                    f"{size}x24",
                    "-nolisten",
                    "tcp",
                ],
                pass_fds=(write,),
                stderr=subprocess.DEVNULL,
            )
            os.close(write)
            with os.fdopen(read) as numbers:
                number = numbers.readline().strip()
            assert number, "Xvfb did not report a display number"
            servers[size] = (f":{number}", server)
        return servers[size][0]

    yield start
    for _, server in servers.values():
        server.terminate()
        server.wait(timeout=10)


class RealWindow:
    """`tagdesk --db FILE` on an X display, driven by xdotool."""

    def __init__(
        self, display: str, db: Path, home: Path, command: list[str] | None = None
    ) -> None:
        """`command`: what runs the window on `db` (by default `tagdesk --db DB`)."""
        self.display = display
        self.db = db
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
        }
        self.env.pop("WAYLAND_DISPLAY", None)
        self.process = subprocess.Popen(
            command or [*tagdesk_command(), "--db", str(db)],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.window_id = self.wait_for_window("^Tagdesk$")
        self.focus()

    def focus(self) -> None:
        self.xdotool("windowfocus", "--sync", self.window_id)
        time.sleep(0.2)

    def xdotool(self, *arguments: str) -> str:
        done = subprocess.run(
            ["xdotool", *arguments], env=self.env, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    def key(self, *keys: str) -> None:
        for key in keys:
            self.xdotool("key", "--clearmodifiers", key)
            time.sleep(0.15)

    def type_text(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def wait_for_window(self, title: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode() if self.process.stdout else ""
                pytest.fail(f"tagdesk ended with {self.process.returncode}: {output}")
            found = self.xdotool("search", "--onlyvisible", "--name", title).split()
            if found:
                time.sleep(0.5)  # mapped; let it draw and take input
                return found[0]
            time.sleep(0.2)
        pytest.fail(f"no window titled {title!r} within {timeout} s")

    def wait_for(self, query: str, expected: object, timeout: float = 10) -> None:
        """Poll the database until `query` gives `expected`, as another reader would see it."""
        deadline = time.monotonic() + timeout
        while True:
            connection = sqlite3.connect(self.db)
            try:
                got = connection.execute(query).fetchall()
            finally:
                connection.close()
            if got == expected or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert got == expected

    def close(self) -> str:
        if self.process.poll() is None:
            self.xdotool("key", "--window", self.window_id, "ctrl+q")
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.stdout.read().decode() if self.process.stdout else ""


@pytest.fixture
def real_window(
    x_display: Callable[[str], str], tmp_path: Path
) -> Iterator[Callable[[Path, str], RealWindow]]:
    opened: list[RealWindow] = []

    def open_window(db: Path, size: str = "1280x800") -> RealWindow:
        window = RealWindow(x_display(size), db, tmp_path / "home")
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()


def import_file(db: Path, path: Path) -> None:
    subprocess.run(
        [*tagdesk_command(), "import", "--db", str(db), str(path)], check=True, capture_output=True
    )
