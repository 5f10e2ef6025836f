from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.helpers import write_jsonl

# Each entity sits somewhere that shifts offsets in careless tools.
TRICKY = [
    ("After emoji 😀👩‍👩‍👧 came Qasem Soleimani to Tikrit.", ["Qasem Soleimani", "Tikrit"]),
    ("Line one\r\nLine two\r\nGen Soleimani in Mosul\r\n", ["Gen Soleimani", "Mosul"]),
    ("قال قاسم سليماني في بغداد ‏Baghdad‏ اليوم", ["قاسم سليماني", "Baghdad"]),
    ('<p class="x">Abadi</p> &amp; <script>alert(1)</script> Iraq', ["Abadi", "Iraq", "<script>"]),
    (
        "Gen\u00a0Qasem\u00a0Soleimani met\u00a0Abadi\u00a0.",
        ["Gen\u00a0Qasem\u00a0Soleimani", "Abadi"],
    ),
    ("𠀀𝐀 math then Kurdish forces\u2028in Amerli", ["Kurdish", "Amerli"]),
]


def tricky_records() -> list[dict]:
    records = []
    for text, entities in TRICKY:
        spans = []
        for entity in entities:
            start = text.index(entity)
            spans.append({"start": start, "end": start + len(entity), "label": "X"})
        records.append({"text": text, "spans": spans})
    return records


def export_records(store: Store, out: Path, **selection: str) -> list[dict]:
    export_file(store, out, selection=ExportFilter(**selection))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]


def test_tricky_spans_export_with_their_text_unchanged(store: Store, tmp_path: Path) -> None:
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", tricky_records())], annotator="t")
    records = export_records(store, tmp_path / "out.jsonl", documents="all")
    assert len(records) == len(TRICKY)
    for record, (_, entities) in zip(records, TRICKY, strict=True):
        texts = sorted(record["text"][s["start"] : s["end"]] for s in record["spans"])
        assert texts == sorted(entities)
        for span in record["spans"]:
            assert span["text"] == record["text"][span["start"] : span["end"]]
        assert "\r" not in record["text"]


def test_reimporting_the_export_is_a_no_op(store: Store, tmp_path: Path) -> None:
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", tricky_records())], annotator="t")
    out = tmp_path / "out.jsonl"
    export_records(store, out, documents="all")
    summary = import_paths(store, [out], annotator="t")
    assert summary.documents_added == 0
    assert summary.spans_added == 0


def test_tokens_hashes_and_token_indexes(store: Store, tmp_path: Path) -> None:
    record = {
        "text": "Gen Qasem Soleimani led IRGC) forces.",
        "spans": [{"start": 4, "end": 19, "label": "PERSON"}],
    }
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="t")
    first = export_records(store, tmp_path / "a.jsonl", documents="all")[0]
    second = export_records(store, tmp_path / "b.jsonl", documents="all")[0]
    tokens = first["tokens"]
    assert [t["text"] for t in tokens][:3] == ["Gen", "Qasem", "Soleimani"]
    assert all(set(t) == {"text", "start", "end", "id", "ws"} for t in tokens)
    span = first["spans"][0]
    assert (span["token_start"], span["token_end"]) == (1, 2)
    assert first["answer"] == "accept"
    assert first["_input_hash"] == second["_input_hash"]
    assert first["_task_hash"] == second["_task_hash"]
    assert -(2**31) <= first["_input_hash"] < 2**31


def test_status_and_span_filters(store: Store, tmp_path: Path) -> None:
    records = [
        {
            "text": "Done article about Iraq",
            "status": "done",
            "spans": [
                {"start": 19, "end": 23, "label": "GPE"},
                {"start": 0, "end": 4, "label": "X", "status": "suggested"},
            ],
        },
        {"text": "Open article about Iran", "spans": [{"start": 19, "end": 23, "label": "GPE"}]},
    ]
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", records)], annotator="t")
    done_only = export_records(store, tmp_path / "d.jsonl")
    assert [r["text"] for r in done_only] == ["Done article about Iraq"]
    assert [s["status"] for s in done_only[0]["spans"]] == ["accepted"]
    everything = export_records(store, tmp_path / "e.jsonl", documents="all", spans="all")
    assert len(everything) == 2
    assert sorted(s["status"] for s in everything[0]["spans"]) == ["accepted", "suggested"]


def test_a_failed_export_keeps_the_old_file(store: Store, tmp_path: Path) -> None:
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", tricky_records())], annotator="t")
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")
    with pytest.raises(TagdeskError):
        export_file(store, out, format_name="no-such-format")
    assert out.read_text() == "previous export\n"
    missing = tmp_path / "missing" / "out.jsonl"
    with pytest.raises(TagdeskError, match="does not exist"):
        export_file(store, missing, selection=ExportFilter(documents="all"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_spans_off_token_boundaries_keep_offsets_but_no_token_indexes(
    store: Store, tmp_path: Path
) -> None:
    record = {
        "text": "Gen Qasem Soleimani led",
        "spans": [
            {"start": 3, "end": 9, "label": "PERSON"},  # " Qasem": starts in the space
            {"start": 4, "end": 19, "label": "PERSON"},
        ],
    }
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="t")
    exported = export_records(store, tmp_path / "out.jsonl", documents="all")[0]
    loose, aligned = exported["spans"]
    assert "token_start" not in loose
    assert loose["text"] == " Qasem"
    assert (aligned["token_start"], aligned["token_end"]) == (1, 2)


def test_an_export_gets_the_usual_file_permissions(store: Store, tmp_path: Path) -> None:
    import os

    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", tricky_records())], annotator="t")
    out = tmp_path / "out.jsonl"
    export_file(store, out, selection=ExportFilter(documents="all"))
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
