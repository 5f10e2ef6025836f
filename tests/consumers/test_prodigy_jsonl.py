"""The spacy-jsonl export loads as Prodigy loads a task file (srsly), tokens and spans agreeing.

Prodigy's manual NER interface and `data-to-spacy` need every token's offsets to name
its text, ids to count from 0, and each span's inclusive token_start/token_end to
name the first and last token of exactly its characters.
"""

from __future__ import annotations

import srsly

from tests.consumers.corpus import Corpus


def test_srsly_reads_one_task_a_document_with_the_stored_text_and_spans(corpus: Corpus) -> None:
    tasks = list(srsly.read_jsonl(corpus.export("spacy-jsonl")))
    assert [task["text"] for task in tasks] == [d.text for d in corpus.documents]
    for task, document in zip(tasks, corpus.documents, strict=True):
        assert task["answer"] == "accept"
        assert isinstance(task["_input_hash"], int)
        assert isinstance(task["_task_hash"], int)
        spans = [(s["start"], s["end"], s["label"], s["text"]) for s in task["spans"]]
        assert spans == [(s.start, s.end, s.label, s.text) for s in document.spans]
    hashes = [task["_input_hash"] for task in tasks]
    assert len(set(hashes)) == len(hashes)  # each text its own input


def test_every_token_and_span_is_consistent_the_way_prodigy_checks(corpus: Corpus) -> None:
    import spacy
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    checked = 0
    for task in srsly.read_jsonl(corpus.export("spacy-jsonl")):
        text, tokens = task["text"], task["tokens"]
        assert [token["id"] for token in tokens] == list(range(len(tokens)))
        for token in tokens:
            assert text[token["start"] : token["end"]] == token["text"]
            assert isinstance(token["ws"], bool)
        doc = Doc(vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        assert doc.text == text
        for span in task["spans"]:
            first, last = span["token_start"], span["token_end"]
            assert 0 <= first <= last < len(tokens)
            assert tokens[first]["start"] == span["start"]
            assert tokens[last]["end"] == span["end"]
            made = doc.char_span(span["start"], span["end"], label=span["label"])
            assert made is not None
            assert (made.start, made.end - 1) == (first, last)
            checked += 1
    assert checked == sum(len(d.spans) for d in corpus.documents)


def test_the_hard_article_keeps_its_notes_tags_and_line_break(corpus: Corpus) -> None:
    from tests.consumers.corpus import HARD_SPANS, HARD_TEXT

    (task,) = [t for t in srsly.read_jsonl(corpus.export("spacy-jsonl")) if t["text"] == HARD_TEXT]
    assert task["tags"] == ["hard cases"]
    found = [(s["text"], s["label"], s.get("note", ""), s.get("tags", [])) for s in task["spans"]]
    assert found == [(e, label, note, tags) for e, label, note, tags in HARD_SPANS]
