"""`tagdesk preannotate --phrases`: an accepted acronym is found as written, not in lower case."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import tagdesk
from tests.cli.test_phrases import rows, span
from tests.helpers import write_jsonl

FIRST = "The US said so. Tell us more, said the US envoy."
SECOND = "Us and them: the US, the us of it, and US-led talks. Plus Usman."


def test_an_accepted_acronym_is_suggested_only_in_the_same_capitals(
    tmp_path: Path, db_path: Path
) -> None:
    records = [
        {"text": FIRST, "spans": [span(FIRST, "US", "GPE", "accepted")]},
        {"text": SECOND, "spans": []},
    ]
    source = write_jsonl(tmp_path / "acronyms.jsonl", records)
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    result = tagdesk("preannotate", "--phrases", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    suggested = [(row[0], row[1]) for row in rows(db_path) if row[4] == "phrases"]
    # "us", "Us" and the "us" of "us of it" are words, not the country; "US-led" holds it.
    assert suggested == [(1, "US"), (2, "US"), (2, "US")]


def test_a_longer_capitalised_text_is_still_compared_in_lower_case(
    tmp_path: Path, db_path: Path
) -> None:
    text = "NATO met. Nato met again. UNICEF came; Unicef left."
    records = [
        {
            "text": text,
            "spans": [
                span(text, "NATO", "ORG", "accepted"),
                span(text, "UNICEF", "ORG", "accepted"),
            ],
        }
    ]
    source = write_jsonl(tmp_path / "longer.jsonl", records)
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    assert tagdesk("preannotate", "--phrases", "--db", str(db_path)).returncode == 0
    # NATO (four letters) is an acronym: "Nato" is left; UNICEF (six) is not: "Unicef" is found.
    assert [row[1] for row in rows(db_path) if row[4] == "phrases"] == ["Unicef"]
