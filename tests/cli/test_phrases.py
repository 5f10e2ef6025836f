"""`tagdesk preannotate --phrases`: an accepted text suggested where else it occurs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.test_cli import tagdesk
from tests.helpers import Connection, database_fingerprint, write_jsonl

FIRST = "Fighting near Tikrit went on. Tikrit was quiet by night."
SECOND = (
    "In tikrit, shops opened. TIKRIT's market too. The Tikritis stayed home. "
    "Tikrit province was calm. Tikrit again."
)
DONE = "Tikrit was named in a document already read through."


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def span(text: str, word: str, label: str, status: str, nth: int = 0) -> dict[str, Any]:
    start, end = at(text, word, nth)
    return {"start": start, "end": end, "label": label, "status": status}


def phrase_corpus(tmp_path: Path, db_path: Path) -> Path:
    records = [
        {
            "text": FIRST,
            "status": "in_progress",
            "spans": [span(FIRST, "Tikrit", "GPE", "accepted")],
        },
        {
            "text": SECOND,
            "spans": [
                span(SECOND, "Tikrit province", "LOC", "accepted"),  # overlaps an occurrence
                span(SECOND, "Tikrit", "GPE", "rejected", nth=2),  # "Tikrit again"
            ],
        },
        {"text": DONE, "status": "done", "spans": []},
    ]
    source = write_jsonl(tmp_path / "corpus.jsonl", records)
    result = tagdesk("import", str(source), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    return db_path


def rows(db_path: Path) -> list[tuple[int, str, str, str, str]]:
    connection = Connection(db_path)
    try:
        found = connection.execute(
            'SELECT s.document_id, d.text, s."start", s."end", l.name, s.status, s.source '
            "FROM span s JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
            'ORDER BY s.document_id, s."start"'
        ).fetchall()
    finally:
        connection.close()
    return [
        (doc, text[start:end], label, status, source)
        for doc, text, start, end, label, status, source in found
    ]


def test_an_accepted_text_is_suggested_at_its_other_occurrences_only(
    tmp_path: Path, db_path: Path
) -> None:
    phrase_corpus(tmp_path, db_path)
    result = tagdesk("preannotate", "--phrases", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "3 suggestions added" in result.stdout, result.stdout
    suggested = [row for row in rows(db_path) if row[4] == "phrases"]
    # The second Tikrit of the first document; "tikrit" and "TIKRIT" (before 's) in the
    # second; not inside "Tikritis", not under "Tikrit province", not where GPE was
    # rejected, nothing in the done document.
    assert suggested == [
        (1, "Tikrit", "GPE", "suggested", "phrases"),
        (2, "tikrit", "GPE", "suggested", "phrases"),
        (2, "TIKRIT", "GPE", "suggested", "phrases"),
    ]
    connection = Connection(db_path)
    first_suggestion = connection.execute(
        'SELECT "start" FROM span WHERE source = \'phrases\' ORDER BY document_id, "start"'
    ).fetchone()[0]
    connection.close()
    assert first_suggestion == at(FIRST, "Tikrit", 1)[0]

    before = database_fingerprint(db_path)
    again = tagdesk("preannotate", "--phrases", "--db", str(db_path))
    assert again.returncode == 0, again.stderr
    assert "0 suggestions added" in again.stdout
    assert database_fingerprint(db_path) == before


def test_a_phrase_suggestion_the_analyst_deleted_is_not_made_again(
    tmp_path: Path, db_path: Path
) -> None:
    phrase_corpus(tmp_path, db_path)
    assert tagdesk("preannotate", "--phrases", "--db", str(db_path)).returncode == 0
    connection = Connection(db_path)
    with connection:
        connection.execute("DELETE FROM span WHERE source = 'phrases' AND document_id = 2")
    connection.close()
    again = tagdesk("preannotate", "--phrases", "--db", str(db_path), "--progress", "json")
    assert again.returncode == 0, again.stderr
    finished = json.loads(again.stdout.strip().splitlines()[-1])
    assert finished["event"] == "finished"
    assert finished["suggestions_added"] == 0
    assert [row for row in rows(db_path) if row[0] == 2 and row[4] == "phrases"] == []


def test_a_text_accepted_with_two_labels_is_suggested_with_the_more_frequent(
    tmp_path: Path, db_path: Path
) -> None:
    text = "Washington spoke. Washington left. Washington is a city. Then washington again."
    records = [
        {
            "text": text,
            "spans": [
                span(text, "Washington", "PERSON", "accepted", 0),
                span(text, "Washington", "PERSON", "accepted", 1),
                span(text, "Washington", "GPE", "accepted", 2),
            ],
        }
    ]
    source = write_jsonl(tmp_path / "two.jsonl", records)
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    result = tagdesk("preannotate", "--phrases", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert [row[1:3] for row in rows(db_path) if row[4] == "phrases"] == [("washington", "PERSON")]


def test_phrases_in_chosen_documents_only(tmp_path: Path, db_path: Path) -> None:
    phrase_corpus(tmp_path, db_path)
    result = tagdesk("preannotate", "--phrases", "--documents", "2", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert {row[0] for row in rows(db_path) if row[4] == "phrases"} == {2}


def test_bad_phrase_options_change_nothing(tmp_path: Path, db_path: Path) -> None:
    phrase_corpus(tmp_path, db_path)
    before = database_fingerprint(db_path)
    for arguments, message in (
        (["--documents", "9"], "tagdesk: error: no document with id 9"),
        (["--all"], "tagdesk: error: --all does not go with --phrases"),
        (["--model", "en_core_web_sm"], "tagdesk: error: --model does not go with --phrases"),
    ):
        result = tagdesk("preannotate", "--phrases", *arguments, "--db", str(db_path))
        assert result.returncode == 1
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.stderr
    assert database_fingerprint(db_path) == before
