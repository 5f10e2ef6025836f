"""View > Statistics in the real window: its figures, its clickable bars, its refresh.

The corpus is the seed articles with model suggestions the test places
itself (every "Iran" a GPE, every "Soleimani" a PERSON), so the expected
figures are counted here from the texts, not read back through the store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from tagdesk.core.found_entities import FoundEntities
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.suggestions import add_suggestions
from tests.conftest import tagdesk_command
from tests.gui.conftest import WindowFactory

MODEL = "en_core_web_sm@3.8.0"
WORDS = {"Iran": "GPE", "Soleimani": "PERSON"}


def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    found, start = [], text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            found.append((start, end))
        start = text.find(word, end)
    return found


def suggest(store: Store) -> dict[str, dict[int, int]]:
    """Suggest every whole-word Iran and Soleimani; returns label -> document -> suggestions."""
    planned: dict[str, dict[int, int]] = {label: {} for label in WORDS.values()}
    found = []
    for document_id, text in store.execute('SELECT id, text FROM "document" ORDER BY id'):
        entities = []
        for word, label in WORDS.items():
            spans = occurrences(text, word)
            entities += [(start, end, label) for start, end in spans]
            if spans:
                planned[label][document_id] = len(spans)
        found.append(FoundEntities(document_id, tuple(sorted(entities))))
    add_suggestions(store, found, MODEL)
    return planned


def open_view(qtbot, window: MainWindow):
    from tagdesk.gui.statistics_view import StatisticsWindow

    QTest.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    shown = window.findChild(StatisticsWindow)
    assert shown is not None
    qtbot.waitUntil(shown.isVisible)
    # The figures are read in a worker thread and come back by signal.
    qtbot.waitUntil(lambda: shown.view.figures is not None and not shown.view.is_reading())
    return shown


def click_bar(qtbot, canvas, category: int) -> None:
    hit = next(hit for hit in canvas.hits if hit.category == category)
    QTest.mouseClick(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        hit.rect.center().toPoint(),
    )


def test_the_view_shows_the_counts_and_a_bar_lists_its_documents(
    qtbot, seeded: Store, make_window: WindowFactory
) -> None:
    planned = suggest(seeded)
    window = make_window(seeded)
    shown = open_view(qtbot, window)
    canvases = shown.view.canvases
    labels = canvases["spans_per_label"].chart
    rows = dict(zip(labels.categories, labels.values, strict=True))
    for label, documents in planned.items():
        assert rows[label] == (0, sum(documents.values()), 0)  # accepted, suggested, rejected
    assert set(rows) == set(planned)  # no label without spans
    quality = canvases["model_quality"].chart
    assert dict(zip(quality.categories, quality.values, strict=True)) == {
        label: (0, 0, 0, sum(documents.values()), 0) for label, documents in planned.items()
    }
    qtbot.waitUntil(lambda: bool(canvases["spans_per_label"].hits))

    person = labels.categories.index("PERSON")
    click_bar(qtbot, canvases["spans_per_label"], person)
    qtbot.waitUntil(lambda: window.document_model.ids == sorted(planned["PERSON"]))
    assert window.document_list.label_filter.currentText() == "PERSON"


def test_a_decision_in_the_window_shows_in_the_charts(
    qtbot, seeded: Store, make_window: WindowFactory
) -> None:
    planned = suggest(seeded)
    window = make_window(seeded)
    shown = open_view(qtbot, window)
    quality = shown.view.canvases["model_quality"]
    first = min(planned["GPE"])
    window.open_document(first)
    window.activateWindow()  # back to the main window, as a person clicks into it
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)  # select the first suggestion
    selected = window.controller.selected
    assert selected is not None
    QTest.keyClick(window.view, Qt.Key.Key_Return)  # accept it
    label = window.controller.labels_by_id[selected.label_id].name

    def accepted() -> int:
        chart = quality.chart
        return chart.values[chart.categories.index(label)][0]

    qtbot.waitUntil(lambda: accepted() == 1, timeout=5000)
    counted = seeded.execute(
        "SELECT COUNT(*) FROM span WHERE status = 'accepted' AND source = ?", (MODEL,)
    ).fetchone()[0]
    assert counted == 1


def test_clicking_a_strip_opens_its_document(
    qtbot, seeded: Store, make_window: WindowFactory
) -> None:
    suggest(seeded)
    window = make_window(seeded)
    shown = open_view(qtbot, window)
    strips = shown.view.strips
    assert [s.document_id for s in strips.strips] == window.document_model.ids[:30]
    scroll = shown.view.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    bar.setValue(bar.maximum())  # scroll down to the strips, as a person would
    qtbot.waitUntil(lambda: bool(strips.rows))
    document_id, row = strips.rows[2]
    QTest.mouseClick(
        strips,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(int(row.center().x()), int(row.center().y())),
    )
    qtbot.waitUntil(
        lambda: (
            window.controller.document is not None and window.controller.document.id == document_id
        )
    )


def test_the_window_starts_without_the_charts_and_loads_them_on_first_use(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from tagdesk.gui.main_window import MainWindow\n"
        "from tagdesk.store import open_store\n"
        "app = QApplication([])\n"
        f"store = open_store({str(tmp_path / 't.db')!r})\n"
        f"window = MainWindow(store, settings_path=Path({str(tmp_path / 'w.ini')!r}), "
        "annotator='a', tokenizer=lambda d, t: None)\n"
        "window.show(); app.processEvents()\n"
        "charts = ('tagdesk.gui.statistics_view', 'tagdesk.gui.chart_painter', "
        "'tagdesk.store.statistics', 'PySide6.QtSvg')\n"
        "print([name for name in charts if name in sys.modules])\n"
        "window.action_set.show_statistics.trigger(); app.processEvents()\n"
        "print([name for name in charts if name in sys.modules])\n"
        "window.close(); store.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    loaded = [
        "tagdesk.gui.statistics_view",
        "tagdesk.gui.chart_painter",
        "tagdesk.store.statistics",
    ]
    assert after == repr(loaded)


def test_a_screenshot_renders_the_view_at_the_size_asked(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    shot = tmp_path / "statistics.png"
    command = [*tagdesk_command(), "--db", str(db)]
    assert (
        subprocess.run(
            [*command, "import", str(Path(__file__).parents[2] / "seeds")],
            capture_output=True,
            timeout=120,
        ).returncode
        == 0
    )
    result = subprocess.run(
        [*command, "--screenshot", str(shot), "--view", "statistics", "--size", "1920x1080"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1920, 1080)
