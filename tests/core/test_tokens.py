from __future__ import annotations

from bisect import bisect_left

from tagdesk.core.tokens import Tokens

LISTED = [(0, 3, False), (3, 4, True), (5, 9, False)]


def test_columns_read_as_the_tuples_they_hold() -> None:
    tokens = Tokens.of(LISTED)
    assert tokens == LISTED
    assert list(tokens) == LISTED
    assert len(tokens) == 3
    assert tokens[1] == (3, 4, True)
    assert tokens[-1] == (5, 9, False)
    assert tokens[1:] == LISTED[1:]
    assert Tokens.of(tokens) is tokens
    assert tokens != [(0, 3, False)]
    assert bisect_left(tokens, (3, 0, False)) == 1  # a sequence bisect and snapping can search
