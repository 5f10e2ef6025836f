"""The application icon in every size Linux desktops, Windows and macOS ask for."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QImageReader

from tagdesk import APP_ID
from tests.conftest import REPO

ICONS = REPO / "packaging" / "icons"
HICOLOR = ICONS / "hicolor"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 96, 128, 256, 512)


@pytest.mark.parametrize("size", PNG_SIZES)
def test_hicolor_png_is_the_icon_at_its_size(qapp, size: int) -> None:
    image = QImage(str(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the drawn square
    assert image.pixelColor(0, 0).alpha() == 0  # its rounded corner


def test_theme_folders_hold_the_svg_and_each_png_size() -> None:
    folders = {path.name for path in HICOLOR.iterdir()}
    assert folders == {f"{size}x{size}" for size in PNG_SIZES} | {"scalable"}
    for folder in HICOLOR.iterdir():
        assert [path.name for path in (folder / "apps").iterdir()] == [
            f"{APP_ID}.svg" if folder.name == "scalable" else f"{APP_ID}.png"
        ]
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (REPO / "resources" / "icons" / "tagdesk.svg").read_bytes()


def test_windows_icon_holds_small_and_large_sizes(qapp) -> None:
    reader = QImageReader(str(ICONS / "tagdesk.ico"))
    sizes = set()
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert image.width() == image.height()
        sizes.add(image.width())
    assert {16, 24, 32, 48, 256} <= sizes


def test_macos_icon_reads_at_512(qapp) -> None:
    image = QImage(str(ICONS / "tagdesk.icns"))
    assert (image.width(), image.height()) == (512, 512)
