"""Render the README's screenshots of View > Statistics on two weeks of invented work.

    python packaging/screenshots/make_statistics_screenshot.py

Imports each long paragraph of the bundled articles as a document,
pre-annotates them, gives two thirds to two analysts, and decides most
suggestions as analysts would (accept, relabel, narrow, reject, delete),
spread over the days of two weeks; then renders the view at 1280x800
(statistics-1280.png) and 1920x1080 (statistics-1920.png), links the
mentions to entities (`tagdesk entities link --auto`) and renders the entity
network at 1920x1080 (entity-network-1920.png).
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from make_screenshots import REPO, tagdesk

HERE = Path(__file__).resolve().parent
SIZES = {"statistics-1280.png": "1280x800", "statistics-1920.png": "1920x1080"}
NETWORK = {"entity-network-1920.png": "1920x1080"}
PEOPLE = ["amira", "jonas"]
DAYS = [f"2026-03-{day:02d}" for day in range(2, 17)]


def paragraphs(folder: Path) -> Path:
    """Each paragraph of the seeds of 200 characters or more, as a text file of its own."""
    folder.mkdir()
    number = 0
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        for part in seed.read_text(encoding="utf-8").split("\n\n"):
            if len(part.strip()) >= 200:
                number += 1
                (folder / f"{number:03d}.txt").write_text(part.strip(), encoding="utf-8")
    return folder


def work(db: Path) -> None:
    from tagdesk.core.records import DocumentState
    from tagdesk.store import open_store
    from tagdesk.store.assignments import assign_documents, set_assignment_status
    from tagdesk.store.editing import (
        apply_document_state,
        apply_span_states,
        document_spans,
        document_state,
    )

    rng = random.Random(3)
    with open_store(db) as store:
        ids = [row[0] for row in store.execute('SELECT id FROM "document" ORDER BY id')]
        labels = dict(store.execute("SELECT name, id FROM label").fetchall())
        texts = dict(store.execute('SELECT id, text FROM "document"').fetchall())
        assign_documents(store, PEOPLE, 1, ids[: len(ids) * 2 // 3])
        owners = dict(store.execute("SELECT document_id, annotator FROM assignment").fetchall())
        for number, document_id in enumerate(ids):
            who = owners.get(document_id, PEOPLE[0])
            day = DAYS[min(len(DAYS) - 1, number * len(DAYS) // len(ids) + rng.randint(0, 2))]
            decided = number < len(ids) * 4 // 5  # the last few are still to do
            for span in document_spans(store, document_id) if decided else []:
                words = texts[document_id][span.start : span.end]
                roll = rng.random()
                if roll < 0.62:
                    new = replace(span, status="accepted", annotator=who)
                elif roll < 0.70:
                    other = rng.choice(["ORG", "GPE", "PERSON", "NORP"])
                    new = replace(span, status="accepted", annotator=who, label_id=labels[other])
                elif roll < 0.76 and " " in words:
                    start = span.start + words.rindex(" ") + 1
                    new = replace(span, status="accepted", annotator=who, start=start)
                elif roll < 0.86:
                    new = replace(span, status="rejected", annotator=who)
                elif roll < 0.90:
                    new = None
                else:
                    continue
                if new != span:
                    apply_span_states(store, [(span.id, new)], replacing=[(span.id, span)])
            # The days: the store stamps the present, and the view shows two weeks of work.
            store.execute(
                "UPDATE span SET created_at = ? WHERE document_id = ?",
                (f"{day} 11:00:00", document_id),
            )
            if number < len(ids) * 3 // 5:
                state = document_state(store, document_id)
                apply_document_state(
                    store, DocumentState(document_id, "done", state.tags), replacing=state
                )
                store.execute(
                    'UPDATE "document" SET updated_at = ? WHERE id = ?',
                    (f"{day} 17:00:00", document_id),
                )
                if document_id in owners:
                    set_assignment_status(store, document_id, owners[document_id], "done")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tagdesk-shots-") as folder:
        db = Path(folder) / "shots.sqlite3"
        tagdesk("import", str(paragraphs(Path(folder) / "paragraphs")), "--db", str(db))
        tagdesk("preannotate", "--db", str(db))
        work(db)
        for name, size in SIZES.items():
            shot = str(HERE / name)
            tagdesk("--db", str(db), "--screenshot", shot, "--view", "statistics", "--size", size)
        tagdesk("entities", "link", "--db", str(db), "--auto")
        for name, size in NETWORK.items():
            shot = str(HERE / name)
            view = "entity-network"
            tagdesk("--db", str(db), "--screenshot", shot, "--view", view, "--size", size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
