from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS, tagdesk_command


def test_window_lists_documents_and_shows_the_text(qtbot, store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.document_list.count() == 5
    window.document_list.setCurrentRow(2)
    text = window.text_view.toPlainText()
    assert text.startswith("Iranian General Soleimani 'present on Mosul operation front line'")


def test_screenshot_option_writes_a_png_of_the_window(tmp_path: Path, db_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [*tagdesk_command(), "--db", str(db_path), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1000
    assert image.height() >= 600
