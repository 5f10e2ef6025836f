"""Where an accepted text occurs again in one document, found over its stored tokens.

The window finds the open document's occurrences at once, on the GUI thread,
without spaCy: the document's tokens (kept from the pipeline, or word
boundaries until then) are compared as spaCy's `PhraseMatcher` on LOWER
compares them (tagdesk.nlp.phrases), so both find the same places: a run of
whole tokens whose texts equal the pattern's in lower case, with the same
text between them. An acronym is the exception both make: compared as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tagdesk.core.snapping import Token

ACRONYM_LETTERS = 4


def is_acronym(text: str) -> bool:
    """An all-capitals word of up to four letters ("US", "IS", "U.N."): "us" is not it."""
    letters = [c for c in text if c.isalpha()]
    return (
        0 < len(letters) <= ACRONYM_LETTERS
        and all(c.isupper() for c in letters)
        and not any(c.isspace() for c in text)
    )


def phrase_key(text: str) -> str:
    """What two accepted texts must share to be one phrase: the text in lower case, or
    as written for an acronym."""
    text = text.strip()
    return text if is_acronym(text) else text.lower()


@dataclass(frozen=True)
class Pattern:
    """An accepted text as tokens: their folded texts and the text between each two."""

    parts: tuple[str, ...]
    acronym: bool

    def fold(self, text: str) -> str:
        return text if self.acronym else text.lower()


def phrase_pattern(text: str, tokens: Sequence[Token], start: int, end: int) -> Pattern | None:
    """The pattern of [start, end) in `text`; None when it does not begin and end on token
    edges (the matcher could not find it either)."""
    first = bisect_left(tokens, start, key=_token_start)
    last = bisect_left(tokens, end, first, key=_token_start) - 1
    if first >= len(tokens) or last < first or tokens[first][0] != start or tokens[last][1] != end:
        return None
    acronym = is_acronym(text[start:end])
    fold: Callable[[str], str] = (lambda t: t) if acronym else str.lower
    return Pattern(tuple(_run(text, tokens, first, last - first + 1, fold)), acronym)


def token_occurrences(
    text: str, tokens: Sequence[Token], start: int, end: int
) -> list[tuple[int, int]]:
    """The other places in `text` where the tokens of [start, end) occur."""
    pattern = phrase_pattern(text, tokens, start, end)
    if pattern is None:
        return []
    return [place for place in occurrences(pattern, text, tokens) if place[0] != start]


def occurrences(
    pattern: Pattern,
    text: str,
    tokens: Sequence[Token],
    within: tuple[int, int] | None = None,
) -> list[tuple[int, int]]:
    """Where `pattern` occurs in `text` on whole tokens: left to right, never overlapping.

    The first token's text is looked for in the text itself (offsets in code points,
    never from a lower-cased copy), and only where it is found are the tokens
    compared. `within`: only the occurrences inside that range of the text, found
    without reading the rest (the window's accept looks near it at once).
    """
    if within is not None:
        low = bisect_left(tokens, within[0], key=_token_start)
        high = bisect_left(tokens, within[1], low, key=_token_start)
        tokens = [token for token in tokens[low:high] if token[1] <= within[1]]
    starts = [token[0] for token in tokens]
    count = (len(pattern.parts) + 1) // 2
    flags = 0 if pattern.acronym else re.IGNORECASE
    head = re.compile(re.escape(pattern.parts[0]), flags)
    found: list[tuple[int, int]] = []
    free_from, stop = 0, len(tokens) - count  # the first token a new occurrence may start on
    begin = starts[0] if starts else len(text)
    for hit in head.finditer(text, begin, tokens[-1][1] if tokens else begin):
        index = bisect_left(starts, hit.start(), free_from)
        if index > stop:
            break
        if (
            starts[index] == hit.start()
            and tuple(_run(text, tokens, index, count, pattern.fold)) == pattern.parts
        ):
            found.append((starts[index], tokens[index + count - 1][1]))
            free_from = index + count
    return found


def _token_start(token: Token) -> int:
    return token[0]


def _run(
    text: str, tokens: Sequence[Token], index: int, count: int, fold: Callable[[str], str]
) -> list[str]:
    """The folded texts of `count` tokens from `index`, and the text between each two."""
    parts: list[str] = []
    for k in range(index, index + count):
        s, e, _ = tokens[k]
        if k > index:
            parts.append(text[tokens[k - 1][1] : s])
        parts.append(fold(text[s:e]))
    return parts
