"""Relations as the window lists them: one row each, with both spans' words and labels.

Plain Python, so the wording, the order and which types a pair of spans may take
are tested without Qt; the window's list models only show these rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tagdesk.core.records import SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord

SHOWN_CHARACTERS = 40  # of a span's text in a list row; the rest is an ellipsis
OUTGOING, INCOMING = "outgoing", "incoming"


@dataclass(frozen=True)
class RelationRow:
    """One relation, read from one side (`side`: OUTGOING, INCOMING, or "" for the document)."""

    relation: RelationRecord
    type_name: str
    colour: str
    directed: bool
    head_text: str
    child_text: str
    head_label: str
    child_label: str
    side: str = ""
    head_words: str = ""  # the spans' whole words on one line, for the row's tooltip
    child_words: str = ""

    @property
    def other_text(self) -> str:
        return self.head_text if self.side == INCOMING else self.child_text

    @property
    def arrow(self) -> str:
        """How the row's span stands to the other: → it is the head, ← the child, — no direction."""
        if not self.directed:
            return "—"
        return "←" if self.side == INCOMING else "→"

    def describe(self) -> str:
        """“Soleimani” COMMANDS “Quds Force”, for the status bar."""
        join = "—" if not self.directed else "→"
        return f"“{self.head_text}” {join} {self.type_name} {join} “{self.child_text}”"


def shown_text(text: str, most: int = SHOWN_CHARACTERS) -> str:
    """A span's words on one line, shortened in the middle: two long names that begin alike
    ("the Islamic Revolutionary Guard Corps …") still differ by how they end."""
    words = " ".join(text.split())
    if len(words) <= most:
        return words
    tail = (most - 1) // 3
    head = most - 1 - tail
    return words[:head].rstrip() + "…" + words[len(words) - tail :].lstrip()


def relation_rows(
    relations: Iterable[RelationRecord],
    spans: Mapping[int, SpanRecord],
    text: str,
    types: Mapping[int, RelationTypeRecord],
    label_names: Mapping[int, str],
    *,
    of_span: int | None = None,
) -> list[RelationRow]:
    """The rows of a relations list, in reading order of their heads, then their children.

    `of_span`: only the relations of that span, each read from its side.
    A span the window does not show (another view's) reads as "?".
    """

    def read(span_id: int) -> tuple[str, str, int, str]:
        span = spans.get(span_id)
        if span is None:
            return "?", "", -1, "?"
        whole = " ".join(text[span.start : span.end].split())
        return shown_text(whole), label_names.get(span.label_id, ""), span.start, whole

    rows: list[tuple[tuple[int, int, int], RelationRow]] = []
    for relation in relations:
        if of_span is not None and of_span not in (relation.head, relation.child):
            continue
        kind = types.get(relation.type_id)
        head_text, head_label, head_start, head_words = read(relation.head)
        child_text, child_label, child_start, child_words = read(relation.child)
        side = ""
        if of_span is not None:
            side = OUTGOING if relation.head == of_span else INCOMING
        row = RelationRow(
            relation,
            kind.name if kind else "?",
            kind.colour if kind else "#999999",
            kind.directed if kind else True,
            head_text,
            child_text,
            head_label,
            child_label,
            side,
            head_words,
            child_words,
        )
        rows.append(((head_start, child_start, relation.id), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def fitting_types(
    types: Sequence[RelationTypeRecord], head_label: str, child_label: str
) -> tuple[list[RelationTypeRecord], list[tuple[RelationTypeRecord, str]]]:
    """The types that may join a head and a child of these labels, and the others with why not."""
    fitting: list[RelationTypeRecord] = []
    refused: list[tuple[RelationTypeRecord, str]] = []
    for kind in types:
        why = kind.refusal(head_label, child_label)
        if why is None:
            fitting.append(kind)
        else:
            refused.append((kind, why))
    return fitting, refused


def candidate_spans(
    spans: Sequence[SpanRecord],
    head: SpanRecord,
    types: Sequence[RelationTypeRecord],
    label_names: Mapping[int, str],
) -> list[SpanRecord]:
    """The spans Tab offers as a relation's other end: not the head, not rejected, and
    of a label some type accepts as the child of a head of this label, in reading order."""
    head_label = label_names.get(head.label_id, "")
    accepted_labels: dict[int, bool] = {}

    def fits(span: SpanRecord) -> bool:
        if span.label_id not in accepted_labels:
            child_label = label_names.get(span.label_id, "")
            accepted_labels[span.label_id] = any(
                kind.refusal(head_label, child_label) is None for kind in types
            )
        return accepted_labels[span.label_id]

    found = [s for s in spans if s.id != head.id and s.status != "rejected" and fits(s)]
    found.sort(key=lambda s: (s.start, s.end, s.id))
    return found


def step_candidate(
    candidates: Sequence[SpanRecord], current: SpanRecord | None, head: SpanRecord, step: int
) -> SpanRecord | None:
    """Tab (+1) and Shift+Tab (-1) through the candidates, from the head's place, wrapping."""
    if not candidates:
        return None
    keys = [(s.start, s.end, s.id) for s in candidates]
    if current is not None and current.id in {s.id for s in candidates}:
        at = next(i for i, s in enumerate(candidates) if s.id == current.id)
        return candidates[(at + step) % len(candidates)]
    place = (head.start, head.end, head.id)
    if step > 0:
        return next((s for s, k in zip(candidates, keys, strict=True) if k > place), candidates[0])
    before = [s for s, k in zip(candidates, keys, strict=True) if k < place]
    return before[-1] if before else candidates[-1]
