"""Regression guard: PySide6 6.12.0 on Python 3.11 drops a reference to None on
every Qt call that returns nothing, and aborts after a few thousand calls."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_none_keeps_its_references_over_twenty_thousand_void_calls(qapp: object) -> None:
    document = QTextDocument("Qasem Soleimani " * 50)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for index in range(20_000):
        cursor.setPosition(index % 700)
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references"


def test_the_installed_pair_is_not_the_broken_one() -> None:
    import PySide6

    version = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    assert not (sys.version_info < (3, 12) and version >= (6, 12))
