"""Label Studio's `completed_by` and doccano's `user` name the spans' annotator, through
the real `tagdesk import`; a file that names no one gets --annotator, else the analyst."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint, query, write_jsonl

TEXT = "Qasem Soleimani met Hadi al-Amiri in Baghdad."


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAGDESK_ANNOTATOR": "dana"}
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, env=env
    )


def annotators(db: Path | str) -> dict[tuple[str, str], str]:
    """(covered text, status) -> annotator."""
    rows = query(
        db,
        'SELECT d.text, s."start", s."end", s.status, s.annotator FROM span s '
        "JOIN document d ON d.id = s.document_id",
    )
    return {(text[start:end], status): who for text, start, end, status, who in rows}


def region(region_id: str, word: str, label: str) -> dict[str, object]:
    start = TEXT.index(word)
    return {
        "id": region_id,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]},
    }


def label_studio_export(path: Path) -> Path:
    """A JSON export of one task annotated twice, as Label Studio 1.x writes it."""
    task = {
        "id": 11,
        "data": {"text": TEXT},
        "annotations": [
            {
                "id": 21,
                "completed_by": {
                    "id": 1,
                    "first_name": "Rana",
                    "last_name": "",
                    "avatar": None,
                    "email": "rana@example.org",
                    "initials": "ra",
                },
                "result": [region("r1", "Qasem Soleimani", "PERSON")],
                "was_cancelled": False,
                "ground_truth": False,
                "created_at": "2024-03-01T10:00:00.000000Z",
                "updated_at": "2024-03-01T10:00:00.000000Z",
                "lead_time": 12.5,
                "task": 11,
                "project": 3,
            },
            {
                "id": 22,
                "completed_by": 7,
                "result": [region("r2", "Hadi al-Amiri", "PERSON")],
                "was_cancelled": False,
                "task": 11,
            },
            {
                "id": 23,
                "completed_by": {"id": 9, "first_name": "Omar", "last_name": "Haddad", "email": ""},
                "result": [region("r3", "Baghdad", "GPE")],
                "was_cancelled": False,
                "task": 11,
            },
        ],
        "predictions": [
            {"model_version": "ner-v1", "result": [region("p1", "Baghdad", "LOC")], "score": 0.5}
        ],
    }
    path.write_text(json.dumps([task], indent=2), encoding="utf-8")
    return path


def test_label_studio_completed_by_names_each_annotation(db_path: Path, tmp_path: Path) -> None:
    source = label_studio_export(tmp_path / "project-3.json")
    result = tagdesk("import", str(source), "--db", str(db_path), "--annotator", "erin")
    assert result.returncode == 0, result.stderr
    assert annotators(db_path) == {
        ("Qasem Soleimani", "accepted"): "rana@example.org",  # the user object's email
        ("Hadi al-Amiri", "accepted"): "label-studio-user-7",  # only the id
        ("Baghdad", "accepted"): "Omar Haddad",  # no email: the name
        ("Baghdad", "suggested"): "",  # a prediction names nobody: shared, not erin's
    }


def test_doccano_user_names_the_spans_else_the_option_does(db_path: Path, tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "admin.jsonl",
        [
            {"id": 1, "text": TEXT, "label": [[0, 15, "PERSON"]], "user": "hiba"},
            {
                "id": 2,
                "text": "Abadi in Tikrit.",
                "entities": [
                    {"id": 5, "label": "PERSON", "start_offset": 0, "end_offset": 5, "user": 3}
                ],
            },
            {"id": 3, "text": "Kurds near Amerli.", "label": [[11, 17, "GPE"]]},
        ],
    )
    result = tagdesk("import", str(source), "--db", str(db_path), "--annotator", "admin")
    assert result.returncode == 0, result.stderr
    assert annotators(db_path) == {
        ("Qasem Soleimani", "accepted"): "hiba",
        ("Abadi", "accepted"): "doccano-user-3",
        ("Amerli", "accepted"): "admin",  # a per-annotator file names its member by --annotator
    }


def test_a_doccano_user_of_the_wrong_kind_is_refused(db_path: Path, tmp_path: Path) -> None:
    tagdesk(
        "import",
        str(write_jsonl(tmp_path / "ok.jsonl", [{"text": "Mosul", "label": []}])),
        "--db",
        str(db_path),
    )
    before = database_fingerprint(db_path)
    bad = write_jsonl(
        tmp_path / "bad.jsonl", [{"text": TEXT, "label": [[0, 5, "PERSON"]], "user": [1]}]
    )
    result = tagdesk("import", str(bad), "--db", str(db_path))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f'tagdesk: error: {bad}:1: "user" must be a name or a number, got a list'
    )
    assert database_fingerprint(db_path) == before


def test_without_a_name_in_the_file_or_option_the_analyst_is_named(
    db_path: Path, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": TEXT, "label": [[0, 15, "PERSON"]]}])
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    assert annotators(db_path) == {("Qasem Soleimani", "accepted"): "dana"}
