"""What `tagdesk export` writes of a team's work, through the real command.

One analyst's database exports byte for byte as before once its documents
are given to that analyst; a reviewer's gold version is what exports write
once it exists; `--annotator` writes one analyst's own work; Label Studio
gets one annotation per annotator and brat an Annotator attribute, and both
come back in with each span's annotator.
"""

from __future__ import annotations

import json
import os
import subprocess
import warnings
from dataclasses import replace
from pathlib import Path

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.team import GOLD
from tagdesk.store import open_store
from tagdesk.store.assignments import set_assignment_status
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.suggestions import add_suggestions
from tests.conftest import tagdesk_command
from tests.helpers import write_jsonl

FIRST = "Ana Lopez met Omar in Basra on Monday."
SECOND = "Hadi spoke in Mosul."
FORMATS = {"spacy-jsonl": "out.jsonl", "label-studio": "out.json", "doccano": "doccano.jsonl",
           "brat": "brat", "conll": "out.conll", "docbin": "out.spacy"}  # fmt: skip


def tagdesk(*args: str, annotator: str = "tester") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAGDESK_ANNOTATOR": annotator}
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=180, env=env
    )


def span(text: str, word: str, label: str, **extra: object) -> dict[str, object]:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "label": label, **extra}


def exports(db: str, folder: Path, *options: str) -> dict[str, bytes]:
    """Every format's export, its files' bytes by name."""
    folder.mkdir()
    found: dict[str, bytes] = {}
    for name, target in FORMATS.items():
        out = folder / target
        result = tagdesk("export", str(out), "--db", db, "--format", name, "--status", "all",
                         "--spans", "all", *options)  # fmt: skip
        assert result.returncode == 0, result.stderr
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        found.update({f"{name}/{f.name}": f.read_bytes() for f in files})
    return found


def test_one_analysts_exports_are_unchanged_when_the_documents_are_given_to_them(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "mine.sqlite3")
    records = [
        {"text": FIRST, "spans": [span(FIRST, "Ana Lopez", "PERSON", note="the minister")]},
        {"text": SECOND, "spans": [span(SECOND, "Hadi", "PERSON")]},
    ]
    assert (
        tagdesk("import", str(write_jsonl(tmp_path / "m.jsonl", records)), "--db", db).returncode
        == 0
    )
    with open_store(db) as store:
        found = [FoundEntities(1, ((22, 27, "GPE"),)), FoundEntities(2, ((14, 19, "GPE"),))]
        add_suggestions(store, found, "m@1")
    before = exports(db, tmp_path / "before")
    assert tagdesk("assign", "--db", db, "--annotators", "tester").returncode == 0
    with open_store(db) as store:  # acting on a suggestion in one analyst's document
        shown = next(s for s in document_spans(store, 1) if s.status == "suggested")
        history = History()
        edit_spans(store, history, "tester", [(shown, replace(shown, note="x"))], text="Note")
        assert [s.note for s in document_spans(store, 1) if s.id == shown.id] == ["x"]  # in place
        history.undo(store)
    assert exports(db, tmp_path / "after") == before
    assert exports(db, tmp_path / "theirs", "--annotator", "tester") == before


def team(db: str, tmp_path: Path) -> None:
    """ana and ben did both texts; a reviewer took ana's Omar and ben's Ana into gold."""
    for name, words in (("ana", ["Ana Lopez", "Omar"]), ("ben", ["Ana", "Basra"])):
        first = [span(FIRST, w, "GPE" if w == "Basra" else "PERSON") for w in words]
        records = [
            {"text": FIRST, "spans": first},
            {"text": SECOND, "spans": [span(SECOND, "Hadi", "PERSON")]},
        ]
        source = write_jsonl(tmp_path / f"{name}.jsonl", records)
        assert tagdesk("import", str(source), "--db", db, "--annotator", name).returncode == 0
    assert (
        tagdesk("assign", "--db", db, "--annotators", "ana,ben", "--overlap", "2").returncode == 0
    )
    with open_store(db) as store:
        add_suggestions(store, [FoundEntities(2, ((14, 19, "GPE"),))], "m@1")
        set_assignment_status(store, 1, "ana", "done")
        spans = document_spans(store, 1)
        chosen = [s for s in spans if (s.annotator, s.start) in (("ana", 14), ("ben", 0))]
        edit_spans(store, History(), GOLD, [(s, replace(s, annotator=GOLD)) for s in chosen],
                   text="Take into gold")  # fmt: skip


