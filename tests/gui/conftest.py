from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.main_window import MainWindow
from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.store import Store
from tagdesk.store.tokens import document_tokens
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warning boxes the window shows, which would otherwise wait for a click."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text)
    )
    return shown


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[WindowFactory]:
    made: list[MainWindow] = []

    def make(store: Store, *, phrases: bool = False) -> MainWindow:
        """`phrases`: an accept suggests its text elsewhere (the window's default), left off
        for the tests of everything else, whose spans it would add to. Off for this
        window only, as if unticked: the database's setting is not written."""
        window = MainWindow(
            store,
            settings_path=tmp_path / "window.ini",
            annotator="tester",
            tokenizer=lambda document_id, _text: document_tokens(
                store, document_id, spacy_tokenizer()
            ),
        )
        if not phrases:
            action = window.action_set.phrase_suggestions
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
            window.controller.phrases.enabled = False
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.view.setFocus()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture
def seeded(store: Store) -> Store:
    import_paths(store, [SEEDS], annotator="tester")
    return store


@pytest.fixture
def window(seeded: Store, make_window: WindowFactory) -> MainWindow:
    return make_window(seeded)


def drag_select(
    view: AnnotationView, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    """Press at the first character, drag to the last, release: as a person selects."""
    x1, y1 = view.qt_rect_of(start)
    x2, y2 = view.qt_rect_of(end)
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, QPoint(x1, y1))
    QTest.mouseMove(viewport, QPoint((x1 + x2) // 2, (y1 + y2) // 2))
    QTest.mouseMove(viewport, QPoint(x2, y2))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, QPoint(x2, y2))


def click_at(view: AnnotationView, offset: int) -> None:
    x, y = view.qt_rect_of(offset)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x + 2, y)
    )


def stored_spans(store: Store) -> list[tuple[str, str, str]]:
    """(label, text, status) of every span, read straight from the database."""
    rows = store.execute(
        'SELECT d.text, s."start", s."end", l.name, s.status FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        'ORDER BY s.document_id, s."start", s."end", l.name'
    ).fetchall()
    return [(label, text[start:end], status) for text, start, end, label, status in rows]


def refocus(qtbot, window: MainWindow) -> None:
    """The offscreen platform has no window manager to re-activate a window after a dialog."""
    with qtbot.waitActive(window):
        window.activateWindow()
    # Under load the activation can land after waitActive gives up; a window shortcut
    # (Ctrl+Return) pressed before it would reach nothing.
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=5000)


@pytest.fixture(autouse=True)
def no_leaked_task_threads() -> Iterator[None]:
    """A background task still running after its test is a leak (and a flaky test)."""
    import threading
    import time

    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [t for t in threading.enumerate() if t.name == "tagdesk-task" and t.is_alive()]
        if not alive:
            return
        time.sleep(0.05)
    pytest.fail(f"background task threads leaked: {alive}")
