"""Tokens from spaCy's English tokenizer, as plain offsets."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from tagdesk.core.tokens import Token, Tokenizer


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


def spacy_tokenizer() -> Tokenizer:
    """spaCy's English tokenizer as the store takes it; spaCy is imported at the first text."""
    return Tokenizer(tokenizer_id(), tokenize)
