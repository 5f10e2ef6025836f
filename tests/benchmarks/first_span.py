"""The first new span after start, from the label key to the database, against the hundredth.

    python -m tests.benchmarks.first_span [--runs 5] [--spans 100] [--source DIR]

Each run starts the `tagdesk` window in a fresh process (tests/window_driver.py)
on a fresh copy of a database holding the bundled articles and nothing else
(no tokens kept yet), as after the first start. As soon as the window is
shown, the driver drags over part of a word and presses a label key; then it
labels more words of the same article, one at a time. Every key is timed
until the span's row can be read from the database through another
connection. Figures are medians over the runs; the ratio compares the first
span with the last one of the same run. `--source` runs another checkout's
code (its `desktop` folder) with the same driver, for a before-and-after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET_MS = 300


@dataclass(frozen=True)
class Figures:
    first_ms: float
    last_ms: float
    middle_ms: float  # median of every span but the first, over the runs
    firsts_ms: list[float]
    lasts_ms: list[float]
    pressed_after_show_ms: float
    tokens_kept_after_show_s: float
    spans: int
    runs: int
    spacy_in_window: bool

    @property
    def ratio(self) -> float:
        return self.first_ms / self.last_ms


def seeded_database(folder: Path, source: Path) -> Path:
    database = folder / "seeds.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "tagdesk", "import", "--db", str(database), str(REPO / "seeds")],
        check=True,
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(source)),
    )
    return database


def one_run(template: Path, folder: Path, spans: int, source: Path) -> dict:  # type: ignore[type-arg]
    folder.mkdir()
    database = folder / "work.sqlite3"
    shutil.copy(template, database)
    home = folder / "home"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join([str(source), str(REPO)]),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        TAGDESK_ANNOTATOR="bench",
    )
    out = folder / "out.json"
    driver = ["-m", "tests.window_driver", str(database), str(out), "--spans", str(spans)]
    done = subprocess.run(
        [sys.executable, *driver],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result = json.loads(out.read_text(encoding="utf-8"))
    if len(result["times_s"]) != spans:
        raise RuntimeError(f"the article has {len(result['times_s'])} distinct words, not {spans}")
    return result  # type: ignore[no-any-return]


def run(runs: int = 5, spans: int = 100, source: Path | None = None) -> Figures:
    source = source or REPO / "desktop"
    folder = Path(tempfile.mkdtemp(prefix="tagdesk-first-span-"))
    try:
        template = seeded_database(folder, source)
        results = [one_run(template, folder / f"run{k}", spans, source) for k in range(runs)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    firsts = [r["times_s"][0] * 1000 for r in results]
    lasts = [r["times_s"][-1] * 1000 for r in results]
    middle = [t * 1000 for r in results for t in r["times_s"][1:]]
    return Figures(
        first_ms=statistics.median(firsts),
        last_ms=statistics.median(lasts),
        middle_ms=statistics.median(middle),
        firsts_ms=firsts,
        lasts_ms=lasts,
        pressed_after_show_ms=statistics.median(
            r["first_pressed_after_show_s"] * 1000 for r in results
        ),
        tokens_kept_after_show_s=statistics.median(r["tokens_kept_after_show_s"] for r in results),
        spans=spans,
        runs=runs,
        spacy_in_window=any(r["spacy_in_window_process"] for r in results),
    )


def describe(figures: Figures) -> str:
    every = ", ".join(f"{value:.0f}" for value in figures.firsts_ms)
    lasts = ", ".join(f"{value:.0f}" for value in figures.lasts_ms)
    met = "met" if figures.first_ms < TARGET_MS else "missed"
    return "\n".join(
        [
            "| measure | time (every run) | ratio to the last span |",
            "|---|---|---|",
            f"| first new span after start, key to database | {figures.first_ms:.0f} ms ({every}) "
            f"| **{figures.ratio:.2f}** |",
            f"| span {figures.spans} of the same run | {figures.last_ms:.0f} ms ({lasts}) | 1.00 |",
            f"| spans 2 to {figures.spans}, median | {figures.middle_ms:.0f} ms | |",
            "",
            f"Medians of {figures.runs} runs. The first key came "
            f"{figures.pressed_after_show_ms:.0f} ms after the window was shown, before the "
            f"background had kept the article's tokens (they were kept "
            f"{figures.tokens_kept_after_show_s:.1f} s after it was shown). Target under "
            f"{TARGET_MS} ms: {met}. spaCy imported into the window's process: "
            f"{'yes' if figures.spacy_in_window else 'no'}.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spans", type=int, default=100)
    parser.add_argument("--source", type=Path, help="the desktop folder of another checkout")
    args = parser.parse_args()
    print(describe(run(args.runs, args.spans, args.source)))


if __name__ == "__main__":
    main()
