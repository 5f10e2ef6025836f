"""What a pipeline found in one document: offsets only, never the spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass

Entity = tuple[int, int, str]  # start, end (code points), label


@dataclass(frozen=True)
class FoundEntities:
    """What a pipeline found in one document: offsets only, never the spaCy Doc."""

    document_id: int
    entities: tuple[Entity, ...]
    tokens: int = 0
    # How sure the model is of each entity, in order (0 to 1); empty when it gave no scores.
    scores: tuple[float, ...] = ()
    # The Doc's tokens, encoded as the store keeps them (tagdesk.store.tokens.encode_tokens);
    # empty when not asked for, or when the text went through the pipeline in pieces.
    encoded_tokens: bytes = b""
    # Relations the dependency rules suggest (tagdesk.nlp.dependency_relations): head and
    # child by position in `entities`, and the relation type's name; empty when not asked for.
    relations: tuple[tuple[int, int, str], ...] = ()
