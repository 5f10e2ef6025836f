"""A reviewer's view of two or more annotators' versions of a document, and the gold it makes.

Each version is an annotator's accepted spans (as `tagdesk agreement` counts
them). Spans are grouped into regions: spans that share a character, across
all versions, are one region. A region every annotator marked the same way
is agreed; any other is a disagreement, with what each annotator said there
(nothing, for one who marked none). A decision makes the gold spans of a
region (or of the whole document) what one version holds there; it is
planned here as (shown, wanted) edits and written in the reviewer's name by
store/own_edits.py, so every decision is one undoable action.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tagdesk.core.records import SpanRecord

Mark = tuple[int, int, int]  # start, end, label id
Edit = tuple[SpanRecord, SpanRecord | None]  # a span as shown, what it becomes (None: gone)


@dataclass(frozen=True)
class Region:
    """Characters [start, end) and what each annotator marked in them, by name."""

    start: int
    end: int
    said: Mapping[str, tuple[SpanRecord, ...]]

    @property
    def agreed(self) -> bool:
        versions = {tuple(sorted(_mark(s) for s in spans)) for spans in self.said.values()}
        return len(versions) == 1

    def marks_of(self, annotator: str) -> tuple[Mark, ...]:
        return tuple(sorted(_mark(span) for span in self.said.get(annotator, ())))


def version(spans: Sequence[SpanRecord]) -> list[SpanRecord]:
    """The spans that make an annotator's version: the accepted ones of their view."""
    return sorted((s for s in spans if s.status == "accepted"), key=lambda s: (s.start, s.end))


def regions(versions: Mapping[str, Sequence[SpanRecord]]) -> list[Region]:
    """Every region of the document in order: spans sharing a character, in any version."""
    tagged = sorted(
        ((span, name) for name, spans in versions.items() for span in version(spans)),
        key=lambda item: (item[0].start, item[0].end),
    )
    found: list[Region] = []
    group: list[tuple[SpanRecord, str]] = []
    reach = -1
    for span, name in tagged:
        if group and span.start >= reach:
            found.append(_region(group, versions))
            group = []
        if not group:
            reach = span.end
        group.append((span, name))
        reach = max(reach, span.end)
    if group:
        found.append(_region(group, versions))
    return found


def _region(
    group: list[tuple[SpanRecord, str]], versions: Mapping[str, Sequence[SpanRecord]]
) -> Region:
    said: dict[str, tuple[SpanRecord, ...]] = dict.fromkeys(versions, ())
    for span, name in group:
        said[name] = (*said[name], span)
    return Region(min(s.start for s, _ in group), max(s.end for s, _ in group), said)


def gold_edits(
    gold: Sequence[SpanRecord],
    wanted: Sequence[SpanRecord],
    start: int,
    end: int,
) -> list[Edit]:
    """The edits that make the gold spans in [start, end) exactly `wanted` (accepted).

    `gold` is the reviewer's view, rejected spans included: a span taken
    before and rejected since is taken back, not copied a second time.
    Gold spans of the region that no wanted span matches are removed (their
    original stays hidden); a wanted span gold lacks is taken from its
    annotator's span, which the store copies into gold.
    """
    inside = [s for s in gold if s.start < end and start < s.end]
    wanted_marks = {_mark(span): span for span in wanted}
    sources = {span.id: span for span in wanted}
    edits: list[Edit] = []
    kept: set[Mark] = set()
    leftover: list[SpanRecord] = []
    for span in inside:
        mark = _mark(span)
        if span.status != "rejected" and mark in wanted_marks and mark not in kept:
            kept.add(mark)
            if span.status != "accepted":
                edits.append((span, replace(span, status="accepted")))
        else:
            leftover.append(span)
    for span in leftover:
        source = sources.get(span.derived_from) if span.derived_from else None
        if source is not None and _mark(source) not in kept:
            kept.add(_mark(source))
            edits.append((span, _taken(span, source)))  # taken before: taken back
        elif span.status != "rejected":
            edits.append((span, None))
    for mark, source in wanted_marks.items():
        if mark not in kept:
            edits.append((source, replace(source, status="accepted")))
    return edits


def _taken(earlier: SpanRecord, source: SpanRecord) -> SpanRecord:
    return replace(
        earlier, start=source.start, end=source.end, label_id=source.label_id, status="accepted"
    )


def _mark(span: SpanRecord) -> Mark:
    return span.start, span.end, span.label_id
