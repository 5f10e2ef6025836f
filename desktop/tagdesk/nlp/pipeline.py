"""Loading a pipeline with only the components NER needs, and running it to plain offsets.

spaCy is imported here, inside the functions, only when a pipeline is loaded.
For relation suggestions the parse components (parser, tagger, lemmatizer and
the embedding they share) run over each Doc after the entity recogniser, so
the entities are the same with relations or without.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.relations import RelationTypeRecord


@dataclass(frozen=True)
class NerPipeline:
    nlp: Any  # spacy.Language, with everything but the entity components disabled
    source: str  # what suggestions record as their source, e.g. en_core_web_sm@3.8.0
    components: tuple[str, ...]
    scored: str = ""  # the entity recogniser that scores its entities; "" if none can
    parse: tuple[str, ...] = ()  # run after the entities, for relation suggestions

    @property
    def relations_source(self) -> str:
        """What relation suggestions record as their source: rules:en_core_web_sm@3.8.0."""
        return f"rules:{self.source}"


def load_ner_pipeline(model: str, *, relations: bool = False) -> NerPipeline:
    """Load `model` (a package name or folder) and disable what entities do not need.

    With `relations`, the components that parse and lemmatize are kept to run
    after the entities, if the pipeline has a parser (otherwise none are).
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
        raise TagdeskError(f"{model}: cannot load the spaCy pipeline: {first_line}") from error
    keep = ner_components(nlp)
    if not keep:
        raise TagdeskError(f"{model}: the pipeline has no component that finds entities")
    parse = parse_components(nlp, keep) if relations else ()
    nlp.select_pipes(enable=keep)
    return NerPipeline(
        nlp=nlp,
        source=pipeline_source(nlp.meta),
        components=tuple(keep),
        scored=scored_component(nlp),
        parse=parse,
    )


def parse_components(nlp: Any, entity_components: list[str]) -> tuple[str, ...]:
    """The other enabled components, in order, when one of them sets the dependency parse."""
    others = [name for name in nlp.pipe_names if name not in entity_components]
    if not any("token.dep" in nlp.get_pipe_meta(name).assigns for name in others):
        return ()
    return tuple(others)


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
    relation_types: Iterable[RelationTypeRecord] = (),
) -> Iterator[FoundEntities]:
    """Entities of each (document id, text), keeping only offsets: a Doc is dropped at once.

    A text longer than a piece (spaCy refuses texts over `nlp.max_length`, a
    million characters) goes through in pieces cut at line breaks, and the
    offsets found in each piece are moved back to the whole text. With
    `scores`, each entity gets its probability (tagdesk.nlp.confidence), a
    batch of Docs at a time; the entities are the same either way. With
    `keep_tokens`, each result carries its Doc's tokens for the store to keep
    (a text that went in pieces carries none: an export tokenizes it whole).
    With `relation_types` and a pipeline loaded with its parse components,
    each result carries the relations the dependency rules find between its
    entities (tagdesk.nlp.dependency_relations), within one piece each.
    """
    from tagdesk.nlp.dependency_relations import doc_relations
    from tagdesk.nlp.relation_rules import default_rules
    from tagdesk.nlp.tokens import doc_tokens
    from tagdesk.store.tokens import encode_tokens

    types = {kind.name: kind for kind in relation_types}
    rules = default_rules() if types and pipeline.parse else None

    limit = min(PIECE_LENGTH, int(getattr(pipeline.nlp, "max_length", PIECE_LENGTH)))
    pieces = (
        (text[start:end], (document_id, start, end == len(text)))
        for document_id, text in items
        for start, end in pieces_of(text, limit)
    )
    entities: list[tuple[int, int, str]] = []
    found_scores: list[float] = []
    relations: list[tuple[int, int, str]] = []
    tokens = 0
    encoded = b""
    docs = pipeline.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size)
    scoring = scores and bool(pipeline.scored)
    scored = _scored(pipeline, docs, scoring, batch_size)
    if rules is not None:
        scored = _parsed(pipeline, scored, batch_size)
    for doc, (document_id, offset, last), doc_scores in scored:
        if rules is not None:
            before = len(entities)
            relations.extend(
                (before + head, before + child, name)
                for head, child, name in doc_relations(doc, rules, types)
            )
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
                relations=tuple(relations),
            )
            entities, found_scores, relations, tokens, encoded = [], [], [], 0, b""


def _parsed(
    pipeline: NerPipeline, items: Iterator[tuple[Any, T, list[float]]], batch_size: int
) -> Iterator[tuple[Any, T, list[float]]]:
    """The items with their Docs run through the parse components, a batch at a time."""
    waiting: deque[tuple[T, list[float]]] = deque()

    def docs() -> Iterator[Any]:
        for doc, context, doc_scores in items:
            waiting.append((context, doc_scores))
            yield doc

    stream: Iterator[Any] = docs()
    for name in pipeline.parse:
        component = pipeline.nlp.get_pipe(name)
        if hasattr(component, "pipe"):
            stream = component.pipe(stream, batch_size=batch_size)
        else:
            stream = map(component, stream)
    for doc in stream:
        context, doc_scores = waiting.popleft()
        yield doc, context, doc_scores


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
