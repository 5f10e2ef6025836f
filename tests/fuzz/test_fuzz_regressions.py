"""Inputs the fuzzer found, shrunk, run through the real `tagdesk import` command.

Each is refused in one line that names the file and line, with exit status 1,
and the database stays exactly as it was.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tagdesk.store import open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS, tagdesk_command
from tests.fuzz.strategies import SEEDS as FUZZ_SEEDS
from tests.helpers import database_fingerprint

PRODIGY_SEED = (FUZZ_SEEDS / "prodigy_ner_manual.jsonl").read_bytes()

# name: (files, the path to import, what the one line says after the file name)
FOUND: dict[str, tuple[dict[str, bytes], str, str]] = {
    # A Prodigy span whose "text" is not what its offsets cover: the offsets or the text changed.
    "prodigy-span-text": (
        {
            "in.jsonl": b'{"text": "Iraq ", "spans": [{"start": 0, "end": 1, "label": "PERSON", '
            b'"text": "Iraq "}]}\n'
        },
        "in.jsonl",
        ":1: span [0, 1) PERSON says it covers 'Iraq ' but covers 'I'",
    ),
    # The same, from one flipped bit in a Prodigy ner.manual export.
    "prodigy-flipped-byte": (
        {"ner.jsonl": PRODIGY_SEED.replace(b'"text": "Kurdish"}', b'"text": "Jurdish"}', 1)},
        "ner.jsonl",
        ":1: span [0, 7) NORP says it covers 'Jurdish' but covers 'Kurdish'",
    ),
    # A doccano label with a line break printed the break into the message.
    "doccano-label-newline": (
        {
            "in.jsonl": b'{"id": 1, "text": "\\ud83d\\udc69\\u200d\\ud83d\\udc69\\u200d'
            b'\\ud83d\\udc67 000 ", "entities": [{"id": 0, "start_offset": 0, "end_offset": 9, '
            b'"label": "GPE\\n"}]}\n'
        },
        "in.jsonl",
        ":1: span label 'GPE\\n' holds the control character U+000A",
    ),
    # A label with a final line break passed the name check (re's `$` matches before it).
    "label-final-newline": (
        {"in.jsonl": b'{"text": "Mosul", "spans": [{"start": 0, "end": 5, "label": "GPE\\n"}]}\n'},
        "in.jsonl",
        ":1: span label 'GPE\\n' holds the control character U+000A",
    ),
    # A text file that is a byte-order mark and whitespace was imported as a blank document.
    "txt-bom-and-blanks": ({"0.txt": b"\xef\xbb\xbf\t "}, "0.txt", ": is empty"),
    # A key with a line break, named in the message, broke it into two lines.
    "jsonl-key-newline": (
        {"in.jsonl": b'{"text": "Mosul", "sp\\nans": []}\n'},
        "in.jsonl",
        ':1: unknown field "sp\\nans"',
    ),
    # One flipped byte made two T3 lines; the second replaced the first, and a span was lost.
    "brat-duplicate-id": (
        {
            "tikrit.txt": (FUZZ_SEEDS / "brat" / "tikrit.txt").read_bytes(),
            "tikrit.ann": (FUZZ_SEEDS / "brat" / "tikrit.ann")
            .read_bytes()
            .replace(b"T1", b"T3", 1),
        },
        "tikrit.ann",
        ":3: T3 is already defined above",
    ),
    # A text file mutated into "-DOCSTART-" is read as CoNLL (by design) and added nothing,
    # yet the import reported success.
    "conll-no-tokens": ({"article.txt": b"-DOCSTART-"}, "article.txt", ": holds no tokens"),
    # A brat id with an escape character reached the terminal as it was. (It is no
    # brat id, whose letter is followed by its number, so the line is refused whole.)
    "brat-id-escape": (
        {"doc.txt": b"Iraq and Iran", "doc.ann": b"T\x1b1\tGPE 0 x\tIraq\n"},
        "doc.ann",
        ":1: is not a brat annotation line: 'T\\x1b1\\tGPE 0 x\\tIraq'",
    ),
    "brat-id-tail-escape": (
        {"doc.txt": b"Iraq and Iran", "doc.ann": b"T1\x1b\tGPE 0 x\tIraq\n"},
        "doc.ann",
        ":1: T1\\x1b: offsets must be 'start end', got '0 x'",
    ),
}


@pytest.fixture
def seeded(db_path: Path) -> Path:
    with open_store(db_path) as store:
        import_paths(store, [SEEDS], annotator="tester")
    return db_path


@pytest.mark.parametrize("name", list(FOUND))
def test_a_found_input_is_one_line_and_changes_nothing(
    seeded: Path, tmp_path: Path, name: str
) -> None:
    files, target, message = FOUND[name]
    folder = tmp_path / "input"
    folder.mkdir()
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    before = database_fingerprint(seeded)
    result = subprocess.run(
        [*tagdesk_command(), "import", str(folder / target), "--db", str(seeded)],
        capture_output=True,
        timeout=110,
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].isprintable(), lines[0]
    assert lines[0].startswith(f"tagdesk: error: {folder}/"), lines[0]
    assert message in lines[0]
    assert database_fingerprint(seeded) == before
