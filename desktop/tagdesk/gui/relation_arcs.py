"""Relations drawn as arcs over the text of the annotation view, and what hovering them says.

The view owns one `RelationArcs`; the window gives it the open document's
relations and types, and the relation keys and lists talk to it through
its small public methods (`set_relations`, `set_selected_relation`,
`set_pending`, `relation_at`, `relation_clicked`). Levels come from the pure
layout in core/arc_layout.py, worked out once per change of the relations or
of their spans; only the arcs of the lines on screen are measured and drawn.

A long document opens with the arcs of its first lines laid out (placed as
laying out all of them places them, core.arc_layout.arcs_near), so the
first paint does not wait for the rest; every arc is laid out in the turn
after, and the lines shown before then get theirs first.

Room for the arcs: a line holding a span with arcs gets a space in a taller
font (as wide as before) from the highlighter, so Qt gives that line the
height the arcs need above its text; the offsets and the text are unchanged
(gui/arc_room.py). The fill Qt paints over the whole of such a line is wiped
from that room before the arcs are drawn (gui/arc_painting.py).
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent

from tagdesk.core.arc_layout import (
    STRUT_SEARCH,
    ArcLayout,
    arcs_near,
    block_bounds,
    place_arcs,
    struts,
    uncovered,
)
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.gui.arc_geometry import ArcGeometry, ArcMetrics, ArcShape, visible_blocks
from tagdesk.gui.arc_painting import PENDING, UNKNOWN_COLOUR, ArcPainter
from tagdesk.gui.arc_room import Given, LineRoom
from tagdesk.gui.plain_text import escape

if TYPE_CHECKING:
    from tagdesk.gui.annotation_view import AnnotationView


QUOTED_CHARS = 60  # of a span's text in the tooltip
# A document opens with the arcs of its first characters laid out (more than the largest
# window shows); the rest follow in the event loop, after the first paint.
FIRST_CHARACTERS = 16_000


@contextmanager
def collector_paused() -> Iterator[None]:
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


class RelationArcs(QObject):
    relation_clicked = Signal(int)  # a relation id: its arc or label was clicked
    menu_requested = Signal(int, QPoint)  # a relation id, right-clicked; global position

    def __init__(self, view: AnnotationView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().setMouseTracking(True)  # an arc under the mouse is drawn stronger
        self._relations: dict[int, RelationRecord] = {}
        self._types: dict[int, RelationTypeRecord] = {}
        self._selected: int | None = None
        self._hovered: int | None = None
        self._pending: tuple[int, int | None] | None = None
        self._show_rejected = False
        self._text = ""
        self._offsets = OffsetMap("")
        self._bounds: tuple[list[int], list[int]] | None = None  # worked out once needed
        self._layout = place_arcs([], {})
        self._raised: dict[int, int] = {}  # offset of a raised space -> rows of room
        self._absent: set[int] = set()  # spans relations name that are not drawn
        # Worked out once per document shown: where a span's raised space is, and the
        # size of a raised space for so many rows.
        self._strut_cache: dict[tuple[object, ...], int | None] = {}
        self._struts_of: dict[int, int] = {}  # span id -> its raised space
        self._shapes: list[ArcShape] | None = None
        self._shapes_key: tuple[object, ...] = ()
        self._metrics: ArcMetrics | None = None
        self._laid: list[tuple[int, int]] | None = None  # the stretches laid out; None: all
        self._turn = 0  # of the document shown: a later turn for an earlier one does nothing
        self._edits = 0  # span edits: arcs placed before the last one are placed again
        self.room = LineRoom(view, self._blocks_on_screen)
        view.viewport().installEventFilter(self)  # before each paint: the lines' room given

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.lay_out_on_screen()
        elif event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            relation = self.relation_at(event.pos())
            if relation is not None:  # the arc's menu, not the text's
                self.menu_requested.emit(relation.id, event.globalPos())
                return True
        return False

    # -- what is shown ---------------------------------------------------------------

    def set_relations(
        self,
        relations: Iterable[RelationRecord],
        types: Iterable[RelationTypeRecord] | None = None,
        *,
        on_screen_first: bool = False,
    ) -> None:
        """The open document's relations (and, if given, every relation type): drawn again.

        `on_screen_first`: a long document's relations arriving after its first paint are
        laid out as `prepare` lays them out, those of the lines on screen now, every other
        in the turns after.
        """
        fresh = {relation.id: relation for relation in relations}
        kinds = self._types if types is None else {kind.id: kind for kind in types}
        if fresh == self._relations and kinds == self._types:
            return
        self._relations = fresh
        self._types = kinds
        if self._selected not in self._relations:
            self._selected = None
        if not on_screen_first or len(self._text) <= FIRST_CHARACTERS:
            self._relayout()
            return
        self._laid = []
        self.lay_out_on_screen()
        turn = self._turn
        QTimer.singleShot(0, self, lambda: self._finish(turn))

    def set_relation_types(self, types: Iterable[RelationTypeRecord]) -> None:
        self._types = {kind.id: kind for kind in types}
        self._relayout()

    def relations(self) -> list[RelationRecord]:
        """The relations shown, by id."""
        return [self._relations[key] for key in sorted(self._relations)]

    def relation(self, relation_id: int) -> RelationRecord | None:
        return self._relations.get(relation_id)

    def relation_type(self, type_id: int) -> RelationTypeRecord | None:
        return self._types.get(type_id)

    def set_selected_relation(self, relation_id: int | None) -> None:
        """Draw this relation emphasised (None: no relation is selected)."""
        self._selected = relation_id if relation_id in self._relations else None
        self._shapes = None
        self.view.viewport().update()

    @property
    def selected_relation(self) -> int | None:
        return self._selected

    @property
    def hovered_relation(self) -> int | None:
        return self._hovered

    def set_pending(self, head_span_id: int | None, candidate_span_id: int | None = None) -> None:
        """A relation being made: from this head, to the candidate (None: not chosen yet)."""
        pending = None if head_span_id is None else (head_span_id, candidate_span_id)
        if pending != self._pending:
            self._pending = pending
            self._relayout()

    @property
    def pending(self) -> tuple[int, int | None] | None:
        return self._pending

    def set_show_rejected(self, shown: bool) -> None:
        """Rejected relations: drawn faint when shown, left out (and given no room) when not."""
        if shown != self._show_rejected:
            self._show_rejected = shown
            self._relayout()

    def shows(self, relation: RelationRecord) -> bool:
        if relation.status == "rejected" and not self._show_rejected:
            return False
        head, child = self.view.index.get(relation.head), self.view.index.get(relation.child)
        return (
            head is not None
            and child is not None
            and self.shows_span(head)
            and self.shows_span(child)
        )

    def shows_span(self, span: SpanRecord) -> bool:
        return span.status != "rejected" or self.view.highlighter.show_rejected

    # -- the view's document ---------------------------------------------------------

    def prepare(
        self,
        text: str,
        offsets: OffsetMap,
        relations: Iterable[RelationRecord],
        types: Iterable[RelationTypeRecord],
    ) -> None:
        """A document is about to be shown: lay its arcs out before its lines are."""
        self._text = text
        self._offsets = offsets
        self._bounds = None
        self._relations = {relation.id: relation for relation in relations}
        types = list(types)
        if types:
            self._types = {kind.id: kind for kind in types}
        self._selected = None
        self._hovered = None
        self._pending = None
        self._metrics = None
        self._raised = {}
        self._strut_cache = {}
        self._struts_of = {}
        self.room.reset()
        self._turn += 1
        if len(text) <= FIRST_CHARACTERS or not self._relations:
            self._relayout(rehighlight=False)
            return
        # The first lines' arcs now, with the text; the rest once the window has painted.
        self._laid = []
        with collector_paused():
            self._lay_out_near(0, FIRST_CHARACTERS, Given.WITH_TEXT)
        turn = self._turn
        QTimer.singleShot(0, self, lambda: self._finish(turn))

    def spans_changed(self, changed: list[tuple[int, int]]) -> None:
        """Spans were edited: arcs are laid out again only if a span with arcs changed.

        An edit reports the ranges it touched, old and new, so a span with arcs
        that moved, shrank, went or changed its status ends inside one of them.
        """
        self._shapes = None  # the lines may have moved
        self._edits += 1
        index = self.view.index
        for span_id in self._absent:  # a span of a relation, not drawn: is it back?
            span = index.get(span_id)
            if span is not None and self.shows_span(span):
                self._relayout()
                return
        for start, end in changed:
            for span_id, extent in self._layout.spans_ending_in(start, end).items():
                span = index.get(span_id)
                if span is None or (span.start, span.end) != extent or not self.shows_span(span):
                    self._relayout()
                    return

    @property
    def text(self) -> str:
        return self._text

    def bounds(self) -> tuple[list[int], list[int]]:
        if self._bounds is None:
            self._bounds = block_bounds(self._text)
        return self._bounds

    def text_between(self, start: int, end: int) -> str:
        return self._text[start:end]

    def character(self, offset: int) -> str:
        return self._text[offset] if 0 <= offset < len(self._text) else " "

    def metrics(self) -> ArcMetrics:
        if self._metrics is None:
            self._metrics = ArcMetrics(self.view.font(), self.view.tags.font)
        return self._metrics

    def _extents(self, ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        index = self.view.index
        found = {}
        for span_id in ids:
            span = index.get(span_id)
            if span is not None and self.shows_span(span):
                found[span_id] = (span.start, span.end)
        return found

    def _relayout(self, *, rehighlight: bool = True) -> None:
        """Levels and room again, from the relations and the spans as they are now.

        Thousands of small tuples, none in a cycle: the cycle collector is held
        off meanwhile, or it walks the window's whole heap several times over.
        """
        with collector_paused():
            self._lay_out(Given.NOW if rehighlight else Given.WITH_TEXT)

    def _inputs(self) -> tuple[list[tuple[int, int, int]], dict[int, tuple[int, int]]]:
        """The arcs to draw (relation, head, child) and their spans' extents; notes the absent."""
        get = self.view.index.get
        hidden_spans = not self.view.highlighter.show_rejected
        hidden = () if self._show_rejected else ("rejected",)
        extents: dict[int, tuple[int, int]] = {}
        missing: set[int] = set()
        arcs = []
        for relation in self._relations.values():
            if relation.status in hidden:
                continue
            drawn = True
            for span_id in (relation.head, relation.child):
                if span_id in extents:
                    continue
                span = get(span_id)
                if span is None or (hidden_spans and span.status == "rejected"):
                    missing.add(span_id)
                    drawn = False
                else:
                    extents[span_id] = (span.start, span.end)
            if drawn:
                arcs.append((relation.id, relation.head, relation.child))
        head, candidate = self._pending or (None, None)
        if head is not None:
            extents.update(self._extents([head, candidate] if candidate else [head]))
            if candidate is not None and candidate != head:
                arcs.append((PENDING, head, candidate))
        self._absent = missing
        return arcs, extents

    def _lay_out(self, when: Given) -> None:
        """Every arc, and the lines' room, shown `when` (arc_room.Given)."""
        arcs, extents = self._inputs()
        self._lay_out_placed(place_arcs(arcs, extents), when)

    def _lay_out_placed(self, layout: ArcLayout, when: Given) -> None:
        where: dict[int, int] = {}
        raised = (
            struts(
                self._text,
                layout,
                self.bounds(),
                self._strut_cache,
                self._own_stretches(layout),
                where,
            )
            if len(layout)
            else {}
        )
        self._laid = None
        self._set_layout(layout, raised, where, when)

    def _lay_out_near(self, start: int, end: int, when: Given) -> None:
        """The arcs of the lines from `start` to `end` too: as laying out all of them places
        them (core.arc_layout.arcs_near), with the room of those lines, and no other's."""
        assert self._laid is not None
        starts, ends = self.bounds()
        first = starts[bisect_right(starts, max(start, 0)) - 1]
        last = ends[bisect_right(starts, min(end, len(self._text))) - 1]
        laid = _merged([*self._laid, (first, last)])
        if laid == [(0, len(self._text))]:
            self._lay_out(when)
            return
        self._laid = laid
        arcs, extents = self._inputs()
        near: dict[int, tuple[int, int, int]] = {}
        for low, high in laid:  # a span whose raised space is in the stretch ends near it
            for arc in arcs_near(arcs, extents, low - STRUT_SEARCH - 1, high + STRUT_SEARCH + 1):
                near[arc[0]] = arc
        used = {span for _, head, child in near.values() for span in (head, child)}
        layout = place_arcs(list(near.values()), {span: extents[span] for span in used})
        where: dict[int, int] = {}
        raised = struts(
            self._text, layout, self.bounds(), self._strut_cache, self._own_stretches(layout), where
        )
        inside = {
            offset: rows
            for offset, rows in raised.items()
            if any(low <= offset <= high for low, high in laid)
        }
        self._set_layout(layout, inside, where, when)

    def _set_layout(
        self, layout: ArcLayout, raised: dict[int, int], where: dict[int, int], when: Given
    ) -> None:
        self._layout = layout
        self._struts_of = where
        self._raised = raised
        self._shapes = None
        room = (
            self.room.formats(raised, self._text, self._offsets, self.bounds()[0], self.metrics())
            if raised
            else {}
        )
        self.room.give(room, when)
        self.view.viewport().update()

    def _finish(self, turn: int) -> None:
        """After the first paint: every arc placed; their room in the next turn."""
        if turn != self._turn or self._laid is None:
            return
        with collector_paused():
            arcs, extents = self._inputs()
            placed = place_arcs(arcs, extents)
        edits = self._edits
        QTimer.singleShot(0, self, lambda: self._finish_room(turn, placed, edits))

    def _finish_room(self, turn: int, placed: ArcLayout, edits: int) -> None:
        """Every arc laid out, and the rest of the lines given their room, in turns."""
        if turn != self._turn or self._laid is None:
            return
        with collector_paused():
            if edits == self._edits:
                self._lay_out_placed(placed, Given.IN_TURNS)
            else:  # a span edited meanwhile: placed again
                self._lay_out(Given.IN_TURNS)
        self.lay_out_on_screen()

    def lay_out_on_screen(self) -> None:
        """Before the lines on screen are painted: their arcs laid out, and their room shown."""
        if self._laid is None and not self.room.waiting:
            return
        shown = visible_blocks(self.view)
        if not shown:
            return
        offsets = self.view.offsets
        first = offsets.to_python(shown[0][0].position())
        last_block = shown[-1][0]
        last = offsets.to_python(last_block.position() + last_block.length() - 1, "up")
        if self._laid is not None and not any(
            low <= first and last <= high for low, high in self._laid
        ):
            ahead = FIRST_CHARACTERS // 4
            with collector_paused():
                self._lay_out_near(first - ahead, last + ahead, Given.NOW)
        self.room.show_on_screen()

    def _blocks_on_screen(self) -> list[int]:
        return [block.position() for block, _ in visible_blocks(self.view)]

    @property
    def all_placed(self) -> bool:
        """True once every arc is laid out (some lines may wait for their room still)."""
        return self._laid is None

    @property
    def laid_out(self) -> bool:
        """True once every arc is laid out and every line shows its room."""
        return self._laid is None and not self.room.waiting

    def _own_stretches(self, layout: ArcLayout) -> dict[int, tuple[int, int]]:
        """For each span with arcs that holds other spans, the stretch only it covers."""
        own = {}
        index = self.view.index
        for span_id, (start, end) in layout.spans_with_arcs().items():
            if index.starting_in(start, end) < 2:
                continue  # no other span starts inside it: it holds none
            inner = self.inner_extents(span_id, start, end)
            if inner:
                own[span_id] = uncovered(self._text, start, end, inner)
        return own

    def inner_extents(self, span_id: int, start: int, end: int) -> list[tuple[int, int]]:
        """The shown spans inside this one (not the same extent): what its feet avoid."""
        return [
            (other.start, other.end)
            for other in self.view.index.overlapping(start, end)
            if other.id != span_id
            and start <= other.start
            and other.end <= end
            and (other.start, other.end) != (start, end)
            and self.shows_span(other)
        ]

    def strut_of(self, span_id: int) -> int | None:
        """The raised space that gives this span's line its room (the line its feet go on)."""
        return self._struts_of.get(span_id)

    # -- on screen -------------------------------------------------------------------

    def arc_shapes(self) -> list[ArcShape]:
        """The arcs on screen now, lowest level first (what paint draws and clicks hit)."""
        view = self.view
        offset = view.contentOffset()
        key = (
            id(self._layout),
            view.verticalScrollBar().value(),
            offset.x(),
            offset.y(),
            view.viewport().width(),
            view.viewport().height(),
            view.document().revision(),
            view.document().pageCount(),
            self._selected,
        )
        if self._shapes is None or key != self._shapes_key:
            self._shapes = ArcGeometry(self, self.metrics()).shapes(self._layout)
            self._shapes_key = key
        return self._shapes

    def relation_at(self, point: QPoint | QPointF) -> RelationRecord | None:
        """The relation whose arc or label is under this viewport point, or None."""
        where = QPointF(point)
        for shape in self.drawing_order(self.arc_shapes())[::-1]:
            if shape.relation != PENDING and shape.contains(where):
                return self._relations.get(shape.relation)
        return None

    def hover(self, point: QPoint | QPointF | None) -> None:
        """The mouse moved over the text: the arc under it is drawn a little stronger."""
        relation = None if point is None else self.relation_at(point)
        hovered = relation.id if relation is not None else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.view.viewport().update()

    def tooltip_for(self, relation: RelationRecord) -> str:
        """Type, head -> child text, status, note and annotator, as hovering shows them."""
        kind = self._types.get(relation.type_id)
        name = kind.name if kind else "?"
        colour = kind.colour if kind else UNKNOWN_COLOUR
        arrow = "→" if self._directed(relation) else "—"
        head, child = escape(self._quoted(relation.head)), escape(self._quoted(relation.child))
        lines = [
            f'<b style="color:{colour}">{escape(name)}</b> · {escape(relation.status)}',
            f"“{head}” {arrow} “{child}”",
        ]
        if relation.note:
            lines.append("note: " + escape(relation.note))
        if relation.annotator:
            lines.append("by " + escape(relation.annotator))
        if relation.source and relation.source != "manual":
            lines.append("source: " + escape(relation.source))
        return "<qt>" + "<br>".join(lines) + "</qt>"

    def tooltip_at(self, point: QPoint | QPointF) -> str | None:
        relation = self.relation_at(point)
        return None if relation is None else self.tooltip_for(relation)

    def _quoted(self, span_id: int) -> str:
        span = self.view.index.get(span_id)
        if span is None:
            return "?"
        words = " ".join(self._text[span.start : span.end].split())
        return words if len(words) <= QUOTED_CHARS else words[: QUOTED_CHARS - 1] + "…"

    def _directed(self, relation: RelationRecord) -> bool:
        kind = self._types.get(relation.type_id)
        return kind.directed if kind else True

    def directed(self, relation_id: int) -> bool:
        """Whether the arc has an arrowhead at its child (the arc being drawn has)."""
        relation = self._relations.get(relation_id)
        return True if relation is None else self._directed(relation)

    def type_name(self, relation_id: int) -> str:
        relation = self._relations.get(relation_id)
        if relation is None:
            return ""
        kind = self._types.get(relation.type_id)
        return kind.name if kind else "?"

    def child_span(self, relation_id: int) -> int | None:
        if relation_id == PENDING:
            return self._pending[1] if self._pending else None
        relation = self._relations.get(relation_id)
        return relation.child if relation else None

    def drawing_order(self, shapes: list[ArcShape]) -> list[ArcShape]:
        """Lowest first; the hovered and then the selected arc last, on top."""

        def key(shape: ArcShape) -> tuple[int, int, int]:
            top = (
                2
                if shape.relation == self._selected
                else 1
                if shape.relation == self._hovered
                else 0
            )
            return (top, shape.level, shape.relation)

        return sorted(shapes, key=key)

    # -- painting --------------------------------------------------------------------

    def paint(self, area: QRect) -> None:
        """After Qt has drawn the text: wipe the fills from the lines' room, then draw arcs."""
        if not len(self._layout) and self._pending is None:
            return
        self._shapes = None  # measured afresh for each paint: highlighting may move lines
        ArcPainter(self).paint(area)


def _merged(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of text joined where they meet or overlap, in order."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(stretches):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged
