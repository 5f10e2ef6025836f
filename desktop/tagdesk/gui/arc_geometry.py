"""Where the arcs of the visible lines are on screen, from the text's layout.

An arc whose two spans are on one line is one part: up from the first span,
along its level, down to the other. Spans on different lines give two parts,
as brat draws them: one leaves the first line towards its right edge, the
other enters the second line from its left edge. Each part carries the type's
name on its bar when there is room for it (shortened where there is little).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPainterPathStroker,
    QTextBlock,
    QTextLine,
)

from tagdesk.core.arc_layout import MAX_ROWS, ArcLayout, PlacedArc, uncovered
from tagdesk.core.records import SpanRecord

if TYPE_CHECKING:
    from tagdesk.gui.annotation_view import AnnotationView
    from tagdesk.gui.relation_arcs import RelationArcs

ROW_GAP = 3.0  # between one level's labels and the next
FOOT_GAP = 3.0  # between a foot and the text below it
NEST_LIFT = 3.0  # a foot on a span holding other spans stands this much higher
CORNER = 4.0
ARROW_LENGTH = 6.0
ARROW_HALF_WIDTH = 3.5
LABEL_PADDING = 4.0
HIT_WIDTH = 7.0  # how close the mouse must come to an arc's line to point at it


@dataclass
class Foot:
    """Where an arc meets a span on screen."""

    x: float
    y: float  # the foot's bottom, just above the text
    line_key: tuple[int, int]  # (block number, line number): which visual line
    text_top: float
    left_edge: float
    right_edge: float
    span_left: float
    span_right: float


@dataclass
class ArcPart:
    """One drawn piece of an arc: a path, and its label's box (None when it does not fit)."""

    path: QPainterPath
    bar: tuple[float, float, float]  # x from, x to, y
    label: str = ""
    label_rect: QRectF | None = None
    _outline: QPainterPath | None = None

    def near(self, point: QPointF) -> bool:
        """Within a few pixels of the drawn line (the band the mouse may point at)."""
        if self._outline is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(HIT_WIDTH)
            self._outline = stroker.createStroke(self.path)
        return self._outline.contains(point)


@dataclass
class ArcShape:
    relation: int
    level: int
    parts: list[ArcPart] = field(default_factory=list)
    arrow: tuple[QPointF, QPointF, QPointF] | None = None  # at the child, for directed types
    feet: list[Foot] = field(default_factory=list)

    def contains(self, point: QPointF) -> bool:
        for part in self.parts:
            if part.label_rect is not None and part.label_rect.contains(point):
                return True
        return any(part.near(point) for part in self.parts)


class ArcMetrics:
    """Sizes that follow the text's font: the label font, a level's height, a line's room."""

    def __init__(self, text_font: QFont, label_font: QFont) -> None:
        self.text_font = QFont(text_font)
        self.label_font = QFont(label_font)
        text = QFontMetricsF(self.text_font)
        self.text_ascent = text.ascent()
        self.text_descent = text.descent()
        self._text_metrics = text
        self._label_metrics = QFontMetricsF(self.label_font)
        self.label_height = self._label_metrics.height() + 2
        self.row = self.label_height + ROW_GAP
        self._names: dict[tuple[str, float], str] = {}
        self._advances: dict[str, float] = {}

    def room(self, rows: int) -> float:
        """The height above the text a line needs for `rows` levels."""
        return rows * self.row + FOOT_GAP + NEST_LIFT if rows else 0.0

    def raised_space(self, rows: int, character: str = " ") -> tuple[float, float]:
        """The point size and letter spacing of a space that gives its line that room."""
        base = self.text_font.pointSizeF()
        size = base * (self.text_ascent + self.room(rows)) / self.text_ascent
        bigger = QFont(self.text_font)
        bigger.setPointSizeF(size)
        wide = QFontMetricsF(bigger).horizontalAdvance(character)
        return size, self._text_metrics.horizontalAdvance(character) - wide

    def advance(self, character: str) -> float:
        width = self._advances.get(character)
        if width is None:
            width = self._advances[character] = self._text_metrics.horizontalAdvance(character)
        return width

    def label_width(self, name: str) -> float:
        return self._label_metrics.horizontalAdvance(name) + 2 * LABEL_PADDING

    def fitted_name(self, name: str, room: float) -> str:
        """The type's name, shortened with an ellipsis to fit `room`; "" when nothing fits."""
        key = (name, round(room))
        cached = self._names.get(key)
        if cached is not None:
            return cached
        shown = ""
        if self.label_width(name) <= room:
            shown = name
        else:
            for length in range(len(name) - 1, 0, -1):
                candidate = name[:length] + "…"
                if self.label_width(candidate) <= room:
                    shown = candidate
                    break
        self._names[key] = shown
        return shown


