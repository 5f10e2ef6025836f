"""A DocBin another tool wrote, damaged or built to exhaust memory, is refused in one line."""

from __future__ import annotations

import os
import resource
import subprocess
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import srsly

from tagdesk.core.errors import InputError
from tagdesk.formats import docbin
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint


@pytest.fixture
def seeded(store: Store) -> Store:
    import_paths(store, [SEEDS], annotator="tester")
    return store


@pytest.fixture
def message(seeded: Store, tmp_path: Path) -> dict[str, Any]:
    """The seeds exported as a DocBin, opened up: the msgpack message spaCy writes."""
    spans = tmp_path / "spans.jsonl"
    spans.write_text(
        '{"text": "Soleimani in Tikrit", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}\n',
        encoding="utf-8",
    )
    import_paths(seeded, [spans], annotator="tester")
    out = tmp_path / "seeds.spacy"
    export_file(seeded, out, selection=ExportFilter(documents="all"))
    return srsly.msgpack_loads(zlib.decompress(out.read_bytes()))


def with_fields(change: Callable[[dict[str, Any]], object]) -> Callable[[dict[str, Any]], None]:
    """Change Tagdesk's entry in the user_data of the last document, the one with a span."""

    def edit(message: dict[str, Any]) -> None:
        user_data = srsly.msgpack_loads(message["user_data"][-1])
        user_data["tagdesk"] = change(user_data["tagdesk"])
        message["user_data"][-1] = srsly.msgpack_dumps(user_data)

    return edit


def first_span(change: Callable[[list[Any]], list[Any]]) -> Callable[[dict[str, Any]], Any]:
    def edit(fields: dict[str, Any]) -> dict[str, Any]:
        fields["spans"][0] = change(list(fields["spans"][0]))
        return fields

    return edit


def lengths_too_long(message: dict[str, Any]) -> None:
    import numpy

    lengths = numpy.frombuffer(message["lengths"], dtype="int32").copy()
    lengths[0] += 1000  # claims more tokens than the file holds
    message["lengths"] = lengths.tobytes()


CASES = {
    "entry-a-string": (with_fields(lambda fields: "tagdesk"), "an object was expected"),
    "meta-a-list": (with_fields(lambda f: {**f, "meta": ["bbc"]}), '"meta" must be dict'),
    "title-a-number": (with_fields(lambda f: {**f, "title": 7}), '"title" must be str'),
    "tags-a-string": (with_fields(lambda f: {**f, "tags": "war"}), '"tags" must be a list'),
    "spans-an-object": (with_fields(lambda f: {**f, "spans": {"a": 1}}), '"spans" must be'),
    "span-short": (with_fields(first_span(lambda s: s[:3])), "a span must be [start, end"),
    "span-tags-a-number": (with_fields(first_span(lambda s: [*s[:7], 5])), "a span must be"),
    "span-offset-a-string": (with_fields(first_span(lambda s: ["0", *s[1:]])), "a span must"),
    "span-offset-true": (with_fields(first_span(lambda s: [True, *s[1:]])), "a span must"),
    "span-outside": (
        with_fields(first_span(lambda s: [0, 10**9, *s[2:]])),
        "ends after the text",
    ),
    "span-label-escape": (
        with_fields(first_span(lambda s: [*s[:2], "GPE\x1b[2J", *s[3:]])),
        "control character U+001B",
    ),
    "lengths-too-long": (lengths_too_long, "damaged.spacy: "),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_docbin_is_refused_in_one_line(
    seeded: Store, db_path: Path, tmp_path: Path, message: dict[str, Any], case: str
) -> None:
    edit, expected = CASES[case]
    edit(message)
    path = tmp_path / "damaged.spacy"
    path.write_bytes(zlib.compress(srsly.msgpack_dumps(message)))
    before = database_fingerprint(db_path)
    with pytest.raises(InputError) as caught:
        import_paths(seeded, [path], annotator="tester")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)
    assert database_fingerprint(db_path) == before


def zeros_compressed(size: int) -> bytes:
    """`size` zero bytes, compressed a piece at a time (about 1,000 to 1)."""
    packer = zlib.compressobj(9)
    piece = bytes(16 * 1024 * 1024)
    parts = [packer.compress(piece) for _ in range(size // len(piece))]
    return b"".join([*parts, packer.flush()])


def test_the_expansion_is_measured_without_holding_it(tmp_path: Path) -> None:
    data = zeros_compressed(64 * 1024 * 1024)
    path = tmp_path / "bomb.spacy"
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="expands to more than 16 MB"):
            docbin.expanded_size(data, path, limit=16 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # one piece and the bound, never the whole expansion
    assert docbin.expanded_size(zlib.compress(b"Mosul" * 1000), path) == 5000


def test_a_bomb_under_the_size_bound_is_refused_by_its_ratio(tmp_path: Path) -> None:
    """400 MB of filler from 400 kB: below the size bound, but no DocBin shrinks 1,000 times."""
    data = zeros_compressed(400 * 1024 * 1024)
    with pytest.raises(InputError, match="expands more than 100 times"):
        docbin.expanded_size(data, tmp_path / "bomb.spacy")


def test_a_compressed_bomb_is_refused_before_memory_blows_up(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    """3 MB on disk, 3 GB expanded: the real command refuses it under a 3 GB memory limit."""
    path = tmp_path / "bomb.spacy"
    path.write_bytes(zeros_compressed(3 * 1024**3))
    assert path.stat().st_size < 8 * 1024 * 1024
    before = database_fingerprint(db_path)
    limit = 3 * 1024**3

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [*tagdesk_command(), "import", str(path), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=110,
        env=os.environ,
        preexec_fn=limit_memory,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tagdesk: error: {path}: expands more than 100 times")
    assert database_fingerprint(db_path) == before
