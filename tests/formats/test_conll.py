from __future__ import annotations

import re
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportSummary
from tagdesk.store import Store, open_store
from tagdesk.transfer import export_file, import_paths
from tests.helpers import database_fingerprint, span_texts, write_jsonl


def export_conll(store: Store, tmp_path: Path, records: list[dict]) -> tuple[str, ExportSummary]:
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", records)], annotator="t")
    out = tmp_path / "out.conll"
    summary = export_file(store, out)  # told from .conll
    return out.read_text(encoding="utf-8"), summary


def spans_at(text: str, *entities: tuple[str, str]) -> list[dict]:
    return [
        {"start": text.index(e), "end": text.index(e) + len(e), "label": label}
        for e, label in entities
    ]


def test_iob2_columns_sentences_and_docstart(store: Store, tmp_path: Path) -> None:
    first = "Gen\u00a0Qasem Soleimani led\nIRGC forces."
    second = "😀 Tikrit fell."
    records = [
        {
            "text": first,
            "status": "done",
            "spans": spans_at(first, ("Qasem Soleimani", "PERSON"), ("IRGC", "ORG")),
        },
        {"text": second, "status": "done", "spans": spans_at(second, ("Tikrit", "GPE"))},
    ]
    content, summary = export_conll(store, tmp_path, records)
    assert summary.problems == []
    assert content.split("\n") == [
        "-DOCSTART- -X- O O",
        "",
        "Gen -X- _ O",
        "Qasem -X- _ B-PERSON",
        "Soleimani -X- _ I-PERSON",
        "led -X- _ O",
        "",
        "IRGC -X- _ B-ORG",
        "forces -X- _ O",
        ". -X- _ O",
        "",
        "-DOCSTART- -X- O O",
        "",
        "😀 -X- _ O",
        "Tikrit -X- _ B-GPE",
        "fell -X- _ O",
        ". -X- _ O",
        "",
        "",
    ]


def test_overlapping_and_misaligned_spans_are_reported(store: Store, tmp_path: Path) -> None:
    text = "Iranian Gen Qasem Soleimani visited \u200fBaghdad\u200f today"
    spans = spans_at(
        text,
        ("Gen Qasem Soleimani", "PERSON"),
        ("Qasem Soleimani", "PERSON"),
        ("Iranian Gen", "NORP"),
        ("Baghdad", "GPE"),
    )
    content, summary = export_conll(
        store, tmp_path, [{"text": text, "status": "done", "spans": spans}]
    )
    problems = sorted((p.start, p.end, p.label, p.reason) for p in summary.problems)
    assert problems == [
        (0, 11, "NORP", "overlaps [8, 27) PERSON, and CoNLL gives a token one label"),
        (12, 27, "PERSON", "overlaps [8, 27) PERSON, and CoNLL gives a token one label"),
        (37, 44, "GPE", "does not fall on spaCy token boundaries"),
    ]
    assert "Gen -X- _ B-PERSON" in content


def test_export_imports_back_with_the_same_tokens_and_spans(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    text = "Abadi met\r\nQasem\u00a0Soleimani in 𠀀 Amerli\u2028yesterday."
    records = [
        {
            "text": text,
            "status": "done",
            "spans": spans_at(
                text, ("Abadi", "PERSON"), ("Qasem\u00a0Soleimani", "PERSON"), ("Amerli", "GPE")
            ),
        }
    ]
    export_conll(store, tmp_path, records)
    other = tmp_path / "other.sqlite3"
    with open_store(other) as target:
        import_paths(target, [tmp_path / "out.conll"], annotator="t")
        (stored,) = target.execute("SELECT text FROM document").fetchone()
    assert stored == "Abadi met\nQasem Soleimani in 𠀀 Amerli\nyesterday ."
    assert span_texts(other) == [
        ("PERSON", "Abadi"),
        ("PERSON", "Qasem Soleimani"),
        ("GPE", "Amerli"),
    ]


def test_other_tag_schemes_and_a_txt_with_docstart_are_read(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "train.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n"
        "call NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP L-PER\nin O\n"
        "Mosul U-LOC\n\n-DOCSTART- -X- -X- O\n\nIraq\tS-LOC\n",
        encoding="utf-8",
    )
    import_paths(store, [path], annotator="t")
    assert span_texts(db_path) == [
        ("ORG", "EU"),
        ("MISC", "German"),
        ("PER", "Peter Blackburn"),
        ("LOC", "Mosul"),
        ("LOC", "Iraq"),
    ]
    texts = [row[0] for row in store.execute("SELECT text FROM document ORDER BY id")]
    assert texts == ["EU rejects German call\nPeter Blackburn in Mosul", "Iraq"]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("-DOCSTART- -X- -X- O\n\nIraq B-GPE\nfell\n", "needs at least a word and a tag", 4),
        ("-DOCSTART- -X- -X- O\n\nIraq X-GPE\n", "tag 'X-GPE' is not O", 3),
        ("-DOCSTART- -X- -X- O\n\nIraq B-\n", "tag 'B-' is not O", 3),
    ],
)
def test_bad_lines_name_file_and_line(
    store: Store, db_path: Path, tmp_path: Path, content: str, message: str, line: int
) -> None:
    before = database_fingerprint(db_path)
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        import_paths(store, [path], annotator="t")
    assert caught.value.line == line
    assert database_fingerprint(db_path) == before
