"""The annotation view with relations drawn against the same view without them, in one run.

    python -m tests.benchmarks.relation_arcs

The 1 MB, 10,000-span document of window_speed.py, shown with no relations
and with 2,000 (between neighbouring spans, a few over longer stretches, a
fifth of them suggested). Measured on the view the window shows: opening
(text, spans and arcs laid out, first paint), one span edit (the index
changed and the view repainted), scrolling a page at a time through the
first 60 pages, and one relation added; then the window, from the database,
opening the document and adding a span. The arcs past the first lines (and
a relations list not on screen) are laid out after the first paint, in
turns of the event loop: that work is measured apart, in all and its
longest turn, and the edits are measured once it is done. Prints each
figure with its ratio to the same work without relations; medians of
several repeats. Each measured open and edit starts from a full collection
of the cycle collector: the window's heap is large (two documents of 10,000
spans), so one full collection takes tens of milliseconds, and which of the
two documents' opens it fell in went by the allocations before them, not by
the relations (inside pytest, whose own objects make the heap larger still,
it fell in most opens with relations: the 1.36-1.42 times measured there).

    python -m tests.benchmarks.relation_arcs [REPEATS] [--cpu]
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.window_speed import big_document

REPEATS = 7
# Wall-clock time, or with --cpu the CPU time of the window's thread: far less disturbed
# by other work on a shared machine.
CLOCK = time.thread_time if "--cpu" in sys.argv else time.perf_counter
RELATIONS = 2_000
PAGES = 60


def build() -> tuple[str, list, dict, list, list]:  # type: ignore[type-arg]
    from tagdesk.core.records import LabelRecord, SpanRecord
    from tagdesk.core.relations import RelationRecord, RelationTypeRecord, default_relation_types

    text, raw = big_document()
    names = ["PERSON", "ORG", "GPE", "NORP"]
    colours = ["#c9b8f0", "#7fc8f8", "#ffd166", "#f4a3a8"]
    labels = {k + 1: LabelRecord(k + 1, name, colours[k]) for k, name in enumerate(names)}
    spans = [
        SpanRecord(k + 1, 1, start, end, names.index(label) + 1, "accepted")
        for k, (start, end, label) in enumerate(raw)
    ]
    types = [
        RelationTypeRecord(k + 1, spec.name, spec.colour, spec.hotkey, spec.directed)
        for k, spec in enumerate(default_relation_types())
    ]
    relations = []
    step = len(spans) // RELATIONS
    for k in range(RELATIONS):
        head = spans[k * step]
        reach = 1 if k % 10 else 3  # every tenth over a longer stretch
        child = spans[min(k * step + reach, len(spans) - 1)]
        relations.append(
            RelationRecord(
                k + 1,
                1,
                k % len(types) + 1,
                head.id,
                child.id,
                status="suggested" if k % 5 == 0 else "accepted",
            )
        )
    return text, spans, labels, types, relations


def settle(app, done) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Turn the event loop until `done()`: the CPU time of it all, and of its longest turn."""
    total = longest = 0.0
    for _turn in range(10_000):
        started = CLOCK()
        app.processEvents()
        spent = CLOCK() - started
        total += spent
        longest = max(longest, spent)
        if done():
            break
    return total, longest


def measure(repeats: int = REPEATS) -> dict[str, dict[str, float]]:
    from PySide6.QtWidgets import QApplication

    from tagdesk.core.span_index import SpanIndex
    from tagdesk.gui.annotation_view import AnnotationView

    app = QApplication.instance() or QApplication([])
    text, spans, labels, types, relations = build()
    view = AnnotationView()
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    figures: dict[str, dict[str, list[float]]] = {
        mode: {"open": [], "rest": [], "turn": [], "edit": [], "scroll": [], "add": []}
        for mode in ("without", "with")
    }
    for _ in range(repeats):
        for mode in ("without", "with"):
            shown = relations if mode == "with" else []
            view.show_document("small other document", SpanIndex(), labels)
            app.processEvents()
            index = SpanIndex(spans)
            started = CLOCK()
            view.show_document(text, index, labels, relations=shown, relation_types=types)
            view.viewport().repaint()
            figures[mode]["open"].append(CLOCK() - started)
            rest, turn = settle(app, lambda: view.arcs.laid_out)
            figures[mode]["rest"].append(rest)
            figures[mode]["turn"].append(turn)

            # an edit next to a span with relations (the first relation's head)
            near = spans[5]
            new = replace(near, id=len(spans) + 1, start=near.end + 2, end=near.end + 6, label_id=2)
            started = CLOCK()
            index.put(new)
            view.spans_changed([(new.start, new.end)])
            view.viewport().repaint()
            figures[mode]["edit"].append(CLOCK() - started)
            index.remove(new.id)
            view.spans_changed([(new.start, new.end)])

            bar = view.verticalScrollBar()
            started = CLOCK()
            for _page in range(PAGES):
                bar.setValue(bar.value() + bar.pageStep())
                view.viewport().repaint()
            figures[mode]["scroll"].append((CLOCK() - started) / PAGES)
            bar.setValue(0)

            extra = replace(relations[0], id=RELATIONS + 1, child=spans[2].id) if shown else None
            started = CLOCK()
            view.arcs.set_relations([*shown, extra] if extra else shown)
            view.viewport().repaint()
            figures[mode]["add"].append(CLOCK() - started)
            settle(app, lambda: view.arcs.laid_out)
    view.close()
    return {
        mode: {name: statistics.median(values) for name, values in measures.items()}
        for mode, measures in figures.items()
    }


