"""The doccano export is what doccano's JSONL import accepts.

doccano (a Django server, not installed here) imports a JSONL file by the rules of
its backend/data_import pipeline: each line `rstrip`ped and read with json.loads
(JSONLParser); the text under `column_data` ("text" by default) must be a non-empty
string (TextData). A sequence-labelling project parses each item under
`column_label` ("label") as [start_offset, end_offset, label]; a project with
relations reads the columns `entities` and `relations` instead (its
create_builder): each entity as a span (SpanLabel.parse: an object or a triple,
non-empty label, non-negative integer offsets, start_offset < end_offset) with its
`id`, each relation with integer `from_id` and `to_id` naming entity ids of its
line and a non-empty `type` (RelationLabel, mapped through the line's ids). Every
other key is kept as the example's meta (ColumnBuilder). The rules are restated
here and applied to the export; the corpus holds relations, so the export is in
the relation form, every line. Offsets are UTF-16 units by default, as doccano's
editor counts them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.consumers.corpus import HARD_TEXT, Corpus


def _span(item: object, number: int) -> tuple[int, int, str]:
    if isinstance(item, dict):
        item = [item["start_offset"], item["end_offset"], item["label"]]
    assert isinstance(item, list | tuple), number
    assert len(item) == 3, number
    start, end, label = item
    assert type(start) is int, number
    assert type(end) is int, number
    assert 0 <= start < end, number
    assert isinstance(label, str), number
    assert label, number
    return start, end, label


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
            entities = row.pop("entities")
            spans = [_span(item, number) for item in entities]
            ids = {item["id"]: index for index, item in enumerate(entities)}
            assert len(ids) == len(entities), number
            relations = []
            for relation in row.pop("relations"):
                assert type(relation["from_id"]) is int, number
                assert type(relation["to_id"]) is int, number
                assert isinstance(relation["type"], str), number
                assert relation["type"], number
                head, child = ids[relation["from_id"]], ids[relation["to_id"]]
                relations.append((head, child, relation["type"]))
            rows.append({"text": text, "spans": spans, "relations": relations, "meta": row})
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
        relations = [(row["spans"][h], row["spans"][c], t) for h, c, t in row["relations"]]
        assert [
            (utf16_slice(row["text"], h[0], h[1]), utf16_slice(row["text"], c[0], c[1]), t)
            for h, c, t in relations
        ] == [(r.head.text, r.child.text, r.label) for r in document.relations]
    assert sum(len(row["relations"]) for row in rows) == 3


def test_the_emoji_counts_two_utf16_units_in_the_hard_article(corpus: Corpus) -> None:
    (row,) = [r for r in doccano_rows(corpus.export("doccano")) if r["text"] == HARD_TEXT]
    (document,) = [d for d in corpus.documents if d.text == HARD_TEXT]
    assert [(s, e) for s, e, _ in row["spans"]] == [
        (s.start + 1, s.end + 1) for s in document.spans
    ]
    assert row["meta"]["tags"] == ["hard cases"]
