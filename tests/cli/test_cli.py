from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint, span_texts, write_jsonl


def tagdesk(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_db is not None:
        env["TAGDESK_DB"] = str(env_db)
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_import_seeds_then_stats_json_shows_five_documents(db_path: Path) -> None:
    result = tagdesk("import", str(SEEDS), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "5 documents added" in result.stdout
    stats = tagdesk("stats", "--json", "--db", str(db_path))
    figures = json.loads(stats.stdout)
    assert figures["documents"] == {"total": 5, "todo": 5, "in_progress": 0, "done": 0}
    assert set(figures["spans"]) == {"total", "by_label", "by_status"}


def test_tagdesk_db_environment_variable_is_used(db_path: Path) -> None:
    assert (
        tagdesk("import", str(SEEDS / "000_c2822840e7b24912.txt"), env_db=db_path).returncode == 0
    )
    figures = json.loads(tagdesk("stats", "--json", env_db=db_path).stdout)
    assert figures["documents"]["total"] == 1


def test_db_before_the_command_is_accepted(db_path: Path) -> None:
    assert tagdesk("--db", str(db_path), "import", str(SEEDS)).returncode == 0
    figures = json.loads(tagdesk("--db", str(db_path), "stats", "--json").stdout)
    assert figures["documents"]["total"] == 5


def test_first_run_fills_the_default_database_with_the_samples(isolated_home: Path) -> None:
    figures = json.loads(tagdesk("stats", "--json").stdout)
    assert figures["documents"]["total"] == 5
    database = isolated_home / ".local" / "share" / "tagdesk" / "tagdesk.sqlite3"
    assert database.is_file()
    again = json.loads(tagdesk("stats", "--json").stdout)
    assert again["documents"]["total"] == 5


def test_export_round_trip_through_the_command_line(db_path: Path, tmp_path: Path) -> None:
    text = "Soleimani 😀 in Tikrit\r\nand Mosul"
    spans = [
        {"start": text.index(w), "end": text.index(w) + len(w), "label": "GPE"}
        for w in ("Tikrit", "Mosul")
    ]
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": text, "status": "done", "spans": spans}])
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    out = tmp_path / "out.jsonl"
    result = tagdesk("export", str(out), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert [record["text"][s["start"] : s["end"]] for s in record["spans"]] == ["Tikrit", "Mosul"]
    assert span_texts(db_path) == [("GPE", "Tikrit"), ("GPE", "Mosul")]


def test_a_malformed_file_prints_one_line_and_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    tagdesk("import", str(SEEDS), "--db", str(db_path))
    before = database_fingerprint(db_path)
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "ok"}, "{not json"])
    result = tagdesk("import", str(bad), "--db", str(db_path))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"tagdesk: error: {bad}:2: is not valid JSON")
    assert database_fingerprint(db_path) == before


def test_a_newer_database_is_refused_in_one_line(db_path: Path) -> None:
    import sqlite3

    tagdesk("stats", "--db", str(db_path))
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    result = tagdesk("stats", "--db", str(db_path))
    assert result.returncode == 1
    assert "newer Tagdesk" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [[], ["import"], ["preannotate"], ["export"], ["stats"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = tagdesk(*command, "--help")
    assert result.returncode == 0
    assert "usage: tagdesk" in result.stdout
    assert "--db" in result.stdout


def test_export_help_lists_each_format_with_a_description() -> None:
    from tagdesk.formats.registry import FORMATS, exportable

    text = tagdesk("export", "--help").stdout
    for name in exportable():
        assert name in text
        assert FORMATS[name].description.split()[0] in text


def test_stats_does_not_import_qt_or_spacy(db_path: Path) -> None:
    tagdesk("import", str(SEEDS), "--db", str(db_path))
    assert tagdesk("preannotate", "--db", str(db_path)).returncode == 0
    code = (
        "import sys; from tagdesk.cli import main; main(['stats', '--db', sys.argv[1]]);"
        "print(sorted(m for m in ('spacy', 'thinc', 'PySide6') if m in sys.modules))"
    )
    result = subprocess.run(
        [tagdesk_command()[0], "-c", code, str(db_path)], capture_output=True, text=True, timeout=60
    )
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("spans") and "suggested" in line for line in lines), lines
    assert lines[-1] == "[]", result.stderr


@pytest.mark.parametrize(
    "module",
    [
        "tagdesk.app",
        "tagdesk.gui.main_window",
        "tagdesk.gui.preannotate_job",
        "tagdesk.nlp.preannotate",
        "tagdesk.workspace",
    ],
)
def test_opening_the_window_does_not_import_spacy(module: str) -> None:
    code = f"import sys, {module}; print('spacy' in sys.modules, 'thinc' in sys.modules)"
    result = subprocess.run(
        [tagdesk_command()[0], "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False False", result.stderr
