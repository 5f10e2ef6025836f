"""What the X server shows is what a fresh paint draws, through relation edits and a restart.

A relation gives its line room for the arc and moves the text below it down; the label
names at the spans' ends, the raised letters and the arcs must move with it on the real
screen, not only in a fresh paint. The window runs as `tagdesk` starts it (relations read
after the first paint), driven by the real mouse and keys (xdotool).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.helpers import write_jsonl
from tests.x11.conftest import RealWindow, import_file
from tests.x11.test_relation_keys_x11 import RELATIONS_QUERY

WORDS = (
    ("Tikrit, 150km", "Tikrit", "GPE"),
    ("north of Baghdad", "Baghdad", "GPE"),
    ("more than eight months", "more than eight months", "DATE"),
    ("by Iraqi", "Iraqi", "NORP"),
    ("Haider al-Abadi", "Haider al-Abadi", "PERSON"),
    ("on Sunday", "Sunday", "DATE"),
)


def article_with_suggestions(tmp_path: Path) -> tuple[Path, str, dict[str, int]]:
    """The first bundled article, its sentence on al-Abadi's offensive suggested."""
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    spans, starts = [], {}
    for context, word, label in WORDS:
        start = text.index(context) + context.index(word)
        starts[word] = start
        spans.append({"start": start, "end": start + len(word), "label": label})
    for span in spans:
        span["status"] = "suggested"
    db = tmp_path / "work.sqlite3"
    import_file(db, write_jsonl(tmp_path / "article.jsonl", [{"text": text, "spans": spans}]))
    return db, text, starts


class ProbedWindow(RealWindow):
    """`tagdesk --db DB` under tests.x11.screen_probe, asked whether its screen is stale."""

    def __init__(self, display: str, db: Path, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()
        self.asked = 0
        probe = [sys.executable, "-m", "tests.x11.screen_probe", str(db), str(folder)]
        super().__init__(display, db, folder.parent / "home", probe)
        self.words = self._wait_for_words()

    def _wait_for_words(self) -> dict[str, list[int]]:
        words = self.folder / "words.json"
        deadline = time.monotonic() + 30
        while not words.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the window did not tell where its words are: {self.close()}")
            time.sleep(0.1)
        time.sleep(0.1)
        return dict(json.loads(words.read_text(encoding="utf-8")))

    def click_word(self, offset: int) -> None:
        x, y = self.words[str(offset)]
        self.xdotool("mousemove", "--window", self.window_id, str(x), str(y))
        time.sleep(0.2)
        self.xdotool("click", "1")
        time.sleep(0.3)

    def screen_is_fresh(self) -> bool:
        """Asked once the window has settled: the pictures are kept beside it if not."""
        time.sleep(0.5)
        self.asked += 1
        (self.folder / "ask").write_text(str(self.asked), encoding="utf-8")
        answer = self.folder / "answer"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            said = answer.read_text(encoding="utf-8").split() if answer.exists() else []
            if said[:1] == [str(self.asked)]:
                return said[1] == "same"
            time.sleep(0.05)
        pytest.fail("the window did not answer")


@pytest.fixture
def probed(x_display, tmp_path: Path):  # type: ignore[no-untyped-def]
    opened: list[ProbedWindow] = []

    def open_window(db: Path, name: str) -> ProbedWindow:
        window = ProbedWindow(x_display("1280x800"), db, tmp_path / name)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()


DECLARED = [("DECLARED", "Haider al-Abadi", "Sunday", "accepted")]


def test_the_screen_is_what_a_fresh_paint_draws_through_relation_edits(
    tmp_path: Path, probed
) -> None:
    db, _text, starts = article_with_suggestions(tmp_path)
    window: ProbedWindow = probed(db, "first")
    assert window.screen_is_fresh(), "first paint"
    window.click_word(starts["Haider al-Abadi"])
    assert window.screen_is_fresh(), "al-Abadi chosen"
    window.key("r")
    assert window.screen_is_fresh(), "R pressed"
    window.key("Tab", "d")  # to Sunday, DECLARED: the line takes room for the arc
    window.wait_for(RELATIONS_QUERY, DECLARED)
    assert window.screen_is_fresh(), "relation drawn"
    for _ in range(2):
        window.key("ctrl+z")
        window.wait_for(RELATIONS_QUERY, [])
        assert window.screen_is_fresh(), "relation undone"
        window.key("ctrl+shift+z")
        window.wait_for(RELATIONS_QUERY, DECLARED)
        assert window.screen_is_fresh(), "relation redone"
    window.key("Escape")
    assert window.screen_is_fresh(), "chosen span let go"
    window.close()

    # Started again: the arc comes after the first paint, and moves the lines below it.
    again: ProbedWindow = probed(db, "again")
    assert again.screen_is_fresh(), "first paint of a document with a relation"
    again.click_word(starts["Sunday"])
    assert again.screen_is_fresh(), "Sunday chosen"
    again.key("ctrl+shift+x")  # a swap the type's labels refuse: said, nothing moves
    assert again.screen_is_fresh(), "swap refused"
    again.wait_for(RELATIONS_QUERY, DECLARED)
