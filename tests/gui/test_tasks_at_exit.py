"""A process that ends with the window open while a thread task still runs ends quietly.

PySide6's exit handler deletes the window, and with it the object a task's
thread reports to; a task that finishes after that must still finish its
work (a write commits) and drop its news without a traceback on stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagdesk.store import Store, open_store
from tagdesk.store.settings import get_setting
from tests.conftest import REPO

SCRIPT = r"""
import atexit, sys, threading
from pathlib import Path

released = threading.Event()


def after_qt_has_cleaned_up():
    # Registered before PySide6 is imported, so it runs after PySide6's own exit handler
    # has deleted the window: the task reports, then writes, with no window left.
    released.set()
    for thread in threading.enumerate():
        if thread.name == "tagdesk-task":
            thread.join(20)


atexit.register(after_qt_has_cleaned_up)

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.tasks import ThreadTaskRunner, store_task
from tagdesk.store import open_store
from tagdesk.store.settings import set_setting

target, ending = sys.argv[1], sys.argv[2]
app = QApplication([])
store = open_store(target)
window = MainWindow(
    store, settings_path=Path(sys.argv[3]), annotator="tester", tokenizer=lambda _id, _text: None
)
window.show()
window.complete(painted=True)
runner = ThreadTaskRunner(window)


def work(control):
    if ending == "exit-while-finishing":
        released.wait(0.3)  # ends well within the wait quitting allows
    else:
        released.wait(20)
    control.report("writing")
    set_setting(store, "written-at-exit", "yes")
    return "done"


runner.start(store_task(store, work))
if ending != "script-ends":  # the event loop ends with the window still open
    QTimer.singleShot(0, app.exit)
    app.exec()
    tasks = [t for t in threading.enumerate() if t.name == "tagdesk-task"]
    print("task running" if tasks else "task ended", "when the event loop returned")
"""


@pytest.mark.parametrize("ending", ["script-ends", "exit", "exit-while-finishing"])
def test_a_task_finishing_after_the_window_is_gone_writes_and_prints_nothing(
    seeded: Store, tmp_path: Path, ending: str
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, seeded.target, ending, str(tmp_path / "window.ini")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Signal source has been deleted" not in run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    with open_store(seeded.target) as store:
        assert get_setting(store, "written-at-exit") == "yes"
    if ending == "exit-while-finishing":  # before the store closes, as `tagdesk` does after
        assert run.stdout.strip().endswith("task ended when the event loop returned")