def measure_window(repeats: int = REPEATS) -> dict[str, dict[str, float]]:
    """The window opening the document and adding a span, from the database, as window_speed
    does: one copy of the document without relations, one with the 2,000 (read with it)."""
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from tagdesk.core.incoming import IncomingDocument, IncomingSpan
    from tagdesk.core.relations import IncomingRelation
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.importing import import_documents

    app = QApplication.instance() or QApplication([])
    text, raw = big_document()
    step = len(raw) // RELATIONS
    incoming = [
        IncomingRelation(k * step, k * step + (1 if k % 10 else 3), ("MET", "DECLARED")[k % 2])
        for k in range(RELATIONS)
    ]
    folder = Path(tempfile.mkdtemp(prefix="tagdesk-bench-arcs-"))
    store = open_store(folder / "bench.sqlite3")
    for title, relations in (("without", []), ("with", incoming)):
        import_documents(  # the same text, told apart by its last line (an import keeps one)
            store,
            [
                IncomingDocument(
                    text=f"{text}\n{title}",
                    title=title,
                    spans=[IncomingSpan(s, e, label) for s, e, label in raw],
                    relations=relations,
                )
            ],
            annotator="bench",
            source="bench",
        )
    import_documents(
        store,
        [IncomingDocument(text="small other document", title="small")],
        annotator="b",
        source="b",
    )
    window = MainWindow(
        store, settings_path=folder / "w.ini", annotator="bench", tokenizer=lambda _i, _t: []
    )
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    controller = window.controller
    figures: dict[str, dict[str, list[float]]] = {
        mode: {"open": [], "rest": [], "turn": [], "edit": []} for mode in ("without", "with")
    }
    lists = window.relation_panes

    def done() -> bool:
        return window.view.arcs.laid_out and not lists.document_list.waiting

    for _ in range(repeats):
        for document_id, mode in ((1, "without"), (2, "with")):
            window.open_document(3)
            settle(app, done)
            gc.collect()  # both documents' opens from the same collector state
            started = CLOCK()
            window.open_document(document_id)
            window.repaint()
            figures[mode]["open"].append(CLOCK() - started)
            rest, turn = settle(app, done)
            figures[mode]["rest"].append(rest)
            figures[mode]["turn"].append(turn)
            start = raw[5][1] + 2  # beside the first relation's head
            gc.collect()
            started = CLOCK()
            controller.label_selection(controller.labels[1].id, (start, start + 4), True)
            window.view.viewport().repaint()
            figures[mode]["edit"].append(CLOCK() - started)
            controller.undo()
            settle(app, done)
    shown = len(window.view.arcs.relations())
    window.close()
    store.close()
    if shown != RELATIONS:
        raise RuntimeError(f"the window drew {shown} relations, not {RELATIONS}")
    return {
        mode: {name: statistics.median(values) for name, values in measures.items()}
        for mode, measures in figures.items()
    }


def main() -> None:
    counts = [argument for argument in sys.argv[1:] if argument.isdigit()]
    figures = measure(int(counts[0]) if counts else REPEATS)
    print("CPU time of the window's thread" if CLOCK is time.thread_time else "wall clock")
    rows = [
        ("open 1 MB, 10,000 spans: text, spans, arcs, first paint", "open"),
        ("after it: the rest of the arcs laid out, in all", "rest"),
        ("                                     its longest turn", "turn"),
        ("one span edit beside a related span (repaint)", "edit"),
        ("scroll one page (repaint), mean of 60", "scroll"),
        ("set the relations again with one more (repaint)", "add"),
    ]
    print(f"{'the annotation view':<58} {'without':>10} {'with 2,000':>11} {'ratio':>6}")
    for name, key in rows:
        show_row(name, figures["without"][key], figures["with"][key])
    window = measure_window(int(counts[0]) if counts else REPEATS)
    print(f"{'the window, from the database':<58}")
    show_row("open (spans and relations read, first paint)", *pair(window, "open"))
    show_row("after it: the rest laid out, lists made, in all", *pair(window, "rest"))
    show_row("                                its longest turn", *pair(window, "turn"))
    show_row("add one span beside a related one (write + repaint)", *pair(window, "edit"))


def pair(figures: dict[str, dict[str, float]], key: str) -> tuple[float, float]:
    return figures["without"][key], figures["with"][key]


def show_row(name: str, without: float, with_: float) -> None:
    ratio = with_ / without if without else float("inf")
    print(f"{name:<58} {without * 1000:>8.1f}ms {with_ * 1000:>9.1f}ms {ratio:>6.2f}")


if __name__ == "__main__":
    main()
