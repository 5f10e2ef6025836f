"""The system libraries Qt's X11 plugin loads, checked before Qt tries.

Without one of them Qt aborts with "xcb-cursor0 is needed", whichever library is
really missing. The plugin's own list of dependencies (its ELF DT_NEEDED entries,
what `ldd` shows) is read here, each one is loaded as the dynamic loader would,
and the missing ones are named with the Debian/Ubuntu packages that bring them.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from tagdesk.core.errors import TagdeskError

# Debian/Ubuntu package of each library the xcb plugin (and its Qt library) needs.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfreetype.so.6": "libfreetype6",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}

_SHT_DYNAMIC = 6
_DT_NEEDED = 1


def uses_xcb(environ: dict[str, str] | os._Environ[str]) -> bool:
    """Whether Qt will try the X11 plugin first on this desktop."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return environ.get("XDG_SESSION_TYPE", "") != "wayland"


def check_xcb_libraries() -> None:
    """Raise one clear line if a system library of the X11 plugin cannot be loaded."""
    plugin = xcb_plugin(os.environ)
    if plugin is None:
        return  # no plugin to load: Qt's own message says so
    require_libraries(system_dependencies(plugin))


def require_libraries(
    names: Iterable[str], packages_of: Mapping[str, str] = DEBIAN_PACKAGES
) -> None:
    missing = [name for name in names if not loadable(name)]
    if not missing:
        return
    packages = sorted({packages_of[name] for name in missing if name in packages_of})
    hint = f" (Debian/Ubuntu: sudo apt install {' '.join(packages)})" if packages else ""
    raise TagdeskError(f"the window needs the system libraries {', '.join(missing)}{hint}")


def loadable(name: str) -> bool:
    import ctypes  # only where the X11 plugin is checked

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def xcb_plugin(environ: dict[str, str] | os._Environ[str]) -> Path | None:
    """The libqxcb.so Qt would load: its plugin path variables first, then its own folder."""
    from PySide6.QtCore import QLibraryInfo

    folders = [environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "")]
    folders += [
        str(Path(part) / "platforms") for part in environ.get("QT_PLUGIN_PATH", "").split(":")
    ]
    folders.append(str(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"))
    for folder in folders:
        candidate = Path(folder) / "libqxcb.so"
        if folder and candidate.is_file():
            return candidate
    return None


def system_dependencies(plugin: Path) -> list[str]:
    """The plugin's needed libraries outside Qt's folder, with those of the ones inside it."""
    from PySide6.QtCore import QLibraryInfo

    qt_libraries = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    found: list[str] = []
    pending, seen = [plugin], set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in needed_libraries(path):
            if (qt_libraries / name).is_file():
                pending.append(qt_libraries / name)  # shipped with Qt: its needs count too
            elif name not in found:
                found.append(name)
    return found


def needed_libraries(path: Path) -> list[str]:
    """DT_NEEDED of a 64-bit little-endian ELF file; empty for anything else.

    The file is mapped, not read: only the pages of its headers and dynamic section
    are touched, where reading Qt's libraries whole cost 50 ms at every X11 start.
    """
    with path.open("rb") as file:
        if file.read(6)[:4] != b"\x7fELF":
            return []
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _needed_in(data)


def _needed_in(data: mmap.mmap) -> list[str]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (section_offset,) = struct.unpack_from("<Q", data, 0x28)
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)

    def section(index: int) -> tuple[int, int, int, int]:
        kind, offset, size, link = struct.unpack_from(
            "<I16xQQI", data, section_offset + index * entry_size + 4
        )
        return kind, offset, size, link

    for index in range(count):
        kind, offset, size, link = section(index)
        if kind != _SHT_DYNAMIC:
            continue
        _, strings, _, _ = section(link)
        names = []
        for tag, value in struct.iter_unpack("<qQ", data[offset : offset + size]):
            if tag == _DT_NEEDED:
                end = data.find(b"\0", strings + value)
                names.append(data[strings + value : end].decode())
        return names
    return []
