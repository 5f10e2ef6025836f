"""A document's tokens kept as columns: what the token cache decodes and exports read.

An article has some 600 tokens; building a tuple for each, only for an
export to take them apart again, costs more than decoding them. `Tokens`
holds starts, ends and whitespace flags as three lists and still reads as a
sequence of (start, end, whitespace) tuples wherever one is expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

Token = tuple[int, int, bool]  # start, end (code points), followed by whitespace


@dataclass(frozen=True)
class Tokenizer:
    """What the store needs of a tokenizer: a function, and a name kept with what it made.

    Passed in by the caller (tagdesk.nlp.tokens.spacy_tokenizer for spaCy's),
    so the store never imports spaCy. Kept tokens whose name differs are made again,
    unless they end in `same_rules`: another pipeline with the same tokenizer made them.
    """

    name: str
    tokenize: Callable[[str], list[Token]]
    same_rules: str = ""  # the end of a kept name that says the tokens are the same

    def made(self, name: str) -> bool:
        """Whether tokens kept under `name` are the ones this tokenizer makes."""
        if name == self.name:
            return True
        return bool(self.same_rules) and name.endswith("|" + self.same_rules)


class Tokens(Sequence[Token]):
    __slots__ = ("ends", "spaces", "starts")

    def __init__(self, starts: list[int], ends: list[int], spaces: list[bool]) -> None:
        self.starts = starts
        self.ends = ends
        self.spaces = spaces

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> Tokens:
        if isinstance(tokens, Tokens):
            return tokens
        listed = list(tokens)
        return cls([t[0] for t in listed], [t[1] for t in listed], [t[2] for t in listed])

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Token]:
        return zip(self.starts, self.ends, self.spaces, strict=True)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], self.spaces[index], strict=True))
        return (self.starts[index], self.ends[index], self.spaces[index])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so not hashable

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"


def tile(text: str, bounds: Iterable[tuple[int, int]]) -> list[Token]:
    """Tokens a file gave, in order and apart, made to cover `text` as spaCy's tokens do.

    A token is followed by whitespace when one space comes after it; what
    else lies between two given tokens (more spaces, a line break, a
    character no token named) becomes a token of its own, as spaCy makes
    whitespace tokens. So the tokens rebuild the text exactly, which a
    DocBin needs, and the ones the file gave keep their bounds.
    """
    tokens: list[Token] = []
    position = 0
    for start, end in [*bounds, (len(text), len(text))]:
        if start > position:
            if tokens and text[position] == " " and tokens[-1][1] == position:
                tokens[-1] = (tokens[-1][0], position, True)
                position += 1
            if start > position:
                tokens.append((position, start, False))
        if end > start:
            tokens.append((start, end, False))
        position = max(position, end)
    return tokens
