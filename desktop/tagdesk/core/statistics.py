"""The figures of the statistics view and `tagdesk stats --charts`, as plain data.

What became of a model's suggestion is read from the store's own records:
the suggestion log keeps every (document, start, end, label) pre-annotation
proposed, and a span keeps naming the pipeline it came from (its `source`)
when the analyst accepts, relabels or resizes it. So a logged suggestion is

- accepted: a span of that pipeline has its start, end and label, accepted;
- corrected: a span of that pipeline overlaps it with other bounds or another
  label, not rejected (relabelled or resized; in a shared document, an
  analyst's own copy);
- rejected: a span of that pipeline with its start, end and label, or one
  overlapping it, is rejected;
- open: the suggestion is still there to decide;
- deleted: nothing of it is left.

A span that is exactly another logged suggestion belongs to that one and is
no correction of this one. The checks run in that order: in a document given
to several analysts the first answer that holds wins (one analyst's accepted
copy over another's rejection).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

OUTCOMES: tuple[str, ...] = ("accepted", "corrected", "rejected", "open", "deleted")

Logged = tuple[int, int, int, str]  # start, end, label id, source
Found = tuple[int, int, int, str, str]  # start, end, label id, source, status


def suggestion_outcomes(logged: Sequence[Logged], spans: Iterable[Found]) -> list[str]:
    """The outcome (one of OUTCOMES) of each logged suggestion of one document, in order."""
    keys = {(start, end, label, source) for start, end, label, source in logged}
    by_source: dict[str, list[Found]] = {}
    for span in spans:
        by_source.setdefault(span[3], []).append(span)
    return [_outcome(item, by_source.get(item[3], []), keys) for item in logged]


def _outcome(item: Logged, spans: list[Found], keys: set[Logged]) -> str:
    start, end, label, _source = item
    exact = [span[4] for span in spans if span[:3] == (start, end, label)]
    touching = [
        span
        for span in spans
        if span[0] < end
        and start < span[1]
        and span[:3] != (start, end, label)
        and span[:4] not in keys
    ]
    if "accepted" in exact:
        return "accepted"
    if any(span[4] != "rejected" for span in touching):
        return "corrected"
    if "rejected" in exact or touching:
        return "rejected"
    if exact:
        return "open"
    return "deleted"


@dataclass(frozen=True)
class AnnotatorFigures:
    """One analyst's work: documents given and finished, and their own spans by status."""

    assigned: int = 0
    done: int = 0
    spans: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentStrip:
    """Where in a document its spans fall: (start, end, label name) of each one not rejected."""

    document_id: int
    title: str
    length: int
    spans: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class Statistics:
    """Every figure of the view. Days are UTC dates (YYYY-MM-DD), in order."""

    done_per_day: dict[str, int]
    spans_per_day: dict[str, dict[str, int]]  # day -> span status -> spans created that day
    labels: dict[str, dict[str, int]]  # label name -> span status -> spans
    model_quality: dict[str, dict[str, int]]  # label name -> outcome -> logged suggestions
    annotators: dict[str, AnnotatorFigures]
    label_colours: dict[str, str]  # label name -> "#rrggbb", in the scheme's order

    def as_json(self) -> dict[str, Any]:
        return {
            "done_per_day": self.done_per_day,
            "spans_per_day": self.spans_per_day,
            "labels": self.labels,
            "model_quality": self.model_quality,
            "annotators": {
                name: {"assigned": f.assigned, "done": f.done, "spans": f.spans}
                for name, f in self.annotators.items()
            },
        }
