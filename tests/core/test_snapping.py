from __future__ import annotations

from tagdesk.core.snapping import move_edge, snap_to_tokens

# "Gen Qasem Soleimani, IRGC)" tokens: Gen, Qasem, Soleimani, ",", IRGC, ")"
TOKENS = [
    (0, 3, True),
    (4, 9, True),
    (10, 19, False),
    (19, 20, True),
    (21, 25, False),
    (25, 26, False),
]


def test_partial_words_grow_to_whole_tokens() -> None:
    assert snap_to_tokens(5, 12, TOKENS) == (4, 19)
    assert snap_to_tokens(21, 26, TOKENS) == (21, 26)


def test_surrounding_spaces_are_dropped() -> None:
    assert snap_to_tokens(3, 10, TOKENS) == (4, 9)
    assert snap_to_tokens(9, 10, TOKENS) is None


def test_edges_move_one_token_and_never_cross() -> None:
    span = (4, 9)
    assert move_edge(span, TOKENS, "start", -1) == (0, 9)
    assert move_edge(span, TOKENS, "end", 1) == (4, 19)
    assert move_edge(span, TOKENS, "start", 1) is None
    assert move_edge(span, TOKENS, "end", -1) is None
    assert move_edge((0, 3), TOKENS, "start", -1) is None
    assert move_edge((21, 26), TOKENS, "end", 1) is None
