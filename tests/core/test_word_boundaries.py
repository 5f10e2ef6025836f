"""The plain-Python word boundaries a selection snaps to before spaCy's tokens are kept."""

from __future__ import annotations

import random

import pytest

from tagdesk.core.snapping import snap_to_tokens, word_tokens
from tagdesk.core.word_boundaries import word_boundaries
from tagdesk.nlp.tokens import tokenize
from tests.conftest import SEEDS

HARD = (
    "Mr. Smith paid $5.50 on 3/4/2020 at 10:30am in the U.K. and e.g. Washington D.C. -- "
    "it's well-known (IRGC) \"quoted\" 'single' a@b.com http://x.org/y?z=1 #tag @user 50% "
    "1990s co-operate I'm you're they'll we've he'd O'Neill rock'n'roll 150km U.S.-led "
    "doesn’t Iran’s Gen. Qassem. I cannot say; we're gonna go"
)


def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + [HARD]


@pytest.mark.parametrize("index", range(len(texts())))
def test_every_word_and_any_selection_snaps_as_with_spacys_tokens(index: int) -> None:
    """Whole words, the inside of words, and random stretches: the same span either way."""
    text = texts()[index]
    spacy_words = word_tokens(text, tokenize(text))
    rough_words = word_tokens(text, word_boundaries(text))
    selections = []
    for start, end, _ in spacy_words:
        selections.append((start, end))
        if end - start > 2:
            selections.append((start + 1, end - 1))
    pick = random.Random(index)
    for _ in range(2000):
        start = pick.randrange(len(text))
        selections.append((start, min(len(text), start + pick.randint(1, 40))))
    differ = [
        (text[a:b], snap_to_tokens(a, b, spacy_words), snap_to_tokens(a, b, rough_words))
        for a, b in selections
        if snap_to_tokens(a, b, spacy_words) != snap_to_tokens(a, b, rough_words)
    ]
    assert differ == []


def test_boundaries_are_code_points_and_say_which_are_followed_by_a_space() -> None:
    text = "Ali 😀 met\u00a0Bob."
    assert [(text[s:e], ws) for s, e, ws in word_boundaries(text)] == [
        ("Ali", True),
        ("😀", True),
        ("met", False),
        ("Bob", False),
        (".", False),
    ]
