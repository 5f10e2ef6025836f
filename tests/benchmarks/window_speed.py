"""Window speed against bare Qt doing the same work, in one run.

    python -m tests.benchmarks.window_speed [--cpu] [--x11] [--repeats N] [--before TREE]
        [accept | start]

`--cpu` times CPU instead of wall clock (time.thread_time on both sides; start-up
as the child processes' CPU time until they exit), far less disturbed by a loaded
machine, to compare code before and after a change. Prints each Tagdesk figure
beside its baseline and the ratio; BENCHMARKS.md keeps the last figures. Medians of
several repeats; the machine is shared. `start` measures start-up alone; `--x11` starts
both windows on an Xvfb screen (xcb, as on a desktop) instead of the offscreen platform.
`--repeats N` takes medians of N repeats instead of 7. `--before TREE` (with `start`)
also starts the Tagdesk of another checkout, TREE (a clone of the code before a change),
in turn with the two others, and prints its figures too.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]
REPEATS = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 7
SPANS = 10_000
TARGET_BYTES = 1_000_000
CPU = "--cpu" in sys.argv[1:]
BEFORE = (
    Path(sys.argv[sys.argv.index("--before") + 1]).resolve() if "--before" in sys.argv else None
)


def clock() -> float:
    """Wall clock, or with --cpu the CPU time of the calling thread."""
    return time.thread_time() if CPU else time.perf_counter()


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def big_document() -> tuple[str, list[tuple[int, int, str]]]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    parts: list[str] = []
    size = 0
    while size < TARGET_BYTES:
        for seed in seeds:
            parts.append(seed)
            size += len(seed.encode())
    text = "\n\n".join(parts)
    step = len(text) // SPANS
    labels = ["PERSON", "ORG", "GPE", "NORP"]
    spans = []
    for k in range(SPANS):
        start = k * step
        spans.append((start, start + min(8, step - 1), labels[k % 4]))
    return text, spans


PAGES = 5


def scroll_pages(editor) -> float:  # type: ignore[no-untyped-def]
    """From the middle of the text, a page down at a time into lines not shown before: the
    median time until each page is painted."""
    bar = editor.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    editor.viewport().repaint()
    times = []
    for _ in range(PAGES):
        started = clock()
        bar.setValue(bar.value() + bar.pageStep())
        editor.viewport().repaint()
        times.append(clock() - started)
    bar.setValue(0)
    return statistics.median(times)


def bare_open_and_edit(text: str, spans: list[tuple[int, int, str]]) -> tuple[float, float, float]:
    """A QPlainTextEdit and a minimal bisecting QSyntaxHighlighter: the floor."""
    from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
    from PySide6.QtWidgets import QPlainTextEdit

    class Bare(QSyntaxHighlighter):
        def __init__(self, document, items):  # type: ignore[no-untyped-def]
            super().__init__(document)
            self.items = sorted(items)
            self.starts = [s for s, _, _ in self.items]
            self.fmt = QTextCharFormat()
            self.fmt.setBackground(QColor("#feca74"))

        def highlightBlock(self, block_text: str) -> None:
            block = self.currentBlock()
            begin = block.position()
            end = begin + block.length()
            index = bisect_left(self.starts, begin - 16)
            while index < len(self.items) and self.items[index][0] < end:
                s, e, _ = self.items[index]
                if e > begin:
                    self.setFormat(max(s, begin) - begin, min(e, end) - max(s, begin), self.fmt)
                index += 1

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    editor = QPlainTextEdit()
    editor.resize(1000, 700)
    editor.setReadOnly(True)
    editor.show()
    app.processEvents()  # exposed, like the window it is compared with
    started = clock()
    editor.setPlainText(text)
    highlighter = Bare(editor.document(), spans)
    highlighter.rehighlight()  # every block coloured, as Tagdesk's view does
    editor.repaint()
    opened = clock() - started

    started = clock()
    new = (spans[5][1] + 2, spans[5][1] + 6, "ORG")
    highlighter.items.insert(6, new)
    highlighter.starts.insert(6, new[0])
    highlighter.rehighlightBlock(editor.document().findBlock(new[0]))
    editor.viewport().repaint()
    edited = clock() - started
    scrolled = scroll_pages(editor)
    editor.close()
    return opened, edited, scrolled


def tagdesk_open_and_edit(store, window, document_id: int, spans) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    started = clock()
    window.open_document(document_id)
    window.repaint()
    opened = clock() - started

    controller = window.controller
    start = spans[5][1] + 2
    started = clock()
    controller.label_selection(controller.labels[1].id, (start, start + 4), True)
    window.view.viewport().repaint()
    added = clock() - started

    started = clock()
    controller.label_selection(controller.labels[2].id, None, False)  # relabel the selected span
    window.view.viewport().repaint()
    relabelled = clock() - started

    started = clock()
    controller.delete_selected()
    window.view.viewport().repaint()
    deleted = clock() - started
    scrolled = scroll_pages(window.view)  # blocks out of sight are coloured as they come in
    return opened, added, max(relabelled, deleted), scrolled


def measure_document(repeats: int = REPEATS) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from tagdesk.core.incoming import IncomingDocument, IncomingSpan
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.importing import import_documents

    app = QApplication.instance() or QApplication([])
    text, spans = big_document()
    folder = Path(tempfile.mkdtemp(prefix="tagdesk-bench-"))
    store = open_store(folder / "bench.sqlite3")
    import_documents(
        store,
        [
            IncomingDocument(
                text=text, title="big", spans=[IncomingSpan(s, e, lab) for s, e, lab in spans]
            )
        ],
        annotator="bench",
        source="bench",
    )
    import_documents(
        store,
        [IncomingDocument(text="small other document", title="small")],
        annotator="bench",
        source="bench",
    )
    window = MainWindow(
        store, settings_path=folder / "w.ini", annotator="bench", tokenizer=lambda _i, t: []
    )
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    bare_open, bare_edit, bare_scroll, ours_open, ours_add, ours_change, ours_scroll = (
        [] for _ in range(7)
    )
    for _ in range(repeats):
        window.open_document(2)
        app.processEvents()
        o, e, s = bare_open_and_edit(text, spans)
        bare_open.append(o)
        bare_edit.append(e)
        bare_scroll.append(s)
        o, a, c, s = tagdesk_open_and_edit(store, window, 1, spans)
        ours_open.append(o)
        ours_add.append(a)
        ours_change.append(c)
        ours_scroll.append(s)
        app.processEvents()
    window.close()
    store.close()
    return {
        "bare_open": statistics.median(bare_open),
        "open": statistics.median(ours_open),
        "bare_edit": statistics.median(bare_edit),
        "add": statistics.median(ours_add),
        "relabel_delete": statistics.median(ours_change),
        "bare_scroll": statistics.median(bare_scroll),
        "scroll": statistics.median(ours_scroll),
    }


# The baselines' first paint: stamped as it happens, and the window closed.
PAINTED_AND_CLOSED = r"""
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            now = time.time()
            print("paint", now, flush=True)
            print("ready", now, flush=True)  # nothing more to build: every key works now
            app.exit(0)
        return False
