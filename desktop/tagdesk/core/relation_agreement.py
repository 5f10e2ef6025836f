"""How much two annotators agree on relations: relation F1, exact and with overlapping spans.

- exact relation F1: a relation of one annotator matches one of the other with
  the same type, the same direction, and both spans the same (start, end and
  label). F1 = 2|A∩B| / (|A|+|B|), as for spans.
- overlap F1: the same type and direction, and each span shares at least one
  character with the other's span of the same label in the same place (head
  with head, child with child). Precision is the share of A's relations that
  match one of B's, recall the share of B's that match one of A's.

A symmetric relation (MET) has no direction: its two spans are compared in
offset order, whichever way each annotator drew it. Two annotators with no
relations agree perfectly (1.0). A type appears in `by_type` when either
annotator used it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

Mark = tuple[int, int, str]  # start, end (code points), label


class RelationMark(NamedTuple):
    """One annotator's relation: its two spans as marks, and its type."""

    head: Mark
    child: Mark
    type: str
    directed: bool = True

    def key(self) -> tuple[Mark, Mark, str]:
        """What an exact match compares: a symmetric relation's spans in offset order."""
        if not self.directed and self.child < self.head:
            return self.child, self.head, self.type
        return self.head, self.child, self.type


@dataclass(frozen=True)
class RelationFigures:
    relation_f1: float
    overlap_f1: float
    first: int  # relations of the first annotator
    second: int

    def as_json(self) -> dict[str, float | int]:
        return {
            "relation_f1": round(self.relation_f1, 4),
            "overlap_f1": round(self.overlap_f1, 4),
            "first": self.first,
            "second": self.second,
        }


@dataclass(frozen=True)
class RelationAgreement:
    overall: RelationFigures
    by_type: dict[str, RelationFigures] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            **self.overall.as_json(),
            "by_type": {name: figures.as_json() for name, figures in self.by_type.items()},
        }


RelationPair = tuple[Sequence[RelationMark], Sequence[RelationMark]]  # one document's


def relation_agreement(
    documents: Sequence[RelationPair], labels: Iterable[str] = ()
) -> RelationAgreement:
    """Figures over the documents' relations; with `labels`, only relations of such spans."""
    wanted = set(labels)
    if wanted:
        documents = [
            (_with_labels(first, wanted), _with_labels(second, wanted))
            for first, second in documents
        ]
    used = sorted({r.type for first, second in documents for r in (*first, *second)})
    return RelationAgreement(
        _figures(documents, None), {name: _figures(documents, name) for name in used}
    )


def _with_labels(relations: Sequence[RelationMark], wanted: set[str]) -> list[RelationMark]:
    return [r for r in relations if r.head[2] in wanted and r.child[2] in wanted]


def _figures(documents: Sequence[RelationPair], type_name: str | None) -> RelationFigures:
    matched = first_total = second_total = 0
    first_overlapping = second_overlapping = 0
    for first_relations, second_relations in documents:
        first = {r.key() for r in first_relations if type_name in (None, r.type)}
        second = {r.key() for r in second_relations if type_name in (None, r.type)}
        matched += len(first & second)
        first_total += len(first)
        second_total += len(second)
        first_overlapping += sum(1 for r in first if any(_overlap(r, o) for o in second))
        second_overlapping += sum(1 for r in second if any(_overlap(r, o) for o in first))
    exact = 1.0 if first_total + second_total == 0 else 2 * matched / (first_total + second_total)
    return RelationFigures(
        exact,
        _harmonic(first_overlapping, first_total, second_overlapping, second_total),
        first_total,
        second_total,
    )


Key = tuple[Mark, Mark, str]


def _overlap(one: Key, other: Key) -> bool:
    return one[2] == other[2] and _shares(one[0], other[0]) and _shares(one[1], other[1])


def _shares(one: Mark, other: Mark) -> bool:
    return one[2] == other[2] and one[0] < other[1] and other[0] < one[1]


def _harmonic(first_matched: int, first: int, second_matched: int, second: int) -> float:
    if first + second == 0:
        return 1.0
    precision = first_matched / first if first else 0.0
    recall = second_matched / second if second else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)
