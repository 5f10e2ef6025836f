"""Label Studio's relation results, read and written per annotation.

fixtures/label_studio/relations.json is a task as Label Studio's JSON export
writes it: two annotators' annotations (ids, `completed_by` objects, lead
times), regions with Label Studio's generated ids, relation results in each
direction (right, left, bi), with one label, two labels, an empty list, no
`labels` at all and a field of Label Studio's own (`readonly`), and a
prediction with a relation. The first tests read and write the task alone,
the last through `tagdesk import` and `export` on both engines;
test_label_studio_config.py checks the labeling config that declares them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import ExportRelation
from tagdesk.formats import label_studio
from tagdesk.formats.base import FormatOptions
from tests.conftest import tagdesk_command
from tests.formats.stored_relations import stored_relations

FIXTURE = Path(__file__).parent / "fixtures" / "label_studio" / "relations.json"

Said = tuple[str, str, str, bool, str, str, object]


def tagdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def said(document: IncomingDocument | ExportDocument) -> list[Said]:
    """(type, head, child, directed, status, annotator, meta) of each relation."""
    text, spans = document.text, document.spans
    return [
        (
            r.label,
            text[spans[r.head].start : spans[r.head].end],
            text[spans[r.child].start : spans[r.child].end],
            r.directed,
            r.status,
            r.annotator,
            r.meta,
        )
        for r in document.relations
    ]


ANA, BEN = "ana@example.org", "ben@example.org"
EXPECTED: list[Said] = [
    ("COMMANDS", "Qasem Soleimani", "Quds Force", True, "accepted", ANA, None),
    ("MET", "Qasem Soleimani", "Hadi al-Amiri", False, "accepted", ANA, None),
    ("LOCATED_IN", "Hadi al-Amiri", "Baghdad", True, "accepted", ANA, None),
    ("DECLARED", "Hadi al-Amiri", "Baghdad", True, "accepted", ANA, None),
    ("related", "Quds Force", "Baghdad", True, "accepted", ANA, None),
    ("related", "Hadi al-Amiri", "Qasem Soleimani", True, "accepted", ANA, {"readonly": False}),
    ("MEMBER_OF", "Kataib Hezbollah", "IRGC", True, "accepted", BEN, None),
    ("LOCATED_IN", "Kataib Hezbollah", "Baghdad", True, "suggested", "", None),
]


def read(path: Path = FIXTURE) -> IncomingDocument:
    (document,) = label_studio.read(path, FormatOptions())
    return document


def test_relations_are_read_in_their_direction_one_per_label_with_their_annotator() -> None:
    document = read()
    assert said(document) == EXPECTED
    (prediction,) = [r for r in document.relations if r.status == "suggested"]
    assert prediction.source == "rel-model-1"


def exported(document: IncomingDocument) -> ExportDocument:
    spans = tuple(
        ExportSpan(s.start, s.end, s.label, s.status, s.source, s.note, s.annotator, ())
        for s in document.spans
    )
    relations = tuple(
        ExportRelation(
            r.head, r.child, r.label, r.status, r.source, r.note, r.annotator, r.directed, r.meta
        )
        for r in document.relations
    )
    return ExportDocument(1, document.text, "t", "", {}, "done", (), spans, relations)


def relation_items(part: dict) -> list[dict]:
    return [item for item in part["result"] if item["type"] == "relation"]


def test_each_annotation_and_prediction_gets_the_relations_of_its_own_regions() -> None:
    task = label_studio.to_task(exported(read()), ExportSummary())
    first, second = task["annotations"]
    assert first["completed_by"] == {"email": ANA}
    assert relation_items(first) == [
        {"from_id": "a0", "to_id": "a1", "type": "relation", "direction": "right",
         "labels": ["COMMANDS"]},
        {"from_id": "a0", "to_id": "a2", "type": "relation", "direction": "bi", "labels": ["MET"]},
        {"from_id": "a2", "to_id": "a3", "type": "relation", "direction": "right",
         "labels": ["LOCATED_IN", "DECLARED"]},
        {"from_id": "a1", "to_id": "a3", "type": "relation", "direction": "right", "labels": []},
        {"readonly": False, "from_id": "a2", "to_id": "a0", "type": "relation",
         "direction": "right", "labels": []},
    ]  # fmt: skip
    assert relation_items(second) == [
        {"from_id": "a0", "to_id": "a1", "type": "relation", "direction": "right",
         "labels": ["MEMBER_OF"]},
    ]  # fmt: skip
    (prediction,) = task["predictions"]
    assert relation_items(prediction) == [
        {"from_id": "p0-0", "to_id": "p0-1", "type": "relation", "direction": "right",
         "labels": ["LOCATED_IN"]},
    ]  # fmt: skip


def test_the_export_reads_back_with_the_same_relations(tmp_path: Path) -> None:
    out = tmp_path / "tasks.json"
    summary = ExportSummary()
    label_studio.write([(exported(read()), ())], out, FormatOptions(), summary)
    assert summary.relations_unwritten == []
    assert said(read(out)) == EXPECTED


def test_a_relation_across_two_annotations_is_listed_as_left_out() -> None:
    document = exported(read())
    across = ExportRelation(0, 4, "COMMANDS", "accepted", "", "", ANA)  # ana's span to ben's
    document = ExportDocument(**{**document.__dict__, "relations": (across,)})
    summary = ExportSummary()
    task = label_studio.to_task(document, summary)
    assert [relation_items(a) for a in task["annotations"]] == [[], []]
    assert summary.relations_unwritten == [
        "document 1 ('t'): relation COMMANDS from [0, 15) 'Qasem Soleimani' to [76, 92) "
        "'Kataib Hezbollah' joins spans of two annotations (or an annotation and a "
        "prediction), and a Label Studio relation joins regions of one; left out"
    ]
    assert summary.describe().endswith("; 1 relation left out (listed above)")


def _with_relation(tmp_path: Path, relation: dict) -> Path:
    tasks = json.loads(FIXTURE.read_text(encoding="utf-8"))
    tasks[0]["annotations"][1]["result"].append(relation)
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("relation", "message"),
    [
        (
            {"from_id": "yT6w1", "to_id": "Xk1p9", "type": "relation", "direction": "right"},
            "a relation names the region 'Xk1p9' (to_id), which its annotation has no span for",
        ),
        (
            {"from_id": "yT6w1", "to_id": "Pp0cD", "type": "relation", "direction": "up"},
            "a relation's \"direction\" must be one of right, left, bi, got 'up'",
        ),
        (
            {"from_id": "yT6w1", "to_id": "Pp0cD", "type": "relation", "labels": "MEMBER_OF"},
            "a relation's \"labels\" must be a list of names, got 'MEMBER_OF'",
        ),
        (
            {"to_id": "Pp0cD", "type": "relation"},
            'a relation\'s "from_id" must name a region, got null',
        ),
    ],
)
def test_a_relation_naming_no_region_of_its_annotation_is_an_error_naming_the_task(
    tmp_path: Path, relation: dict, message: str
) -> None:
    path = _with_relation(tmp_path, relation)
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}:2: task 0: {message}"


def in_substance(path: Path) -> list[list[tuple[str, str, str, tuple[str, ...], object]]]:
    """Each annotation's and prediction's relations as (head text, child text, right or bi,
    labels, who): regions named by the text they cover, "left" read as Label Studio reads it."""
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for part in (*task["annotations"], *task["predictions"]):
        texts = {r["id"]: r["value"]["text"] for r in part["result"] if r["type"] == "labels"}
        who = (part.get("completed_by") or {}).get("email") or part.get("model_version")
        rows = []
        for item in relation_items(part):
            ends = [texts[item["from_id"]], texts[item["to_id"]]]
            direction = item.get("direction", "right")
            if direction == "left":
                ends.reverse()
            elif direction == "bi":
                ends.sort()
            kind = "bi" if direction == "bi" else "right"
            rows.append((*ends, kind, tuple(item.get("labels") or ()), who))
        found.append(sorted(rows))
    return found


def test_relations_come_in_through_the_command_line_and_go_out_again(
    db_path: Path, tmp_path: Path
) -> None:
    result = tagdesk("import", FIXTURE, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "8 relations added, new relation types: related" in result.stdout
    assert stored_relations(db_path) == [
        # the analyst's, a model's; a suggestion the file names nobody for is shared
        (
            label,
            head,
            child,
            directed,
            status,
            "",
            who or ("" if status == "suggested" else "tester"),
        )
        for label, head, child, directed, status, who, _ in EXPECTED
    ]
    out = tmp_path / "tasks.json"
    exported = tagdesk(
        "export", out, "--status", "all", "--spans", "all", "--relations", "all", "--db", db_path
    )
    assert exported.returncode == 0, exported.stderr
    expected = in_substance(FIXTURE)
    expected[-1] = [(*row[:4], "rel-model-1") for row in expected[-1]]
    written = in_substance(out)
    assert written == expected


def test_suggested_relations_stay_out_unless_asked_for(db_path: Path, tmp_path: Path) -> None:
    assert tagdesk("import", FIXTURE, "--db", db_path).returncode == 0
    out = tmp_path / "tasks.json"
    exported = tagdesk("export", out, "--status", "all", "--spans", "all", "--db", db_path)
    assert exported.returncode == 0, exported.stderr
    assert [len(rows) for rows in in_substance(out)] == [5, 1, 0]
