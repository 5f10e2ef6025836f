"""A title with no break point (a URL) does not widen the window past the size it was given."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory
from tests.helpers import write_jsonl
from tests.reliability.disk import tagdesk

URL = "https://example.org/news/" + "Soleimani" * 33  # 322 characters, nowhere to break
WORDS = " ".join(["Soleimani visits the Mosul front line"] * 8)


def import_titles(store: Store, folder: Path) -> None:
    records = [
        {"title": URL, "text": "Fighting near Tikrit. " * 30, "meta": {"url": URL, "source": URL}},
        {"title": WORDS, "text": "Fighting near Mosul."},
    ]
    import_paths(store, [write_jsonl(folder / "in.jsonl", records)], annotator="tester")


def test_a_title_with_no_break_point_keeps_the_window_at_its_size(
    store: Store, tmp_path: Path, make_window: WindowFactory
) -> None:
    import_titles(store, tmp_path)
    window = make_window(store)
    window.open_document(1)
    QApplication.processEvents()
    assert window.size().width() == 1280
    assert window.minimumSizeHint().width() <= 1280
    for label in (window.heading, window.document_panel.title_label):
        assert label.text() == URL  # the whole title, as stored
        assert label.toolTip() == URL  # shown in full on hovering
        assert label.geometry().right() <= label.parentWidget().width()
    assert URL in window.document_panel.meta.text().splitlines()


def test_a_long_title_with_spaces_still_wraps_in_full(
    store: Store, tmp_path: Path, make_window: WindowFactory
) -> None:
    import_titles(store, tmp_path)
    window = make_window(store)
    window.open_document(2)
    QApplication.processEvents()
    assert window.size().width() == 1280
    assert window.heading.text() == WORDS
    assert window.heading.toolTip() == ""  # nothing is cut off
    assert window.heading.height() > 2 * window.heading.fontMetrics().height()  # wrapped


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_the_screenshot_of_such_a_document_has_the_size_asked_for(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    import_titles(store, tmp_path)
    store.close()
    shot = tmp_path / "out.png"
    result = tagdesk(
        "--screenshot", str(shot), "--size", "1280x800", "--doc", "1", "--db", str(db_path)
    )
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1280, 800)
