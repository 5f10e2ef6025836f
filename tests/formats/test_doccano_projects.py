"""doccano files as doccano writes them, through the real `tagdesk import` and `export`.

fixtures/doccano/ holds lines in the shapes of doccano's own files:
`relation_export.jsonl` that of its "JSONL (relation)" export (ids on
entities and relations, `Comments`) and of its relation-extraction import
example (relations without ids); `renamed_columns.jsonl` a sequence-labelling
upload whose columns the project renamed (`column_data`, `column_label`);
`overlapping.jsonl` an export of a project that allows overlapping spans.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import tagdesk_command
from tests.formats.stored_relations import stored_relations
from tests.helpers import database_fingerprint, span_texts

FIXTURES = Path(__file__).parent / "fixtures" / "doccano"
RELATIONS = FIXTURES / "relation_export.jsonl"
RENAMED = FIXTURES / "renamed_columns.jsonl"
OVERLAPPING = FIXTURES / "overlapping.jsonl"


def tagdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    prefix = "tagdesk: warning: "
    return [line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)]


def test_a_relation_project_export_imports_its_entities_without_a_warning(
    db_path: Path,
) -> None:
    result = tagdesk("import", RELATIONS, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "4 documents added, 12 spans added" in result.stdout
    assert warnings(result) == []
    assert span_texts(db_path)[:4] == [
        ("ORG", "Exxon"),
        ("DATE", "1870"),
        ("PERSON", "John D. Rockefeller"),
        ("GPE", "Cleveland"),
    ]


def test_renamed_columns_are_read_where_the_command_line_names_them(db_path: Path) -> None:
    unnamed = tagdesk("import", RENAMED, "--db", db_path)
    assert unnamed.returncode == 1
    assert 'missing "text"' in unnamed.stderr
    before = database_fingerprint(db_path)
    result = tagdesk(
        "import", RENAMED, "--text-field", "article", "--label-field", "entities_found",
        "--db", db_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 documents added, 4 spans added" in result.stdout
    assert database_fingerprint(db_path) != before
    assert span_texts(db_path) == [
        ("ORG", "BP"),
        ("ORG", "Rosneft"),
        ("ORG", "TotalEnergies"),
        ("GPE", "Baghdad"),
    ]
    stats = json.loads(tagdesk("stats", "--json", "--db", db_path).stdout)
    assert stats["documents"]["total"] == 3


def test_a_renamed_text_field_that_a_line_lacks_is_named_with_its_line(
    db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(RENAMED.read_text() + '{"text": "BP", "entities_found": []}\n')
    result = tagdesk("import", bad, "--text-field", "article", "--db", db_path)
    assert result.returncode == 1
    assert result.stderr == (
        f'tagdesk: error: {bad}:4: missing "article": each line needs the document\'s text\n'
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--text-field", "article", "--format", "conll"],
            "--text-field and --label-field apply to the doccano format only",
        ),
        (["--label-field", " ner"], "--label-field must name a field, got ' ner'"),
    ],
)
def test_field_options_outside_doccano_are_refused(
    db_path: Path, options: list[str], message: str
) -> None:
    result = tagdesk("import", RENAMED, *options, "--db", db_path)
    assert result.returncode == 1
    assert result.stderr == f"tagdesk: error: {message}\n"


def test_no_overlap_export_leaves_overlapping_spans_out_and_lists_them(
    db_path: Path, tmp_path: Path
) -> None:
    assert tagdesk("import", OVERLAPPING, "--db", db_path).returncode == 0
    everything = tmp_path / "all.jsonl"
    full = tagdesk("export", everything, "--format", "doccano", "--status", "all", "--db", db_path)
    assert full.returncode == 0, full.stderr
    assert len(json.loads(everything.read_text())["label"]) == 5
    out = tmp_path / "no-overlap.jsonl"
    result = tagdesk(
        "export", out, "--format", "doccano", "--status", "all", "--no-overlap", "--db", db_path
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["label"] == [[0, 18, "ORG"], [33, 46, "GPE"]]
    title = "The New York Times reported from New York City."[:39] + "…"
    kept = "which this export keeps instead (no overlapping spans); left out"
    assert warnings(result) == [
        f"document 1 ({title!r}): span [4, 12) GPE 'New York' overlaps [0, 18) ORG, {kept}",
        f"document 1 ({title!r}): span [33, 41) GPE 'New York' overlaps [33, 46) GPE, {kept}",
        f"document 1 ({title!r}): span [37, 46) LOC 'York City' overlaps [33, 46) GPE, {kept}",
    ]
    assert "1 document and 2 spans written" in result.stdout
    assert "3 spans left out (listed above)" in result.stdout


def test_no_overlap_applies_to_doccano_only(db_path: Path, tmp_path: Path) -> None:
    assert tagdesk("import", OVERLAPPING, "--db", db_path).returncode == 0
    out = tmp_path / "out.conll"
    result = tagdesk("export", out, "--format", "conll", "--no-overlap", "--db", db_path)
    assert result.returncode == 1
    assert result.stderr == "tagdesk: error: --no-overlap applies to the doccano format only\n"
    assert not out.exists()


def relation_triples(path: Path) -> list[list[tuple[str, str, str]]]:
    """(type, from text, to text) of each line's relations, as doccano maps their ids."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text, entities = record["text"], {e["id"]: e for e in record.get("entities", [])}

        def covered(key: int, text: str = text, entities: dict = entities) -> str:
            return text[entities[key]["start_offset"] : entities[key]["end_offset"]]

        found.append(
            [(r["type"], covered(r["from_id"]), covered(r["to_id"])) for r in record["relations"]]
        )
    return found


