from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.store import Store
from tagdesk.store.reading import iter_export_documents, stats
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.helpers import database_fingerprint, span_texts, write_jsonl

GOOD = {"text": "Soleimani in Tikrit", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}


def import_file(store: Store, path: Path, format_name: str | None = None):
    return import_paths(store, [path], format_name=format_name, annotator="tester")


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"text": "Mosul", "spans": [', "is not valid JSON"),
        (
            '{"text": "Mosul", "spans": [{"start": 0, "end": 40, "label": "GPE"}]}',
            "ends after the text",
        ),
        (
            '{"text": "Mosul", "spans": [{"start": 4, "end": 2, "label": "GPE"}]}',
            "is before its start",
        ),
        ('{"text": "Mosul", "spans": [{"start": 2, "end": 2, "label": "GPE"}]}', "is empty"),
        ('{"text": "Mosul", "spans": [{"start": -1, "end": 2, "label": "GPE"}]}', "is negative"),
        ('{"meta": {"source": "bbc"}}', 'missing "text"'),
        ('{"text": "Mosul", "spans": [{"start": 0, "end": 5}]}', 'has no "label"'),
        ('{"text": "Mosul", "spans": [{"start": "0", "end": 5, "label": "GPE"}]}', "whole numbers"),
        ('["Mosul"]', "must be a JSON object"),
        ('{"text": "Mosul", "label": [[0, 99, "GPE"]]}', "ends after the text"),
    ],
)
def test_a_malformed_line_names_the_line_and_changes_nothing(
    store: Store, db_path: Path, tmp_path: Path, bad_line: str, message: str
) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    before = database_fingerprint(db_path)
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [GOOD, {"text": "Mosul offensive", "spans": []}, bad_line, GOOD],
    )
    with pytest.raises(InputError) as caught:
        import_file(store, path)
    assert caught.value.line == 3
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:3:")
    assert database_fingerprint(db_path) == before


def test_doccano_forms_all_import(store: Store, db_path: Path, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "doccano.jsonl",
        [
            {"text": "Soleimani in Tikrit", "label": [[0, 9, "PERSON"], [13, 19, "GPE"]]},
            {"text": "Abadi in Baghdad", "labels": [[0, 5, "PERSON"]]},
            {
                "data": "Kurds near Amerli",
                "entities": [{"id": 1, "start_offset": 11, "end_offset": 17, "label": "GPE"}],
            },
        ],
    )
    summary = import_file(store, path)
    assert summary.documents_added == 3
    assert span_texts(db_path) == [
        ("PERSON", "Soleimani"),
        ("GPE", "Tikrit"),
        ("PERSON", "Abadi"),
        ("GPE", "Amerli"),
    ]


def test_forced_doccano_format_reads_doccano(store: Store, db_path: Path, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "Iraq", "label": [[0, 4, "GPE"]]}])
    import_file(store, path, "doccano")
    assert span_texts(db_path) == [("GPE", "Iraq")]


def test_prodigy_fields_are_read(store: Store, tmp_path: Path) -> None:
    record = {
        "text": "Haider al-Abadi declared the offensive",
        "meta": {"title": "Offensive", "source": "bbc", "section": "world"},
        "tokens": [{"text": "Haider", "start": 0, "end": 6, "id": 0, "ws": True}],
        "spans": [
            {
                "start": 0,
                "end": 15,
                "label": "PERSON",
                "token_start": 0,
                "token_end": 1,
                "tags": ["pm"],
                "note": "prime minister",
                "status": "suggested",
                "source": "x@1",
            }
        ],
        "tags": ["politics"],
        "answer": "accept",
        "_input_hash": 1,
        "_task_hash": 2,
    }
    import_file(store, write_jsonl(tmp_path / "p.jsonl", [record]))
    document = next(iter_export_documents(store, span_statuses=("suggested",)))
    assert document.title == "Offensive"
    assert document.source == "bbc"
    assert document.meta == {"section": "world", "_prodigy": {"_input_hash": 1, "_task_hash": 2}}
    assert document.tags == ("politics",)
    span = document.spans[0]
    assert (span.label, span.note, span.tags, span.status, span.source) == (
        "PERSON",
        "prime minister",
        ("pm",),
        "suggested",
        "x@1",
    )


def test_crlf_text_and_its_spans_shift_together(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    text = "Title\r\n\r\nIraq and Iran\r\nTikrit\rMosul"
    spans = [
        {"start": text.index(word), "end": text.index(word) + len(word), "label": "GPE"}
        for word in ("Iraq", "Iran", "Tikrit", "Mosul")
    ]
    path = tmp_path / "crlf.jsonl"
    path.write_text(__import__("json").dumps({"text": text, "spans": spans}) + "\n")
    import_file(store, path)
    assert [text for _, text in span_texts(db_path)] == ["Iraq", "Iran", "Tikrit", "Mosul"]
    stored = store.execute("SELECT text FROM document").fetchone()[0]
    assert stored == "Title\n\nIraq and Iran\nTikrit\nMosul"


def test_a_folder_of_text_files_is_one_transaction(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran backs Iraq\n\nBody")
    (folder / "b.txt").write_bytes(b"Caf\xe9 in Mosul\n")
    with pytest.raises(InputError, match=r"b\.txt:1: is not UTF-8"):
        import_paths(store, [folder], annotator="tester")
    assert stats(store)["documents"]["total"] == 0


def test_txt_title_is_first_line_and_text_keeps_it(store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    rows = store.execute("SELECT title, text FROM document ORDER BY id").fetchall()
    assert len(rows) == 5
    assert rows[0][0] == "Iranian Gen Qasem Soleimani leading the fight against ISIS in Tikrit"
    for title, text in rows:
        assert text.startswith(title)
    nbsp_texts = [text for _, text in rows if "\u00a0" in text]
    assert nbsp_texts, "a seed article with non-breaking spaces keeps them"


def test_unknown_extension_asks_for_a_format(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("{}")
    with pytest.raises(InputError, match="pass --format"):
        import_file(store, path)


def test_progress_knows_how_many_documents_to_expect(store: Store, tmp_path: Path) -> None:
    lines = [{"text": f"Article {n} about Mosul."} for n in range(1, 8)]
    path = write_jsonl(tmp_path / "many.jsonl", lines)
    seen: list[tuple[int, int | None]] = []
    import_paths(store, [path, SEEDS], annotator="t", progress=lambda *call: seen.append(call))
    assert seen[-1] == (12, 12)  # seven lines and five text files


def test_progress_without_a_quick_count_says_so(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text('[{"data": {"text": "Mosul fell."}}]', encoding="utf-8")
    seen: list[tuple[int, int | None]] = []
    import_paths(store, [path], annotator="t", progress=lambda *call: seen.append(call))
    assert seen == [(1, None)]
