"""Documents and spans as readers bring them in, before the store gives them ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tagdesk.core.relations import IncomingRelation


@dataclass(slots=True)  # two million of them in a large import
class IncomingSpan:
    start: int
    end: int
    label: str
    status: str = "accepted"
    source: str = ""
    note: str = ""
    annotator: str = ""
    tags: list[str] = field(default_factory=list)
    meta: dict[str, Any] | None = None  # what the file says of the span that Tagdesk keeps as is
    group: str = ""  # DocBin: "ents" or the span group's name; "" where the file names none
    kb_id: str = ""  # the key of the entity it mentions (spaCy's kb_id), or ""
    entity_name: str = ""  # the entity's name, where the file gives it (brat's normalisation)


@dataclass
class IncomingDocument:
    """A document read from a file, already normalised and validated."""

    text: str
    title: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[IncomingSpan] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str | None = None
    where: str = ""  # file:line, for messages
    # What a reader did that the import should warn about, summed over the file:
    # a message with one "{}" per count, and the counts this document adds.
    tally: dict[str, tuple[int, ...]] | None = None
    tokens: list[tuple[int, int, bool]] | None = None  # the file's own tokens, tiling the text
    tokens_from: str = ""  # the format that brought them
    # Relations between this document's spans, by position in `spans` (core/relations.py).
    relations: list[IncomingRelation] = field(default_factory=list)
