"""The real pipeline with its parse, and the relations it suggests as readable triples."""

from __future__ import annotations

from collections.abc import Iterable

from tagdesk.core.relations import RelationTypeRecord, default_relation_types
from tagdesk.nlp.models import default_model
from tagdesk.nlp.pipeline import NerPipeline, find_entities, load_ner_pipeline

Triple = tuple[str, str, str]  # head text, relation type, child text


def default_types() -> list[RelationTypeRecord]:
    return [
        RelationTypeRecord(
            number, spec.name, spec.colour, spec.hotkey, spec.directed, spec.heads, spec.children
        )
        for number, spec in enumerate(default_relation_types(), start=1)
    ]


def parsing_pipeline() -> NerPipeline:
    model = default_model()
    assert model is not None, "the tests need en_core_web_sm installed"
    return load_ner_pipeline(model, relations=True)


def triples(
    pipeline: NerPipeline, text: str, types: Iterable[RelationTypeRecord] | None = None
) -> set[Triple]:
    (found,) = find_entities(
        pipeline, [(1, text)], relation_types=default_types() if types is None else types
    )
    return {
        (
            text[found.entities[h][0] : found.entities[h][1]],
            name,
            text[found.entities[c][0] : found.entities[c][1]],
        )
        for h, c, name in found.relations
    }
