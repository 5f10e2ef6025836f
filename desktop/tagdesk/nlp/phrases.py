"""Phrase suggestions: the text of each accepted span, found again elsewhere in the corpus.

Each accepted text becomes a pattern of spaCy's `PhraseMatcher` compared in
lower case, token by token (so "Iraq" is found in "iraq's" but not inside
"Iraqi"); an acronym ("US") is compared as written, so "us" is not it. Where
patterns overlap the longest match wins. The window finds the same places in
the open document over its stored tokens (tagdesk.core.phrase_occurrences). What is written,
and what is left alone, is decided in tagdesk.store.reviewed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.phrase_occurrences import is_acronym
from tagdesk.core.reviewed import Phrase
from tagdesk.core.wording import counted
from tagdesk.nlp.pipeline import PIECE_LENGTH, pieces_of
from tagdesk.store import Store
from tagdesk.store.reviewed import (
    PHRASES_SOURCE,
    accepted_phrases,
    add_phrase_suggestions,
    documents_for_phrases,
)
from tagdesk.store.suggestions import documents_to_preannotate, iter_texts
from tagdesk.store.team_version import TEAM, View, check_view

Progress = Callable[[int, int], None]  # documents done, documents to do
BATCH_SIZE = 64


@dataclass
class PhraseSummary:
    source: str = PHRASES_SOURCE
    phrases: int = 0
    documents: int = 0
    total: int = 0
    suggestions_added: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def describe(self) -> str:
        if self.phrases == 0:
            return "no accepted span to look for: accept a span and its text is suggested elsewhere"
        text = (
            f"{counted(self.phrases, 'accepted text')} looked for in {self.documents} of "
            f"{counted(self.total, 'document')} not done, "
            f"{counted(self.suggestions_added, 'suggestion')} added"
        )
        if self.interrupted:
            text = "interrupted: " + text + "; the finished batches are saved"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def suggest_phrases(
    store: Store,
    *,
    document_ids: Sequence[int] = (),
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    view: View = TEAM,
) -> PhraseSummary:
    """Suggest every text accepted in `view` (store.team_version) where else it occurs, in
    documents not done there.

    Each batch is one transaction: Ctrl+C keeps the batches finished.
    """
    check_view(store, view)
    if document_ids:
        documents_to_preannotate(store, "documents", document_ids)  # each must exist
    phrases = accepted_phrases(store, view)
    ids = documents_for_phrases(store, document_ids, view) if phrases else []
    summary = PhraseSummary(phrases=len(phrases), total=len(ids))
    if not ids:
        return summary
    started = time.monotonic()
    if progress is not None:
        progress(0, len(ids))
    try:
        matcher = PhraseFinder(phrases)
        batch: list[FoundEntities] = []
        for found in matcher.find(iter_texts(store, ids)):
            batch.append(found)
            if len(batch) >= batch_size:
                summary.suggestions_added += add_phrase_suggestions(store, batch)
                summary.documents += len(batch)
                batch = []
                if progress is not None:
                    progress(summary.documents, summary.total)
        summary.suggestions_added += add_phrase_suggestions(store, batch)
        summary.documents += len(batch)
        if progress is not None:
            progress(summary.documents, summary.total)
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.monotonic() - started
    return summary


class PhraseFinder:
    """A PhraseMatcher over spaCy's English tokenizer, with one pattern an accepted text."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        by_label: dict[tuple[bool, str], list[Any]] = {}
        for phrase in phrases:
            key = (is_acronym(phrase.text), phrase.label)
            by_label.setdefault(key, []).append(self.nlp.make_doc(phrase.text))
        for (acronym, label), patterns in by_label.items():
            (self.acronyms if acronym else self.matcher).add(label, patterns)

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match in `text`, the longest where matches overlap."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        found: list[tuple[int, int, str]] = []
        for piece_start, piece_end in pieces_of(text, PIECE_LENGTH):
            doc = self.nlp.make_doc(text[piece_start:piece_end])
            matches = [*self.matcher(doc), *self.acronyms(doc)]
            spans = [Span(doc, start, end, label=key) for key, start, end in matches]
            found.extend(
                (piece_start + span.start_char, piece_start + span.end_char, span.label_)
                for span in filter_spans(spans)
            )
        return found

    def find(self, items: Iterable[tuple[int, str]]) -> Iterator[FoundEntities]:
        for document_id, text in items:
            yield FoundEntities(
                document_id=document_id, entities=tuple(self.entities(text)), tokens=0
            )
