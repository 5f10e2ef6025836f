"""The doccano export is what doccano's sequence-labelling JSONL import accepts.

doccano (a Django server, not installed here) imports a JSONL file by the rules of
its backend/data_import pipeline: each line `rstrip`ped and read with json.loads
(JSONLParser); the text under `column_data` ("text" by default) must be a non-empty
string (TextData); each item under `column_label` ("label") is parsed as
[start_offset, end_offset, label] (SpanLabel.parse: non-empty label, non-negative
integer offsets, start_offset < end_offset); every other key is kept as the
example's meta (ColumnBuilder). The rules are restated here and applied to the export.
Offsets are UTF-16 units by default, as doccano's editor counts them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.consumers.corpus import HARD_TEXT, Corpus


def doccano_rows(path: Path) -> list[dict[str, Any]]:
    """What doccano's JSONLParser and ColumnBuilder make of each line, or an assertion."""
    rows = []
    with path.open(encoding="utf-8") as lines:  # doccano's LineReader: text mode, rstrip
        for number, line in enumerate(lines, start=1):
            row = json.loads(line.rstrip())
            assert isinstance(row, dict), number
            text = row.pop("text")
            assert isinstance(text, str), number
            assert text, number
            labels = row.pop("label")
            labels = [labels] if isinstance(labels, str | int) else labels
            spans = []
            for item in labels:
                assert isinstance(item, list | tuple), number
                assert len(item) == 3, number
                start, end, label = item
                assert type(start) is int, number
                assert type(end) is int, number
                assert 0 <= start < end, number
                assert isinstance(label, str), number
                assert label, number
                spans.append((start, end, label))
            rows.append({"text": text, "spans": spans, "meta": row})
    return rows


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_every_line_passes_doccanos_import_and_names_the_stored_text(corpus: Corpus) -> None:
    rows = doccano_rows(corpus.export("doccano"))
    assert [row["text"] for row in rows] == [d.text for d in corpus.documents]
    for row, document in zip(rows, corpus.documents, strict=True):
        found = [(utf16_slice(row["text"], s, e), label) for s, e, label in row["spans"]]
        assert found == [(s.text, s.label) for s in document.spans]
        assert set(row["meta"]) <= {"meta", "tags", "status"}  # kept by doccano as meta


def test_the_emoji_counts_two_utf16_units_in_the_hard_article(corpus: Corpus) -> None:
    (row,) = [r for r in doccano_rows(corpus.export("doccano")) if r["text"] == HARD_TEXT]
    (document,) = [d for d in corpus.documents if d.text == HARD_TEXT]
    assert [(s, e) for s, e, _ in row["spans"]] == [
        (s.start + 1, s.end + 1) for s in document.spans
    ]
    assert row["meta"]["tags"] == ["hard cases"]
