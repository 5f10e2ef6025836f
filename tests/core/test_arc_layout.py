"""Levels and feet of relation arcs, worked out along the text (core/arc_layout.py)."""

from __future__ import annotations

import random
import re

from tagdesk.core.arc_layout import (
    MAX_ROWS,
    ArcInput,
    arcs_near,
    block_bounds,
    first_piece_letter,
    off_the_line_end,
    place_arcs,
    strut_offset,
    struts,
    uncovered,
)

# span id -> (start, end) in a text of short words
EXTENTS = {1: (0, 5), 2: (10, 15), 3: (20, 25), 4: (30, 35), 5: (40, 45)}


def levels(arcs: list[ArcInput], extents: dict[int, tuple[int, int]] = EXTENTS) -> dict[int, int]:
    layout = place_arcs(arcs, extents)
    return {relation: arc.level for relation, arc in layout.arcs.items()}


def test_one_arc_sits_just_above_the_text() -> None:
    layout = place_arcs([ArcInput(7, head=2, child=1)], EXTENTS)
    arc = layout.arcs[7]
    assert arc.level == 1
    assert (arc.left.span, arc.right.span) == (1, 2)  # by place in the text, whatever the head
    assert (arc.left.slot, arc.left.slots, arc.right.slot, arc.right.slots) == (0, 1, 0, 1)


def test_an_arc_over_another_is_lifted_above_it() -> None:
    found = levels([ArcInput(1, 1, 4), ArcInput(2, 2, 3)])
    assert found == {1: 2, 2: 1}


def test_crossing_arcs_get_different_levels() -> None:
    found = levels([ArcInput(1, 1, 3), ArcInput(2, 2, 4)])
    assert sorted(found.values()) == [1, 2]


def test_arcs_meeting_at_a_span_sit_side_by_side() -> None:
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 2, 3)], EXTENTS)
    assert {r: a.level for r, a in layout.arcs.items()} == {1: 1, 2: 1}
    # at span 2, the arc coming from the left has the left foot
    assert layout.arcs[1].right.slot == 0
    assert layout.arcs[2].left.slot == 1
    assert layout.arcs[1].right.slots == layout.arcs[2].left.slots == 2


def test_feet_at_a_span_nest_lower_arcs_inside_higher_ones() -> None:
    # three arcs leave span 1 to the right: the highest takes the leftmost foot
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 1, 3), ArcInput(3, 1, 4)], EXTENTS)
    by_level = sorted(layout.arcs.values(), key=lambda arc: arc.level)
    assert [arc.level for arc in by_level] == [1, 2, 3]
    assert [arc.left.slot for arc in by_level] == [2, 1, 0]
    # three arcs arrive at span 5 from the left: the lowest takes the leftmost foot
    layout = place_arcs([ArcInput(1, 4, 5), ArcInput(2, 3, 5), ArcInput(3, 2, 5)], EXTENTS)
    by_level = sorted(layout.arcs.values(), key=lambda arc: arc.level)
    assert [arc.right.slot for arc in by_level] == [0, 1, 2]


def test_nested_spans_get_arcs_of_their_own() -> None:
    extents = {1: (0, 40), 2: (25, 29), 3: (50, 55)}  # 2 lies inside 1
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 2, 3), ArcInput(3, 1, 3)], extents)
    assert layout.arcs[1].left.span == 1  # the outer span's middle comes first
    assert layout.arcs[1].level == layout.arcs[2].level == 1
    assert layout.arcs[3].level == 2


def test_arcs_with_a_missing_span_or_one_span_twice_are_left_out() -> None:
    layout = place_arcs([ArcInput(1, 1, 99), ArcInput(2, 3, 3), ArcInput(3, 1, 2)], EXTENTS)
    assert set(layout.arcs) == {3}


def test_levels_do_not_depend_on_the_order_relations_come_in() -> None:
    rng = random.Random(4)
    extents = {k: (k * 10, k * 10 + 5) for k in range(40)}
    arcs = []
    for relation in range(60):
        a, b = rng.sample(range(40), 2)
        arcs.append(ArcInput(relation, a, b))
    first = levels(arcs, extents)
    rng.shuffle(arcs)
    assert levels(arcs, extents) == first
    layout = place_arcs(arcs, extents)
    # no two arcs on one level share a stretch of text (from middle to middle)
    placed = list(layout.arcs.values())
    for one in placed:
        for other in placed:
            if one.relation >= other.relation or one.level != other.level:
                continue
            a = (sum(extents[one.left.span]), sum(extents[one.right.span]))
            b = (sum(extents[other.left.span]), sum(extents[other.right.span]))
            assert a[1] <= b[0] or b[1] <= a[0], (one, other)


