"""Selections snap to token boundaries; spans grow and shrink a token at a time."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Token = tuple[int, int, bool]  # start, end, followed by whitespace


def holds_word(text: str) -> bool:
    """Whether `text` has a character that shows: not whitespace, not an invisible format mark.

    A span of newlines, spaces (NBSP and the other Unicode spaces included)
    or zero-width characters labels nothing a reader can see.
    """
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def word_tokens(text: str, tokens: Sequence[Token]) -> list[Token]:
    """The tokens a span may start or end on: the tokenizer also makes tokens of blank runs."""
    return [token for token in tokens if holds_word(text[token[0] : token[1]])]


def snap_to_tokens(start: int, end: int, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """The smallest run of whole tokens covering the non-space part of [start, end)."""
    if not tokens or end <= start:
        return None
    starts = [token[0] for token in tokens]
    ends = [token[1] for token in tokens]
    first = bisect_right(ends, start)  # first token ending after start
    last = bisect_left(starts, end) - 1  # last token starting before end
    if first >= len(tokens) or last < first:
        return None
    return tokens[first][0], tokens[last][1]


def move_edge(
    span: tuple[int, int], tokens: Sequence[Token], edge: str, step: int
) -> tuple[int, int] | None:
    """Move the span's `start` or `end` by one token (step -1 left, +1 right)."""
    start, end = span
    starts = [token[0] for token in tokens]
    ends = [token[1] for token in tokens]
    if edge == "start":
        if step < 0:
            index = bisect_left(starts, start) - 1
            return (starts[index], end) if index >= 0 else None
        index = bisect_right(starts, start)
        return (starts[index], end) if index < len(starts) and starts[index] < end else None
    if step > 0:
        index = bisect_right(ends, end)
        return (start, ends[index]) if index < len(ends) else None
    index = bisect_left(ends, end) - 1
    return (start, ends[index]) if index >= 0 and ends[index] > start else None
