"""Hostile and odd input through the real `tagdesk import`: one line, exit 1, nothing changed.

Every run has a time limit and an address-space limit, so a hang or a memory
blow-up fails the test instead of the machine. Files made by someone else can
hold links out of their folder, pipes, JSON built to break parsers, and
control characters in labels, tags and notes.
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import subprocess
from pathlib import Path

import pytest

from tagdesk.store import open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint

MEMORY_LIMIT = 3 * 1024**3  # bytes of address space a run may take
TIME_LIMIT = 60  # seconds


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def tagdesk(
    *args: str, stdin: object = None, shell: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, or a bash line around it (`shell` with {tagdesk} in it)."""
    command: list[str] | str = [*tagdesk_command(), *args]
    if shell is not None:
        line = shell.format(tagdesk=shlex.join([*tagdesk_command(), *args]))
        command = ["bash", "-c", line]
    return subprocess.run(
        command,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env=os.environ,
        preexec_fn=_limit_memory,
    )


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    with open_store(db_path) as store:
        import_paths(store, [SEEDS], annotator="tester")
    return db_path


def refused(result: subprocess.CompletedProcess[str], where: str) -> str:
    """One line naming the file (and place), exit status 1, never a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tagdesk: error: {where}"), lines[0]
    return lines[0]


def texts(db_path: Path) -> set[str]:
    with open_store(db_path) as store:
        return {row[0] for row in store.execute("SELECT text FROM document")}


# -- JSON built to break parsers ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("deep.json", "[" * 100_000, ":1: task 0: ", "nested more than 1024"),
        ("deep.jsonl", '{"text": "a", "meta": ' + "[" * 100_000, ":1: ", "nested more than"),
        (
            "surrogate.json",
            '[{"data": {"text": "Mosul \\ud800"}}]',
            ":1: task 0: ",
            "lone surrogate",
        ),
        ("nan.json", '[{"data": {"text": "Mosul", "meta": {"x": NaN}}}]', ":1: task 0: ", "NaN"),
        (
            "huge.jsonl",
            '{"text": "Mosul", "meta": {"id": 99999999999999999999999}}',
            ":1: ",
            "does not fit in 64 bits",
        ),
        (
            "two.json",
            '[{"data": {"text": "Mosul"}}]\n[{"data": {"text": "Tikrit"}}]',
            ":2: ",
            "more than one JSON value",
        ),
        (
            "true.jsonl",
            '{"text": "Mosul", "meta": {"x": 1}, "spans": [{"start": true, "end": 3, '
            '"label": "GPE"}]}\n{"text": "Mosul", "meta": ["list"]}',
            ":1: ",
            "whole numbers",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 16 else "",
)
def test_json_built_to_break_parsers_is_one_line(
    seeded_db: Path, tmp_path: Path, name: str, content: str, where: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content + "\n", encoding="utf-8")
    before = database_fingerprint(seeded_db)
    line = refused(tagdesk("import", str(path), "--db", str(seeded_db)), f"{path}{where}")
    assert message in line
    assert database_fingerprint(seeded_db) == before


# -- folders: only what they hold -----------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "private.txt").write_text("The analyst's private diary\n", encoding="utf-8")
    (folder / "private.ann").write_text("", encoding="utf-8")
    return folder


def hostile_folder(folder: Path, outside: Path, ending: str) -> Path:
    """Two real articles, and everything a folder should not make Tagdesk read."""
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "a.txt").write_text("Fighting in Mosul\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Fighting in Tikrit\n", encoding="utf-8")
    (folder / ".git" / "notes.txt").write_text("git internals\n", encoding="utf-8")
    (folder / ".draft.txt").write_text("a hidden draft\n", encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "private.txt")
    (folder / "leak.ann").symlink_to(outside / "private.ann")
    (folder / "away").symlink_to(outside, target_is_directory=True)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop
    os.mkfifo(folder / "pipe.txt")  # a read would wait forever for a writer
    if ending == ".ann":
        for name in ("a", "sub/b", "pipe", ".draft", ".git/notes", "loop"):
            (folder / f"{name}.ann").write_text("", encoding="utf-8")
    return folder


@pytest.mark.parametrize("kind", ["txt", "brat"])
def test_a_folder_contributes_only_the_regular_files_it_holds(
    db_path: Path, tmp_path: Path, outside: Path, kind: str
) -> None:
    folder = hostile_folder(tmp_path / "corpus", outside, ".ann" if kind == "brat" else ".txt")
    result = tagdesk("import", str(folder), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert texts(db_path) == {"Fighting in Mosul\n", "Fighting in Tikrit\n"}
    warnings = result.stderr.splitlines()
    assert all(line.startswith(f"tagdesk: warning: {folder}: skipped ") for line in warnings)
    said = result.stderr
    assert "links that lead outside the folder" in said
    assert "leak.txt" in said
    assert "away/" in said
    assert "1 link that is broken or loops: loop.txt" in said
    assert "pipe.txt" in said
    assert ".git" not in said  # hidden files are passed over without a word


# -- pipes named on the command line --------------------------------------------------

LINES = '{"text": "A piped article on Basra"}\n{"text": "Another on Kirkuk"}\n'


@pytest.mark.parametrize("how", ["redirect", "pipe", "process-substitution"])
def test_a_pipe_is_read_once_as_a_stream(db_path: Path, tmp_path: Path, how: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINES, encoding="utf-8")
    args = ["--format", "spacy-jsonl", "--db", str(db_path), "--progress", "json"]
    if how == "redirect":
        with source.open("rb") as stream:
            result = tagdesk("import", "/dev/stdin", *args, stdin=stream)
    elif how == "pipe":
        result = tagdesk("import", "/dev/stdin", *args, shell=f"cat {source} | {{tagdesk}}")
    else:
        result = tagdesk("import", *args, shell=f"{{tagdesk}} <(cat {source})")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["documents_added"] == 2
    assert texts(db_path) == {"A piped article on Basra", "Another on Kirkuk"}


def test_a_pipe_without_a_format_is_refused(seeded_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINES, encoding="utf-8")
    before = database_fingerprint(seeded_db)
    result = tagdesk(
        "import", "/dev/stdin", "--db", str(seeded_db), shell=f"cat {source} | {{tagdesk}}"
    )
    assert "pass --format" in refused(result, "/dev/stdin: is a pipe")
    assert database_fingerprint(seeded_db) == before


def test_a_named_pipe_named_on_the_command_line_is_read(db_path: Path, tmp_path: Path) -> None:
    """A FIFO in a folder is never opened; one named on the command line is what was asked."""
    source = tmp_path / "in.jsonl"
    source.write_text(LINES, encoding="utf-8")
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    args = ["import", str(fifo), "--format", "spacy-jsonl", "--db", str(db_path)]
    result = tagdesk(*args, shell=f"{{tagdesk}} & cat {source} > {fifo}; wait $!")
    assert result.returncode == 0, result.stderr
    assert texts(db_path) == {"A piped article on Basra", "Another on Kirkuk"}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(seeded_db: Path, device: str) -> None:
    before = database_fingerprint(seeded_db)
    result = tagdesk("import", device, "--format", "txt", "--db", str(seeded_db))
    assert "is a device" in refused(result, f"{device}: ")
    assert database_fingerprint(seeded_db) == before


# -- labels, tags and notes -----------------------------------------------------------


def span_line(**extra: object) -> str:
    span = {"start": 0, "end": 5, "label": "GPE", **extra}
    return json.dumps({"text": "Mosul was retaken", "spans": [span]})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (span_line(label="GPE\n"), "control character U+000A"),
        (span_line(label="GPE\x1b[2J"), "control character U+001B"),
        (span_line(tags=["war\x07"]), "control character U+0007"),
        (span_line(note="seen\x00here"), "control character U+0000"),
        (span_line(note="seen\x1b]52;c;eA==\x07"), "control character U+001B"),
        (span_line(note="bad\x9bcsi"), "control character U+009B"),
        (json.dumps({"text": "Mosul", "tags": ["iran\x1bproxy"]}), "control character U+001B"),
    ],
    ids=[
        "label-newline",
        "label-esc",
        "span-tag-bel",
        "note-nul",
        "note-osc",
        "note-csi",
        "doc-tag-esc",
    ],
)
def test_labels_tags_and_notes_with_control_characters_are_refused(
    seeded_db: Path, tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "controls.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    before = database_fingerprint(seeded_db)
    assert message in refused(tagdesk("import", str(path), "--db", str(seeded_db)), f"{path}:1: ")
    assert database_fingerprint(seeded_db) == before


def test_a_note_keeps_its_tabs_and_line_breaks(seeded_db: Path, tmp_path: Path) -> None:
    """The control: a note is text on several lines; a Windows line end becomes \\n."""
    path = tmp_path / "notes.jsonl"
    path.write_text(span_line(note="first\tline\r\nsecond line") + "\n", encoding="utf-8")
    result = tagdesk("import", str(path), "--db", str(seeded_db))
    assert result.returncode == 0, result.stderr
    with open_store(seeded_db) as store:
        notes = [row[0] for row in store.execute("SELECT note FROM span WHERE note != ''")]
    assert notes == ["first\tline\nsecond line"]


@pytest.mark.parametrize("option", ["--labels", "--tags"])
def test_export_filters_with_control_characters_are_refused(
    seeded_db: Path, tmp_path: Path, option: str
) -> None:
    out = tmp_path / "out.jsonl"
    result = tagdesk("export", str(out), option, "GPE\x1b[2J", "--db", str(seeded_db))
    assert "control character U+001B" in refused(result, "--labels and --tags: ")
    assert not out.exists()
