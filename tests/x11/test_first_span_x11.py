"""The first label key on a real X server, at once after start: saved, and spaCy never loaded."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.conftest import SEEDS
from tests.x11.conftest import RealWindow, import_file


def spacy_libraries_loaded(pid: int) -> list[str]:
    """spaCy's compiled modules mapped into the process: there once anything imports spaCy."""
    maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    return sorted({line.split()[-1] for line in maps.splitlines() if "/spacy/" in line})


MADE = "WHERE source <> 'phrases'"  # the keys' spans, not the suggestions their text made


def test_the_first_key_labels_the_word_and_the_window_never_loads_spacy(
    tmp_path: Path, real_window
) -> None:
    db = tmp_path / "work.sqlite3"
    import_file(db, SEEDS)
    window: RealWindow = real_window(db)
    window.xdotool("key", "--clearmodifiers", "ctrl+shift+Right")  # the first word
    window.xdotool("key", "1")
    window.wait_for(f'SELECT "start", "end" FROM span {MADE}', [(0, len("Iranian"))])
    window.wait_for("SELECT count(*) FROM document_tokens", [(5,)], timeout=60)
    window.key("ctrl+Right", "ctrl+shift+Right", "1")  # with the kept tokens now
    window.wait_for(f"SELECT count(*) FROM span {MADE}", [(2,)])
    connection = sqlite3.connect(db)
    try:
        text = connection.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        spans = connection.execute(f'SELECT "start", "end" FROM span {MADE} ORDER BY id').fetchall()
    finally:
        connection.close()
    assert [text[start:end] for start, end in spans] == ["Iranian", "Gen"]
    time.sleep(0.5)
    assert spacy_libraries_loaded(window.process.pid) == []
