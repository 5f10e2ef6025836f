"""PySide6 without its source read of every module imported after it.

PySide6's `__feature__` support (`from __feature__ import snake_case`) records, for
every module imported once shiboken6 is loaded, whether the module mentions
"PySide6": it reads the module's whole source with `inspect.getsource`, which
decodes it, splits it into lines and keeps it in `linecache`. At start-up that is
some 200 modules and 30-40 ms before the first paint, plus their sources held in
memory for the life of the process.

Tagdesk never selects a feature. The question still has to get the same answer
for a module that does, so `uses_pyside` asks it of the file's bytes: a Python
source file's encoding is ASCII-compatible, so "PySide6" is in the text exactly
when its bytes are in the file. Modules that are not plain `.py` files (built in,
compiled, zipped, frozen) go to PySide6's own check as before. Selecting a
feature is untouched: `from __feature__ import ...` sets its module's flag
whatever the check said (tests/gui/test_qt_import.py).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import shiboken6  # noqa: F401  (loads shibokensupport, which installs the import hook)

_MARK = b"PySide6"


def _bytes_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return _MARK in source.read()
        except OSError:
            return original(module)

    uses_pyside.original = original  # type: ignore[attr-defined]
    return uses_pyside


def _install() -> None:
    """Replace the check once; a PySide6 without it (renamed, removed) is left as it is."""
    import sys

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or hasattr(original, "original"):
        return
    feature._mod_uses_pyside = _bytes_check(original)  # type: ignore[attr-defined]


_install()
