"""Background tasks for the window: the work runs elsewhere, results come back by signal.

Both runners keep one contract: `start()` begins a task and returns its
generation number; `progress`, `finished` and `failed` arrive on the GUI
thread; `cancel()` stops the work and emits `cancelled`; anything a
cancelled or superseded task still reports is dropped, so a slow old task
can never overwrite what a newer one showed.

- `ThreadTaskRunner` runs a Python function in a thread, for work that waits
  on files or the database.
- `ProcessTaskRunner` runs a command in its own process and reads JSON lines
  from its stdout, for CPU-heavy Python: spaCy in a thread of the window
  holds the interpreter lock and stalls the event loop 60-100 ms at a time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QProcess,
    QProcessEnvironment,
    QTimer,
    Signal,
    SignalInstance,
)
from shiboken6 import isValid

if TYPE_CHECKING:
    from tagdesk.store import Store

T = TypeVar("T")
KILL_AFTER_MS = 5000  # a cancelled process gets this long to stop cleanly
QUIT_WAIT_S = 2.0  # the event loop has ended: how long a thread task gets to finish


class TaskRunner(QObject):
    """What the window connects to, whichever kind of runner does the work."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._running = False

    @property
    def generation(self) -> int:
        return self._generation

    def is_running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        """Stop the current task; nothing it reports afterwards reaches the window."""
        was_running = self._running
        self._begin()
        self._running = False
        self._stop_work()
        if was_running:
            self.cancelled.emit()

    def _begin(self) -> int:
        self._generation += 1
        return self._generation

    def _stop_work(self) -> None:
        raise NotImplementedError

    def _is_current(self, generation: int) -> bool:
        return generation == self._generation

    def _deliver_progress(self, generation: int, value: object) -> None:
        if self._is_current(generation) and self._running:
            self.progress.emit(value)

    def _deliver_result(self, generation: int, value: object) -> None:
        if self._is_current(generation) and self._running:
            self._running = False
            self.finished.emit(value)

    def _deliver_failure(self, generation: int, message: str) -> None:
        if self._is_current(generation) and self._running:
            self._running = False
            self.failed.emit(message)


class TaskControl:
    """Handed to a thread task: report progress, and see whether to stop."""

    def __init__(self, report: Callable[[object], None]) -> None:
        self._report = report
        self._stop = threading.Event()

    def report(self, value: object) -> None:
        self._report(value)

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()


def store_task(store: Store, task: Callable[[TaskControl], T]) -> Callable[[TaskControl], T]:
    """`task` as a thread task on the store: the thread's connection is closed after it."""

    def work(control: TaskControl) -> T:
        try:
            return task(control)
        finally:
            store.close_thread_connection()

    return work