def test_relations_come_in_between_the_entities_their_ids_name_and_go_out_again(
    db_path: Path, tmp_path: Path
) -> None:
    result = tagdesk("import", RELATIONS, "--annotator", "ana", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "6 relations added" in result.stdout
    assert stored_relations(db_path) == [
        ("foundedAt", "Exxon", "1870", True, "accepted", "", "ana"),
        ("foundedBy", "Exxon", "John D. Rockefeller", True, "accepted", "", "ana"),
        ("foundedIn", "Exxon", "Cleveland", True, "accepted", "", "ana"),
        ("leads", "Lee Raymond", "Exxon", True, "accepted", "", "ana"),
        ("foundedAt", "Chevron", "September 10, 1879", True, "accepted", "", "ana"),
        ("foundedIn", "Chevron", "Pico Canyon", True, "accepted", "", "ana"),
    ]
    out = tmp_path / "out.jsonl"
    exported = tagdesk("export", out, "--format", "doccano", "--status", "all", "--db", db_path)
    assert exported.returncode == 0, exported.stderr
    assert relation_triples(out) == relation_triples(RELATIONS)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all("entities" in line and "label" not in line for line in lines)  # one form
    given = [json.loads(line) for line in RELATIONS.read_text(encoding="utf-8").splitlines()]
    spans = [sorted((e["start_offset"], e["end_offset"], e["label"]) for e in line["entities"])
             for line in given]  # fmt: skip
    assert [
        sorted((e["start_offset"], e["end_offset"], e["label"]) for e in line["entities"])
        for line in lines
    ] == spans


def test_a_relation_naming_a_missing_entity_stops_the_import_and_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    assert tagdesk("import", RENAMED, "--text-field", "article", "--label-field",
                   "entities_found", "--db", db_path).returncode == 0  # fmt: skip
    before = database_fingerprint(db_path)
    lines = RELATIONS.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["relations"][0]["to_id"] = 99
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps(broken), *lines[2:]]) + "\n")
    result = tagdesk("import", bad, "--db", db_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"tagdesk: error: {bad}:2: relation 0 names to_id 99, which no entity of this line has\n"
    )
    assert database_fingerprint(db_path) == before
