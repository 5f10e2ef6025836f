"""Exports are written to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tagdesk.core.errors import TagdeskError


@contextlib.contextmanager
def atomic_binary(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces `target`, on failure it vanishes.

    The old file at `target`, if any, survives every failure, a full disk included.
    """
    folder = target.parent
    if not folder.is_dir():
        raise TagdeskError(f"{target}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise TagdeskError(f"{target}: cannot write there: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except OSError as error:
        _remove(temporary)
        raise TagdeskError(
            f"{target}: export failed, the old file is unchanged: {error}"
        ) from error
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        Path(path).unlink()
