"""Exports are written beside their target, then renamed over it: all of it or none.

A single file, several files that belong together (a train and a dev set),
or a folder (brat): each is written under a temporary name first. Only when
everything is written are the old targets moved aside and the new ones put
in place; a failure on the way puts the old ones back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tagdesk.core.errors import TagdeskError


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
    temporaries: list[Path] = []
    streams: list[BinaryIO] = []
    try:
        for target in targets:
            handle, temporary = _temporary(target, folder=False)
            temporaries.append(temporary)
            streams.append(os.fdopen(handle, "wb"))
        yield streams
        for stream in streams:
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        _put_in_place(list(zip(temporaries, targets, strict=True)))
    except OSError as error:
        _discard(streams, temporaries)
        raise TagdeskError(
            f"{targets[0]}: export failed, the old file is unchanged: {error}"
        ) from error
    except BaseException:
        _discard(streams, temporaries)
        raise


@contextlib.contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder to fill; on success it replaces the folder `target`."""
    if target.exists() and not target.is_dir():
        raise TagdeskError(f"{target}: is a file; a folder export needs a folder name")
    _, temporary = _temporary(target, folder=True)
    try:
        yield temporary
        _put_in_place([(temporary, target)])
    except OSError as error:
        _remove(temporary)
        raise TagdeskError(
            f"{target}: export failed, the old folder is unchanged: {error}"
        ) from error
    except BaseException:
        _remove(temporary)
        raise


def _temporary(target: Path, *, folder: bool) -> tuple[int, Path]:
    parent = target.parent
    if not parent.is_dir():
        raise TagdeskError(f"{target}: the folder {parent} does not exist")
    prefix = f".{target.name}."
    try:
        if folder:
            made = Path(tempfile.mkdtemp(prefix=prefix, suffix=".part", dir=parent))
            made.chmod(_usual_mode(0o777))
            return -1, made
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=parent)
        os.fchmod(handle, _usual_mode(0o666))
    except OSError as error:
        raise TagdeskError(f"{target}: cannot write there: {error.strerror}") from error
    return handle, Path(name)


def _usual_mode(full: int) -> int:
    """The permissions a plain open() would give (temporary files start owner-only)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return full & ~mask


def _put_in_place(pairs: list[tuple[Path, Path]]) -> None:
    """Move each new file or folder onto its target; if one move fails, restore the old ones."""
    if len(pairs) == 1 and not pairs[0][1].is_dir():
        pairs[0][0].replace(pairs[0][1])  # one file: a single atomic rename
        return
    aside: list[tuple[Path, Path]] = []  # (old one moved out of the way, its target)
    placed: list[Path] = []
    try:
        for _, target in pairs:
            if target.exists():
                old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.old")
                target.rename(old)
                aside.append((old, target))
        for temporary, target in pairs:
            temporary.rename(target)
            placed.append(target)
    except OSError:
        for target in placed:
            _remove(target)
        for old, target in aside:
            with contextlib.suppress(OSError):
                old.rename(target)
        raise
    for old, _ in aside:
        _remove(old)


def _discard(streams: list[BinaryIO], temporaries: list[Path]) -> None:
    for stream in streams:
        with contextlib.suppress(OSError):
            stream.close()
    for temporary in temporaries:
        _remove(temporary)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
