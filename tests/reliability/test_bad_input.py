"""Bad input of every kind: one clear line, and the database exactly as it was."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError, StoreError, TagdeskError
from tagdesk.store import Store, open_store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint, read_only, write_jsonl

GOOD = '{"text": "Soleimani in Tikrit", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}'
TEXT = "Iraq and Iran"


def brat(folder: Path, ann: str, text: str = TEXT) -> Path:
    folder.mkdir()
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    (folder / "doc.ann").write_text(ann, encoding="utf-8")
    return folder


def label_studio(path: Path, start: int, end: int) -> Path:
    result = {"value": {"start": start, "end": end, "labels": ["GPE"]}, "type": "labels"}
    task = {"data": {"text": TEXT}, "annotations": [{"result": [{**result, "from_name": "label"}]}]}
    path.write_text(json.dumps([task], indent=1), encoding="utf-8")
    return path


def jsonl_lines(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


BYTES_CASES = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 8, "is a binary file"),
    "invalid.txt": (b"Tikrit\nQassem Suleimani\x92s men\n", "invalid.txt:2: is not UTF-8"),
    "invalid.jsonl": (
        jsonl_lines(GOOD, '{"text": "Mosul \xff"}'.encode("latin-1").decode("latin-1")).replace(
            b"\xc3\xbf", b"\xff"
        ),
        "invalid.jsonl:2: is not UTF-8",
    ),
    "wide.txt": ("Tikrit and Mosul".encode("utf-16"), "is UTF-16 or UTF-32 text"),
    "wide.jsonl": ((GOOD + "\n").encode("utf-16"), "is UTF-16 or UTF-32 text"),
    "empty.txt": (b"", "empty.txt: is empty"),
    "blank.txt": (b" \n\n", "blank.txt: is empty"),
    "empty.jsonl": (b"\n\n", "is empty: no JSON lines"),
    "empty.json": (b"  ", "empty.json: is empty"),
    "empty.conll": (b"", "empty.conll"),
    "broken.jsonl": (
        jsonl_lines(GOOD, '{"text": "Mosul", "spans": [', GOOD),
        "broken.jsonl:2: is not valid JSON",
    ),
    "outside.jsonl": (
        jsonl_lines(GOOD, '{"text": "Mosul", "spans": [{"start": 0, "end": 9, "label": "GPE"}]}'),
        "outside.jsonl:2: span [0, 9) ends after the text",
    ),
    "reversed.jsonl": (
        jsonl_lines('{"text": "Mosul", "spans": [{"start": 4, "end": 1, "label": "GPE"}]}'),
        "reversed.jsonl:1: span end 1 is before its start 4",
    ),
    "zero.jsonl": (
        jsonl_lines('{"text": "Mosul", "spans": [{"start": 2, "end": 2, "label": "GPE"}]}'),
        "zero.jsonl:1: span [2, 2) is empty",
    ),
    "unknown.jsonl": (
        jsonl_lines(GOOD, '{"text": "Mosul", "spnas": [{"start": 0, "end": 5, "label": "GPE"}]}'),
        'unknown.jsonl:2: unknown field "spnas"',
    ),
    "unknown_span.jsonl": (
        jsonl_lines(
            '{"text": "Mosul", "spans": [{"start": 0, "end": 5, "label": "GPE", "notes": "x"}]}'
        ),
        'unknown_span.jsonl:1: unknown span field "notes"',
    ),
    "nul.jsonl": (
        jsonl_lines(GOOD, '{"text": "Mosul\\u0000 offensive"}'),
        "nul.jsonl:2: the text holds a NUL character",
    ),
    "doccano_outside.jsonl": (
        jsonl_lines('{"text": "Mosul", "label": [[3, 1, "GPE"]]}'),
        "doccano_outside.jsonl:1: span end 1 is before its start 3",
    ),
}


@pytest.fixture
def seeded(store: Store) -> Store:
    import_paths(store, [SEEDS], annotator="tester")
    return store


@pytest.mark.parametrize("name", list(BYTES_CASES))
def test_a_bad_file_is_refused_in_one_line_and_changes_nothing(
    seeded: Store, db_path: Path, tmp_path: Path, name: str
) -> None:
    data, message = BYTES_CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = database_fingerprint(db_path)
    with pytest.raises(InputError) as caught:
        import_paths(seeded, [path], annotator="tester")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert database_fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: brat(d, "T1\tGPE 0 40\tIraq\n"), "doc.ann:1: T1: span [0, 40) ends after"),
        (lambda d: brat(d, "T1\tGPE 4 0\tIraq\n"), "doc.ann:1: T1: span end 0 is before"),
        (lambda d: brat(d, "T1\tGPE 9 13\tIraq\n"), "the .ann says 'Iraq' but [9, 13)"),
        (lambda d: brat(d, "T1\tGPE 9 13\tIran\n", "Iraq and Iran, again"), None),
        (lambda d: label_studio(d.with_suffix(".json"), 9, 30), "span [9, 30) ends after"),
        (lambda d: label_studio(d.with_suffix(".json"), 4, 4), "is empty"),
    ],
    ids=["brat-outside", "brat-reversed", "brat-disagrees", "brat-agrees", "ls-outside", "ls-zero"],
)
def test_spans_that_do_not_fit_their_text_are_refused(
    seeded: Store, db_path: Path, tmp_path: Path, make, message: str | None
) -> None:
    path = make(tmp_path / "in")
    before = database_fingerprint(db_path)
    if message is None:  # the control: the same pair, agreeing, imports
        import_paths(seeded, [path], annotator="tester")
        assert database_fingerprint(db_path) != before
        return
    with pytest.raises(InputError, match=re.escape(message)):
        import_paths(seeded, [path], annotator="tester")
    assert database_fingerprint(db_path) == before


def test_a_docbin_that_needs_another_vocabulary_is_refused(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    import zlib

    import srsly

    exported = tmp_path / "seeds.spacy"
    export_file(seeded, exported, selection=ExportFilter(documents="all"))
    message = srsly.msgpack_loads(zlib.decompress(exported.read_bytes()))
    message["strings"] = []  # the strings live in the vocabulary that wrote it
    path = tmp_path / "other-vocab.spacy"
    path.write_bytes(zlib.compress(srsly.msgpack_dumps(message)))
    before = database_fingerprint(db_path)
    with pytest.raises(InputError, match="needs strings from another vocabulary"):
        import_paths(seeded, [path], annotator="tester")
    assert database_fingerprint(db_path) == before


def test_a_50_mb_text_file_is_imported_with_progress(tmp_path: Path, db_path: Path) -> None:
    seeds = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    size = 50 * 1024 * 1024
    text = (seeds * (size // len(seeds.encode()) + 1))[:size]
    source = tmp_path / "huge.txt"
    source.write_text(text, encoding="utf-8", newline="\n")
    result = subprocess.run(
        [*tagdesk_command(), "import", str(source), "--db", str(db_path), "--progress", "json"],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"event": "progress", "done": 1, "total": 1} in events
    assert events[-1]["documents_added"] == 1
    with open_store(db_path) as store:
        assert store.execute("SELECT length(text) FROM document").fetchone()[0] == len(text)


# -- the database file itself ------------------------------------------------------------


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=110, env=os.environ
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tagdesk: error: ")
    return lines[0]


def test_a_file_that_is_not_a_database_is_one_line_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Soleimani notes, not a database\n" * 100)
    before = path.read_bytes()
    for command in (["stats"], ["import", str(SEEDS)], []):
        line = one_line_error(tagdesk(*command, "--db", str(path)))
        assert "is not a Tagdesk database" in line
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.sqlite3"]


def test_a_read_only_database_is_read_and_never_written(tmp_path: Path, db_path: Path) -> None:
    with open_store(db_path) as store:
        import_paths(store, [SEEDS], annotator="tester")
        store.execute("UPDATE document SET status = 'done'")
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = database_fingerprint(db_path)
    new = write_jsonl(tmp_path / "new.jsonl", [{"text": "A new article on Kirkuk"}])
    out = tmp_path / "out.jsonl"
    with read_only(db_path):
        assert '"total": 5' in tagdesk("stats", "--json", "--db", str(db_path)).stdout
        exported = tagdesk("export", str(out), "--db", str(db_path))
        assert exported.returncode == 0, exported.stderr
        for command in (["import", str(new)], ["preannotate"], []):
            line = one_line_error(tagdesk(*command, "--db", str(db_path)))
            assert (
                "is read-only (the file cannot be written), and this needs to write to it" in line
            )
        with open_store(db_path) as store, pytest.raises(StoreError, match="read-only"):
            import_paths(store, [new], annotator="tester")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    assert database_fingerprint(db_path) == before


# -- a full disk during export -----------------------------------------------------------


class FullDisk:
    """A file that takes `room` bytes, then fails as a full disk does."""

    def __init__(self, stream, room: int) -> None:
        self._stream = stream
        self._room = room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@pytest.mark.parametrize(
    ("name", "options"),
    [("out.jsonl", {}), ("out.json", {}), ("out.spacy", {}), ("out.spacy", {"split": 0.6})],
    ids=["spacy-jsonl", "label-studio", "docbin", "docbin-split"],
)
def test_a_full_disk_during_export_keeps_the_old_export(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, options: dict
) -> None:
    from tagdesk.formats import atomic

    out = tmp_path / "exports" / name
    out.parent.mkdir()
    export_file(seeded, out, selection=ExportFilter(documents="all"), **options)
    old = {path.name: path.read_bytes() for path in out.parent.iterdir()}
    seeded.execute("UPDATE document SET title = 'changed'")
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        atomic.os, "fdopen", lambda handle, mode: FullDisk(real_fdopen(handle, mode), 2000)
    )
    with pytest.raises(TagdeskError, match=r"export failed, the old file is unchanged.*No space"):
        export_file(seeded, out, selection=ExportFilter(documents="all"), **options)
    assert {path.name: path.read_bytes() for path in out.parent.iterdir()} == old


def test_a_full_disk_during_a_folder_export_keeps_the_old_folder(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brat"
    export_file(seeded, out, format_name="brat", selection=ExportFilter(documents="all"))
    old = {path.name: path.read_bytes() for path in out.iterdir()}
    written: list[int] = []
    real_write_bytes = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        written.append(len(data))
        if len(written) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(TagdeskError, match=r"the old folder is unchanged.*No space"):
        export_file(seeded, out, format_name="brat", selection=ExportFilter(documents="all"))
    monkeypatch.undo()
    assert {path.name: path.read_bytes() for path in out.iterdir()} == old
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("test.sqlite3"))
    assert left == ["brat", "home"]  # no temporary folder is left behind


def test_bom_jsonl_still_imports(seeded: Store, tmp_path: Path) -> None:
    """The control for the encodings above: a UTF-8 file with a byte-order mark is fine."""
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + (GOOD + "\n").encode())
    assert import_paths(seeded, [path], annotator="tester").documents_added == 1
