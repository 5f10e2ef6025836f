"""Renames that leave no moment without a target, where the system allows it.

Linux's renameat2 swaps two paths in one step (RENAME_EXCHANGE), so a folder
export puts the new folder in place and the old one aside at once; and it
renames without replacing (RENAME_NOREPLACE). Other systems, older kernels and
some filesystems lack it: the callers then fall back to plain renames.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

NO_EXCHANGE_ENV = "TAGDESK_TEST_NO_EXCHANGE"  # tests: take the fallback path
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP)

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False where the kernel or filesystem cannot."""
    if os.environ.get(NO_EXCHANGE_ENV):
        return False
    return _renameat2(first, second, _RENAME_EXCHANGE)


def rename_no_replace(source: Path, target: Path) -> None:
    """Rename `source` to `target`; FileExistsError if something is at `target` already."""
    if _renameat2(source, target, _RENAME_NOREPLACE):
        return
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    source.rename(target)  # a target that appears in between is the one risk left


def _renameat2(source: Path, target: Path, flags: int) -> bool:
    call = _libc_renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))


@functools.cache
def _libc_renameat2() -> Renameat2 | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28, or none found
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call
