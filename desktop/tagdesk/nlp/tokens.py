"""Tokens from spaCy's English tokenizer, as plain offsets."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

Token = tuple[int, int, bool]  # start, end (code points), followed by whitespace


@lru_cache(maxsize=1)
def english_tokenizer() -> Callable[[str], Any]:
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[Token]:
    doc = english_tokenizer()(text)
    return [(token.idx, token.idx + len(token.text), bool(token.whitespace_)) for token in doc]


@lru_cache(maxsize=1)
def tokenizer_id() -> str:
    """Names the tokenizer behind `tokenize`, without importing spaCy (start-up stays light).

    Stored with cached tokens: a new spaCy version may split text differently.
    """
    from importlib.metadata import version

    return f"spacy-{version('spacy')}/en"
