"""An export replaces only what the user named as its output, through the real command line.

Every case builds what a hurried analyst has (a folder with a database, a notes
file and a sub-folder), aims `tagdesk export` at something it must not replace,
and checks that the command refuses in one line and that everything is still there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint

FILE_FORMATS = ["spacy-jsonl", "docbin", "doccano", "label-studio", "conll"]
MANIFEST = ".tagdesk-export.json"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the five sample articles, made once and copied into each test."""
    made = tmp_path_factory.mktemp("seeded") / "work.db"
    done = subprocess.run(
        [*tagdesk_command(), "import", str(SEEDS), "--db", str(made)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HOME": str(made.parent), "TAGDESK_ANNOTATOR": "tester"},
    )
    assert done.returncode == 0, done.stderr
    return made


@pytest.fixture
def project(tmp_path: Path, seeded_db: Path) -> Path:
    """proj/ with the database, an unrelated notes file and a sub-folder of the analyst's."""
    folder = tmp_path / "proj"
    folder.mkdir()
    shutil.copy(seeded_db, folder / "work.db")
    (folder / "notes.txt").write_text("who is who in Tikrit\n", encoding="utf-8")
    (folder / "sources").mkdir()
    (folder / "sources" / "article.html").write_text("<p>Mosul</p>\n", encoding="utf-8")
    return folder


def tagdesk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def tree(root: Path) -> dict[str, str | bytes]:
    """Every entry under `root` with its bytes (or what it is), the database files aside."""
    found: dict[str, str | bytes] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.name.startswith("work.db") or name.startswith("home"):
            continue
        if path.is_symlink():
            found[name] = f"link to {path.readlink()}"
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = path.read_bytes()
    return found


def assert_refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("tagdesk: error: "), done.stderr
    for word in words:
        assert word in lines[0], done.stderr
    assert "Traceback" not in done.stderr


# -- a folder where a file is meant ----------------------------------------------------


@pytest.mark.parametrize("format_name", [*FILE_FORMATS, None])
def test_an_export_aimed_at_a_folder_with_the_database_in_it_touches_nothing(
    project: Path, format_name: str | None
) -> None:
    root = project.parent
    before = tree(root)
    database = database_fingerprint(project / "work.db")
    chosen = ["--format", format_name] if format_name else []
    done = tagdesk("export", "proj", *chosen, "--status", "all", "--db", "proj/work.db", cwd=root)
    assert_refused(done, "proj")
    assert tree(root) == before
    assert database_fingerprint(project / "work.db") == database


@pytest.mark.parametrize("format_name", [None, "spacy-jsonl", "doccano"])
def test_a_folder_named_like_a_file_is_not_replaced(project: Path, format_name: str | None) -> None:
    dataset = project / "dataset.jsonl"
    dataset.mkdir()
    (dataset / "part-1.jsonl").write_text('{"text": "mine"}\n', encoding="utf-8")
    root = project.parent
    before = tree(root)
    chosen = ["--format", format_name] if format_name else []
    done = tagdesk(
        "export", "proj/dataset.jsonl", *chosen, "--status", "all", "--db", "proj/work.db", cwd=root
    )
    assert_refused(done, "dataset.jsonl", "folder")
    assert tree(root) == before


@pytest.mark.parametrize("which", ["train", "dev"])
def test_a_split_target_that_is_a_folder_is_refused(project: Path, which: str) -> None:
    (project / f"corpus-{which}.spacy").mkdir()
    (project / f"corpus-{which}.spacy" / "keep.txt").write_text("mine", encoding="utf-8")
    root = project.parent
    before = tree(root)
    done = tagdesk(
        "export", "proj/corpus.spacy", "--split", "0.6", "--status", "all",
        "--db", "proj/work.db", cwd=root,
    )  # fmt: skip
    assert_refused(done, f"corpus-{which}.spacy", "folder")
    assert tree(root) == before


def test_a_folder_export_aimed_at_a_file_is_refused(project: Path) -> None:
    root = project.parent
    before = tree(root)
    done = tagdesk(
        "export", "proj/notes.txt", "--format", "brat", "--status", "all",
        "--db", "proj/work.db", cwd=root,
    )  # fmt: skip
    assert_refused(done, "notes.txt")
    assert tree(root) == before


# -- the database and its companions ---------------------------------------------------


def database_targets(project: Path) -> dict[str, tuple[str, list[str]]]:
    """A name for each way to aim an export at the database: (OUT, extra arguments)."""
    (project / "link.jsonl").symlink_to("work.db")
    os.link(project / "work.db", project / "hard.jsonl")
    (project / "x").mkdir()
    return {
        "same name, unknown extension": ("proj/work.db", []),
        "same name, doccano": ("proj/work.db", ["--format", "doccano"]),
        "same name, docbin": ("proj/work.db", ["--format", "docbin"]),
        "same name, brat": ("proj/work.db", ["--format", "brat"]),
        "a detour": ("proj/x/../work.db", []),
        "absolute": (str(project / "work.db"), []),
        "a symbolic link": ("proj/link.jsonl", []),
        "a hard link": ("proj/hard.jsonl", []),
        "write-ahead log": ("proj/work.db-wal", []),
        "shared memory": ("proj/work.db-shm", []),
        "rollback journal": ("proj/work.db-journal", []),
        "rollback journal, brat": ("proj/work.db-journal", ["--format", "brat"]),
        "a backup": ("proj/work.db.v1-20260101T120000.bak", []),
        "a second backup": ("proj/work.db.v3-20260101T120000-2.bak", []),
    }


CASES = [
    "same name, unknown extension",
    "same name, doccano",
    "same name, docbin",
    "same name, brat",
    "a detour",
    "absolute",
    "a symbolic link",
    "a hard link",
    "write-ahead log",
    "shared memory",
    "rollback journal",
    "rollback journal, brat",
    "a backup",
    "a second backup",
]


@pytest.mark.parametrize("case", CASES)
def test_the_database_and_its_files_are_never_export_targets(project: Path, case: str) -> None:
    out, extra = database_targets(project)[case]
    root = project.parent
    raw = (project / "work.db").read_bytes()
    before = tree(root)
    done = tagdesk("export", out, *extra, "--status", "all", "--db", "proj/work.db", cwd=root)
    assert_refused(done, "database")
    assert tree(root) == before
    assert (project / "work.db").read_bytes() == raw


def test_a_split_half_that_would_be_the_database_is_refused(
    tmp_path: Path, seeded_db: Path
) -> None:
    shutil.copy(seeded_db, tmp_path / "c-dev.spacy")
    raw = (tmp_path / "c-dev.spacy").read_bytes()
    done = tagdesk(
        "export", "c.spacy", "--split", "0.5", "--status", "all", "--db", "c-dev.spacy",
        cwd=tmp_path,
    )  # fmt: skip
    assert_refused(done, "c-dev.spacy", "database")
    assert (tmp_path / "c-dev.spacy").read_bytes() == raw
    assert not (tmp_path / "c-train.spacy").exists()


def test_a_database_through_a_linked_folder_is_refused(project: Path) -> None:
    (project.parent / "alias").symlink_to(project)
    raw = (project / "work.db").read_bytes()
    done = tagdesk(
        "export", "alias/work.db", "--status", "all", "--db", "proj/work.db", cwd=project.parent
    )
    assert_refused(done, "database")
    assert (project / "work.db").read_bytes() == raw


# -- brat: a folder is replaced only when Tagdesk's manifest proves it wrote it ---------


def brat_corpus(folder: Path) -> None:
    """A corpus from brat itself, with a relation."""
    folder.mkdir()
    (folder / "1.txt").write_text("Soleimani visited Tikrit.\n", encoding="utf-8")
    (folder / "1.ann").write_text(
        "T1\tPERSON 0 9\tSoleimani\nT2\tGPE 18 24\tTikrit\nR1\tVisited Arg1:T1 Arg2:T2\n",
        encoding="utf-8",
    )
    (folder / "annotation.conf").write_text("[entities]\nPERSON\nGPE\n", encoding="utf-8")


def test_a_brat_export_into_an_imported_brat_corpus_is_refused(project: Path) -> None:
    corpus = project / "brat"
    brat_corpus(corpus)
    root = project.parent
    imported = tagdesk("import", "proj/brat", "--db", "proj/work.db", cwd=root)
    assert imported.returncode == 0, imported.stderr
    before = tree(root)
    done = tagdesk(
        "export", "proj/brat", "--format", "brat", "--status", "all", "--db", "proj/work.db",
        cwd=root,
    )  # fmt: skip
    assert_refused(done, "proj/brat", MANIFEST)
    assert tree(root) == before
    assert "R1\tVisited" in (corpus / "1.ann").read_text(encoding="utf-8")


def export_brat(root: Path, out: str = "proj/out") -> subprocess.CompletedProcess[str]:
    return tagdesk(
        "export", out, "--format", "brat", "--status", "all", "--db", "proj/work.db", cwd=root
    )


def test_a_brat_export_writes_a_manifest_of_every_file(project: Path) -> None:
    done = export_brat(project.parent)
    assert done.returncode == 0, done.stderr
    out = project / "out"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    written = {p.name for p in out.iterdir()} - {MANIFEST}
    assert set(manifest["files"]) == written
    assert len(written) == 11  # five pairs and annotation.conf
    import hashlib

    for name, facts in manifest["files"].items():
        data = (out / name).read_bytes()
        assert facts == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_an_unchanged_brat_export_is_replaced_and_an_empty_folder_filled(project: Path) -> None:
    root = project.parent
    (project / "out").mkdir()
    assert export_brat(root).returncode == 0
    first = tree(project / "out")
    assert len(first) == 12
    done = export_brat(root)
    assert done.returncode == 0, done.stderr
    assert tree(project / "out") == first
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("change", ["edited", "added", "removed", "manifest edited"])
def test_a_brat_export_changed_by_hand_is_not_replaced(project: Path, change: str) -> None:
    root = project.parent
    assert export_brat(root).returncode == 0
    out = project / "out"
    named = {
        "edited": "000002.ann",
        "added": "000009.ann",
        "removed": "000003.txt",
        "manifest edited": MANIFEST,
    }[change]
    if change == "edited":
        with (out / named).open("a", encoding="utf-8") as stream:
            stream.write("R1\tVisited Arg1:T1 Arg2:T2\n")
    elif change == "added":
        (out / named).write_text("T1\tGPE 0 4\tIraq\n", encoding="utf-8")
    elif change == "removed":
        (out / named).unlink()
    else:
        (out / named).write_text("{}", encoding="utf-8")
    before = tree(root)
    done = export_brat(root)
    assert_refused(done, "proj/out", named)
    assert tree(root) == before
