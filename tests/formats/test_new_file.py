"""An export that writes a new file never takes a name someone else has, even mid-write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.formats.atomic import new_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "exports"
    made.mkdir()
    return made


def _write_then(out: Path, then: str) -> None:
    with new_file(out, what="this export") as stream:
        stream.write(b"ours\n")
        if then == "theirs":
            out.write_text("theirs\n")
        else:
            raise RuntimeError("stopped")


def test_a_file_written_whole_takes_its_name(folder: Path) -> None:
    out = folder / "e.jsonl"
    with new_file(out, what="this export") as stream:
        stream.write(b"one\n")
    assert out.read_bytes() == b"one\n"
    assert [p.name for p in folder.iterdir()] == ["e.jsonl"]


def test_a_file_that_appears_while_writing_is_left_as_it_is(folder: Path) -> None:
    out = folder / "e.jsonl"
    with pytest.raises(TagdeskError, match="appeared while it was written"):
        _write_then(out, "theirs")
    assert out.read_text() == "theirs\n"
    assert [p.name for p in folder.iterdir()] == ["e.jsonl"]


def test_a_failure_while_writing_leaves_nothing(folder: Path) -> None:
    with pytest.raises(RuntimeError):
        _write_then(folder / "e.jsonl", "fail")
    assert list(folder.iterdir()) == []


def test_a_folder_or_a_link_at_the_name_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "nowhere")
    for target in (folder, link):
        with pytest.raises(TagdeskError, match="exists already"), new_file(target, what="it"):
            pass
    assert (folder / "inside.txt").read_text() == "x"
    assert link.is_symlink()
