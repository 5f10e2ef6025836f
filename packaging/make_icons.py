"""Render the application icon (resources/icons/tagdesk.svg) for each platform.

Writes the hicolor theme icons Linux desktops look up by the application id
(scalable SVG plus PNGs from 16 to 512 pixels), tagdesk.ico for Windows and
tagdesk.icns for macOS. The outputs are committed; run this again after the
SVG changes: `python packaging/make_icons.py`.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "resources" / "icons" / "tagdesk.svg"
OUT = REPO / "packaging" / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 96, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_id() -> str:
    sys.path.insert(0, str(REPO / "desktop"))
    from tagdesk import APP_ID

    return APP_ID


def render(size: int) -> QImage:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def save(image: QImage, path: Path, image_format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), image_format):
        raise SystemExit(f"{path}: Qt cannot write {image_format}")
    print(path.relative_to(REPO))


def png_bytes(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    render(size).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path) -> None:
    """One .ico with a PNG image per size (Qt's own writer stores a single size)."""
    images = [(size, png_bytes(size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    path.write_bytes(header + entries + payload)
    print(path.relative_to(REPO))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    application = QGuiApplication(sys.argv[:1])  # image plugins need an application
    name = app_id()
    scalable = OUT / "hicolor" / "scalable" / "apps" / f"{name}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(scalable.relative_to(REPO))
    for size in PNG_SIZES:
        save(render(size), OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{name}.png", "PNG")
    write_ico(OUT / "tagdesk.ico")
    save(render(512), OUT / "tagdesk.icns", "ICNS")
    del application
    return 0


if __name__ == "__main__":
    sys.exit(main())
