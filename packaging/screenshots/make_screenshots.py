"""Render the README's screenshots on a fresh database of the seeds.

    python packaging/screenshots/make_screenshots.py

Imports the bundled articles, pre-annotates them, accepts most of the first
suggestions of article 1 as an analyst would, nests "IRGC" inside the
organisation that spells it out, and renders the window at 1280x800
(main-window.png) and 1920x1080 (main-window-1920.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIZES = {"main-window.png": "1280x800", "main-window-1920.png": "1920x1080"}
OUTER = "Islamic Revolution Guards Corps (IRGC) Quds Force"


def tagdesk(*arguments: str) -> None:
    """The command in a home of its own: the window as it first opens, not as someone left it."""
    with tempfile.TemporaryDirectory(prefix="tagdesk-screenshot-home-") as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=str(Path(home) / ".config"))
        subprocess.run([sys.executable, "-m", "tagdesk", *arguments], check=True, env=env)


def annotate_first_article(db: Path) -> None:
    from tagdesk.store import open_store
    from tagdesk.store.editing import apply_span_states, create_span, document_spans
    from tagdesk.store.labels import list_labels

    with open_store(db) as store:
        org = next(label.id for label in list_labels(store) if label.name == "ORG")
        text = store.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        suggested = [s for s in document_spans(store, 1) if s.status == "suggested"]
        start = text.index(OUTER)
        end = start + len(OUTER)
        inside = [s for s in suggested if start <= s.start and s.end <= end]
        # accepted: three in four of the first suggestions; rejected: what cuts the name apart
        chosen = [s for k, s in enumerate(suggested[:24]) if k % 4 != 3 and s not in inside]
        states = [(s.id, replace(s, status="accepted")) for s in chosen]
        states += [(s.id, replace(s, status="rejected")) for s in inside]
        apply_span_states(store, states, replacing=[(s.id, s) for s in chosen + inside])
        create_span(store, 1, start, end, org, annotator="analyst")
        irgc = text.index("IRGC", start)
        create_span(store, 1, irgc, irgc + len("IRGC"), org, annotator="analyst")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tagdesk-shots-") as folder:
        db = Path(folder) / "shots.sqlite3"
        tagdesk("import", str(REPO / "seeds"), "--db", str(db))
        tagdesk("preannotate", "--db", str(db))
        annotate_first_article(db)
        for name, size in SIZES.items():
            tagdesk("--db", str(db), "--screenshot", str(HERE / name), "--doc", "1", "--size", size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
