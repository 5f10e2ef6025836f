"""Exports are written beside their target, then renamed over it: all of it or none.

A single file, several files that belong together (a train and a dev set),
or a folder (brat): each is written under a temporary name first. Only when
everything is written are the new ones put in place; a failure on the way
puts the old ones back. A file export never replaces a folder, and a folder
export replaces only a folder its own manifest proves Tagdesk wrote.

A folder is swapped with its replacement in one step where the system can
(renameat2); elsewhere the old one is moved aside and the new one in, and a
process killed between the two leaves the old one aside, which the next
export to that target puts back (see leftovers).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from tagdesk.core.errors import TagdeskError
from tagdesk.formats.leftovers import OLD, PART, hold, let_go, remove, temporary_name, tidy
from tagdesk.formats.manifest import ownership_problem, write_manifest
from tagdesk.formats.renaming import exchange, rename_no_replace

STOP_AT_ENV = "TAGDESK_TEST_STOP_AT"  # tests: the export stops itself here, to be killed
Undo = Callable[[], None]


def refuse_folder(target: Path) -> None:
    """A file export aimed at a folder would delete the folder: say so instead."""
    if target.is_dir():
        raise TagdeskError(f"{target}: is a folder; this export writes a file, so name a file")


def refuse_file(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise TagdeskError(f"{target}: is a file; a folder export needs a folder name")


@contextlib.contextmanager
def atomic_binary(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces `target`, on failure it vanishes.

    The old file at `target`, if any, survives every failure, a full disk included.
    """
    with atomic_binaries([target]) as (stream,):
        yield stream


@contextlib.contextmanager
def atomic_binaries(targets: list[Path]) -> Iterator[list[BinaryIO]]:
    """Like atomic_binary for files that belong together: every one is replaced, or none."""
    for target in targets:
        refuse_folder(target)
    for target in targets:
        tidy(target)
    temporaries: list[Path] = []
    streams: list[BinaryIO] = []
    locks: list[int | None] = []
    try:
        for target in targets:
            handle, temporary = _temporary_file(target)
            temporaries.append(temporary)
            streams.append(os.fdopen(handle, "wb"))
            locks.append(hold(temporary))
        yield streams
        for stream in streams:
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        if len(targets) == 1:
            temporaries[0].replace(targets[0])  # one step; refused (EISDIR) onto a folder
        else:
            _put_in_place(list(zip(temporaries, targets, strict=True)), locks)
    except OSError as error:
        _discard(streams, temporaries)
        raise TagdeskError(
            f"{targets[0]}: export failed, the old file is unchanged: {error}"
        ) from error
    except BaseException:
        _discard(streams, temporaries)
        raise
    finally:
        let_go(locks)


@contextlib.contextmanager
def atomic_folder(target: Path, *, format_name: str, names: re.Pattern[str]) -> Iterator[Path]:
    """Yield an empty folder to fill; on success it replaces the folder `target`.

    `names` matches every file the export writes, so that a folder a killed
    export left behind is known for what it is.
    """
    refuse_file(target)
    tidy(target, folder_names=names)
    temporary = _temporary_folder(target)
    locks: list[int | None] = []
    try:
        locks.append(hold(temporary))
        yield temporary
        write_manifest(temporary, format_name)
        check_owned(target)  # at the last moment: the analyst may have put a file there
        _put_in_place([(temporary, target)], locks)
    except OSError as error:
        remove(temporary)
        raise TagdeskError(
            f"{target}: export failed, the old folder is unchanged: {error}"
        ) from error
    except BaseException:
        remove(temporary)
        raise
    finally:
        let_go(locks)


