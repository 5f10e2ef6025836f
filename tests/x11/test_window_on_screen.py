"""The first window fits the real screen it opens on, and a saved one is brought back onto it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.x11.conftest import RealWindow
from tests.x11.test_real_keyboard import suggested_document


def geometry(window: RealWindow) -> tuple[int, int, int, int]:
    """Position and size as the X server has them (xdotool getwindowgeometry)."""
    shown = window.xdotool("getwindowgeometry", window.window_id)
    position = re.search(r"Position: (-?\d+),(-?\d+)", shown)
    size = re.search(r"Geometry: (\d+)x(\d+)", shown)
    assert position, shown
    assert size, shown
    x, y = map(int, position.groups())
    width, height = map(int, size.groups())
    return x, y, width, height


def assert_on_screen(window: RealWindow, size: str) -> None:
    screen_width, screen_height = map(int, size.split("x"))
    x, y, width, height = geometry(window)
    assert x >= 0
    assert y >= 0
    assert x + width <= screen_width, (x, width)
    assert y + height <= screen_height, (y, height)


@pytest.mark.parametrize("size", ["1024x700", "1280x800"])
def test_the_first_window_fits_the_screen(tmp_path: Path, real_window, size: str) -> None:
    window: RealWindow = real_window(suggested_document(tmp_path), size)
    assert_on_screen(window, size)


def test_a_window_saved_on_a_large_screen_opens_inside_a_small_one(
    tmp_path: Path, real_window
) -> None:
    db = suggested_document(tmp_path)
    large: RealWindow = real_window(db, "1920x1080")
    assert geometry(large)[2] > 1400  # a wide screen gets a wide window
    large.close()
    small: RealWindow = real_window(db, "1280x800")
    assert_on_screen(small, "1280x800")
