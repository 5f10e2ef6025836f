from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tagdesk.core.text import normalize_newlines, title_from_text


def test_crlf_and_lone_cr_become_lf_and_offsets_follow() -> None:
    raw = "Title\r\n\r\nIraq\rIran\r\nTikrit"
    normalized = normalize_newlines(raw)
    assert normalized.text == "Title\n\nIraq\nIran\nTikrit"
    start = raw.index("Tikrit")
    assert normalized.text[normalized.shift(start) :].startswith("Tikrit")
    assert normalized.shift(raw.index("Iran")) == normalized.text.index("Iran")


def test_nothing_else_changes() -> None:
    raw = "  Gen\u00a0Soleimani\t\u2028  "
    assert normalize_newlines(raw).text == raw


def test_title_is_first_non_empty_line() -> None:
    assert title_from_text("\n\n  Iran backs Iraq  \nbody") == "Iran backs Iraq"


@given(st.lists(st.sampled_from(["a", "é", "😀", "\r", "\n", "\r\n", " "]), max_size=40))
def test_every_non_newline_character_keeps_its_identity(pieces: list[str]) -> None:
    raw = "".join(pieces)
    normalized = normalize_newlines(raw)
    assert "\r" not in normalized.text
    for index, char in enumerate(raw):
        if char not in "\r\n":
            assert normalized.text[normalized.shift(index)] == char
