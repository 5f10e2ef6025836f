from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tagdesk.core.offsets import OffsetMap


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_ascii_text_maps_to_itself() -> None:
    offsets = OffsetMap("Tikrit, 150km north of Baghdad")
    assert offsets.is_identity
    assert offsets.to_qt(7) == 7
    assert offsets.to_python(7) == 7


def test_emoji_counts_two_qt_units() -> None:
    text = "😀 Soleimani"
    offsets = OffsetMap(text)
    assert offsets.to_qt(2) == 3
    assert offsets.to_python(3) == 2
    assert offsets.qt_length == utf16_length(text)


def test_position_inside_a_surrogate_pair_snaps_to_a_boundary() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.to_python(2, "down") == 1
    assert offsets.to_python(2, "up") == 2


def test_zwj_sequence_cjk_ext_b_and_math_letters() -> None:
    text = "👩‍👩‍👧 𠀀 𝐀 Mosul"  # ZWJ family, CJK Ext-B, a math letter
    offsets = OffsetMap(text)
    start = text.index("Mosul")
    assert offsets.to_qt(start) == utf16_length(text[:start])
    assert offsets.to_python(offsets.to_qt(start)) == start


def test_bmp_characters_nbsp_rtl_and_line_separator_are_one_unit() -> None:
    text = "Gen\u00a0Soleimani \u202eقاسم سليماني\u202c\u2028Tikrit"
    offsets = OffsetMap(text)
    assert offsets.is_identity
    assert offsets.to_qt(len(text)) == len(text)


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60))
def test_round_trip_is_identity_on_character_boundaries(text: str) -> None:
    offsets = OffsetMap(text)
    for index in range(len(text) + 1):
        position = offsets.to_qt(index)
        assert position == utf16_length(text[:index])
        assert offsets.to_python(position) == index