def spans_of(path: Path) -> list[tuple[str, str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        found += [
            (task["text"][s["start"] : s["end"]], s["label"], s.get("annotator", ""))
            for s in task["spans"]
        ]
    return found


def test_gold_is_exported_where_it_exists_and_an_annotator_on_request(tmp_path: Path) -> None:
    db = str(tmp_path / "team.sqlite3")
    team(db, tmp_path)
    out = tmp_path / "gold.jsonl"
    assert tagdesk("export", str(out), "--db", db, "--status", "all").returncode == 0
    assert spans_of(out) == [
        ("Ana", "PERSON", GOLD),  # the first text: the reviewer's version only
        ("Omar", "PERSON", GOLD),
        ("Hadi", "PERSON", "ana"),  # no gold in the second: every span, as before
        ("Hadi", "PERSON", "ben"),
    ]
    assert tagdesk("export", str(out), "--db", db, "--status", "all", "--annotator", "ben",
                   "--spans", "all").returncode == 0  # fmt: skip
    assert spans_of(out) == [
        ("Ana", "PERSON", "ben"),
        ("Basra", "GPE", "ben"),
        ("Hadi", "PERSON", "ben"),
        ("Mosul", "GPE", ""),  # the suggestion ben left as it was
    ]
    # --status done: the documents ana marked done, whatever the document's own status.
    assert tagdesk("export", str(out), "--db", db, "--annotator", "ana").returncode == 0
    assert spans_of(out) == [("Ana Lopez", "PERSON", "ana"), ("Omar", "PERSON", "ana")]
    wrong = tagdesk("export", str(tmp_path / "x.jsonl"), "--db", db, "--annotator", "cyd")
    assert wrong.returncode == 1
    assert wrong.stderr == "tagdesk: error: no annotator named cyd (known: ana, ben, gold)\n"
    assert not (tmp_path / "x.jsonl").exists()


def test_label_studio_gets_one_annotation_per_annotator_and_reads_them_back(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "team.sqlite3")
    team(db, tmp_path)
    out = tmp_path / "tasks.json"
    result = tagdesk("export", str(out), "--db", db, "--status", "all", "--annotator", "ana")
    assert result.returncode == 0, result.stderr
    first = json.loads(out.read_text())[0]
    assert [a.get("completed_by") for a in first["annotations"]] == [None]  # one person: as before
    with open_store(db) as store:  # no gold: each analyst's work side by side
        store.execute("DELETE FROM span WHERE annotator = ?", (GOLD,))
    assert tagdesk("export", str(out), "--db", db, "--status", "all").returncode == 0
    tasks = json.loads(out.read_text())
    second = tasks[1]
    assert [a["completed_by"] for a in second["annotations"]] == [
        {"email": "ana"},
        {"email": "ben"},
    ]
    assert [[r["value"]["text"] for r in a["result"]] for a in second["annotations"]] == [
        ["Hadi"],
        ["Hadi"],
    ]
    again = str(tmp_path / "again.sqlite3")
    assert tagdesk("import", str(out), "--db", again).returncode == 0
    with open_store(again) as store:
        rows = store.execute(
            "SELECT document_id, annotator FROM span WHERE status = 'accepted' ORDER BY 1, 2"
        ).fetchall()
    assert [tuple(row) for row in rows if row[0] == 2] == [(2, "ana"), (2, "ben")]


def test_brat_names_each_annotator_where_a_document_has_several(tmp_path: Path) -> None:
    db = str(tmp_path / "team.sqlite3")
    team(db, tmp_path)
    folder = tmp_path / "brat"
    result = tagdesk("export", str(folder), "--db", db, "--format", "brat", "--status", "all",
                     "--annotator", "ana")  # fmt: skip
    assert "Annotator" not in (folder / "000002.ann").read_text()  # one person: as before
    with open_store(db) as store:
        store.execute("DELETE FROM span WHERE annotator = ?", (GOLD,))
    folder = tmp_path / "brat-all"
    result = tagdesk("export", str(folder), "--db", db, "--format", "brat", "--status", "all")
    assert result.returncode == 0, result.stderr
    assert (folder / "000002.ann").read_text().splitlines() == [
        "T1\tPERSON 0 4\tHadi",
        "A1\tAnnotator T1 ana",
        "T2\tPERSON 0 4\tHadi",
        "A2\tAnnotator T2 ben",
    ]
    assert "Annotator Arg:<ENTITY>, Value:ana|ben" in (folder / "annotation.conf").read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from bratly import AttributeAnnotation
        from bratly.io import read_document_collection_from_folder
    collection = read_document_collection_from_folder(
        str(folder), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False
    )
    assert collection is not None
    (parsed,) = [d for d in collection.documents if Path(d.fullpath).stem == "000002"]
    named = [
        (a.component.id, a.values)
        for a in parsed.annotation_collections[0].annotations
        if isinstance(a, AttributeAnnotation)
    ]
    assert named == [("T1", ["ana"]), ("T2", ["ben"])]
    again = str(tmp_path / "again.sqlite3")
    assert tagdesk("import", str(folder), "--db", again).returncode == 0
    with open_store(again) as store:
        rows = store.execute(
            "SELECT annotator, COUNT(*) FROM span WHERE document_id = 2 GROUP BY 1 ORDER BY 1"
        ).fetchall()
        tags = store.execute("SELECT COUNT(*) FROM span_tag").fetchone()[0]
    assert [tuple(row) for row in rows] == [("ana", 1), ("ben", 1)]
    assert tags == 0  # the attribute named the annotator; it is no tag


def test_the_analysts_own_setting_names_them_before_the_environment(tmp_path: Path) -> None:
    settings = tmp_path / "home" / ".config" / "tagdesk" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator": "gold"}))
    db = tmp_path / "t.sqlite3"
    source = write_jsonl(
        tmp_path / "t.jsonl", [{"text": FIRST, "spans": [span(FIRST, "Omar", "PERSON")]}]
    )
    result = tagdesk("import", str(source), "--db", str(db))
    assert result.returncode == 1
    assert result.stderr == (
        "tagdesk: error: annotator 'gold' is the name of the reviewed version (gold), not of a "
        "person; choose another annotator name\n"
    )
    settings.write_text(json.dumps({"annotator": "rana"}))
    result = tagdesk("import", str(source), "--db", str(db), annotator="env-name")
    assert result.returncode == 0, result.stderr
    with open_store(str(db)) as store:
        assert store.execute("SELECT annotator FROM span").fetchall() == [("rana",)]