def test_rows_are_the_highest_arc_at_a_span_capped() -> None:
    extents = {k: (k * 10, k * 10 + 5) for k in range(12)}
    arcs = [ArcInput(k, 0, k) for k in range(1, 12)]  # eleven arcs from span 0, each higher
    layout = place_arcs(arcs, extents)
    assert layout.highest == 11
    assert layout.rows_at(0) == MAX_ROWS
    assert layout.rows_at(1) == 1
    assert layout.rows_at(11) == MAX_ROWS


def test_ending_between_finds_the_arcs_drawn_on_a_stretch() -> None:
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 4, 5)], EXTENTS)
    assert [arc.relation for arc in layout.ending_between(0, 12)] == [1]
    assert [arc.relation for arc in layout.ending_between(16, 29)] == []
    assert [arc.relation for arc in layout.ending_between(30, 45)] == [2]
    assert layout.touches(14, 20)
    assert not layout.touches(16, 29)


def test_the_raised_space_is_on_the_line_of_the_span_end() -> None:
    text = "Gen Qasem Soleimani, the commander"
    start, end = 4, 19
    # past the comma, which never breaks from the word before it
    assert strut_offset(text, start, end, 0, len(text)) == 20
    # a span at the end of its paragraph: the last space inside it
    assert strut_offset("ends with Quds Force", 10, 20, 0, 20) == 14
    # one word at the end: its own first letter (the space before may end the line above)
    assert strut_offset("ends in Tikrit", 8, 14, 0, 14) == 8
    # "Sunday." starting a line and ending its paragraph: on its own line, never the space
    # before it, which ends the line above when the paragraph wraps there
    text = "Haider al-Abadi declared the offensive on Sunday."
    sunday = text.index("Sunday")
    assert strut_offset(text, sunday, sunday + 6, 0, len(text)) == sunday
    # a paragraph of one word: that word's first letter too
    assert strut_offset("Tikrit", 0, 6, 0, 6) == 0
    # a hyphen may break the line: the space after "al-Abadi-led" is not taken
    assert strut_offset("Haider al-Abadi-led forces", 0, 15, 0, 26) == 6


def test_struts_give_each_line_with_arcs_the_rows_it_needs() -> None:
    text = "Soleimani commands the Quds Force\nIn Tikrit they met Abadi today"
    extents = {1: (0, 9), 2: (23, 33), 3: (37, 43), 4: (53, 58)}
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 3, 4), ArcInput(3, 2, 4)], extents)
    raised = struts(text, layout, block_bounds(text))
    # The letter before each span's space (a space ending a wrapped line gives it no room).
    assert text[9] == " "
    assert raised[8] == layout.rows_at(1)
    assert text[27] == " "
    assert raised[26] == layout.rows_at(2) == 2
    assert raised[42] == 1
    assert raised[57] == 2
    assert all(text[offset + 1] == " " and text[offset] != " " for offset in raised)


def test_a_span_met_from_before_raises_the_end_of_its_first_word_too() -> None:
    # A window narrow enough wraps "Quds Force" after "Quds": the arc from Soleimani meets
    # it on "Quds", so that line has room too; the arc to al-Abadi leaves from "Force".
    text = "Soleimani commands the Quds Force, said al-Abadi"
    extents = {1: (0, 9), 2: (23, 33), 3: (40, 48)}
    layout = place_arcs([ArcInput(1, 1, 2), ArcInput(2, 2, 3)], extents)
    assert layout.met_from_before(2)
    assert not layout.met_from_before(1)
    raised = struts(text, layout, block_bounds(text))
    assert text[26] == "s"  # the end of "Quds"
    assert raised[26] == raised[33] == layout.rows_at(2)  # and the comma after "Force"
    # Met only from after it, a span keeps the one raised character it had.
    alone = place_arcs([ArcInput(1, 2, 3)], extents)
    assert sorted(struts(text, alone, block_bounds(text))) == [33, 40]
    assert first_piece_letter(text, 23, 33) == 26
    assert first_piece_letter(text, 0, 9) is None  # one word
    assert first_piece_letter("a  b", 0, 4) == 0  # only the first space after a letter
    assert first_piece_letter(text, 22, 33) == 26  # a span starting at a space: its word


