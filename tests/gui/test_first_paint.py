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
