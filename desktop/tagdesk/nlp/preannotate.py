"""Pre-annotation: documents from the store, through a spaCy pipeline, back as suggestions.

Texts are read a chunk at a time and each batch of results is written in one
transaction, so an interrupted run keeps every batch it finished and the
database never holds half a batch. What is and is not written is decided in
tagdesk.store.suggestions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from tagdesk.core.changes import ChangeReport
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.core.wording import counted
from tagdesk.nlp.models import resolve_model
from tagdesk.store import Store
from tagdesk.store.labels import list_labels
from tagdesk.store.settings import chosen_model
from tagdesk.store.suggested_relations import relation_types_by_name
from tagdesk.store.suggestions import (
    Scope,
    add_suggestions_and_relations,
    documents_to_preannotate,
    iter_texts,
)

Progress = Callable[[int, int], None]  # documents done, documents to do
Written = Callable[[ChangeReport], None]  # what a batch just committed
DEFAULT_BATCH_SIZE = 32  # measured: 32 beats 128 for speed, and keeps each commit short

T = TypeVar("T")


@dataclass
class PreannotateSummary:
    model: str = ""
    source: str = ""
    documents: int = 0
    total: int = 0
    tokens: int = 0
    suggestions_added: int = 0
    relations_added: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def describe(self) -> str:
        if self.total == 0:
            return "nothing to pre-annotate: every document has suggestions (--all runs again)"
        rate = self.tokens / self.seconds if self.seconds > 0 else 0.0
        text = (
            f"{self.documents} of {counted(self.total, 'document')} pre-annotated "
            f"with {self.source}, "
            f"{counted(self.suggestions_added, 'suggestion')} added"
            + (
                f", {counted(self.relations_added, 'suggested relation')}"
                if self.relations_added
                else ""
            )
            + f" ({rate:,.0f} words/s)"
        )
        if self.interrupted:
            text = "interrupted: " + text + "; the finished batches are saved"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def preannotate(
    store: Store,
    *,
    model: str | None = None,
    scope: Scope = "missing",
    document_ids: Iterable[int] = (),
    processes: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    scores: bool = True,
    written: Written | None = None,
    relations: bool = True,
) -> PreannotateSummary:
    """Suggest entities in the chosen documents; Ctrl+C stops after the last whole batch.

    `model` falls back to the pipeline chosen in the database's settings,
    then to the first installed default. With `scores` each suggestion keeps
    how sure the model was of it (`{"score": 0.73}` in its meta), which the
    document list and the window's "least sure first" order use. The tokens
    of the Docs it makes are kept with the suggestions (tagdesk.nlp.tokens).
    `written` hears, after each batch's commit, which documents it wrote and
    which labels it added to the scheme: the window refreshes only those.
    With `relations`, the pipeline's parse runs too and the relations the
    dependency rules find between the entities are suggested with them
    (tagdesk.nlp.dependency_relations, tagdesk.store.suggested_relations).
    """
    name = resolve_model(model or chosen_model(store))
    ids = documents_to_preannotate(store, scope, document_ids)
    summary = PreannotateSummary(model=name, total=len(ids))
    if not ids:
        return summary
    if progress is not None:
        progress(0, len(ids))
    started = time.monotonic()
    tokens_name = _tokens_name(name)
    labels = {label.id for label in list_labels(store)} if written is not None else set()
    types = tuple(relation_types_by_name(store).values()) if relations else ()
    try:
        batches_of = _batches(store, name, ids, processes, batch_size, scores=scores, types=types)
        with closing(batches_of) as batches:
            for source, found in batches:
                spans, found_relations = add_suggestions_and_relations(
                    store, found, source, tokens_name
                )
                summary.suggestions_added += spans
                summary.relations_added += found_relations
                summary.source = source
                summary.documents += len(found)
                summary.tokens += sum(item.tokens for item in found)
                if written is not None:
                    before, labels = labels, {label.id for label in list_labels(store)}
                    written(
                        ChangeReport.of(
                            documents=[item.document_id for item in found], labels=labels - before
                        )
                    )
                if progress is not None:
                    progress(summary.documents, summary.total)
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.monotonic() - started
    return summary


def _batches(
    store: Store,
    model: str,
    ids: list[int],
    processes: int,
    batch_size: int,
    *,
    scores: bool,
    types: tuple[RelationTypeRecord, ...],
) -> Generator[tuple[str, list[FoundEntities]], None, None]:
    texts = iter_texts(store, ids)
    if processes > 1:
        from tagdesk.nlp.workers import find_entities_in_processes

        yield from find_entities_in_processes(
            model,
            _chunked(texts, batch_size),
            processes=processes,
            batch_size=batch_size,
            scores=scores,
            relation_types=types,
        )
        return
    from tagdesk.nlp.pipeline import find_entities, load_ner_pipeline

    pipeline = load_ner_pipeline(model, relations=bool(types))
    found = find_entities(
        pipeline,
        texts,
        batch_size=batch_size,
        scores=scores,
        keep_tokens=True,
        relation_types=types,
    )
    for batch in _chunked(found, batch_size):
        yield pipeline.source, batch


def _tokens_name(model: str) -> str:
    """What the Docs' tokens are kept under; "" (not kept) for a pipeline without its files."""
    from tagdesk.nlp.models import NoModelError
    from tagdesk.nlp.tokens import tokens_name

    try:
        return tokens_name(model)
    except (NoModelError, OSError):
        return ""


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
