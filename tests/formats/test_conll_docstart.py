"""A literal -DOCSTART- in an article survives Tagdesk's own CoNLL export and re-import."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

from tests.conftest import tagdesk_command
from tests.helpers import span_texts

ARTICLES = [
    {
        "text": "The wire service header read -DOCSTART- before the story from Mosul.\n"
        "-DOCSTART-\nSoleimani was seen in Tikrit.",
        "spans": [
            {"start": 62, "end": 67, "label": "GPE"},
            {"start": 80, "end": 89, "label": "PERSON"},
            {"start": 102, "end": 108, "label": "GPE"},
        ],
    },
    {
        "text": "A tag on the marker itself: -DOCSTART- and \\-DOCSTART- near Basra.",
        "spans": [
            {"start": 28, "end": 38, "label": "MISC"},
            {"start": 60, "end": 65, "label": "GPE"},
        ],
    },
]


def tagdesk(*args: str) -> None:
    result = subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=110, env=os.environ
    )
    assert result.returncode == 0, result.stderr


def documents(db: Path) -> list[list[str]]:
    """Each document's words: CoNLL keeps the words, not the spaces between them."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT text FROM document ORDER BY id").fetchall()
    finally:
        connection.close()
    return [text.split() for (text,) in rows]


def words(text: str) -> list[str]:
    from tagdesk.nlp.tokens import tokenize

    return [text[s:e] for s, e, _ in tokenize(text) if not text[s:e].isspace()]


def test_a_docstart_word_does_not_split_the_document_on_re_import(tmp_path: Path) -> None:
    for article in ARTICLES:
        for span in article["spans"]:
            assert article["text"][span["start"] : span["end"]] not in ("", " ")
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    tagdesk("import", str(source), "--db", str(first))
    exported = tmp_path / "out.conll"
    tagdesk("export", str(exported), "--status", "all", "--db", str(first))
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert sum(line.split(" ")[0] == "-DOCSTART-" for line in lines) == 2  # one per document
    assert "\\-DOCSTART- -X- _ B-MISC" in lines
    tagdesk("import", str(exported), "--db", str(second))
    assert documents(second) == [words(article["text"]) for article in ARTICLES]
    assert span_texts(second) == span_texts(first)
    assert ("MISC", "-DOCSTART-") in span_texts(second)