watch = Watch()
editor.viewport().installEventFilter(watch)
window.show()
app.exec()
"""

FIRST_PAINT_BARE = (
    r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication([])
window = QMainWindow()
editor = QPlainTextEdit()
editor.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(editor)
window.resize(1280, 800)
"""
    + PAINTED_AND_CLOSED
)

# The least a window showing the same things needs, without any code of Tagdesk's: the
# database read with sqlite3, the document titles in a table, the label names in a list,
# and the first article's text with its spans coloured by a QSyntaxHighlighter, side by side
# in a QMainWindow. Not a target: how much of the bare window's start a window with these
# parts adds whatever it is written in (the `Qt` namespace's 93 enums alone are some 25 ms).
FIRST_PAINT_FLOOR = (
    r"""
import sqlite3, sys, time
from bisect import bisect_left
from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QPlainTextEdit, QSplitter
from PySide6.QtWidgets import QTableView
database = sqlite3.connect(sys.argv[1])
documents = database.execute("SELECT id, title, status FROM document ORDER BY id").fetchall()
text = database.execute("SELECT text FROM document WHERE id = ?", (documents[0][0],)).fetchone()[0]
spans = database.execute(
    'SELECT s."start", s."end", l.colour FROM span s JOIN label l ON l.id = s.label_id '
    'WHERE s.document_id = ? AND s.status != \'rejected\' ORDER BY s."start"',
    (documents[0][0],),
).fetchall()
labels = [name for (name,) in database.execute("SELECT name FROM label ORDER BY position")]
app = QApplication([])
class Titles(QAbstractTableModel):
    def rowCount(self, parent=None):
        return len(documents)
    def columnCount(self, parent=None):
        return 2
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return documents[index.row()][index.column() + 1]
        return None
class Spans(QSyntaxHighlighter):
    starts = [s for s, _, _ in spans]
    def highlightBlock(self, block_text):
        begin = self.currentBlock().position()
        end = begin + len(block_text)
        index = bisect_left(self.starts, begin - 64)
        while index < len(spans) and spans[index][0] < end:
            s, e, colour = spans[index]
            if e > begin:
                look = QTextCharFormat()
                look.setBackground(QColor(colour))
                self.setFormat(max(s, begin) - begin, min(e, end) - max(s, begin), look)
            index += 1
window = QMainWindow()
table = QTableView()
model = Titles()
table.setModel(model)
editor = QPlainTextEdit()
editor.setReadOnly(True)
highlighter = Spans(editor.document())
editor.setPlainText(text)
label_list = QListWidget()
label_list.addItems(labels)
splitter = QSplitter()
for part in (table, editor, label_list):
    splitter.addWidget(part)
window.setCentralWidget(splitter)
window.resize(1280, 800)
"""
    + PAINTED_AND_CLOSED
)

