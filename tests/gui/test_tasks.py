from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread

from tagdesk.gui.tasks import ProcessTaskRunner, TaskControl, ThreadTaskRunner


def python_script(code: str) -> tuple[str, list[str]]:
    return sys.executable, ["-c", "import json, sys, time\n" + code]


def test_a_thread_task_reports_and_returns_on_the_gui_thread(qtbot) -> None:
    runner = ThreadTaskRunner()
    seen: list[tuple[object, bool]] = []
    gui_thread = QThread.currentThread()
    runner.progress.connect(
        lambda value: seen.append((value, QThread.currentThread() == gui_thread))
    )

    def work(control: TaskControl) -> str:
        for step in range(3):
            control.report(step)
        return threading.current_thread().name

    with qtbot.waitSignal(runner.finished, timeout=5000) as finished:
        runner.start(work)
    assert finished.args == ["tagdesk-task"]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [(0, True), (1, True), (2, True)]
    assert not runner.is_running()
    assert runner.wait()


def test_a_failing_thread_task_emits_failed(qtbot) -> None:
    runner = ThreadTaskRunner()

    def work(control: TaskControl) -> None:
        raise ValueError("bad input on line 3")

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start(work)
    assert failed.args == ["bad input on line 3"]
    assert runner.wait()


def test_a_superseded_thread_task_is_dropped_and_cancel_reaches_the_work(qtbot) -> None:
    runner = ThreadTaskRunner()
    results: list[object] = []
    runner.finished.connect(results.append)
    release = threading.Event()
    stopped = threading.Event()

    def slow(control: TaskControl) -> str:
        release.wait(5)
        if control.cancelled:
            stopped.set()
        return "old"

    runner.start(slow)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(lambda control: "new")
    release.set()
    assert runner.wait()
    qtbot.wait(50)
    assert results == ["new"]
    assert stopped.is_set()


def test_a_process_task_passes_progress_and_its_result(qtbot) -> None:
    runner = ProcessTaskRunner()
    progress: list[object] = []
    runner.progress.connect(progress.append)
    program, arguments = python_script(
        "for n in range(3): print(json.dumps({'event': 'progress', 'done': n}), flush=True)\n"
        "print('not json')\n"
        "print(json.dumps({'event': 'finished', 'value': 42}))"
    )
    with qtbot.waitSignal(runner.finished, timeout=10000) as finished:
        runner.start(program, arguments)
    assert finished.args == [{"event": "finished", "value": 42}]
    assert [message["done"] for message in progress] == [0, 1, 2]


def test_a_failing_process_reports_its_last_error_line(qtbot) -> None:
    runner = ProcessTaskRunner()
    program, arguments = python_script(
        "print('warming up', file=sys.stderr)\n"
        "print('tagdesk: error: no such pipeline', file=sys.stderr)\n"
        "sys.exit(1)"
    )
    with qtbot.waitSignal(runner.failed, timeout=10000) as failed:
        runner.start(program, arguments)
    assert failed.args == ["tagdesk: error: no such pipeline"]


def test_a_program_that_cannot_start_fails_in_one_line(qtbot) -> None:
    runner = ProcessTaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=10000) as failed:
        runner.start("/no/such/program", [])
    assert failed.args == ["/no/such/program: cannot start"]


def test_a_cancelled_or_superseded_process_reports_nothing(qtbot) -> None:
    runner = ProcessTaskRunner()
    results: list[object] = []
    failures: list[str] = []
    runner.finished.connect(results.append)
    runner.failed.connect(failures.append)
    slow = python_script(
        "time.sleep(1.5)\nprint(json.dumps({'event': 'finished', 'which': 'slow'}))"
    )
    fast = python_script("print(json.dumps({'event': 'finished', 'which': 'fast'}))")
    runner.start(*slow)
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        runner.start(*fast)  # a new start supersedes the slow one
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    runner.start(*slow)
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        runner.cancel()
    assert not runner.is_running()
    assert runner.wait(5000)
    qtbot.wait(100)
    assert results == [{"event": "finished", "which": "fast"}]
    assert failures == []


@pytest.mark.parametrize("kind", ["thread", "process"])
def test_cancel_without_a_task_is_harmless(qtbot, kind: str) -> None:
    runner = ThreadTaskRunner() if kind == "thread" else ProcessTaskRunner()
    with qtbot.assertNotEmitted(runner.cancelled):
        runner.cancel()
    assert not runner.is_running()
