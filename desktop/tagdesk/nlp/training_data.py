"""The analyst's decisions as spaCy training examples, and the dev split.

A document marked done was read through: its accepted spans are the
entities and the rest of its text is known to hold none. In a document not
done only the reviewed spans are known, so every other token is *missing*
(spaCy's `-`), neither entity nor "no entity". A rejected span goes into
the `incorrect_spans` group, which the entity recogniser learns not to
predict with that label, without being told what the text is instead.

spaCy is imported inside the functions; the records come from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tagdesk.core.reviewed import Range, ReviewedDocument
from tagdesk.core.text import text_sha256
from tagdesk.nlp.pipeline import PIECE_LENGTH, pieces_of

DEV_SHARE = 0.2  # the share of documents held out to score the models on
INCORRECT_SPANS_KEY = "incorrect_spans"


def dev_position(text: str) -> float:
    """Where a text falls in [0, 1): from its SHA-256, so a document stays on its side of
    the split in every run, whatever else is added."""
    return int(text_sha256(text)[:8], 16) / 2**32


def split_by_hash(
    documents: Sequence[ReviewedDocument], share: float = DEV_SHARE
) -> tuple[list[ReviewedDocument], list[ReviewedDocument]]:
    """(train, dev): dev holds the documents whose position is below `share`.

    Each side keeps at least one document when there are two or more: a
    small corpus whose hashes all fall on one side gives up the document
    nearest the line.
    """
    ordered = sorted(documents, key=lambda document: dev_position(document.text))
    dev_count = sum(1 for document in ordered if dev_position(document.text) < share)
    if len(ordered) >= 2:
        dev_count = min(max(dev_count, 1), len(ordered) - 1)
    dev = ordered[:dev_count]
    dev_ids = {document.document_id for document in dev}
    train = [document for document in documents if document.document_id not in dev_ids]
    return train, sorted(dev, key=lambda document: document.document_id)


@dataclass(frozen=True)
class Piece:
    """A stretch of a document short enough for spaCy, with what is known in it."""

    text: str
    done: bool
    accepted: tuple[Range, ...]
    rejected: tuple[Range, ...]
    unknown: tuple[tuple[int, int], ...] = ()  # spans cut by the piece's edge: not known here


def pieces(document: ReviewedDocument, limit: int = PIECE_LENGTH) -> list[Piece]:
    """The document cut as pre-annotation cuts it, offsets moved into each piece."""
    cut = pieces_of(document.text, limit)
    result = []
    for start, end in cut:
        inside: dict[str, list[Range]] = {"accepted": [], "rejected": []}
        unknown: list[tuple[int, int]] = []
        for kind, ranges in (("accepted", document.accepted), ("rejected", document.rejected)):
            for span_start, span_end, label in ranges:
                if start <= span_start and span_end <= end:
                    inside[kind].append((span_start - start, span_end - start, label))
                elif span_start < end and start < span_end and kind == "accepted":
                    unknown.append((max(span_start, start) - start, min(span_end, end) - start))
        for span_start, span_end in document.unknown:
            if span_start < end and start < span_end:
                unknown.append((max(span_start, start) - start, min(span_end, end) - start))
        result.append(
            Piece(
                text=document.text[start:end],
                done=document.done,
                accepted=tuple(inside["accepted"]),
                rejected=tuple(inside["rejected"]),
                unknown=tuple(unknown),
            )
        )
    return result


@dataclass
class ExampleCounts:
    """Spans that could not be used as they are, for the report."""

    misaligned: int = 0  # an edge inside a token: its tokens are left unknown
    overlapping: int = 0  # overlaps a longer accepted span: its other tokens are left unknown

    def add(self, other: ExampleCounts) -> None:
        self.misaligned += other.misaligned
        self.overlapping += other.overlapping


def reference_doc(nlp: Any, piece: Piece, counts: ExampleCounts) -> Any:
    """The piece's tokens with what the analyst said of them as the entity annotation."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(piece.text)
    exact = []
    unknown_tokens: set[int] = set()
    for start, end, label in piece.accepted:
        span = doc.char_span(start, end, label=label)
        if span is None:
            counts.misaligned += 1
            unknown_tokens.update(_token_indexes(doc, start, end))
        else:
            exact.append(span)
    for start, end in piece.unknown:
        unknown_tokens.update(_token_indexes(doc, start, end))
    entities = filter_spans(exact)
    kept = {(span.start, span.end, span.label_) for span in entities}
    for span in exact:
        if (span.start, span.end, span.label_) not in kept:
            counts.overlapping += 1
            unknown_tokens.update(range(span.start, span.end))
    entity_tokens = {index for span in entities for index in range(span.start, span.end)}
    missing = [doc[start:end] for start, end in _runs(unknown_tokens - entity_tokens)]
    doc.set_ents(entities, missing=missing, default="outside" if piece.done else "missing")
    incorrect = []
    for start, end, label in piece.rejected:
        span = doc.char_span(start, end, label=label)
        if span is not None:
            incorrect.append(span)
    doc.spans[INCORRECT_SPANS_KEY] = incorrect
    return doc


def examples(nlp: Any, documents: Iterable[ReviewedDocument]) -> tuple[list[Any], ExampleCounts]:
    """spaCy Examples (predicted side: bare tokens) for every piece of `documents`."""
    from spacy.training import Example

    counts = ExampleCounts()
    made = []
    for document in documents:
        for piece in pieces(document):
            reference = reference_doc(nlp, piece, counts)
            if len(reference) == 0:
                continue  # an empty text: nothing to learn, and spaCy's update refuses it
            made.append(Example(nlp.make_doc(piece.text), reference))
    return made, counts


def _token_indexes(doc: Any, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(0) if span is None else range(span.start, span.end)


def _runs(indexes: set[int]) -> list[tuple[int, int]]:
    """Sorted token indexes as [start, end) runs."""
    runs: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs
