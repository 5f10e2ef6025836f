"""Several analysts annotating one corpus at once, each in a process of their own.

Every document is given to all three; each process decides every shared
suggestion in its own view (accepting some, rejecting, relabelling and
deleting others), adds a span of its own, and undoes and redoes one action,
all at the same time as the others. Afterwards nothing is lost and every
row names who made it: each analyst has exactly the spans they made, each
shared suggestion is as pre-annotation left it, on a file and on a server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import open_store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions

REPO = Path(__file__).resolve().parents[2]
ANALYSTS = ("ana", "ben", "cy", "dee")  # four at once, as a team of four works
DOCUMENTS = 6
TEXT = "Qasem Soleimani met Hadi al-Amiri in Baghdad and Tikrit, article {}."
FOUND = ((0, 15, "PERSON"), (20, 33, "PERSON"), (37, 44, "GPE"), (49, 55, "GPE"))

ANALYST = """
import sys
from dataclasses import replace
from tagdesk.store import open_store
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span
from tagdesk.store.labels import list_labels
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.views import spans_for_view

target, me, documents = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open_store(target) as store:
    labels = {label.name: label.id for label in list_labels(store)}
    history = History()
    for document_id in range(1, documents + 1):
        for number, shown in enumerate(spans_for_view(store, document_id, me)):
            wanted = [
                replace(shown, status="accepted", annotator=me),
                replace(shown, status="rejected", annotator=me),
                replace(shown, label_id=labels["ORG"], status="accepted", annotator=me),
                None,
            ][number % 4]
            edit_spans(store, history, me, [(shown, wanted)], text="Decide", home=document_id)
        made = create_span(store, document_id, 57, 64, labels["WORK_OF_ART"], annotator=me)
        assert made.annotator == me
    history.undo(store)
    history.redo(store)
"""


def test_analysts_annotating_at_once_lose_nothing_and_own_what_they_made(
    engine_target: str,
) -> None:
    with open_store(engine_target) as store:
        import_documents(
            store,
            [IncomingDocument(TEXT.format(n)) for n in range(DOCUMENTS)],
            annotator="lead",
            source="t",
        )
        add_suggestions(store, [FoundEntities(d, FOUND) for d in range(1, DOCUMENTS + 1)], "m@1")
        assign_documents(store, ANALYSTS, len(ANALYSTS))
        shared = store.execute(
            'SELECT id, document_id, "start", "end", label_id, status FROM span ORDER BY id'
        ).fetchall()
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    analysts = [
        subprocess.Popen(
            [sys.executable, "-c", ANALYST, engine_target, name, str(DOCUMENTS)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ANALYSTS
    ]
    for process in analysts:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    with open_store(engine_target) as store:
        assert [
            tuple(row)
            for row in store.execute(
                'SELECT id, document_id, "start", "end", label_id, status FROM span '
                "WHERE annotator = '' ORDER BY id"
            ).fetchall()
        ] == [tuple(row) for row in shared]  # the shared suggestions, untouched
        for name in ANALYSTS:
            rows = store.execute(
                'SELECT document_id, "start", status, derived_from FROM span WHERE annotator = ?',
                (name,),
            ).fetchall()
            assert len(rows) == DOCUMENTS * (len(FOUND) + 1)  # one decision a suggestion, one new
            copied = sorted(row[3] for row in rows if row[3] is not None)
            assert copied == sorted(row[0] for row in shared)  # each suggestion once, none twice
            statuses = sorted(row[2] for row in rows if row[3] is not None)
            assert statuses.count("rejected") == 2 * DOCUMENTS  # rejected, and deleted
            assert sum(1 for row in rows if row[1] == 57) == DOCUMENTS
        total = store.execute("SELECT COUNT(*) FROM span").fetchone()[0]
        assert total == len(shared) * (1 + len(ANALYSTS)) + DOCUMENTS * len(ANALYSTS)
