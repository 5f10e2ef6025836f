"""The window paints its first document before it loads or starts what no first paint
needs; that work follows at once after it, and keys work from the start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tagdesk.gui.first_paint import after_first_paint
from tests.conftest import REPO

LATER = [
    "PySide6.QtNetwork",  # the socket later starts hand their files to
    "tagdesk.gui.file_open",
    "tagdesk.gui.token_job",
    "tagdesk.gui.preannotate_job",
    "tagdesk.gui.train_dialog",
    "tagdesk.store.operations",
    "tagdesk.core.entity_clusters",
    "psycopg2",  # a file database never needs it (store/postgres_driver.py)
    "tagdesk.gui.entity_dialog",
]
STARTED_AFTER = ["PySide6.QtNetwork", "tagdesk.gui.file_open", "tagdesk.gui.token_job"]

SCRIPT = r"""
import gc, json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from tagdesk.gui import main_window
LATER = json.loads(sys.argv[2])
seen = {}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            window = QApplication.activeWindow() or seen["window"]
            seen["painted"] = [m for m in LATER if m in sys.modules]
            seen["frozen_at_paint"] = gc.get_freeze_count()
            seen["text"] = window.view.toPlainText()[:40]
            QTimer.singleShot(1500, finish)
        return False
def finish():
    seen["after"] = [m for m in LATER if m in sys.modules]
    seen["frozen_after"] = gc.get_freeze_count()
    window = seen.pop("window")
    seen["listening"] = window.findChildren(QObject, "") and any(
        type(child).__name__ == "InstanceServer" for child in window.children()
    )
    print(json.dumps(seen), flush=True)
    window.close()
watch = Watch()
original = main_window.MainWindow.show
def show(self):
    seen["window"] = self
    self.view.viewport().installEventFilter(watch)
    original(self)
main_window.MainWindow.show = show
from tagdesk.cli import main
main(["--db", sys.argv[1]])
"""


def test_the_first_paint_comes_before_what_it_does_not_need(tmp_path: Path) -> None:
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths
    from tests.conftest import SEEDS

    db = tmp_path / "seeds.sqlite3"
    with open_store(db) as store:
        import_paths(store, [SEEDS], annotator="tester")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), json.dumps(LATER)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["painted"] == []  # none of it loaded before the text was on screen
    assert seen["text"].strip()  # and the text was the first document's
    assert set(STARTED_AFTER) <= set(seen["after"])  # then the background work started
    assert seen["listening"]  # and a later `tagdesk open` finds this window
    # the objects alive once the window is ready are kept out of full collections, then
    assert seen["frozen_at_paint"] == 0
    assert seen["frozen_after"] > 10_000


def test_work_after_the_first_paint_runs_once_even_if_no_paint_comes(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    shown, hidden = QLabel("shown"), QLabel("never shown")
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    ran: list[str] = []
    after_first_paint(shown, lambda: ran.append("shown"))
    after_first_paint(hidden, lambda: ran.append("hidden"))
    shown.show()
    qtbot.waitUntil(lambda: "shown" in ran, timeout=5000)
    assert ran == ["shown"]  # after its paint, before the latest time
    shown.repaint()
    qtbot.waitUntil(lambda: "hidden" in ran, timeout=5000)  # at the latest, without a paint
    qtbot.wait(50)
    assert sorted(ran) == ["hidden", "shown"]  # each once


# Built after the first paint, when `tagdesk` starts the window (gui/main_window.py).
BUILT_AFTER = [
    "tagdesk.gui.commands",  # the editing machinery: the undo steps and what they write
    "tagdesk.store.change_sets",
    "tagdesk.gui.phrase_suggestions",
    "tagdesk.core.phrase_occurrences",
    "tagdesk.core.span_order",
    "tagdesk.core.word_boundaries",  # the words a selection snaps to before tokens are kept
    "tagdesk.gui.span_inspector",
    "tagdesk.gui.document_panel",
    "tagdesk.gui.entity_panes",
    "tagdesk.gui.relation_panes",
    "tagdesk.gui.background",
    "tagdesk.gui.outside_changes",
]

# The real start (`tagdesk --db DB`). With "press", at the first paint a word is selected
# and the label key "1" is queued ahead of the work that paint starts; with "click", a
# click on the list's second document: either is delivered first, to a window built only
# as far as the paint needed. STAGED reports what each step saw.
STAGED = r"""
import gc, json, sqlite3, sys
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
import tagdesk.app as app_module
from tagdesk.gui import first_paint
DB, BUILT_AFTER, INPUT = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
seen = {}
def spans():
    connection = sqlite3.connect(DB)
    try:
        return connection.execute(
            'SELECT d.text, s."start", s."end", l.name FROM span s '
            "JOIN label l ON l.id = s.label_id JOIN document d ON d.id = s.document_id "
            "WHERE s.source <> 'phrases'"
        ).fetchall()  # not the other occurrences phrase suggestions propose
    finally:
        connection.close()
