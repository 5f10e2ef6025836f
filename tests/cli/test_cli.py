from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint, set_schema_version, span_texts, write_jsonl


def tagdesk(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_db is not None:
        env["TAGDESK_DB"] = str(env_db)
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, env=env
    )


def import_two_places(db_path: Path, tmp_path: Path, text: str) -> None:
    """One done document whose spans are Tikrit and Mosul."""
    spans = [
        {"start": text.index(w), "end": text.index(w) + len(w), "label": "GPE"}
        for w in ("Tikrit", "Mosul")
    ]
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": text, "status": "done", "spans": spans}])
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0


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
    import_two_places(db_path, tmp_path, "Soleimani 😀 in Tikrit\r\nand Mosul")
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
    tagdesk("import", str(SEEDS), "--db", str(db_path))
    set_schema_version(db_path, 999)
    before = database_fingerprint(db_path)
    result = tagdesk("stats", "--db", str(db_path))
    assert result.returncode == 1
    assert "newer Tagdesk" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert database_fingerprint(db_path) == before


@pytest.mark.parametrize("command", [[], ["import"], ["preannotate"], ["export"], ["stats"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = tagdesk(*command, "--help")
    assert result.returncode == 0
    assert "usage: tagdesk" in result.stdout
    assert "--db" in result.stdout


@pytest.mark.parametrize("command", ["import", "export"])
def test_help_lists_each_format_with_its_one_line_description(command: str) -> None:
    from tagdesk.formats.registry import FORMATS, exportable, importable

    names = exportable() if command == "export" else importable()
    assert len(names) >= 6
    lines = tagdesk(command, "--help").stdout.splitlines()
    for name in names:
        assert f"  {name:<13} {FORMATS[name].description}" in lines


def test_every_format_exports_and_imports_by_name_alone(db_path: Path, tmp_path: Path) -> None:
    import_two_places(db_path, tmp_path, "😀 Soleimani in Tikrit\r\nand Mosul")
    (tmp_path / "brat").mkdir()
    for name in ("out.jsonl", "out.spacy", "out.json", "out.conll", "brat"):
        out = tmp_path / name
        written = tagdesk("export", str(out), "--db", str(db_path))
        assert written.returncode == 0, written.stderr
        assert "1 document and 2 spans written" in written.stdout
        again = tmp_path / f"{name}.sqlite3"
        read = tagdesk("import", str(out), "--db", str(again))
        assert read.returncode == 0, read.stderr
        assert span_texts(again) == [("GPE", "Tikrit"), ("GPE", "Mosul")], name


def test_export_filters_split_and_unit_options(db_path: Path, tmp_path: Path) -> None:
    texts = [f"Article {n} 😀 about Iraq and Abadi" for n in range(6)]
    records = [
        {
            "text": text,
            "status": "done",
            "tags": ["iraq"] if n % 2 else ["other"],
            "spans": [
                {"start": text.index("Iraq"), "end": text.index("Iraq") + 4, "label": "GPE"},
                {"start": text.index("Abadi"), "end": text.index("Abadi") + 5, "label": "PERSON"},
            ],
        }
        for n, text in enumerate(texts)
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    out = tmp_path / "corpus.spacy"
    result = tagdesk(
        "export",
        str(out),
        "--split",
        "0.67",
        "--tags",
        "iraq",
        "--labels",
        "GPE",
        "--db",
        str(db_path),
    )
    assert result.returncode == 0, result.stderr
    assert "3 documents and 3 spans written to" in result.stdout
    assert (tmp_path / "corpus-train.spacy").is_file()
    assert (tmp_path / "corpus-dev.spacy").is_file()
    doccano = tmp_path / "d.jsonl"
    iraq = texts[0].index("Iraq")
    for unit, start in (("utf16", iraq + 1), ("codepoint", iraq)):
        result = tagdesk(
            "export",
            str(doccano),
            "--format",
            "doccano",
            "--unit",
            unit,
            "--labels",
            "GPE",
            "--db",
            str(db_path),
        )
        assert result.returncode == 0, result.stderr
        first = json.loads(doccano.read_text(encoding="utf-8").split("\n")[0])
        assert first["label"] == [[start, start + 4, "GPE"]]
    refused = tagdesk("export", str(out), "--labels", "NOPE", "--db", str(db_path))
    assert refused.returncode == 1
    assert refused.stderr.startswith("tagdesk: error: no label named NOPE")


def test_spans_an_export_cannot_hold_are_warned_about(db_path: Path, tmp_path: Path) -> None:
    text = "قال \u200fBaghdad\u200f today"
    record = {"text": text, "status": "done", "spans": [{"start": 5, "end": 12, "label": "GPE"}]}
    assert (
        tagdesk(
            "import", str(write_jsonl(tmp_path / "in.jsonl", [record])), "--db", str(db_path)
        ).returncode
        == 0
    )
    result = tagdesk("export", str(tmp_path / "out.conll"), "--db", str(db_path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "tagdesk: warning: document 1 ('قال \\u200fBaghdad\\u200f today'): span [5, 12) GPE "
        "'Baghdad' does not fall on spaCy token boundaries; left out"
    ]
    assert "0 spans written" in result.stdout
    assert "1 span left out" in result.stdout


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


def test_output_cut_short_by_its_reader_is_not_an_error(db_path: Path) -> None:
    tagdesk("import", str(SEEDS), "--db", str(db_path))
    # `true` exits without reading, so every write of Tagdesk's meets a closed pipe
    shell = f"{' '.join(tagdesk_command())} stats --db {db_path} | true"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=60)
    assert result.stderr == ""
    assert "BrokenPipe" not in result.stderr
