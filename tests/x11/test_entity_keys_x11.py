"""Ctrl+K and Ctrl+Shift+K on a real X server (xdotool): the keys reach the window's entity
actions, also while the Entities filter box (a line edit, which takes Ctrl+K to delete to
the end of the line on X11) has the keyboard."""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers import write_jsonl
from tests.x11.conftest import RealWindow, import_file

TEXT = "Alice Smith met Bob. Later Alice Smith flew to Rome, and Alice Smith came back."
LINKS = (
    'SELECT substr(d.text, s."start" + 1, s."end" - s."start"), e.name FROM span s '
    "JOIN document d ON d.id = s.document_id LEFT JOIN entity e ON e.id = s.entity_id "
    'ORDER BY s."start"'
)


def test_new_entity_and_link_by_key_also_from_the_filter_box(tmp_path: Path, real_window) -> None:
    db = tmp_path / "work.sqlite3"
    starts = [i for i in range(len(TEXT)) if TEXT.startswith("Alice Smith", i)]
    spans = [{"start": s, "end": s + 11, "label": "PERSON"} for s in starts]
    import_file(db, write_jsonl(tmp_path / "one.jsonl", [{"text": TEXT, "spans": spans}]))
    window: RealWindow = real_window(db)
    window.key("Tab", "ctrl+shift+k")  # the first span: an entity of its own
    window.wait_for(
        LINKS, [("Alice Smith", "Alice Smith"), ("Alice Smith", None), ("Alice Smith", None)]
    )
    window.key("Tab")
    time.sleep(1.0)  # the candidates are ranked in a worker
    window.key("ctrl+k")
    window.wait_for(LINKS, [("Alice Smith", "Alice Smith")] * 2 + [("Alice Smith", None)])
    window.key("Tab")
    time.sleep(1.0)
    window.key("ctrl+shift+e")  # the Entities tab; its filter box has the keyboard
    window.type_text("ali")
    window.key("ctrl+k")
    window.wait_for(LINKS, [("Alice Smith", "Alice Smith")] * 3)
