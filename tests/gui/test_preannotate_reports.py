"""Pre-annotation in the window: each batch names the documents it wrote, on both engines.

The window refreshes those rows, and the open document only when the batch
wrote to it; nothing is reported as "anything may have changed", and on a
server the run's own notices are not heard a second time.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tagdesk.core.changes import ChangeReport
from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.preannotate_job import PreannotateJob
from tagdesk.store import Store, open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS, tagdesk_command


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Store]:
    target = str(db_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as opened:
        yield opened


def test_each_batch_refreshes_the_documents_it_wrote(window: MainWindow, qtbot) -> None:
    c = window.controller
    opened = c.document.id
    reports: list[ChangeReport] = []
    c.changed.connect(reports.append)
    spans_changed: list[object] = []
    c.spans_changed.connect(spans_changed.append)
    job = PreannotateJob(
        window.store.target, batch_size=1, origin=window.store.origin, parent=window
    )
    window.background.watch_preannotation(job)
    with qtbot.waitSignal(job.finished, timeout=90000):
        job.start()
    qtbot.wait(3000)  # a look on SQLite, and any notice on the server, would come by now
    assert reports, "no batch was reported"
    assert not any(report.outside for report in reports)
    named = [report.documents for report in reports]
    assert all(len(documents) == 1 for documents in named), named
    assert len(reports) == len(window.document_model.ids)  # one report a batch, none twice
    assert set().union(*named) == set(window.document_model.ids)
    # the open document shows its suggestions, from the one batch that wrote it
    stored = window.store.execute(
        "SELECT COUNT(*) FROM span WHERE document_id = ? AND status = 'suggested'", (opened,)
    ).fetchone()[0]
    assert stored > 0
    assert len([s for s in c.spans if s.status == "suggested"]) == stored
    assert len(spans_changed) == 1
    row = window.document_model.row_of(opened)
    assert window.document_model.index(row, 3).data() == stored
    # and the relations the batch suggested in it, drawn and listed
    relations = window.store.execute(
        "SELECT COUNT(*) FROM relation WHERE document_id = ? AND status = 'suggested'", (opened,)
    ).fetchone()[0]
    assert relations > 0
    assert len(window.view.arcs.relations()) == relations
    assert len(window.relation_panes.relations.relations) == relations


def test_the_command_names_each_batchs_documents(store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    before = {row[0] for row in store.execute("SELECT id FROM label").fetchall()}
    result = subprocess.run(
        [*tagdesk_command(), "preannotate", "--progress", "json", "--batch-size", "2"],
        env={**os.environ, "TAGDESK_DB": store.target},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(event["event"] in ("progress", "finished") for event in events)
    written = [event for event in events if event["event"] == "progress" and "documents" in event]
    assert [len(event["documents"]) for event in written] == [2, 2, 1]
    assert sorted(i for event in written for i in event["documents"]) == [1, 2, 3, 4, 5]
    after = {row[0] for row in store.execute("SELECT id FROM label").fetchall()}
    added = [i for event in written for i in event["labels"]]
    assert sorted(added) == sorted(after - before)  # each new label named once, when added
