"""The temporary names an export uses beside its target, and what a killed export leaves there.

An export writes `.NAME.<12 hex>.part` beside its target NAME and, where the
system cannot swap two folders in one step, moves the old target aside as
`.NAME.<12 hex>.old` for a moment. A process killed at the wrong moment can
leave either behind, or leave NAME missing with its `.old` beside it. The next
export to NAME puts such an `.old` back and removes the rest: only entries
named exactly so, and folders only when they hold nothing but what Tagdesk
writes. An export in progress holds a lock on its temporaries, so another
export running at the same time leaves them alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from pathlib import Path

from tagdesk.formats.manifest import holds_only, ownership_problem
from tagdesk.formats.renaming import rename_no_replace

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; two exports to one target may collide
    fcntl = None  # type: ignore[assignment]

PART = "part"
OLD = "old"


def temporary_name(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.{kind}")


def hold(path: Path) -> int | None:
    """Lock `path` for as long as the returned descriptor is open (release with `let_go`)."""
    if fcntl is None:
        return None
    handle = os.open(path, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def let_go(handles: list[int | None]) -> None:
    for handle in handles:
        if handle is not None:
            with contextlib.suppress(OSError):
                os.close(handle)


def tidy(target: Path, *, folder_names: re.Pattern[str] | None = None) -> None:
    """Put back a target a killed export left missing, then remove the leftovers beside it.

    `folder_names` matches the files a folder export writes, and says that
    `target` is a folder; without it `target` is a file, and only files count.
    """
    found = _leftovers(target, folder_names)
    olds = sorted((path for path in found if path.name.endswith(f".{OLD}")), key=_modified)
    if olds and not os.path.lexists(target):
        newest = olds[-1]
        found.remove(newest)  # kept even if it cannot be put back: it may be the only copy
        with contextlib.suppress(OSError):
            rename_no_replace(newest, target)
    for path in found:
        remove(path)


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _leftovers(target: Path, folder_names: re.Pattern[str] | None) -> list[Path]:
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{12}}\.({PART}|{OLD})")
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    return [
        path
        for path in entries
        if pattern.fullmatch(path.name)
        and _written_by_tagdesk(path, folder_names)
        and not _in_use(path)
    ]


def _written_by_tagdesk(path: Path, folder_names: re.Pattern[str] | None) -> bool:
    """A file export leaves files, a folder export folders holding only what it writes."""
    if path.is_symlink():
        return False
    if folder_names is None:
        return path.is_file()
    try:
        return path.is_dir() and (ownership_problem(path) is None or holds_only(path, folder_names))
    except OSError:
        return False


def _in_use(path: Path) -> bool:
    """True while another export holds `path` (its lock ends with that process)."""
    if fcntl is None:
        return False
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
