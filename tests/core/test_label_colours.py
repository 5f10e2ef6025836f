"""Every default label has a colour of its own, and text on every label colour reads."""

from __future__ import annotations

from itertools import combinations

import pytest

from tagdesk.core.colours import (
    BLACK_TEXT,
    READABLE_CONTRAST,
    WHITE_TEXT,
    best_contrast,
    ciede2000,
    colour_difference,
    contrast_ratio,
    text_colour_for,
)
from tagdesk.core.labels import colour_for, default_scheme

# Side by side, a CIEDE2000 of 2.3 is just noticeable and 10 is plainly another colour.
TYPICAL_VISION_MIN = 12.0
# Under full dichromacy 18 hues collapse onto two axes; the tag at each span's end names it.
RED_GREEN_MIN = 5.0
BLUE_YELLOW_MIN = 4.0

PAIRS = list(combinations(default_scheme(), 2))


def test_the_difference_formula_matches_the_published_test_data() -> None:
    """Sharma, Wu and Dalal (2005), pairs 1, 7, 17 and 25 of their table."""
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(
        2.0425, abs=1e-4
    )
    assert ciede2000((50.0, 0.0, 0.0), (50.0, -1.0, 2.0)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)
    assert ciede2000((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) == pytest.approx(
        1.2644, abs=1e-4
    )


def test_the_old_defaults_would_fail() -> None:
    """LAW and LANGUAGE shared one colour, PERSON and NORP were two purples."""
    assert colour_difference("#ff8197", "#ff8197") == 0
    assert colour_difference("#aa9cfc", "#c887fb") < TYPICAL_VISION_MIN


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=lambda spec: spec.name)
def test_every_pair_of_default_labels_differs_clearly(first, second) -> None:
    distance = colour_difference(first.colour, second.colour)
    assert distance >= TYPICAL_VISION_MIN, (first.name, second.name, distance)


@pytest.mark.parametrize("deficiency", ["protanopia", "deuteranopia", "tritanopia"])
def test_default_labels_stay_apart_for_colour_vision_deficiency(deficiency: str) -> None:
    least = BLUE_YELLOW_MIN if deficiency == "tritanopia" else RED_GREEN_MIN
    close = [
        (
            first.name,
            second.name,
            round(colour_difference(first.colour, second.colour, deficiency), 2),
        )
        for first, second in PAIRS
        if colour_difference(first.colour, second.colour, deficiency) < least
    ]
    assert close == []


@pytest.mark.parametrize("spec", default_scheme(), ids=lambda spec: spec.name)
def test_text_on_every_default_colour_reaches_wcag_aa(spec) -> None:
    assert contrast_ratio(spec.colour, text_colour_for(spec.colour)) >= READABLE_CONTRAST


def test_labels_that_arrive_without_a_colour_get_a_readable_one() -> None:
    for number in range(500):
        assert best_contrast(colour_for(f"LABEL_{number}")) >= READABLE_CONTRAST


@pytest.mark.parametrize(
    ("fill", "text"),
    [
        ("#ffffff", BLACK_TEXT),
        ("#000000", WHITE_TEXT),
        ("#1f3a93", WHITE_TEXT),
        ("#ffd700", BLACK_TEXT),
    ],
)
def test_dark_fills_get_white_text_and_light_fills_black(fill: str, text: str) -> None:
    assert text_colour_for(fill) == text
    assert contrast_ratio(fill, text) >= READABLE_CONTRAST


def test_a_mid_tone_reaches_no_readable_contrast_either_way() -> None:
    """The editor warns about such a colour: neither black nor white text reaches 4.5."""
    assert best_contrast("#777777") < READABLE_CONTRAST