@contextlib.contextmanager
def new_file(target: Path, *, what: str) -> Iterator[BinaryIO]:
    """Yield a file to write that takes the name `target` only if nothing has it by then.

    For exports that never replace anything (`what` names them in messages):
    the rename at the end refuses a name another program took meanwhile.
    """
    if os.path.lexists(target):
        raise TagdeskError(
            f"{target}: exists already; {what} writes a new file and never replaces one"
        )
    if not target.parent.is_dir():
        raise TagdeskError(f"{target}: no such folder: {target.parent}")
    handle, temporary = _temporary_file(target)
    stream = os.fdopen(handle, "wb")
    try:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        rename_no_replace(temporary, target)
    except FileExistsError:
        _discard([stream], [temporary])
        raise TagdeskError(
            f"{target}: appeared while it was written, and is left as it is"
        ) from None
    except OSError as error:
        _discard([stream], [temporary])
        raise TagdeskError(f"{target}: cannot be written: {error.strerror}") from error
    except BaseException:
        _discard([stream], [temporary])
        raise


def check_owned(target: Path) -> None:
    """Refuse to replace a folder that is not empty and not exactly as an export left it."""
    if not target.is_dir():
        return
    problem = ownership_problem(target)
    if problem is not None:
        raise TagdeskError(
            f"{target}: {problem}; an export replaces only a folder it wrote and nobody "
            "changed since: export to a new or empty folder"
        )


def _temporary_file(target: Path) -> tuple[int, Path]:
    _check_parent(target)
    temporary = temporary_name(target, PART)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise TagdeskError(f"{target}: cannot write there: {error.strerror}") from error
    return handle, temporary


def _temporary_folder(target: Path) -> Path:
    _check_parent(target)
    temporary = temporary_name(target, PART)
    try:
        temporary.mkdir(0o777)
    except OSError as error:
        raise TagdeskError(f"{target}: cannot write there: {error.strerror}") from error
    return temporary


def _check_parent(target: Path) -> None:
    if not target.parent.is_dir():
        raise TagdeskError(f"{target}: the folder {target.parent} does not exist")


def _put_in_place(pairs: list[tuple[Path, Path]], locks: list[int | None]) -> None:
    """Move each new file or folder onto its target; if one move fails, restore the old ones.

    What was at a target ends at a temporary name and is removed once every
    new one is in place.
    """
    undo: list[Undo] = []
    olds: list[Path] = []
    try:
        for temporary, target in pairs:
            undo.append(_place(temporary, target, olds, locks))
    except OSError:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        raise
    for old in olds:
        remove(old)


def _place(temporary: Path, target: Path, olds: list[Path], locks: list[int | None]) -> Undo:
    """Put `temporary` at `target`, and say how to take it back."""
    if not os.path.lexists(target):
        rename_no_replace(temporary, target)
        return lambda: rename_no_replace(target, temporary)
    if exchange(temporary, target):
        olds.append(temporary)
        if temporary.is_dir() != target.is_dir():  # a folder appeared where a file was, or back
            exchange(temporary, target)
            olds.remove(temporary)
            raise IsADirectoryError(f"{target}: was replaced by another kind during the export")
        _stop_here("swapped")
        return lambda: _swap_back(temporary, target, olds)
    if target.is_dir() and not temporary.is_dir():
        raise IsADirectoryError(f"{target}: became a folder during the export")
    old = temporary_name(target, OLD)
    locks.append(hold(target))
    target.rename(old)
    _stop_here("aside")
    try:
        temporary.rename(target)
    except OSError:
        old.rename(target)
        raise
    olds.append(old)

    def back() -> None:
        target.rename(temporary)
        old.rename(target)
        olds.remove(old)

    return back


def _swap_back(temporary: Path, target: Path, olds: list[Path]) -> None:
    exchange(temporary, target)
    olds.remove(temporary)


def _stop_here(step: str) -> None:
    """Tests kill an export between its renames: it stops itself at `step` when asked to."""
    if os.environ.get(STOP_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGSTOP)


def _discard(streams: list[BinaryIO], temporaries: list[Path]) -> None:
    for stream in streams:
        with contextlib.suppress(OSError):
            stream.close()
    for temporary in temporaries:
        remove(temporary)
