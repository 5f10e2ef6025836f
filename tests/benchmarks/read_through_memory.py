"""The memory the view's kept glyphs cost: the 1 MB document read from end to end.

    python -m tests.benchmarks.read_through_memory

Opens the window benchmark's document (the seeds repeated to 1 MB, 10,000
spans), pages through it from the first line to the last, and prints the
process's resident memory before and after, in two child processes: as the
view is, its coloured blocks keeping their shaped glyphs between paints, and
with each block dropping them after every paint, as Qt does by default. Also
prints the CPU time of the pages' paints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def read_through(dropped: bool) -> None:
    """In this process: open, page through, print 'before after seconds'."""
    from PySide6.QtWidgets import QApplication

    from tagdesk.core.incoming import IncomingDocument, IncomingSpan
    from tagdesk.gui.highlighter import SpanHighlighter
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.importing import import_documents
    from tests.benchmarks.window_speed import big_document

    if dropped:  # each block's glyphs dropped after every paint, as Qt does by default
        colour = SpanHighlighter.highlightBlock

        def colour_and_drop(self: SpanHighlighter, text: str) -> None:
            colour(self, text)
            self.currentBlock().layout().setCacheEnabled(False)

        SpanHighlighter.highlightBlock = colour_and_drop  # type: ignore[method-assign]

    app = QApplication.instance() or QApplication([])
    text, spans = big_document()
    folder = Path(tempfile.mkdtemp(prefix="tagdesk-read-"))
    store = open_store(folder / "read.sqlite3")
    incoming = IncomingDocument(
        text=text, title="big", spans=[IncomingSpan(s, e, label) for s, e, label in spans]
    )
    import_documents(store, [incoming], annotator="bench", source="bench")
    window = MainWindow(
        store, settings_path=folder / "w.ini", annotator="bench", tokenizer=lambda _i, t: []
    )
    window.resize(1280, 800)
    window.show()
    window.open_document(1)
    app.processEvents()
    view = window.view
    bar = view.verticalScrollBar()
    before = resident_mb()
    started = time.thread_time()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
    used = time.thread_time() - started
    print(f"{before:.0f} {resident_mb():.0f} {used:.2f}")
    window.close()
    store.close()


def main() -> None:
    if sys.argv[1:2] in (["kept"], ["dropped"]):
        read_through(sys.argv[1] == "dropped")
        return
    environment = {**os.environ, "PYTHONPATH": f"{REPO / 'desktop'}{os.pathsep}{REPO}"}
    for how in ("kept", "dropped"):
        shown = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.read_through_memory", how],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        before, after, seconds = shown[-3:]
        print(
            f"glyphs {how:<8} resident {before} MB opened, {after} MB read through "
            f"(+{int(after) - int(before)} MB); the pages' paints {seconds} s CPU"
        )


if __name__ == "__main__":
    main()
