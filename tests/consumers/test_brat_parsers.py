"""Two brat parsers from the package index read the brat export as Tagdesk wrote it.

bratly reads entities, relations, attributes and notes; pybrat reads entities and
relations and raises on any line it cannot parse. Both must find every document,
every span with its fragments (a span across a line break is written `start
end;start end`), and every relation between the right two spans (a symmetric one
from the span that starts first), and bratly every `Tag` attribute and every note,
on spans and on relations.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from pybrat.parser import BratParser

from tests.consumers.corpus import HARD_TEXT, Corpus, StoredDocument, StoredSpan

with warnings.catch_warnings():  # bratly's models use pydantic 1's class Config
    warnings.simplefilter("ignore", DeprecationWarning)
    from bratly import AttributeAnnotation, EntityAnnotation, NoteAnnotation, RelationAnnotation
    from bratly.io import read_document_collection_from_folder

_ESCAPES = {"%": "%25", " ": "%20", "\t": "%09", "\n": "%0A", "\r": "%0D"}


def fragments(text: str, span: StoredSpan) -> list[tuple[int, int]]:
    """The span's pieces between line breaks, which is how brat holds it."""
    pieces, offset = [], span.start
    for line in text[span.start : span.end].split("\n"):
        if line:
            pieces.append((offset, offset + len(line)))
        offset += len(line) + 1
    return pieces


def expected_entities(document: StoredDocument) -> list[tuple[str, list[tuple[int, int]], str]]:
    return [
        (s.label, fragments(document.text, s), " ".join(s.text.split("\n"))) for s in document.spans
    ]


def expected_relations(document: StoredDocument) -> list[tuple[str, str, str]]:
    """(type, head text, child text) of each relation, texts as the .ann writes them."""
    return [
        (r.label, " ".join(r.head.text.split("\n")), " ".join(r.child.text.split("\n")))
        for r in document.relations
    ]


def escaped(tag: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in tag)


def name(document: StoredDocument) -> str:
    return f"{document.id:06d}"


def test_bratly_reads_every_document_span_fragment_attribute_and_note(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus.export("brat")
    collection = read_document_collection_from_folder(
        str(folder), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False
    )
    assert capsys.readouterr().out == ""  # bratly prints each line it could not parse
    assert collection is not None
    read = {Path(d.fullpath).stem: d for d in collection.documents}
    assert sorted(read) == sorted(name(d) for d in corpus.documents)
    for document in corpus.documents:
        parsed = read[name(document)]
        assert parsed.text == document.text
        (annotations,) = parsed.annotation_collections
        items = annotations.annotations
        lines = (folder / f"{name(document)}.ann").read_text(encoding="utf-8").splitlines()
        assert len(items) == len(lines)  # nothing passed over
        entities = [a for a in items if isinstance(a, EntityAnnotation)]
        found = [(e.label, [(f.start, f.end) for f in e.fragments], e.content) for e in entities]
        assert found == expected_entities(document)
        by_id = {e.id: s for e, s in zip(entities, document.spans, strict=True)}
        tags = {
            (a.component.id, *(a.values or []))
            for a in items
            if isinstance(a, AttributeAnnotation) and a.label == "Tag"
        }
        assert tags == {(key, escaped(t)) for key, s in by_id.items() for t in s.tags}
        relations = [a for a in items if isinstance(a, RelationAnnotation)]
        found_relations = [
            (r.label, r.argument1[1].content, r.argument2[1].content) for r in relations
        ]
        assert found_relations == expected_relations(document)
        by_relation = {r.id: s for r, s in zip(relations, document.relations, strict=True)}
        notes = {
            (n.component.id, n.value)
            for n in items
            if isinstance(n, NoteAnnotation) and n.label == "AnnotatorNotes"
        }
        assert notes == {
            (key, s.note) for key, s in (*by_id.items(), *by_relation.items()) if s.note
        }
        assert not [a for a in items if isinstance(a, AttributeAnnotation) and a.label != "Tag"]


def test_the_hard_article_reaches_bratly_with_its_fragments_tags_and_notes(
    corpus: Corpus,
) -> None:
    (hard,) = [d for d in corpus.documents if d.text == HARD_TEXT]
    collection = read_document_collection_from_folder(
        str(corpus.export("brat")), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False
    )
    assert collection is not None
    (parsed,) = [d for d in collection.documents if Path(d.fullpath).stem == name(hard)]
    items = parsed.annotation_collections[0].annotations
    first = next(a for a in items if isinstance(a, EntityAnnotation))
    assert first.content == "Qasem Soleimani"
    assert len(first.fragments) == 2
    assert [HARD_TEXT[f.start : f.end] for f in first.fragments] == ["Qasem", "Soleimani"]
    values = sorted(
        value
        for a in items
        if isinstance(a, AttributeAnnotation) and a.component.id == first.id
        for value in a.values or []
    )
    assert values == ["needs%20review", "vérifié"]
    notes = [n.value for n in items if isinstance(n, NoteAnnotation)]
    assert notes == [
        "two lines in the article",
        "capital; checked against the wire",
        "at the prime minister's office",
    ]
    relations = [
        (r.label, r.argument1[1].content, r.argument2[1].content)
        for r in items
        if isinstance(r, RelationAnnotation)
    ]
    assert relations == [
        ("MET", "Qasem Soleimani", "Haider al-Abadi"),
        ("LOCATED_IN", "Haider al-Abadi", "Baghdad"),
        ("COMMANDS", "Qasem Soleimani", "Popular Mobilization Forces"),
    ]


def test_pybrat_parses_every_line_and_finds_every_span(corpus: Corpus) -> None:
    examples = BratParser(error="raise").parse(corpus.export("brat"))
    read = {example.id: example for example in examples}
    assert sorted(read) == sorted(name(d) for d in corpus.documents)
    for document in corpus.documents:
        example = read[name(document)]
        assert example.text == document.text
        assert example.events == []
        found = [(e.type, [(s.start, s.end) for s in e.spans], e.mention) for e in example.entities]
        assert found == expected_entities(document)
        relations = [(r.type, r.arg1.mention, r.arg2.mention) for r in example.relations]
        assert relations == expected_relations(document)
    assert sum(len(read[name(d)].relations) for d in corpus.documents) == 3
