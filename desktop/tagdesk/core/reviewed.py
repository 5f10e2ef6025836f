"""What the analyst has said about a document, as plain records for training and phrases.

The store reads them; tagdesk.nlp turns them into spaCy's examples and
patterns. Neither side needs the other's types.
"""

from __future__ import annotations

from dataclasses import dataclass

Range = tuple[int, int, str]  # start, end (code points), label


@dataclass(frozen=True)
class ReviewedDocument:
    """A document's accepted and rejected spans; `done` says the analyst reviewed all of it.

    In a document not done, text outside its reviewed spans is unknown, not
    "no entity". `unknown` holds places whose analysts disagree (core.team.team_version):
    nothing is learnt there.
    """

    document_id: int
    text: str
    done: bool
    accepted: tuple[Range, ...] = ()
    rejected: tuple[Range, ...] = ()
    unknown: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Phrase:
    """An accepted text and the label its occurrences are suggested with."""

    text: str
    label: str
    accepted: int  # how many accepted spans hold this text (any case) with this label


@dataclass(frozen=True)
class TrainedModel:
    """One trained pipeline: where it is, what it grew from, and how it scored."""

    version: int
    path: str
    source: str  # what its suggestions record, e.g. en_core_web_sm_tagdesk3@3.8.0
    base: str  # the pipeline it was trained from, as given
    base_source: str
    created_at: str  # ISO 8601, UTC
    train_documents: int
    dev_documents: int
    status: str  # "done" or "all": the documents it learnt from
    steps: int
    base_scores: dict[str, object]
    trained_scores: dict[str, object]