# Started as the `tagdesk` command starts (`tagdesk.cli:main`): its command-line module
# loads first, and main() loads the store, PySide6 and the window. The stamps are added as
# tagdesk.app and the main window's module are loaded, without loading either sooner.
# "ready" is stamped when the work the window starts after its first paint
# (gui/first_paint.py) has run: every key, menu and pane works from then on.
FIRST_PAINT_TAGDESK = r"""
import sys, time
from importlib.machinery import PathFinder
from pathlib import Path
import tagdesk.cli
def peak_mb():
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(l.split()[1]) / 1024 for l in lines if l.startswith("VmHWM:")), 0.0)
def stamp_paint(main_window):
    from PySide6.QtCore import QEvent, QObject
    class Watch(QObject):
        painted = False
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                print("paint", time.time(), peak_mb(), flush=True)
            return False
    watch = Watch()
    original = main_window.MainWindow.show
    def show(self):
        self.view.viewport().installEventFilter(watch)
        original(self)
    main_window.MainWindow.show = show
def stamp_ready(app_module):
    started_after = app_module.start_after_first_paint
    def after_first_paint(app, window, *rest):
        started_after(app, window, *rest)
        print("ready", time.time(), flush=True)
        window.close()
        app.exit(0)
    app_module.start_after_first_paint = after_first_paint
STAMPS = {"tagdesk.app": stamp_ready, "tagdesk.gui.main_window": stamp_paint}
class Stamped:
    def find_spec(self, name, path=None, target=None):
        if name not in STAMPS:
            return None
        spec = PathFinder.find_spec(name, path, target)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            STAMPS[name](module)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Stamped())
tagdesk.cli.main(["--db", sys.argv[1]])
"""

X11 = "--x11" in sys.argv[1:]
_display: list[str] = []


def x11_display() -> str:
    """An Xvfb screen of 1280x800 for `--x11`, started once and ended with this process."""
    if not _display:
        import atexit

        read, write = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as numbers:
            _display.append(f":{numbers.readline().strip()}")
        atexit.register(server.terminate)
    return _display[0]


def first_paint(script: str, argument: str) -> float:
    return launch_to_paint(script, argument)[0]


