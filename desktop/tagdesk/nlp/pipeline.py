"""Loading a pipeline with only the components NER needs, and running it to plain offsets.

spaCy is imported here, inside the functions, only when a pipeline is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import FoundEntities


@dataclass(frozen=True)
class NerPipeline:
    nlp: Any  # spacy.Language, with everything but the entity components disabled
    source: str  # what suggestions record as their source, e.g. en_core_web_sm@3.8.0
    components: tuple[str, ...]
    scored: str = ""  # the entity recogniser that scores its entities; "" if none can


def load_ner_pipeline(model: str) -> NerPipeline:
    """Load `model` (a package name or folder) and disable what entities do not need."""
    import spacy

    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
        raise TagdeskError(f"{model}: cannot load the spaCy pipeline: {first_line}") from error
    keep = ner_components(nlp)
    if not keep:
        raise TagdeskError(f"{model}: the pipeline has no component that finds entities")
    nlp.select_pipes(enable=keep)
    return NerPipeline(
        nlp=nlp,
        source=pipeline_source(nlp.meta),
        components=tuple(keep),
        scored=scored_component(nlp),
    )


def scored_component(nlp: Any) -> str:
    """The one component whose entities get scores: spaCy's `ner`, when it alone sets them.

    A ruler or a second recogniser would preset entities the scores know nothing of.
    """
    from tagdesk.nlp.confidence import is_scorable

    setters = [name for name in nlp.pipe_names if "doc.ents" in nlp.get_pipe_meta(name).assigns]
    if len(setters) == 1 and is_scorable(nlp.get_pipe(setters[0])):
        return setters[0]
    return ""


def ner_components(nlp: Any) -> list[str]:
    """Components that set `doc.ents`, and the shared embedding layers they listen to.

    In the small English pipelines `ner` has its own embedding, so it runs
    alone: about 2.8 times the speed of the whole pipeline. Without the
    parser's sentence boundaries an entity may now and then run across a
    sentence break (2 of 397 entities on the bundled articles).
    """
    setters = {name for name in nlp.pipe_names if "doc.ents" in nlp.get_pipe_meta(name).assigns}
    needed = set(setters)
    for name in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None) or ()
        if setters.intersection(listeners):
            needed.add(name)
    return [name for name in nlp.pipe_names if name in needed]


def pipeline_source(meta: Mapping[str, Any]) -> str:
    """`lang_name@version`, the package name spaCy gives a pipeline, e.g. en_core_web_sm@3.8.0."""
    lang = meta.get("lang") or "xx"
    name = meta.get("name") or "pipeline"
    version = meta.get("version") or "0.0.0"
    return f"{lang}_{name}@{version}"


T = TypeVar("T")
PIECE_LENGTH = 100_000  # spaCy's guidance: its models need ~1 GB per 100,000 characters


def find_entities(
    pipeline: NerPipeline,
    items: Iterable[tuple[int, str]],
    *,
    batch_size: int = 32,
    scores: bool = False,
    keep_tokens: bool = False,
) -> Iterator[FoundEntities]:
    """Entities of each (document id, text), keeping only offsets: a Doc is dropped at once.

    A text longer than a piece (spaCy refuses texts over `nlp.max_length`, a
    million characters) goes through in pieces cut at line breaks, and the
    offsets found in each piece are moved back to the whole text. With
    `scores`, each entity gets its probability (tagdesk.nlp.confidence), a
    batch of Docs at a time; the entities are the same either way. With
    `keep_tokens`, each result carries its Doc's tokens for the store to keep
    (a text that went in pieces carries none: an export tokenizes it whole).
    """
    from tagdesk.nlp.tokens import doc_tokens
    from tagdesk.store.tokens import encode_tokens

    limit = min(PIECE_LENGTH, int(getattr(pipeline.nlp, "max_length", PIECE_LENGTH)))
    pieces = (
        (text[start:end], (document_id, start, end == len(text)))
        for document_id, text in items
        for start, end in pieces_of(text, limit)
    )
    entities: list[tuple[int, int, str]] = []
    found_scores: list[float] = []
    tokens = 0
    encoded = b""
    docs = pipeline.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size)
    scoring = scores and bool(pipeline.scored)
    scored = _scored(pipeline, docs, scoring, batch_size)
    for doc, (document_id, offset, last), doc_scores in scored:
        entities.extend(
            (offset + ent.start_char, offset + ent.end_char, ent.label_) for ent in doc.ents
        )
        found_scores.extend(doc_scores)
        tokens += len(doc)
        if keep_tokens and last and offset == 0:
            encoded = encode_tokens(doc_tokens(doc))
        if last:
            yield FoundEntities(
                document_id=document_id,
                entities=tuple(entities),
                tokens=tokens,
                scores=tuple(found_scores) if scoring else (),
                encoded_tokens=encoded,
            )
            entities, found_scores, tokens, encoded = [], [], 0, b""


def _scored(
    pipeline: NerPipeline, docs: Iterator[tuple[Any, T]], scoring: bool, batch_size: int
) -> Iterator[tuple[Any, T, list[float]]]:
    """(Doc, context, scores of its entities), scored a batch at a time; [] unscored."""
    if not scoring:
        for doc, context in docs:
            yield doc, context, []
        return
    from tagdesk.nlp.confidence import ActionTable

    component = pipeline.nlp.get_pipe(pipeline.scored)
    table = ActionTable.of(component.moves)
    batch: list[tuple[Any, T]] = []
    for item in docs:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _with_scores(component, batch, table)
            batch = []
    if batch:
        yield from _with_scores(component, batch, table)


def _with_scores(
    component: Any, batch: list[tuple[Any, T]], table: Any
) -> Iterator[tuple[Any, T, list[float]]]:
    from tagdesk.nlp.confidence import entity_scores

    found = entity_scores(component, [doc for doc, _ in batch], table)
    for (doc, context), doc_scores in zip(batch, found, strict=True):
        yield doc, context, doc_scores


def pieces_of(text: str, limit: int) -> list[tuple[int, int]]:
    """[start, end) pieces of at most `limit` characters, cut after a line break where possible,
    else after a space; an empty text is one empty piece."""
    if len(text) <= limit:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = text.rfind("\n", start, window_end) + 1
        if cut <= start:
            cut = text.rfind(" ", start, window_end) + 1
        if cut <= start:
            cut = window_end
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces
