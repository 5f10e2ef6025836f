"""The window on a real X server, driven by real key presses (xdotool), checked in the database."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_jsonl
from tests.x11.conftest import RealWindow, import_file

TEXT = "Alice met Bob in Paris and then flew to Rome with Carol."
SPANS_QUERY = (
    'SELECT substr(d.text, s."start" + 1, s."end" - s."start"), l.name, s.status FROM span s '
    'JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id ORDER BY s."start"'
)


def suggested_document(tmp_path: Path) -> Path:
    db = tmp_path / "work.sqlite3"
    spans = []
    for word, label in (("Alice", "PERSON"), ("Bob", "PERSON"), ("Paris", "GPE"), ("Rome", "GPE")):
        start = TEXT.index(word)
        spans.append(
            {"start": start, "end": start + len(word), "label": label, "status": "suggested"}
        )
    import_file(db, write_jsonl(tmp_path / "one.jsonl", [{"text": TEXT, "spans": spans}]))
    return db


def test_tab_shift_tab_return_label_key_and_undo(tmp_path: Path, real_window) -> None:
    db = suggested_document(tmp_path)
    window: RealWindow = real_window(db)
    # The text has the keyboard from the start: Tab, Tab, Tab, then back with Shift+Tab.
    window.key("Tab", "Tab", "Tab", "shift+Tab", "Return")
    window.wait_for(
        SPANS_QUERY,
        [
            ("Alice", "PERSON", "suggested"),
            ("Bob", "PERSON", "accepted"),
            ("Paris", "GPE", "suggested"),
            ("Rome", "GPE", "suggested"),
        ],
    )
    # Return moved on to the next open suggestion: one key per decision.
    window.key("BackSpace")  # Paris rejected
    window.wait_for(SPANS_QUERY + " LIMIT 1 OFFSET 2", [("Paris", "GPE", "rejected")])
    window.key("ctrl+z")  # and the selection is back on Paris
    window.wait_for(SPANS_QUERY + " LIMIT 1 OFFSET 2", [("Paris", "GPE", "suggested")])
    # Back to Alice (Bob is between), relabel as LOC: a correction accepts the span.
    window.key("shift+Tab", "shift+Tab", "4")
    window.wait_for(SPANS_QUERY + " LIMIT 1", [("Alice", "LOC", "accepted")])
    window.key("ctrl+z", "ctrl+z")
    window.wait_for(
        SPANS_QUERY + " LIMIT 2",
        [("Alice", "PERSON", "suggested"), ("Bob", "PERSON", "suggested")],
    )


def test_export_and_import_keys_work_from_a_text_field(tmp_path: Path, real_window) -> None:
    """Ctrl+E and Ctrl+I from the find field: Qt's line edit on Linux takes Ctrl+E for End."""
    db = suggested_document(tmp_path)
    extra = tmp_path / "second article.txt"
    extra.write_text("Dana wrote from Oslo.\n", encoding="utf-8")
    window: RealWindow = real_window(db)
    window.key("ctrl+f")
    window.type_text("Bob")
    window.key("ctrl+e")
    window.wait_for_window("^Export$", timeout=10)
    window.key("Escape")
    window.focus()  # Xvfb has no window manager to hand the keyboard back after a dialog
    window.key("ctrl+i")
    window.wait_for_window("^Import documents$", timeout=10)
    window.type_text(str(extra))
    window.key("Return")
    window.wait_for("SELECT count(*) FROM document", [(2,)], timeout=20)
