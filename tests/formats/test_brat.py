from __future__ import annotations

import re
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError, TagdeskError
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.formats.corpus import fill
from tests.helpers import database_fingerprint, span_texts, write_jsonl


def brat_pair(folder: Path, name: str, text: str, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode())
    (folder / f"{name}.ann").write_bytes(ann.encode())
    return folder


def test_export_layout_one_pair_a_document_and_an_annotation_conf(
    store: Store, tmp_path: Path
) -> None:
    fill(store, tmp_path)
    out = tmp_path / "brat"
    summary = export_file(store, out, format_name="brat", selection=ExportFilter(spans="all"))
    assert summary.files == [str(out)]
    names = sorted(p.name for p in out.iterdir())
    assert names[:4] == [".tagdesk-export.json", "000001.ann", "000001.txt", "000002.ann"]
    assert len(names) == 2 * summary.documents + 2
    conf = (out / "annotation.conf").read_text()
    assert conf.count("<OVERLAP>") == 1
    assert "Tag Arg:<ENTITY>, Value:first|verified" in conf
    assert "\nPERSON\n" in conf


def test_ann_lines_look_like_brats(store: Store, tmp_path: Path) -> None:
    text = "😀 Qasem Soleimani\nof Iran"
    spans = [
        {"start": 2, "end": 17, "label": "PERSON", "note": "the general", "tags": ["big fish"]},
        {"start": 8, "end": 25, "label": "X", "status": "suggested"},
    ]
    record = {"text": text, "spans": spans, "status": "done"}
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="t")
    out = tmp_path / "out"
    export_file(store, out, format_name="brat", selection=ExportFilter(spans="all"))
    assert (out / "000001.txt").read_text(encoding="utf-8") == text
    assert (out / "000001.ann").read_text(encoding="utf-8").split("\n") == [
        "T1\tPERSON 2 17\tQasem Soleimani",
        "A1\tTag T1 big%20fish",
        "#1\tAnnotatorNotes T1\tthe general",
        "T2\tX 8 17;18 25\tSoleimani of Iran",
        "A2\tStatus T2 suggested",
        "",
    ]


def test_brat_from_elsewhere_imports_with_crlf_fragments_and_attributes(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    text = "Gen Soleimani\r\nled forces\r\nin Tikrit"
    ann = (
        "T1\tPERSON 4 13\tSoleimani\n"
        "T2\tEVENT 4 13;15 18\tSoleimani led\n"
        "A1\tNegated T1\n"
        "A2\tConfidence T1 high\n"
        "R1\tLocated Arg1:T1 Arg2:T3\n"
        "T3\tGPE 30 36\tTikrit\n"
        "#1\tAnnotatorNotes T3\tcity\n"
    )
    folder = brat_pair(tmp_path / "b", "doc", text, ann)
    import_paths(store, [folder], annotator="t")
    assert span_texts(db_path) == [
        ("PERSON", "Soleimani"),
        ("EVENT", "Soleimani\nled"),
        ("GPE", "Tikrit"),
    ]
    rows = store.execute("SELECT t.name FROM tag t JOIN span_tag s ON s.tag_id = t.id").fetchall()
    assert sorted(rows) == [("Confidence=high",), ("Negated",)]
    assert store.execute("SELECT note FROM span WHERE note != ''").fetchall() == [("city",)]


@pytest.mark.parametrize(
    ("ann", "message", "line"),
    [
        ("T1\tGPE 0 4\tIraq\nT1\tGPE 9 13\tIran\n", "T1 is already defined above", 2),
        ("T1\tGPE 0 4\tIraq\nE1\tGPE:T1\nE1\tGPE:T1\n", "E1 is already defined above", 3),
        ("T1\tGPE 0 4\tIraq\nA1\tConfidence E7 High\n", "which this file does not define", 2),
        ("T1\tGPE 0 4\tIraq\nN1\tReference T1 nothing\n", "must be 'TYPE TARGET BASE:ID'", 2),
        ("T1\tGPE 1 5\tIraq\n", "the .ann says 'Iraq' but [1, 5)", 1),
        ("T1\tGPE 0 99\tIraq\n", "ends after the text", 1),
        ("T1\tGPE zero 4\tIraq\n", "offsets must be 'start end'", 1),
        ("T1\tGPE 0 4\tIraq\nA1\tStatus T1 maybe\n", "Status must be one of", 2),
        ("#1\tAnnotatorNotes T9\tnote\n", "note for 'T9', which this file does not define", 1),
        ("X1\tsomething\n", "is not a brat annotation line", 1),
    ],
)
def test_bad_ann_lines_name_file_and_line_and_change_nothing(
    store: Store, db_path: Path, tmp_path: Path, ann: str, message: str, line: int
) -> None:
    before = database_fingerprint(db_path)
    folder = brat_pair(tmp_path / "b", "doc", "Iraq and Iran", ann)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        import_paths(store, [folder], format_name="brat", annotator="t")
    assert str(caught.value).startswith(f"{folder / 'doc.ann'}:{line}:")
    assert database_fingerprint(db_path) == before


def test_a_single_ann_file_imports_its_pair(store: Store, db_path: Path, tmp_path: Path) -> None:
    folder = brat_pair(tmp_path / "b", "doc", "Iraq and Iran", "T1\tGPE 9 13\tIran\n")
    import_paths(store, [folder / "doc.ann"], annotator="t")
    assert span_texts(db_path) == [("GPE", "Iran")]


def test_export_replaces_an_old_export_but_never_a_folder_of_other_files(
    store: Store, tmp_path: Path
) -> None:
    fill(store, tmp_path)
    out = tmp_path / "brat"
    export_file(store, out, format_name="brat")
    export_file(store, out, format_name="brat")
    (out / "000999.txt").write_text("added by hand")
    with pytest.raises(TagdeskError, match=r"holds 000999\.txt, which Tagdesk did not write"):
        export_file(store, out, format_name="brat")
    assert (out / "000999.txt").read_text() == "added by hand"
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "thesis.docx").write_text("precious")
    with pytest.raises(TagdeskError, match="so it is not a Tagdesk export"):
        export_file(store, papers, format_name="brat")
    assert (papers / "thesis.docx").read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_folder_export_leaves_the_old_folder_and_no_temporary(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store, tmp_path)
    out = tmp_path / "brat"
    export_file(store, out, format_name="brat")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = 0
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(TagdeskError, match="old folder is unchanged"):
        export_file(store, out, format_name="brat")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_folder_is_exported_as_brat(tmp_path: Path) -> None:
    from tagdesk.formats.registry import export_format

    assert export_format(None, tmp_path).name == "brat"