def launch_to_paint(
    script: str, argument: str, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Seconds from launch to first paint, and the peak memory (MB) then, where printed."""
    times = launch_times(script, argument, env)
    return times["paint"], times["peak_mb"]


def launch_times(script: str, argument: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Seconds from launch to the first paint and to "ready", and the peak memory (MB) at the
    first paint. With --cpu both are the process's CPU time until it exits (one figure)."""
    env = dict(env or os.environ, QT_QPA_PLATFORM="offscreen")
    if X11:
        env.update(QT_QPA_PLATFORM="xcb", DISPLAY=x11_display())
        env.pop("WAYLAND_DISPLAY", None)
    # As installed: the modules' bytecode is written once and read from then on, not
    # compiled again at every start (the bare window has no modules of its own to compile).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    cpu_before = children_cpu()
    result = subprocess.run(
        [sys.executable, "-c", script, argument],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
    )
    stamps = {
        line.split()[0]: line.split()[1:]
        for line in result.stdout.splitlines()
        if line.split()[:1] in (["paint"], ["ready"])
    }
    if "paint" not in stamps or "ready" not in stamps:
        raise RuntimeError(result.stderr[-2000:])
    paint = stamps["paint"]
    peak = float(paint[1]) if len(paint) > 1 else 0.0
    if CPU:
        used = children_cpu() - cpu_before
        return {"paint": used, "ready": used, "peak_mb": peak}
    return {
        "paint": float(paint[0]) - started,
        "ready": float(stamps["ready"][0]) - started,
        "peak_mb": peak,
    }


def measure_start(repeats: int = REPEATS) -> dict[str, float]:
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths

    folder = Path(tempfile.mkdtemp(prefix="tagdesk-start-"))
    database = folder / "seeds.sqlite3"
    with open_store(database) as store:
        import_paths(store, [REPO / "seeds"], annotator="bench")
    # Tokens kept, as after the first start: no tokenizer process is started after the
    # paint, whose CPU time --cpu would count.
    subprocess.run(
        [sys.executable, "-m", "tagdesk", "tokenize", "--db", str(database)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    article = sorted((REPO / "seeds").glob("*.txt"))[0]
    runs: dict[str, list[float]] = {
        "bare_start": [], "start": [], "bare_ready": [], "ready": [],
        "before_start": [], "before_ready": [], "floor_start": [], "floor_ready": [],
    }  # fmt: skip
    before_env = None if BEFORE is None else dict(os.environ, PYTHONPATH=str(BEFORE / "desktop"))
    launch_times(FIRST_PAINT_BARE, str(article))  # unmeasured: bytecode written, files cached
    launch_times(FIRST_PAINT_TAGDESK, str(database))
    launch_times(FIRST_PAINT_FLOOR, str(database))
    if before_env is not None:
        launch_times(FIRST_PAINT_TAGDESK, str(database), before_env)
    for _ in range(repeats):
        bare = launch_times(FIRST_PAINT_BARE, str(article))
        ours = launch_times(FIRST_PAINT_TAGDESK, str(database))
        runs["bare_start"].append(bare["paint"])
        runs["bare_ready"].append(bare["ready"])
        runs["start"].append(ours["paint"])
        runs["ready"].append(ours["ready"])
        floor = launch_times(FIRST_PAINT_FLOOR, str(database))
        runs["floor_start"].append(floor["paint"])
        runs["floor_ready"].append(floor["ready"])
        if before_env is not None:
            before = launch_times(FIRST_PAINT_TAGDESK, str(database), before_env)
            runs["before_start"].append(before["paint"])
            runs["before_ready"].append(before["ready"])
    return {name: statistics.median(times) for name, times in runs.items() if times}


def measure_accept(word: str = "Iraq", repeats: int = REPEATS) -> dict[str, float]:
    """Return on a suggestion of `word` in the 1 MB, 10,000-span document, with phrase
    suggestions on (its other occurrences found over the tokens and written with it) and
    off: the time until the window has painted, on the GUI thread. The corpus search
    runs in its thread and is waited for between repeats, so it does not weigh on the next."""
    from PySide6.QtWidgets import QApplication

    from tagdesk.core.incoming import IncomingDocument, IncomingSpan
    from tagdesk.core.word_boundaries import word_boundaries
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.importing import import_documents

    app = QApplication.instance() or QApplication([])
    text, spans = big_document()
    start = text.index(f" {word} ") + 1
    wanted = (start, start + len(word), "GPE")
    kept = [s for s in spans if s[1] <= start or s[0] >= wanted[1]][: SPANS - 1]
    folder = Path(tempfile.mkdtemp(prefix="tagdesk-bench-"))
    store = open_store(folder / "bench.sqlite3")
    incoming = [IncomingSpan(s, e, lab, status="suggested") for s, e, lab in [*kept, wanted]]
    import_documents(
        store, [IncomingDocument(text=text, title="big", spans=incoming)], annotator="b", source="b"
    )
    other = "In Iraq, and again in Iraq. " * 50
    import_documents(
        store, [IncomingDocument(text=other, title="small")], annotator="b", source="b"
    )
    tokens = word_boundaries(text)
    window = MainWindow(
        store, settings_path=folder / "w.ini", annotator="bench", tokenizer=lambda _i, t: tokens
    )
    window.resize(1280, 800)
    window.show()
    window.open_document(1)
    app.processEvents()
    controller = window.controller
    target = next(s.id for s in controller.spans if (s.start, s.end) == wanted[:2])
    times: dict[str, list[float]] = {"on": [], "off": []}
    suggested: list[int] = []
    for _ in range(repeats):
        for mode in ("off", "on"):
            controller.phrases.enabled = mode == "on"
            controller.select_span(target)
            before = len(controller.spans)
            started = clock()
            controller.set_selected_status("accepted")
            window.view.viewport().repaint()
            times[mode].append(clock() - started)
            if mode == "on":
                suggested.append(len(controller.spans) - before)
            while controller.phrases.busy():
                app.processEvents()
                time.sleep(0.01)
            app.processEvents()
            while controller.history.can_undo:  # the corpus step too, if it was written
                controller.undo()
    window.close()
    store.close()
    return {
        "accept_off": statistics.median(times["off"]),
        "accept_on": statistics.median(times["on"]),
        "phrase_suggestions_here": float(statistics.median(suggested)),
    }


def main() -> None:
    arguments = [a for a in sys.argv[1:] if a not in ("--cpu", "--x11")]
    for option in ("--before", "--repeats"):  # and the value after it
        if option in sys.argv:
            value = sys.argv[sys.argv.index(option) + 1]
            arguments = [a for a in arguments if a not in (option, value)]
    if arguments == ["accept"]:
        for word in ("White House", "Iraq"):
            accept = measure_accept(word)
            print(
                f"accept “{word}” with phrase suggestions "
                f"({accept['phrase_suggestions_here']:.0f} made here): "
                f"{accept['accept_on'] * 1000:.1f} ms; "
                f"without: {accept['accept_off'] * 1000:.1f} ms"
            )
        return
    if arguments == ["start"]:  # start-up alone
        figures = measure_start()
        rows = start_rows(figures)
    else:
        figures = measure_document()
        figures.update(measure_start())
        rows = [*document_rows(figures), *start_rows(figures)]
    print(f"{'measure':<48} {'tagdesk':>10} {'bare Qt':>10} {'ratio':>7} {'target':>7}")
    for name, ours, bare, target in rows:
        ratio = ours / bare if bare else float("inf")
        limit = f"<={target}" if target else ""
        print(f"{name:<48} {ours * 1000:>8.1f}ms {bare * 1000:>8.1f}ms {ratio:>7.2f} {limit:>7}")
    if "scroll" in figures:
        name = "scroll a page into lines not shown"
        ours, bare = figures["scroll"], figures["bare_scroll"]
        print(f"{name:<48} {ours * 1000:>8.1f}ms {bare * 1000:>8.1f}ms {ours / bare:>7.2f}")
    if "add" in figures:
        print(
            f"one-span edits under one frame (16 ms): "
            f"{max(figures['add'], figures['relabel_delete']) * 1000:.1f} ms"
        )


def document_rows(figures: dict[str, float]) -> list[tuple[str, float, float, float]]:
    return [
        (
            "open 1 MB, 10,000 spans (incl. database read)",
            figures["open"],
            figures["bare_open"],
            1.5,
        ),
        ("add one span (write + repaint)", figures["add"], figures["bare_edit"], 3.0),
        (
            "relabel or delete one span (write + repaint)",
            figures["relabel_delete"],
            figures["bare_edit"],
            3.0,
        ),
    ]


def start_rows(figures: dict[str, float]) -> list[tuple[str, float, float, float]]:
    where = "X11" if X11 else "offscreen"
    if CPU:  # one figure a start: the process's CPU time until it exits after "ready"
        rows = [(f"start to ready and exit, CPU ({where})", "ready", "bare_ready")]
    else:
        rows = [
            (f"start to first paint ({where})", "start", "bare_start"),
            (f"start to full window ready ({where})", "ready", "bare_ready"),
        ]
    first = rows[0]
    if "before_start" in figures:
        rows += [(f"{name}, before", f"before_{ours}", bare) for name, ours, bare in rows]
    measured = [(name, figures[ours], figures[bare], 1.5) for name, ours, bare in rows]
    if "floor_start" in figures:  # the least a window with these parts adds: not a target
        floor = "floor_ready" if CPU else "floor_start"
        name = first[0].replace("start to", "minimal window, start to", 1)
        measured.append((name, figures[floor], figures[first[2]], 0.0))
    return measured


if __name__ == "__main__":
    main()
