"""Filters, progress, cancellation and format choice: what the export dialog relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import CancelledError, TagdeskError
from tagdesk.formats.registry import export_format
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.formats.corpus import TRICKY, fill
from tests.helpers import write_jsonl


def state(out: Path) -> dict[str, bytes]:
    """Every file an export wrote, by name, with its bytes."""
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    return {path.name: path.read_bytes() for path in files}


def lines(path: Path) -> list[dict]:
    # Not splitlines(): a text may hold U+2028, which JSON writers leave unescaped.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_label_filter_keeps_documents_and_only_those_labels(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path)
    out = tmp_path / "out.jsonl"
    summary = export_file(store, out, selection=ExportFilter(labels=("GPE", "NORP")))
    records = lines(out)
    assert len(records) == summary.documents == len(TRICKY)
    assert {s["label"] for r in records for s in r["spans"]} == {"GPE", "NORP"}
    assert summary.spans == sum(len(r["spans"]) for r in records)


def test_tag_filter_keeps_documents_with_any_of_the_tags(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path)
    out = tmp_path / "out.jsonl"
    export_file(store, out, selection=ExportFilter(tags=("t1", "t4")))
    assert [r["tags"] for r in lines(out)] == [["t1", "tricky"], ["t4", "tricky"]]


def test_spans_all_adds_suggestions_but_never_rejections(store: Store, tmp_path: Path) -> None:
    records = [
        {
            "text": "Iraq and Iran",
            "status": "done",
            "spans": [
                {"start": 0, "end": 4, "label": "GPE"},
                {"start": 9, "end": 13, "label": "GPE", "status": "suggested"},
                {"start": 0, "end": 8, "label": "ORG", "status": "rejected"},
            ],
        }
    ]
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", records)], annotator="t")
    out = tmp_path / "out.jsonl"
    export_file(store, out, selection=ExportFilter(spans="all"))
    assert [s["status"] for s in lines(out)[0]["spans"]] == ["accepted", "suggested"]
    export_file(store, out)
    assert [s["status"] for s in lines(out)[0]["spans"]] == ["accepted"]


def test_unknown_names_in_a_filter_are_refused(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path)
    with pytest.raises(TagdeskError, match="no label named NOPE"):
        export_file(store, tmp_path / "o.jsonl", selection=ExportFilter(labels=("NOPE",)))
    with pytest.raises(TagdeskError, match="no tag named nope"):
        export_file(store, tmp_path / "o.jsonl", selection=ExportFilter(tags=("nope",)))
    with pytest.raises(TagdeskError, match="spans must be"):
        ExportFilter(spans="rejected")


def test_progress_reports_done_and_total(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path)
    calls: list[tuple[int, int]] = []
    export_file(
        store, tmp_path / "o.jsonl", progress=lambda done, total: calls.append((done, total))
    )
    total = len(TRICKY)
    assert calls == [(done, total) for done in range(1, total + 1)]


@pytest.mark.parametrize(
    ("format_name", "name"),
    [
        ("spacy-jsonl", "out.jsonl"),
        ("doccano", "out.jsonl"),
        ("label-studio", "out.json"),
        ("conll", "out.conll"),
        ("docbin", "out.spacy"),
        ("brat", "out"),
    ],
)
def test_cancelling_keeps_the_old_export_and_leaves_no_temporary(
    store: Store, tmp_path: Path, format_name: str, name: str
) -> None:
    fill(store, tmp_path)
    out = tmp_path / name
    export_file(store, out, format_name=format_name, selection=ExportFilter(labels=("GPE",)))
    before = state(out)
    seen: list[int] = []
    with pytest.raises(CancelledError):
        export_file(
            store,
            out,
            format_name=format_name,
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [1, 2]
    assert state(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_exports_reuse_the_stored_tokens(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store, tmp_path)
    export_file(store, tmp_path / "first.jsonl")
    cached = store.execute("SELECT COUNT(*) FROM document_tokens").fetchone()[0]
    assert cached == len(TRICKY)

    def fail(text: str) -> list:
        raise AssertionError("tokenized again")

    monkeypatch.setattr("tagdesk.nlp.tokens.tokenize", fail)
    export_file(store, tmp_path / "second.spacy")
    export_file(store, tmp_path / "third.conll")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("train.jsonl", "spacy-jsonl"),
        ("train.ndjson", "spacy-jsonl"),
        ("tasks.json", "label-studio"),
        ("whatever.out", "spacy-jsonl"),
    ],
)
def test_the_format_is_told_from_the_output_name(name: str, expected: str, tmp_path: Path) -> None:
    assert export_format(None, tmp_path / name).name == expected
    assert export_format("doccano", tmp_path / name).name == "doccano"
