"""Render the README's screenshots of relations drawn over an article.

    python packaging/screenshots/make_relations_screenshot.py

Imports the bundled articles, marks people, organisations and places in the
first one by hand (the Guards' full name with "IRGC" and "Quds Force" nested
inside it), joins them with relations of the default types (one suggested,
one between spans on different lines) and renders the window at 1280x800
(relations-1280.png) and 1920x1080 (relations-1920.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIZES = {"relations-1280.png": "1280x800", "relations-1920.png": "1920x1080"}
GUARDS = "Iran’s Islamic Revolution Guards Corps (IRGC) Quds Force"

# (words, label, which occurrence): the spans marked in the first article
SPANS = [
    ("Shia militia", "NORP", 0),
    ("Iraq", "GPE", 1),
    ("Qasem Soleimani", "PERSON", 1),
    (GUARDS, "ORG", 0),
    ("IRGC", "ORG", 0),
    ("Quds Force", "ORG", 0),
    ("Tikrit", "GPE", 2),
    ("Baghdad", "GPE", 0),
    ("Haider al-Abadi", "PERSON", 0),
    ("Iraqi", "NORP", 2),
    ("Popular Mobilisation", "ORG", 0),
]
# (head, child, type, status): by position in SPANS
RELATIONS = [
    (2, 3, "COMMANDS", "accepted"),
    (4, 3, "MEMBER_OF", "accepted"),
    (5, 4, "MEMBER_OF", "accepted"),
    (0, 1, "LOCATED_IN", "accepted"),
    (6, 7, "LOCATED_IN", "accepted"),
    (8, 6, "DECLARED", "suggested"),
    (8, 9, "MEMBER_OF", "accepted"),
]


def tagdesk(*arguments: str) -> None:
    """The command in a home of its own: the window as it first opens, not as someone left it."""
    with tempfile.TemporaryDirectory(prefix="tagdesk-screenshot-home-") as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=str(Path(home) / ".config"))
        subprocess.run([sys.executable, "-m", "tagdesk", *arguments], check=True, env=env)


def annotate_first_article(db: Path) -> None:
    from tagdesk.store import open_store, operations
    from tagdesk.store.change_sets import History
    from tagdesk.store.editing import create_span
    from tagdesk.store.labels import list_labels
    from tagdesk.store.relation_types import list_relation_types

    with open_store(db) as store:
        labels = {label.name: label.id for label in list_labels(store)}
        kinds = {kind.name: kind.id for kind in list_relation_types(store)}
        text = store.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        made = []
        for words, label, nth in SPANS:
            start = -1
            for _ in range(nth + 1):
                start = text.index(words, start + 1)
            span = create_span(
                store, 1, start, start + len(words), labels[label], annotator="analyst"
            )
            made.append(span.id)
        history = History()
        for head, child, kind, status in RELATIONS:
            operations.add_relation(
                store,
                history,
                1,
                made[head],
                made[child],
                kinds[kind],
                annotator="analyst",
                status=status,
            )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tagdesk-shots-") as folder:
        db = Path(folder) / "shots.sqlite3"
        tagdesk("import", str(REPO / "seeds"), "--db", str(db))
        annotate_first_article(db)
        for name, size in SIZES.items():
            tagdesk("--db", str(db), "--screenshot", str(HERE / name), "--doc", "1", "--size", size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
