"""Every format's export, imported again, gives back what it can carry, unchanged.

What each format cannot carry (and so is left out of its comparison):
- doccano: span notes, span tags and span status (suggestions come back accepted);
- brat: document tags and document status;
- conll: the exact whitespace between tokens, titles, notes, tags and status.
spacy-jsonl, docbin and label-studio carry everything compared here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tagdesk.nlp.tokens import tokenize
from tagdesk.store import open_store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.formats.corpus import annotate_seeds, fill, snapshot

CASES = [
    ("spacy-jsonl", "out.jsonl", {}),
    ("docbin", "out.spacy", {}),
    ("label-studio", "out.json", {}),
    ("doccano", "out.jsonl", {"unit": "utf16"}),
    ("doccano", "out.jsonl", {"unit": "codepoint"}),
    ("brat", "brat-out", {}),
    ("conll", "out.conll", {}),
]


def words(text: str, start: int, end: int, reimported: bool) -> list[str]:
    """CoNLL's words in [start, end): the tokenizer's, less whitespace.

    A reimported text is those words joined by spaces and line breaks.
    """
    if reimported:
        return text[start:end].split()
    return [text[s:e] for s, e, _ in tokenize(text) if start <= s < e <= end and text[s:e].strip()]


def carried(
    format_name: str, documents: list[dict[str, Any]], reimported: bool = False
) -> list[dict[str, Any]]:
    """The part of each document `format_name` can carry."""
    result = []
    for document in documents:
        document = dict(document)
        if format_name == "doccano":
            document["spans"] = [(*s[:4], "accepted", "", ()) for s in document["spans"]]
        elif format_name == "brat":
            document["tags"], document["status"] = [], "todo"
        elif format_name == "conll":
            text = document["text"]
            document = {
                "words": words(text, 0, len(text), reimported),
                "spans": [(s[2], words(text, s[0], s[1], reimported)) for s in document["spans"]],
            }
        result.append(document)
    if format_name == "conll":
        return sorted(result, key=lambda d: d["words"])
    return result


@pytest.mark.parametrize(("format_name", "name", "options"), CASES, ids=lambda v: str(v))
def test_seeds_and_tricky_documents_round_trip(
    tmp_path: Path, format_name: str, name: str, options: dict[str, str]
) -> None:
    with open_store(tmp_path / "source.sqlite3") as source:
        annotate_seeds(source)
        fill(source, tmp_path)
        out = tmp_path / name
        summary = export_file(
            source,
            out,
            format_name=format_name,
            selection=ExportFilter(spans="all"),
            **options,  # type: ignore[arg-type]
        )
        assert summary.problems == []
        assert summary.documents == 11
        expected = snapshot(source)
    assert sum(len(d["spans"]) for d in expected) > 400
    with open_store(tmp_path / "target.sqlite3") as target:
        import_paths(target, [out], format_name=format_name, annotator="t", **options)  # type: ignore[arg-type]
        got = snapshot(target)
    assert carried(format_name, got, reimported=True) == carried(format_name, expected)
