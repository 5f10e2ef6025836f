from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.formats.corpus import fill
from tests.helpers import database_fingerprint, span_texts

TEXT = "😀👩‍👩‍👧 Qasem Soleimani reached Tikrit"
NAME = TEXT.index("Qasem")


def write_tasks(path: Path, tasks: list) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def task(text: str, start: int, end: int, label: str = "PERSON", **value: object) -> dict:
    region = {"start": start, "end": end, "text": text[start:end], "labels": [label], **value}
    return {
        "data": {"text": text},
        "annotations": [
            {
                "result": [
                    {
                        "id": "r1",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": region,
                    }
                ]
            }
        ],
    }


def test_a_task_with_emoji_before_the_entity_imports_in_code_points(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    path = write_tasks(tmp_path / "ls.json", [task(TEXT, NAME, NAME + 15)])
    import_paths(store, [path], annotator="t")  # told from .json
    assert span_texts(db_path) == [("PERSON", "Qasem Soleimani")]


def test_export_writes_code_points_annotations_and_predictions(
    store: Store, tmp_path: Path
) -> None:
    fill(store, tmp_path)
    out = tmp_path / "out.json"
    export_file(store, out, selection=ExportFilter(spans="all"))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    first = next(t for t in tasks if t["data"]["text"].startswith("After emoji"))
    regions = [r for r in first["annotations"][0]["result"] if r["type"] == "labels"]
    for region in regions:
        value = region["value"]
        assert first["data"]["text"][value["start"] : value["end"]] == value["text"]
    assert [r["value"]["text"] for r in regions] == ["Qasem Soleimani", "Tikrit"]
    assert first["predictions"][0]["model_version"] == "en_core_web_sm@3.8.0"
    assert first["predictions"][0]["result"][0]["value"]["labels"] == ["ORG"]
    note = next(r for r in first["annotations"][0]["result"] if r["type"] == "textarea")
    assert note["id"] == regions[0]["id"]
    assert note["value"]["text"] == ["checked ✓ 0"]


def test_utf16_offsets_are_reported_for_their_task(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    before = database_fingerprint(db_path)
    units = NAME + 4  # 😀 and three people: two UTF-16 units each
    bad = task(TEXT, units, units + 15)
    bad["annotations"][0]["result"][0]["value"]["text"] = "Qasem Soleimani"
    path = write_tasks(tmp_path / "ls.json", [task("Iraq", 0, 4, "GPE"), bad])
    with pytest.raises(InputError) as caught:
        import_paths(store, [path], annotator="t")
    task_lines = [n for n, line in enumerate(path.read_text().split("\n"), 1) if line == "  {"]
    assert caught.value.line == task_lines[1]  # where the second task starts
    assert "counted in UTF-16 units" in str(caught.value)
    assert database_fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"data": {"text": "Iraq"}}, {"data": ', "is not valid JSON"),
        ('{"tasks": 1}', 'has no "data" object'),
        ('"text"', "must hold a JSON list"),
        ('[{"data": {"text": "Iraq"}} {"data": {"text": "Iran"}}]', "expected ',' or ']'"),
    ],
)
def test_malformed_files_name_file_and_line(
    store: Store, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        import_paths(store, [path], format_name="label-studio", annotator="t")
    assert str(caught.value).startswith(f"{path}")
    assert caught.value.line == 1
