"""Open the real window offscreen on a database and make a burst of edits through it.

    python -m tests.reliability.drive_window DB DOCUMENT SEED EDITS [--expect-documents N]

Each edit goes through the window's own actions (a selection in the text
widget and a label, accept, reject, delete, resize, undo, redo, the note and
the document's status and tags). Once an edit is saved and shown, one JSON
line on stdout (and a first one before any edit) tells what the window shows
for the open document: its spans as [id, start, end, label id, status, note,
tags], its status and its tags.
With --expect-documents the driver then waits, without restarting, until the
document list shows that many documents and prints the count.

The same database, document and seed make the same edits, so a test can run
the burst once to the end and once killed at a random moment, and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LABEL_KEYS = 4  # PERSON, ORG, GPE, LOC
TAGS = ("checked", "unsure")


def shown_state(window: Any) -> dict[str, Any]:
    c = window.controller
    return {
        "spans": sorted(
            [s.id, s.start, s.end, s.label_id, s.status, s.note, list(s.tags)] for s in c.spans
        ),
        "status": c.document.status,
        "tags": list(c.document.tags),
    }


def edit(window: Any, rng: random.Random) -> None:
    """One analyst action, chosen at random, through the window's widgets and actions."""
    c, a = window.controller, window.action_set
    text = c.document.text
    spans = [s for s in c.spans if s.status != "rejected"]
    kind = rng.choice(
        ["add"] * 6
        + ["accept", "reject", "delete", "widen", "narrow", "note", "tag"]
        + ["undo", "undo", "redo", "status", "document_tag", "accept_all"]
    )
    if kind in ("accept", "reject", "delete", "widen", "narrow", "note", "tag"):
        if not spans:
            kind = "add"
        else:
            c.select_span(rng.choice(spans).id)
    if kind == "add":
        start = rng.randrange(len(text) - 12)
        window.view.select_range(start, start + rng.randint(3, 12))
        window.view.exact_selection = rng.random() < 0.3
        window.apply_label(c.labels[rng.randrange(LABEL_KEYS)].id)
    elif kind in ("accept", "reject", "delete", "undo", "redo", "accept_all"):
        getattr(a, kind).trigger()
    elif kind == "widen":
        a.widen_end.trigger()
    elif kind == "narrow":
        a.narrow_start.trigger()
    elif kind == "note" and c.selected is not None:
        c.set_note(c.selected.id, rng.choice(["the general", "check this", ""]))
    elif kind == "tag":
        c.add_span_tag(rng.choice(TAGS))
    elif kind == "status":
        c.set_document_status(rng.choice(["in_progress", "done"]))
    elif kind == "document_tag":
        c.add_document_tag(rng.choice(TAGS))


def type_note_and_wait(app: Any, window: Any, note: str, close_on_terminate: Any) -> int:
    """Type a note on the first span, as a person would, and run until told to stop."""
    from PySide6.QtTest import QTest

    close_on_terminate(window)
    window.controller.select_span(window.controller.spans[0].id)
    window.inspector.note.setFocus()
    QTest.keyClicks(window.inspector.note, note)
    app.processEvents()
    print(json.dumps({"typed": window.controller.selected.id}), flush=True)
    return int(app.exec())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("document", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("edits", type=int)
    parser.add_argument("--expect-documents", type=int)
    parser.add_argument("--type-note", help="then type this note and wait to be stopped")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from tagdesk.app import close_on_terminate, kept_tokens
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store

    app = QApplication(sys.argv[:1])
    store = open_store(args.db, create=False)
    window = MainWindow(
        store,
        settings_path=args.db.with_name(f"window-{os.getpid()}.ini"),
        annotator=f"driver-{args.seed}",
        tokenizer=lambda document_id, _text: kept_tokens(store, document_id),
    )
    # Each window checks what it shows against what is stored: another window's accepts
    # suggesting their text in its document would be a third writer, so they are left off.
    window.action_set.phrase_suggestions.blockSignals(True)
    window.action_set.phrase_suggestions.setChecked(False)
    window.action_set.phrase_suggestions.blockSignals(False)
    window.controller.phrases.enabled = False
    window.show()
    window.open_document(args.document)
    app.processEvents()
    rng = random.Random(args.seed)
    print(json.dumps({"edit": 0, **shown_state(window)}), flush=True)
    for number in range(1, args.edits + 1):
        edit(window, rng)
        app.processEvents()
        print(json.dumps({"edit": number, **shown_state(window)}), flush=True)
    if args.expect_documents is not None:
        deadline = time.monotonic() + 60
        while (
            window.document_model.rowCount() < args.expect_documents and time.monotonic() < deadline
        ):
            app.processEvents()
            time.sleep(0.05)
        print(json.dumps({"listed": window.document_model.rowCount()}), flush=True)
    if args.type_note is not None:
        return type_note_and_wait(app, window, args.type_note, close_on_terminate)
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