def test_the_raised_character_is_the_letter_before_a_space() -> None:
    text = "met Qasem Soleimani, then  \u0301 x"
    assert off_the_line_end(text, 9, 0) == 8  # "Qasem" ends there
    assert off_the_line_end(text, 8, 0) == 8  # a letter stays
    assert off_the_line_end(text, 0, 0) == 0  # nothing before it in its paragraph
    assert off_the_line_end(text, 26, 0) == 26  # a space before it
    assert off_the_line_end(text, 28, 0) == 28  # a combining mark before it is no letter


def test_a_span_holding_others_is_met_on_text_only_it_covers() -> None:
    text = "the Quds Force of the IRGC, in Iraq"
    outer = (0, 26)
    inner = [(4, 14), (22, 26)]  # "Quds Force", "IRGC"
    assert uncovered(text, *outer, inner) == (14, 22)  # " of the "
    assert uncovered(text, *outer, [(0, 26)]) == outer  # nothing of its own: all of it
    assert uncovered(text, 4, 14, []) == (4, 14)
    # its raised space is inside that stretch, so its arcs meet it there
    assert strut_offset(text, *outer, 0, len(text), prefer=(14, 22)) == 21
    assert strut_offset(text, *outer, 0, len(text)) == 27
    # a span ending inside a word: the space after the word, on the same line
    assert strut_offset("Shia militias try", 0, 12, 0, 17) == 13


def test_paragraphs_are_found_as_the_view_splits_them() -> None:
    for text in ("", "one", "one\ntwo\n\nthree\n", "a\u2029b\nc\ufdd0d", "\n\n", "x\ry\nz"):
        starts, ends = block_bounds(text)
        pieces = re.split("[\n\r\u2029\ufdd0\ufdd1]", text)
        assert [text[start:end] for start, end in zip(starts, ends, strict=True)] == pieces


def test_the_arcs_near_a_stretch_placed_alone_are_placed_as_among_all() -> None:
    """What the view lays out first, for the lines on screen, is what all the arcs give there."""
    rng = random.Random(11)
    for trial in range(40):
        count = rng.randrange(5, 120)
        extents = {}
        for span in range(count):  # some nested, some sharing a middle
            start = rng.randrange(0, 2000)
            extents[span] = (start, start + rng.choice((1, 4, 9, 30, 200)))
        arcs = []
        for relation in range(rng.randrange(1, 3 * count)):
            head = rng.randrange(count)
            reach = rng.choice((1, 2, 3, 10, count))
            arcs.append(ArcInput(relation, head, (head + rng.randrange(1, reach + 1)) % count))
        arcs.append(ArcInput(len(arcs), 0, 0))  # one span twice: left out as before
        full = place_arcs(arcs, extents)
        start = rng.randrange(0, 2000)
        end = start + rng.choice((0, 50, 300, 2500))
        near = arcs_near(arcs, extents, start, end)
        alone = place_arcs(near, extents)
        shown = {span for span, (low, high) in extents.items() if low <= end and high >= start}
        touching = {
            arc.relation for arc in full.arcs.values() if {arc.left_span, arc.right_span} & shown
        }
        assert touching <= set(alone.arcs), trial
        for relation in touching:
            assert alone.arcs[relation].level == full.arcs[relation].level, (trial, relation)
            ends_here = [
                span
                for span in (full.arcs[relation].left_span, full.arcs[relation].right_span)
                if span in shown
            ]
            for span in ends_here:
                assert alone.arcs[relation].end_at(span) == full.arcs[relation].end_at(span)
                assert alone.rows_at(span) == full.rows_at(span)
        if end >= 2500 and start == 0:
            assert set(alone.arcs) == set(full.arcs)
    # a stretch with no span in it needs no arc
    assert arcs_near([ArcInput(1, 1, 2)], EXTENTS, 16, 19) == []
