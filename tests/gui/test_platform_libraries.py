"""A desktop without one of the X11 plugin's libraries gets one line naming it, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo

from tagdesk.core.errors import TagdeskError
from tagdesk.gui.platform_libraries import (
    needed_libraries,
    require_libraries,
    system_dependencies,
    uses_xcb,
)
from tests.conftest import tagdesk_command

REAL_PLUGIN = (
    Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
)


def plugin_missing_a_library(folder: Path) -> Path:
    """A copy of Qt's X11 plugin that asks for a library no system has."""
    data = REAL_PLUGIN.read_bytes()
    assert b"libxcb-icccm.so.4\0" in data
    folder.mkdir()
    (folder / "libqxcb.so").write_bytes(
        data.replace(b"libxcb-icccm.so.4\0", b"libxcb-icccm.so.9\0")
    )
    return folder


def test_the_window_names_the_missing_library_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "work.sqlite3"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_missing_a_library(tmp_path / "platforms")),
        "DISPLAY": ":1999",  # never reached: the check comes before Qt looks for a display
    }
    result = subprocess.run(
        [*tagdesk_command(), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tagdesk: error: the window needs the system libraries ")
    assert "libxcb-icccm.so.9" in lines[0]
    assert "Traceback" not in result.stderr
    assert "qt.qpa" not in result.stderr
    assert not db.exists()


def test_missing_libraries_are_named_with_the_packages_to_install() -> None:
    with pytest.raises(TagdeskError) as raised:
        require_libraries(
            ["libc.so.6", "libtagdesk-absent.so.1", "libtagdesk-gone.so.2"],
            {"libtagdesk-absent.so.1": "tagdesk-absent1", "libc.so.6": "libc6"},
        )
    assert str(raised.value) == (
        "the window needs the system libraries libtagdesk-absent.so.1, libtagdesk-gone.so.2 "
        "(Debian/Ubuntu: sudo apt install tagdesk-absent1)"
    )
    require_libraries(["libc.so.6", "libm.so.6"])  # present: no error


def test_the_plugins_own_list_is_read() -> None:
    """What `ldd libqxcb.so` shows: the xcb helpers beside Qt's own libraries."""
    direct = needed_libraries(REAL_PLUGIN)
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"} <= set(direct)
    assert "libQt6XcbQpa.so.6" in direct
    everything = system_dependencies(REAL_PLUGIN)
    assert "libglib-2.0.so.0" in everything  # needed by libQt6XcbQpa, not by the plugin itself
    assert not any(name.startswith("libQt6") for name in everything)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"XDG_SESSION_TYPE": "wayland"}, False),
        ({"XDG_SESSION_TYPE": "x11"}, True),
    ],
)
def test_the_check_runs_only_where_qt_tries_x11_first(
    environ: dict[str, str], expected: bool
) -> None:
    assert uses_xcb(environ) is expected