def built(window):
    panes = getattr(window, "entity_panes", None)
    return {
        "completed": window.completed,
        "modules": [m for m in BUILT_AFTER if m in sys.modules],
        "side": [type(window.side_splitter.widget(i)).__name__ for i in range(3)],
        "entities_tab": panes is not None and window.left_tabs.widget(1) is panes.panel,
        "collecting": gc.isenabled(),
    }
def press(window):
    seen["at_key"] = built(window)
    start = window.controller.document.text.index("Soleimani")
    window.view.select_range(start, start + len("Soleimani"))
    QTest.keyClick(window.view, "1")
    seen["spans_after_key"] = [[t[s:e], label] for t, s, e, label in spans()]
def click(window):
    seen["at_key"] = built(window)
    table = window.document_list.table
    row = table.visualRect(table.model().index(1, 0)).center()
    at = table.viewport().mapTo(window, row)  # where a person clicks, on the window
    none = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, none, at)
class Watch(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "at_paint" not in seen:
            seen["at_paint"] = built(self.window)
            act = {"press": press, "click": click}.get(INPUT)
            if act is not None:  # queued before the work this paint starts
                QTimer.singleShot(0, lambda: act(self.window))
        return False
original_after = first_paint.after_first_paint
def after_first_paint(watched, work):
    original_after(watched, work)
    window = watched.window()
    if "window" not in seen and hasattr(window, "completed"):
        seen["window"] = True
        watched.installEventFilter(Watch(window))  # called before the paint's own watcher
first_paint.after_first_paint = after_first_paint
original_start = app_module.start_after_first_paint
def start_after_first_paint(app, window, *rest):
    original_start(app, window, *rest)
    seen["ready"] = built(window)
    seen["ready"]["document_panel"] = window.document_panel.title_label.text()
    seen["ready"]["title"] = window.controller.document.title
    seen["ready"]["document"] = window.controller.document.id
    seen["ready"]["text"] = window.view.toPlainText()[:40]
    seen["ready"]["registry_read"] = window.entity_panes.entities.read
    selected = window.controller.selected
    seen["ready"]["inspector"] = window.inspector.text.text() if selected else None
    seen["ready"]["palette_rows"] = window.label_model.rowCount()
    def finish():
        print(json.dumps(seen), flush=True)
        window.close()
    QTimer.singleShot(0, finish)
app_module.start_after_first_paint = start_after_first_paint
from tagdesk.cli import main
sys.exit(main(["--db", DB]))
"""


def _start_staged(tmp_path: Path, given: str) -> dict:
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths
    from tests.conftest import SEEDS

    db = tmp_path / "seeds.sqlite3"
    with open_store(db) as store:
        import_paths(store, [SEEDS], annotator="tester")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # HOME: the test's own (conftest)
    run = subprocess.run(
        [sys.executable, "-c", STAGED, str(db), json.dumps(BUILT_AFTER), given],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=REPO,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_first_paint_comes_before_the_panes_and_they_are_all_there_when_ready(
    tmp_path: Path,
) -> None:
    seen = _start_staged(tmp_path, "")
    at_paint, ready = seen["at_paint"], seen["ready"]
    # The first paint: the text, the list and the Labels, and only the places of the rest.
    assert at_paint["completed"] is False
    assert at_paint["modules"] == []
    assert at_paint["side"] == ["QWidget", "QWidget", "QWidget"]
    assert at_paint["entities_tab"] is False
    # Ready: every pane built, in its place, showing the open document.
    assert ready["completed"] is True
    assert ready["modules"] == BUILT_AFTER
    assert ready["side"] == ["QWidget", "QScrollArea", "QTabWidget"]
    assert ready["entities_tab"] is True
    assert ready["registry_read"] is True
    assert ready["text"].strip()
    assert ready["document_panel"] == ready["title"]  # the Document panel shows the open one
    assert ready["document"] == 1
    assert ready["palette_rows"] > 0
    # Python's collector waited while the window was made, and collects again once it is ready
    assert at_paint["collecting"] is False
    assert ready["collecting"] is True


def test_a_click_on_a_document_before_the_panes_are_built_opens_it(tmp_path: Path) -> None:
    seen = _start_staged(tmp_path, "click")
    assert seen["at_key"]["completed"] is False  # the click came before the work ...
    ready = seen["ready"]
    assert ready["completed"] is True  # ... and found the list's connections there
    assert ready["document"] == 2
    assert ready["document_panel"] == ready["title"]


def test_a_label_key_pressed_before_the_panes_are_built_labels_the_selected_word(
    tmp_path: Path,
) -> None:
    seen = _start_staged(tmp_path, "press")
    # The key came after the first paint and before the work it started ...
    assert seen["at_paint"]["completed"] is False
    assert seen["at_key"]["completed"] is False
    assert seen["at_key"]["modules"] == []
    # ... the window was built before the key was given to it, and the key labelled the word
    assert seen["spans_after_key"] == [["Soleimani", "PERSON"]]
    ready = seen["ready"]
    assert ready["completed"] is True
    assert ready["modules"] == BUILT_AFTER
    assert ready["inspector"] == "Soleimani"  # the span inspector shows the new span
    assert ready["registry_read"] is True
