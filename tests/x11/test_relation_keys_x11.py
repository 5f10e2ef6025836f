"""The R flow on a real X server: R, Tab and Shift+Tab to the other span, a type's key,
Escape and Ctrl+Z, as xdotool presses them, checked in the database."""

from __future__ import annotations

from pathlib import Path

from tests.x11.conftest import RealWindow
from tests.x11.test_real_keyboard import suggested_document

RELATIONS_QUERY = (
    'SELECT t.name, substr(d.text, h."start" + 1, h."end" - h."start"), '
    'substr(d.text, c."start" + 1, c."end" - c."start"), r.status FROM relation r '
    "JOIN relation_type t ON t.id = r.type_id JOIN span h ON h.id = r.head_span_id "
    "JOIN span c ON c.id = r.child_span_id JOIN document d ON d.id = r.document_id "
    "ORDER BY r.id"
)


def test_r_tab_shift_tab_type_key_escape_and_undo(tmp_path: Path, real_window) -> None:
    db = suggested_document(tmp_path)  # Alice, Bob (PERSON), Paris, Rome (GPE), suggested
    window: RealWindow = real_window(db)
    # Alice; R; Tab to Bob; T is MET (and TIME's label key outside the R flow).
    window.key("Tab", "r", "Tab", "t")
    window.wait_for(RELATIONS_QUERY, [("MET", "Alice", "Bob", "accepted")])
    # Shift+Tab from Alice wraps to the last span, Rome; Escape writes nothing.
    window.key("r", "shift+Tab", "Escape")
    window.wait_for(RELATIONS_QUERY, [("MET", "Alice", "Bob", "accepted")])
    window.key("r", "shift+Tab", "l")  # LOCATED_IN: Alice in Rome
    window.wait_for(
        RELATIONS_QUERY,
        [("MET", "Alice", "Bob", "accepted"), ("LOCATED_IN", "Alice", "Rome", "accepted")],
    )
    window.key("ctrl+z")
    window.wait_for(RELATIONS_QUERY, [("MET", "Alice", "Bob", "accepted")])
    window.key("ctrl+z")
    window.wait_for(RELATIONS_QUERY, [])
