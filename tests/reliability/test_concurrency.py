"""Two windows on one file, and a command-line import beside them: nothing lost, nothing broken."""

from __future__ import annotations

import json
from pathlib import Path

from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.store import open_store
from tagdesk.store.tokens import document_tokens
from tests.helpers import write_jsonl
from tests.reliability.fingerprint import integrity
from tests.reliability.processes import count, driver, start, stored_state, tagdesk
from tests.reliability.test_crash import prepare_window_database

NEW_DOCUMENTS = 400


def test_two_windows_and_an_import_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    prepare_window_database(db, tmp_path)
    with open_store(db) as store:
        document_tokens(store, 2, spacy_tokenizer())
    source = write_jsonl(
        tmp_path / "new.jsonl",
        [
            {"text": f"Dispatch {n} from Mosul", "spans": [{"start": 0, "end": 8, "label": "ORG"}]}
            for n in range(NEW_DOCUMENTS)
        ],
    )
    expected_documents = 5 + NEW_DOCUMENTS
    extra = ("--expect-documents", str(expected_documents))
    first = start(driver(db, 1, 101, 60, *extra))
    second = start(driver(db, 2, 202, 60, *extra))
    importer = start(tagdesk("import", str(source), "--db", str(db), "--progress", "json"))

    outputs = {}
    for name, child in (("import", importer), ("first", first), ("second", second)):
        out, errors = child.communicate(timeout=110)
        assert child.returncode == 0, f"{name}: {errors}"
        assert "Not saved" not in errors
        outputs[name] = [json.loads(line) for line in out.splitlines() if line.strip()]

    assert integrity(db) == "ok"
    assert count(db, "document") == expected_documents
    assert outputs["import"][-1]["documents_added"] == NEW_DOCUMENTS
    for name, document in (("first", 1), ("second", 2)):
        lines = outputs[name]
        last_edit = [line for line in lines if "edit" in line][-1]
        assert last_edit["edit"] == 60
        shown = {key: last_edit[key] for key in ("spans", "status", "tags")}
        assert stored_state(db, document) == shown, f"{name} window lost an edit"
        # the window listed the imported documents without a restart
        assert lines[-1] == {"listed": expected_documents}
