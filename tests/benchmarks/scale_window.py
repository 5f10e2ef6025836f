"""The window on a large database, measured in a process of its own (run by tests.benchmarks.scale).

    python -m tests.benchmarks.scale_window DATABASE FOLDER

Prints one JSON object: the median milliseconds of scrolling the document
list to its end, sorting by each column both ways, filtering by label, tag
and status, and searching, each until the list is painted again; and the
process's peak memory. Text typed in the search box is applied directly
(the box waits 250 ms for typing to pause; that wait is not work). The list
shows its first page at once and reads the rest behind it (store.list_pages):
`whole_list` times a few actions until the rest has come as rows too.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEATS = 5
SEARCHES = ("soleimani", "qasem soleimani", "report 4321", "tikr")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(database: Path | str, folder: Path) -> dict[str, object]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tagdesk.app import kept_tokens
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.document_list import ListQuery

    app = QApplication.instance() or QApplication([])
    store = open_store(database, create=False)
    window = MainWindow(
        store,
        settings_path=folder / "window.ini",
        annotator="benchmark",
        tokenizer=lambda document_id, _text: kept_tokens(store, document_id),
    )
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    gc.freeze()  # as the window started by `tagdesk` does once ready (app.py)
    pane = window.document_list
    table = pane.table

    def timed(action: Callable[[], object], undo: Callable[[], object] | None = None) -> float:
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            action()
            app.processEvents()
            table.viewport().repaint()
            runs.append((time.perf_counter() - started) * 1000)
            if undo is not None:
                undo()
                app.processEvents()
        return statistics.median(runs)

    model = window.document_model

    def whole(action: Callable[[], object], undo: Callable[[], object]) -> float:
        """Until the rest of the list, read behind the first page, has come as rows."""
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            action()
            while not model.complete:
                app.processEvents()
                time.sleep(0.001)
            runs.append((time.perf_counter() - started) * 1000)
            undo()
            app.processEvents()
        return statistics.median(runs)

    def choose(box_name: str, text: str) -> Callable[[], None]:
        box = getattr(pane, box_name)

        def apply() -> None:
            box.setCurrentIndex(box.findText(text))
            pane.apply_filters()

        return apply

    def clear_filters() -> None:
        for box in (pane.status_filter, pane.label_filter, pane.tag_filter):
            box.setCurrentIndex(0)
        pane.search.blockSignals(True)
        pane.search.clear()
        pane.search.blockSignals(False)
        pane.apply_filters()

    def search(text: str) -> Callable[[], None]:
        def apply() -> None:
            pane.search.blockSignals(True)
            pane.search.setText(text)
            pane.search.blockSignals(False)
            pane.apply_filters()

        return apply

    figures: dict[str, object] = {"rows": window.document_model.rowCount()}
    figures["scroll_to_end"] = timed(table.scrollToBottom, table.scrollToTop)
    sorts = {}
    for column in range(window.document_model.columnCount()):
        name = str(window.document_model.headerData(column, Qt.Orientation.Horizontal))
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            label = (
                f"{name} {'ascending' if order == Qt.SortOrder.AscendingOrder else 'descending'}"
            )
            sorts[label] = timed(lambda c=column, o=order: table.sortByColumn(c, o))
    figures["sort"] = sorts
    by_id = lambda: table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # noqa: E731
    figures["whole_list"] = {
        "sort Title ascending": whole(
            lambda: table.sortByColumn(0, Qt.SortOrder.AscendingOrder), by_id
        ),
    }
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    window.document_model.set_query(ListQuery())  # corpus order again
    figures["filter"] = {
        "label PERSON": timed(choose("label_filter", "PERSON"), clear_filters),
        "label GPE (the most frequent)": timed(choose("label_filter", "GPE"), clear_filters),
        "tag checked": timed(choose("tag_filter", "checked"), clear_filters),
        "status done": timed(choose("status_filter", "Done"), clear_filters),
    }
    figures["whole_list"]["filter label GPE"] = whole(choose("label_filter", "GPE"), clear_filters)
    found = {}
    searched = {}
    for text in SEARCHES:
        searched[text] = timed(search(text), clear_filters)
        figures["whole_list"][f"search {text}"] = whole(search(text), clear_filters)
        search(text)()
        found[text] = len(window.document_model.ids)
        clear_filters()
    figures["search"] = searched
    figures["search_rows"] = found
    window.close()
    store.close()
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def main(argv: list[str]) -> int:
    print(json.dumps(measure(argv[0], Path(argv[1]))))  # a server URL is no path
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
