"""How much two annotators agree: span F1 (exact and overlapping) and token-level kappa.

The figures annotation tools report for double annotation, computed the same
way for every pair, overall and per label:

- exact span F1: a span of one annotator matches a span of the other with the
  same start, end and label. With A and B the two sets, F1 = 2|A∩B| / (|A|+|B|);
  it does not matter which annotator is taken as the reference.
- overlap F1: a span matches if a span of the other with the same label shares at
  least one character. Precision is the share of A's spans that match one of B's,
  recall the share of B's that match one of A's, F1 their harmonic mean.
- token kappa: every token is tagged with the label of a span covering it (or
  "O"), and Cohen's kappa is taken over the two tag sequences of all documents.
  Per label the tags are "this label or not".

Two annotators who marked nothing agree perfectly: F1 and kappa are then 1.0
(kappa is undefined when chance agreement is 1; it is 1.0 when the tags are
equal, 0.0 otherwise). A label appears in `by_label` when either annotator
used it. Relations are compared as tagdesk.core.relation_agreement says.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tagdesk.core.relation_agreement import RelationAgreement, RelationMark, relation_agreement

Mark = tuple[int, int, str]  # start, end (code points), label
OUTSIDE = "O"


@dataclass(frozen=True)
class DocumentPair:
    """One document both annotators worked: its word tokens and each one's spans."""

    tokens: Sequence[tuple[int, int]]  # word tokens (start, end); no whitespace tokens
    first: Sequence[Mark]
    second: Sequence[Mark]
    first_relations: Sequence[RelationMark] = ()
    second_relations: Sequence[RelationMark] = ()


@dataclass(frozen=True)
class Figures:
    span_f1: float
    overlap_f1: float
    token_kappa: float

    def as_json(self) -> dict[str, float]:
        return {
            "span_f1": round(self.span_f1, 4),
            "overlap_f1": round(self.overlap_f1, 4),
            "token_kappa": round(self.token_kappa, 4),
        }


@dataclass(frozen=True)
class PairAgreement:
    annotators: tuple[str, str]
    documents: int
    overall: Figures
    by_label: dict[str, Figures] = field(default_factory=dict)
    relations: RelationAgreement = field(default_factory=lambda: relation_agreement([]))

    def as_json(self) -> dict[str, object]:
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            **self.overall.as_json(),
            "by_label": {name: figures.as_json() for name, figures in self.by_label.items()},
            "relations": self.relations.as_json(),
        }


def agreement(
    annotators: tuple[str, str], documents: Sequence[DocumentPair], labels: Iterable[str] = ()
) -> PairAgreement:
    """The pair's figures over `documents`, restricted to `labels` when any are given."""
    wanted = set(labels)
    relations = relation_agreement(
        [(document.first_relations, document.second_relations) for document in documents],
        wanted,
    )
    if wanted:
        documents = [_only(document, wanted) for document in documents]
    used = sorted(
        {mark[2] for document in documents for mark in (*document.first, *document.second)}
    )
    return PairAgreement(
        annotators,
        len(documents),
        _figures(documents, None),
        {name: _figures(documents, name) for name in used},
        relations,
    )


def _only(document: DocumentPair, wanted: set[str]) -> DocumentPair:
    return DocumentPair(
        document.tokens,
        [mark for mark in document.first if mark[2] in wanted],
        [mark for mark in document.second if mark[2] in wanted],
    )


def _figures(documents: Sequence[DocumentPair], label: str | None) -> Figures:
    exact = [0, 0, 0]  # matched, |A|, |B|
    overlap = [0, 0, 0, 0]  # A matched, |A|, B matched, |B|
    first_tags: list[str] = []
    second_tags: list[str] = []
    for document in documents:
        first = _marks(document.first, label)
        second = _marks(document.second, label)
        exact[0] += len(set(first) & set(second))
        exact[1] += len(set(first))
        exact[2] += len(set(second))
        overlap[0] += sum(1 for mark in first if _overlaps_any(mark, second))
        overlap[1] += len(first)
        overlap[2] += sum(1 for mark in second if _overlaps_any(mark, first))
        overlap[3] += len(second)
        first_tags += _token_tags(document.tokens, first, label)
        second_tags += _token_tags(document.tokens, second, label)
    return Figures(
        _dice(exact[0], exact[1], exact[2]),
        _harmonic(overlap[0], overlap[1], overlap[2], overlap[3]),
        cohen_kappa(first_tags, second_tags),
    )


def _marks(marks: Sequence[Mark], label: str | None) -> list[Mark]:
    return [mark for mark in marks if label is None or mark[2] == label]


def _overlaps_any(mark: Mark, others: Sequence[Mark]) -> bool:
    start, end, label = mark
    return any(o[2] == label and o[0] < end and start < o[1] for o in others)


def _token_tags(
    tokens: Sequence[tuple[int, int]], marks: Sequence[Mark], label: str | None
) -> list[str]:
    """One tag a token: the label of the longest span sharing a character with it, or "O"."""
    tags = [OUTSIDE] * len(tokens)
    longest = [0] * len(tokens)
    starts = [token[0] for token in tokens]
    for start, end, name in marks:
        index = _first_token_ending_after(tokens, starts, start)
        while index < len(tokens) and tokens[index][0] < end:
            if end - start > longest[index]:
                tags[index], longest[index] = name, end - start
            index += 1
    if label is not None:
        return [label if tag == label else OUTSIDE for tag in tags]
    return tags


def _first_token_ending_after(
    tokens: Sequence[tuple[int, int]], starts: list[int], offset: int
) -> int:
    index = max(bisect_right(starts, offset) - 1, 0)
    while index < len(tokens) and tokens[index][1] <= offset:
        index += 1
    return index


def _dice(matched: int, first: int, second: int) -> float:
    if first + second == 0:
        return 1.0
    return 2 * matched / (first + second)


def _harmonic(first_matched: int, first: int, second_matched: int, second: int) -> float:
    if first + second == 0:
        return 1.0
    precision = first_matched / first if first else 0.0
    recall = second_matched / second if second else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two equally long tag sequences."""
    if len(first) != len(second):
        raise ValueError("kappa needs two tag sequences of one length")
    total = len(first)
    if total == 0:
        return 1.0
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / total
    first_counts, second_counts = Counter(first), Counter(second)
    chance = sum(first_counts[tag] * second_counts[tag] for tag in first_counts) / total**2
    if chance == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - chance) / (1 - chance)


@dataclass(frozen=True)
class Disagreement:
    """One document of a pair: how many spans only one of the two marked, and its span F1."""

    document_id: int
    differing: int  # marks (start, end, label) one annotator has and the other has not
    marks: int  # the two annotators' marks together
    span_f1: float


def disagreements(
    documents: Sequence[tuple[int, DocumentPair]], label: str | None = None
) -> list[Disagreement]:
    """The documents where the pair differ, most differing spans first (then lowest F1, id).

    With `label`, only that label's spans count. Documents they agree on are left out.
    """
    found = []
    for document_id, document in documents:
        first = set(_marks(document.first, label))
        second = set(_marks(document.second, label))
        differing = len(first ^ second)
        if differing:
            f1 = _dice(len(first & second), len(first), len(second))
            found.append(Disagreement(document_id, differing, len(first) + len(second), f1))
    found.sort(key=lambda d: (-d.differing, d.span_f1, d.document_id))
    return found