def store_read(store: Store, read: Callable[[], T]) -> Callable[[TaskControl], T]:
    """A thread task that runs `read` on the store and closes that thread's connection after."""
    return store_task(store, lambda _control: read())


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from a worker thread are queued to it."""

    progress = Signal(int, object)
    result = Signal(int, object)
    failure = Signal(int, str)

    def send(self, signal: SignalInstance, *args: object) -> None:
        """Emit from the worker; dropped once Qt has deleted the relay with its owner (the
        window gone without closing, or the process ending), as no one is left to tell.

        The worker holds this wrapper for its whole life, but not the Qt object under
        it: the task still finishes (an import still commits), only its news is lost.
        """
        try:
            signal.emit(*args)
        except RuntimeError:
            if isValid(self):
                raise


class ThreadTaskRunner(TaskRunner):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._deliver_progress)
        self._relay.result.connect(self._deliver_result)
        self._relay.failure.connect(self._deliver_failure)
        self._threads: list[threading.Thread] = []
        self._control: TaskControl | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)

    def start(self, work: Callable[[TaskControl], object]) -> int:
        """Run `work(control)` in a thread; its return value is the `finished` payload."""
        self.cancel()
        generation = self._begin()
        self._running = True
        relay = self._relay
        control = TaskControl(partial(relay.send, relay.progress, generation))
        self._control = control
        thread = threading.Thread(
            target=self._run, args=(work, control, generation), name="tagdesk-task", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return generation

    def _run(self, work: Callable[[TaskControl], object], control: TaskControl, gen: int) -> None:
        relay = self._relay
        try:
            value = work(control)
        except Exception as error:  # shown to the user as one line
            relay.send(relay.failure, gen, str(error) or type(error).__name__)
        else:
            relay.send(relay.result, gen, value)

    def _stop_work(self) -> None:
        if self._control is not None:
            self._control._stop.set()
            self._control = None

    def wait(self, timeout: float = 5.0) -> bool:
        """Join the task threads (on closing the window); True when none is left."""
        for thread in self._threads:
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]
        return not self._threads

    def _quitting(self) -> None:
        """The application quits, maybe with its window still open: a task about to end
        gets a moment to, before the store closes and Qt deletes the objects it reports to."""
        self.wait(QUIT_WAIT_S)


class _RunningProcess(QObject):
    """One program run: owns the QProcess, turns its stdout into messages.

    Its signals carry the run's generation, so the runner connects plain
    methods and nothing outside refers to a run that Qt is deleting.
    """

    message = Signal(int, object)
    ended = Signal(int, bool, str)  # generation, exited cleanly, last error line

    def __init__(
        self,
        generation: int,
        program: str,
        arguments: Sequence[str],
        environment: Mapping[str, str],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.generation = generation
        self.result: dict[str, Any] = {}
        self._buffer = b""
        self.process = QProcess(self)
        self.process.setProgram(program)
        self.process.setArguments(list(arguments))
        if environment:
            inherited = QProcessEnvironment.systemEnvironment()
            for name, value in environment.items():
                inherited.insert(name, value)
            self.process.setProcessEnvironment(inherited)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)

    def is_running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, dict):
                continue
            if message.get("event") == "progress":
                self.message.emit(self.generation, message)
            elif message.get("event") == "finished":
                self.result = message

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            self.ended.emit(self.generation, True, "")
            return
        errors = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        lines = [line for line in errors.splitlines() if line.strip()]
        self.ended.emit(self.generation, False, lines[-1] if lines else f"exit code {code}")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.ended.emit(self.generation, False, f"{self.process.program()}: cannot start")


class ProcessTaskRunner(TaskRunner):
    """Runs a program that prints JSON objects, one per line.

    `{"event": "progress", ...}` is passed on as `progress`; the last
    `{"event": "finished", ...}` becomes the `finished` payload when the
    program exits with 0. Any other exit emits `failed` with the last line
    the program wrote to stderr.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: dict[int, _RunningProcess] = {}  # by generation, until each has ended

    def start(
        self, program: str, arguments: Sequence[str], environment: Mapping[str, str] | None = None
    ) -> int:
        """Run `program`; `environment` adds to (or overrides) the window's own variables."""
        self.cancel()
        generation = self._begin()
        self._running = True
        run = _RunningProcess(generation, program, arguments, environment or {}, self)
        run.message.connect(self._deliver_progress)
        run.ended.connect(self._ended)
        self._runs[generation] = run
        run.process.start()
        return generation

    def _ended(self, generation: int, ok: bool, error: str) -> None:
        run = self._runs.pop(generation, None)
        if run is None:
            return
        if ok:
            self._deliver_result(generation, run.result)
        else:
            self._deliver_failure(generation, error)
        run.deleteLater()

    def _stop_work(self) -> None:
        for generation, run in self._runs.items():
            if generation != self._generation and run.is_running():
                run.process.terminate()  # the program stops at a safe point, as on Ctrl+C
                QTimer.singleShot(KILL_AFTER_MS, partial(self._kill_if_running, generation))

    def _kill_if_running(self, generation: int) -> None:
        run = self._runs.get(generation)
        if run is not None and run.is_running():
            run.process.kill()

    def wait(self, msecs: int = KILL_AFTER_MS) -> bool:
        """Block until every process has ended (on closing the window); kills stragglers."""
        clean = True
        for run in list(self._runs.values()):
            if not run.process.waitForFinished(msecs):
                clean = False
                run.process.kill()
                run.process.waitForFinished(1000)
        return clean
