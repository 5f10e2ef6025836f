"""Python code points <-> Qt (UTF-16) positions.

Spans are stored in code points, the unit spaCy and Prodigy use. Qt counts
UTF-16 units, so every astral character (emoji, CJK Ext-B, math letters) is
one code point but two Qt units. This map is the only place that converts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Literal

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

Rounding = Literal["down", "up"]


class OffsetMap:
    __slots__ = ("_astral", "_astral_qt", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
            astral: list[int] = []
        else:
            astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral = astral
        # Qt position of the k-th astral character: its code point index plus k.
        self._astral_qt = [index + k for k, index in enumerate(astral)]

    @property
    def is_identity(self) -> bool:
        return not self._astral

    @property
    def qt_length(self) -> int:
        return self._length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """Qt position of a code-point offset (0 <= offset <= len(text))."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_python(self, position: int, rounding: Rounding = "down") -> int:
        """Code-point offset of a Qt position.

        A position between the two halves of a surrogate pair is not a
        character boundary; it is moved down (or up) to the nearest one.
        """
        if not self._astral:
            return position
        before = bisect_left(self._astral_qt, position)
        if before and position == self._astral_qt[before - 1] + 1:
            start = self._astral[before - 1]
            return start if rounding == "down" else start + 1
        return position - before
