"""A `tagdesk export` killed between its renames leaves the old export or the new one.

The export stops itself (SIGSTOP) at a named step when TAGDESK_TEST_STOP_AT
says so; the test looks at the disk at that moment, kills it with SIGKILL, and
checks what the next export finds and leaves. Left-over temporary files are
cleaned up by the next export to the same target, and nothing else is.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import tagdesk_command
from tests.reliability.test_export_targets import MANIFEST, seeded_db, tagdesk, tree

__all__ = ["seeded_db"]  # the module fixture, shared with the target tests


@pytest.fixture
def project(tmp_path: Path, seeded_db: Path) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    shutil.copy(seeded_db, folder / "work.db")
    return folder


def export_args(out: str, *extra: str) -> list[str]:
    return ["export", out, *extra, "--status", "all", "--db", "proj/work.db"]


def add_article(project: Path) -> None:
    """One more document, so the next export differs from the one before."""
    article = project / "new.txt"
    article.write_text("Mosul after the offensive\n\nThe city was retaken.\n", encoding="utf-8")
    done = tagdesk("import", str(article), "--db", "proj/work.db", cwd=project.parent)
    assert done.returncode == 0, done.stderr


def stopped_export(project: Path, step: str, *args: str, exchange: bool = True) -> int:
    """Start an export that stops itself at `step`; return its pid once it has stopped."""
    env = {**os.environ, "TAGDESK_TEST_STOP_AT": step}
    if not exchange:
        env["TAGDESK_TEST_NO_EXCHANGE"] = "1"
    child = subprocess.Popen(
        [*tagdesk_command(), *args],
        cwd=project.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the export ended (status {status}) before step {step}"
    child.returncode = None
    return child.pid


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert os.WTERMSIG(status) == signal.SIGKILL


def is_whole_brat_export(folder: Path, documents: int) -> bool:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    names = {p.name for p in folder.iterdir()} - {MANIFEST}
    if names != set(manifest["files"]) or len(names) != 2 * documents + 1:
        return False
    return all(
        hashlib.sha256((folder / name).read_bytes()).hexdigest() == facts["sha256"]
        for name, facts in manifest["files"].items()
    )


def leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def test_killed_after_the_swap_the_new_folder_is_in_place(project: Path) -> None:
    root = project.parent
    assert tagdesk(*export_args("proj/out", "--format", "brat"), cwd=root).returncode == 0
    old = tree(project / "out")
    add_article(project)
    pid = stopped_export(project, "swapped", *export_args("proj/out", "--format", "brat"))
    try:
        assert is_whole_brat_export(project / "out", 6)  # the new one, already in place
        (aside,) = leftovers(project, "out")
        assert aside.endswith(".part")
        assert tree(project / aside) == old
    finally:
        kill(pid)
    assert is_whole_brat_export(project / "out", 6)
    (project / ".out.notes").write_text("the analyst's own file\n", encoding="utf-8")
    assert tagdesk(*export_args("proj/out", "--format", "brat"), cwd=root).returncode == 0
    assert is_whole_brat_export(project / "out", 6)
    assert leftovers(project, "out") == [".out.notes"]


def resume(pid: int) -> None:
    """Let a stopped export run on to its end (it stops again at each later swap)."""
    os.kill(pid, signal.SIGCONT)
    _, status = os.waitpid(pid, os.WUNTRACED)
    while os.WIFSTOPPED(status):
        os.kill(pid, signal.SIGCONT)
        _, status = os.waitpid(pid, os.WUNTRACED)
    assert os.WIFEXITED(status)
    assert os.WEXITSTATUS(status) == 0


def test_killed_between_the_two_renames_the_old_folder_is_put_back(project: Path) -> None:
    root = project.parent
    brat = export_args("proj/out", "--format", "brat")
    assert tagdesk(*brat, cwd=root).returncode == 0
    old = tree(project / "out")
    add_article(project)
    pid = stopped_export(project, "aside", *brat, exchange=False)
    try:
        assert not (project / "out").exists()  # the moment this fallback cannot avoid
        assert sorted(name.rsplit(".", 1)[-1] for name in leftovers(project, "out")) == [
            "old",
            "part",
        ]
    finally:
        kill(pid)
    (project / ".out.notes").write_text("the analyst's own file\n", encoding="utf-8")
    # The next export puts the old folder back first: at its swap, the old one is what it
    # moves aside, and the half-done one is gone.
    pid = stopped_export(project, "swapped", *brat)
    try:
        (aside,) = [name for name in leftovers(project, "out") if name != ".out.notes"]
        assert tree(project / aside) == old
    finally:
        resume(pid)
    assert is_whole_brat_export(project / "out", 6)
    assert leftovers(project, "out") == [".out.notes"]


def test_a_split_export_killed_between_renames_keeps_each_file(project: Path) -> None:
    root = project.parent
    split = export_args("proj/c.spacy", "--split", "0.6")
    assert tagdesk(*split, cwd=root).returncode == 0
    names = ("c-train.spacy", "c-dev.spacy")
    old = {name: (project / name).read_bytes() for name in names}
    add_article(project)
    kill(stopped_export(project, "aside", *split, exchange=False))
    assert not (project / "c-train.spacy").exists()
    assert (project / "c-dev.spacy").read_bytes() == old["c-dev.spacy"]
    pid = stopped_export(project, "swapped", *split)  # stops after swapping the train file
    try:
        (aside,) = leftovers(project, "c-train.spacy")
        assert (project / aside).read_bytes() == old["c-train.spacy"]  # put back, then swapped
    finally:
        resume(pid)
    fresh = tagdesk(*export_args("proj/d.spacy", "--split", "0.6"), cwd=root)
    assert fresh.returncode == 0, fresh.stderr
    for name in names:
        assert (project / name).read_bytes() == (project / name.replace("c-", "d-")).read_bytes()
    assert leftovers(project, "c-train.spacy") == leftovers(project, "c-dev.spacy") == []


def test_only_leftovers_named_as_tagdesk_names_them_are_removed(project: Path) -> None:
    root = project.parent
    hex12 = "0123456789ab"
    user_files = {
        ".out.jsonl.notes": "mine",
        ".out.jsonl.mine.part": "mine too",
        f".out.jsonl.{hex12}.part.keep": "and this",
        f".out.jsonl.{hex12.upper()}.old": "and this",
        f".other.jsonl.{hex12}.part": "another target's",
    }
    for name, text in user_files.items():
        (project / name).write_text(text, encoding="utf-8")
    (project / f".out.jsonl.{hex12}.part").write_text('{"text": "half', encoding="utf-8")
    (project / f".out.jsonl.{'f' * 12}.old").write_text('{"text": "old"}\n', encoding="utf-8")
    folder = project / f".out.jsonl.{'a' * 12}.old"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious", encoding="utf-8")
    done = tagdesk(*export_args("proj/out.jsonl"), cwd=root)
    assert done.returncode == 0, done.stderr
    assert sorted(leftovers(project, "out.jsonl")) == sorted(
        [name for name in user_files if name.startswith(".out.jsonl.")] + [folder.name]
    )
    for name, text in user_files.items():
        assert (project / name).read_text(encoding="utf-8") == text
    assert (folder / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_leftover_folders_are_removed_only_when_they_hold_only_tagdesk_files(
    project: Path,
) -> None:
    root = project.parent
    hex12 = "0123456789ab"
    half = project / f".out.{hex12}.part"  # a killed export's, before its manifest
    half.mkdir()
    (half / "000001.txt").write_text("half", encoding="utf-8")
    (half / "000001.ann").write_text("", encoding="utf-8")
    foreign = project / f".out.{'b' * 12}.part"
    foreign.mkdir()
    (foreign / "000001.txt").write_text("a text", encoding="utf-8")
    (foreign / "thesis.docx").write_text("precious", encoding="utf-8")
    (project / ".out.notes").write_text("mine", encoding="utf-8")
    done = tagdesk(*export_args("proj/out", "--format", "brat"), cwd=root)
    assert done.returncode == 0, done.stderr
    assert leftovers(project, "out") == [foreign.name, ".out.notes"]
    assert (foreign / "thesis.docx").read_text(encoding="utf-8") == "precious"


@pytest.mark.slow
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_killed_at_random_moments_a_brat_export_is_old_or_new(
    project: Path, exchange: bool
) -> None:
    root = project.parent
    assert tagdesk(*export_args("proj/out", "--format", "brat"), cwd=root).returncode == 0
    documents = shown = 5  # documents in the database, and in the export on disk
    rng = random.Random(20261201)
    env = {**os.environ}
    if not exchange:
        env["TAGDESK_TEST_NO_EXCHANGE"] = "1"
    for _ in range(12):
        add_article_numbered(project, documents)
        documents += 1
        child = subprocess.Popen(
            [*tagdesk_command(), *export_args("proj/out", "--format", "brat")],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        check = tagdesk(*export_args("proj/out", "--format", "brat", "--labels", "NOPE"), cwd=root)
        assert check.returncode == 1
        if is_whole_brat_export(project / "out", documents):
            shown = documents
        assert is_whole_brat_export(project / "out", shown)
        assert leftovers(project, "out") == []


def add_article_numbered(project: Path, number: int) -> None:
    article = project / f"new-{number}.txt"
    article.write_text(f"Article {number} from Tikrit\n\nIt is new.\n", encoding="utf-8")
    done = tagdesk("import", str(article), "--db", "proj/work.db", cwd=project.parent)
    assert done.returncode == 0, done.stderr


def finish(pid: int) -> int:
    """Let a stopped export run to its end; its exit status."""
    os.kill(pid, signal.SIGCONT)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status)
    return os.WEXITSTATUS(status)


def test_an_export_running_beside_leaves_the_others_temporaries_alone(project: Path) -> None:
    root = project.parent
    brat = export_args("proj/out", "--format", "brat")
    assert tagdesk(*brat, cwd=root).returncode == 0
    old = tree(project / "out")
    add_article(project)
    first = stopped_export(project, "aside", *brat, exchange=False)
    try:
        held = leftovers(project, "out")  # its .old (the old folder) and its .part (the new)
        second = tagdesk(*brat, cwd=root)
        assert second.returncode == 0, second.stderr
        assert is_whole_brat_export(project / "out", 6)
        assert set(held) <= set(leftovers(project, "out"))  # neither put back nor removed
        (aside,) = [name for name in held if name.endswith(".old")]
        assert tree(project / aside) == old
    finally:
        assert finish(first) == 1  # its target is taken: it fails, and says so
    assert is_whole_brat_export(project / "out", 6)
    assert tagdesk(*brat, cwd=root).returncode == 0
    assert leftovers(project, "out") == []
