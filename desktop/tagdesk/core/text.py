"""Text normalisation on import: only line endings change, and offsets follow."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizedText:
    """Text with `\\r\\n` and lone `\\r` turned into `\\n`, and the offset shift that caused."""

    text: str
    removed: tuple[int, ...] = ()  # original indexes of each dropped `\r`

    def shift(self, offset: int) -> int:
        """Map an offset in the original text to the normalised text."""
        if not self.removed:
            return offset
        return offset - bisect_right(self.removed, offset - 1)


def normalize_newlines(text: str) -> NormalizedText:
    if "\r" not in text:
        return NormalizedText(text)
    removed: list[int] = []
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("\r", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if j + 1 < n and text[j + 1] == "\n":
            removed.append(j)  # the `\n` that follows stays
        else:
            out.append("\n")
        i = j + 1
    return NormalizedText("".join(out), tuple(removed))


def text_sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def title_from_text(text: str, limit: int = 200) -> str:
    """The first non-empty line, trimmed: the title of a plain-text article."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        stripped = text[start:end].strip()
        if stripped:
            return stripped[:limit]
        start = end + 1
    return ""