def crisp(value: float) -> float:
    """The middle of the pixel: a thin line there is drawn sharp, not smeared over two."""
    return math.floor(value) + 0.5


def visible_blocks(view: AnnotationView) -> list[tuple[QTextBlock, float]]:
    """The blocks on screen and the viewport y of each one's top."""
    offset = view.contentOffset()
    bottom = view.viewport().rect().bottom()
    shown = []
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > bottom:
            break
        if block.isVisible():
            shown.append((block, top))
        block = block.next()
    return shown


class ArcGeometry:
    """Shapes for the arcs with a span on the visible lines."""

    def __init__(self, owner: RelationArcs, metrics: ArcMetrics) -> None:
        self.owner = owner
        self.view = owner.view
        self.metrics = metrics

    def shapes(self, layout: ArcLayout) -> list[ArcShape]:
        view = self.view
        shown = visible_blocks(view)
        if not shown or not len(layout):
            return []
        offsets = view.offsets
        tops = {block.blockNumber(): top for block, top in shown}
        first = offsets.to_python(shown[0][0].position())
        last_block = shown[-1][0]
        last = offsets.to_python(last_block.position() + last_block.length() - 1, "up")
        feet_cache: dict[tuple[int, int, int, bool], Foot | None] = {}
        result = []
        for arc in layout.ending_between(first, last):
            feet = []
            for end, other_before in ((arc.left, False), (arc.right, True)):
                key = (end.span, end.slot, end.slots, other_before)
                if key not in feet_cache:
                    feet_cache[key] = self._foot(
                        end.span, end.slot, end.slots, tops, other_before=other_before
                    )
                feet.append(feet_cache[key])
            shape = self._shape(arc, feet[0], feet[1])
            if shape is not None:
                result.append(shape)
        return result

    def foot_of(self, span_id: int, slot: int = 0, slots: int = 1) -> Foot | None:
        """Where a foot on this span goes on screen (None when its line is not shown)."""
        tops = {block.blockNumber(): top for block, top in visible_blocks(self.view)}
        return self._foot(span_id, slot, slots, tops)

    def _foot(
        self,
        span_id: int,
        slot: int,
        slots: int,
        tops: dict[int, float],
        *,
        other_before: bool = False,
    ) -> Foot | None:
        """Over the span's own text, on the line of its raised space (which has the room).

        A span the view wraps over lines is met on one piece: the last (where its raised
        space is) by an arc to a span after it, the first by an arc from a span before
        it, so the arc reaches it on the line nearest the other span and leaves no stub
        at the margin of the next. The first piece only when its line has room, which
        the raised end of the span's first word gives it (core.arc_layout.struts).
        """
        span = self.view.index.get(span_id)
        if span is None or span.end <= span.start:
            return None
        strut = self.owner.strut_of(span_id)
        found = None
        if strut is not None:
            found = self._line_part(span, strut, tops)
        if found is None:
            found = self._line_part(span, span.end - 1, tops)
        if found is None:
            return None
        if other_before and found[3] > span.start:  # wrapped: the piece on the first line
            first = self._line_part(span, span.start, tops)
            if first is not None and first[1].ascent() > self.metrics.text_ascent + 0.5:
                found = first
        block, line, top, low, high = found
        text = self.owner.text
        inner = self.owner.inner_extents(span.id, span.start, span.end)
        if inner:
            low, high = uncovered(text, low, high, inner)
        while low < high - 1 and text[low].isspace():
            low += 1
        while high > low + 1 and text[high - 1].isspace():
            high -= 1
        offsets = self.view.offsets
        layout = block.layout()
        block_start = block.position()
        origin = layout.position()
        x_left, _ = cast("tuple[float, int]", line.cursorToX(offsets.to_qt(low) - block_start))
        x_last, _ = cast("tuple[float, int]", line.cursorToX(offsets.to_qt(high - 1) - block_start))
        x_right = x_last + self.metrics.advance(self.owner.character(high - 1))
        left = x_left + origin.x()
        right = max(x_right + origin.x(), left + 1)
        x = crisp(left + (right - left) * (slot + 1) / (slots + 1))
        line_top = top + origin.y() + line.y()
        text_top = line_top + line.ascent() - self.metrics.text_ascent
        y = text_top - FOOT_GAP - (NEST_LIFT if inner else 0.0)
        edge = origin.x() + line.x()
        return Foot(
            x=x,
            y=y,
            line_key=(block.blockNumber(), line.lineNumber()),
            text_top=text_top,
            left_edge=edge,
            right_edge=edge + line.width(),
            span_left=left,
            span_right=right,
        )

    def span_boxes(self, span_id: int) -> list[QRectF]:
        """The span's text on each visible line it covers, with a little air around."""
        span = self.view.index.get(span_id)
        if span is None or span.end <= span.start:
            return []
        tops = {block.blockNumber(): top for block, top in visible_blocks(self.view)}
        offsets = self.view.offsets
        boxes = []
        offset = span.start
        while offset < span.end:
            found = self._line_part(span, offset, tops)
            if found is None:
                break
            block, line, top, low, high = found
            start = block.position()
            origin = layout_origin = block.layout().position()
            x_left, _ = cast("tuple[float, int]", line.cursorToX(offsets.to_qt(low) - start))
            x_last, _ = cast("tuple[float, int]", line.cursorToX(offsets.to_qt(high - 1) - start))
            right = x_last + self.metrics.advance(self.owner.character(high - 1))
            text_top = top + origin.y() + line.y() + line.ascent() - self.metrics.text_ascent
            height = self.metrics.text_ascent + self.metrics.text_descent
            boxes.append(
                QRectF(x_left + layout_origin.x() - 2, text_top - 2, right - x_left + 4, height + 4)
            )
            offset = high
        return boxes

    def _line_part(
        self, span: SpanRecord, offset: int, tops: dict[int, float]
    ) -> tuple[QTextBlock, QTextLine, float, int, int] | None:
        """The visual line holding `offset`, and the part of the span on it (None: none)."""
        offsets = self.view.offsets
        qt_offset = offsets.to_qt(offset)
        block = self.view.document().findBlock(qt_offset)
        top = tops.get(block.blockNumber())
        if top is None:
            return None
        block_start = block.position()
        line = block.layout().lineForTextPosition(qt_offset - block_start)
        if not line.isValid():
            return None
        line_start = offsets.to_python(block_start + line.textStart())
        line_end = offsets.to_python(block_start + line.textStart() + line.textLength(), "up")
        low, high = max(span.start, line_start), min(span.end, line_end)
        if high <= low:
            return None
        return block, line, top, low, high

    def bar_y(self, foot: Foot, level: int) -> float:
        rows = min(level, MAX_ROWS)
        return crisp(foot.text_top - FOOT_GAP - NEST_LIFT - (rows - 0.5) * self.metrics.row)

    def _shape(
        self,
        arc: PlacedArc,
        left: Foot | None,
        right: Foot | None,
    ) -> ArcShape | None:
        if left is None and right is None:
            return None
        shape = ArcShape(relation=arc.relation, level=arc.level)
        name = self.owner.type_name(arc.relation)
        if left is not None and right is not None and left.line_key == right.line_key:
            y = self.bar_y(left, arc.level)
            shape.parts.append(self._part(left.x, right.x, y, left, right, name))
        else:
            if left is not None:
                y = self.bar_y(left, arc.level)
                shape.parts.append(self._part(left.x, left.right_edge, y, left, None, name))
            if right is not None:
                y = self.bar_y(right, arc.level)
                shape.parts.append(self._part(right.left_edge, right.x, y, None, right, name))
            if any(part.label == name for part in shape.parts):
                for part in shape.parts:  # the name in full on one part: none cut short
                    if part.label != name:
                        part.label, part.label_rect = "", None
        shape.feet = [foot for foot in (left, right) if foot is not None]
        child = self._child_foot(arc, left, right)
        if self.owner.directed(arc.relation) and child is not None:
            tip = QPointF(child.x, child.y)
            shape.arrow = (
                tip,
                QPointF(child.x - ARROW_HALF_WIDTH, child.y - ARROW_LENGTH),
                QPointF(child.x + ARROW_HALF_WIDTH, child.y - ARROW_LENGTH),
            )
        return shape

    def _child_foot(self, arc: PlacedArc, left: Foot | None, right: Foot | None) -> Foot | None:
        return left if self.owner.child_span(arc.relation) == arc.left_span else right

    def _part(
        self,
        x_from: float,
        x_to: float,
        y: float,
        start: Foot | None,
        end: Foot | None,
        name: str,
    ) -> ArcPart:
        path = QPainterPath()
        corner = min(CORNER, max(abs(x_to - x_from) / 2, 0.5))
        if start is not None:
            path.moveTo(x_from, start.y)
            path.lineTo(x_from, y + corner)
            path.quadTo(x_from, y, x_from + corner, y)
        else:
            path.moveTo(x_from, y)
        if end is not None:
            path.lineTo(x_to - corner, y)
            path.quadTo(x_to, y, x_to, y + corner)
            path.lineTo(x_to, end.y)
        else:
            path.lineTo(x_to, y)
        part = ArcPart(path=path, bar=(x_from, x_to, y))
        room = abs(x_to - x_from) - 2 * corner - 2
        shown = self.metrics.fitted_name(name, room) if name else ""
        if shown:
            width = self.metrics.label_width(shown)
            middle = (x_from + x_to) / 2
            height = self.metrics.label_height
            part.label = shown
            part.label_rect = QRectF(middle - width / 2, y - height / 2, width, height)
        return part
