"""How the relation arcs look: their colours, widths and dashes, labels and arrows.

Painted after Qt has drawn the text, over the lines on screen: first the
room above the lines is wiped of the fill Qt paints over a whole line, so
spans look the same on every line, then the arcs, lowest first, with the
hovered and the selected one on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from tagdesk.core.colours import contrast_ratio, text_colour_for
from tagdesk.gui.arc_geometry import ArcGeometry, ArcShape, visible_blocks

if TYPE_CHECKING:
    from tagdesk.gui.relation_arcs import RelationArcs

PENDING = 0  # the relation id of the arc being drawn (from a head to a candidate)
PENDING_COLOUR = "#4a5568"
UNKNOWN_COLOUR = "#6b7280"
LINE_WIDTH = 1.5
SELECTED_WIDTH = 3.0
HALO_WIDTH = 7.0
HALO_ALPHA = 55
REJECTED_ALPHA = 80
SUGGESTED_DASHES = (4.0, 3.0)
REJECTED_DASHES = (1.5, 2.5)
LINE_CONTRAST = 3.0  # WCAG's for graphics: a pale type colour is deepened for its line


def line_colour(colour: str) -> str:
    """The type's colour, deepened until a thin line of it stands out on the white page."""
    shade = QColor(colour)
    while contrast_ratio(shade.name(), "#ffffff") < LINE_CONTRAST and shade.value() > 40:
        shade = shade.darker(115)
    return shade.name()


class ArcPainter:
    """One paint of the arcs on screen."""

    def __init__(self, arcs: RelationArcs) -> None:
        self.arcs = arcs
        self.view = arcs.view
        self.metrics = arcs.metrics()
        self.selected = arcs.selected_relation

    def paint(self, area: QRect) -> None:
        painter = QPainter(self.view.viewport())
        painter.setClipRect(area)
        self._wipe_room(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        arcs = self.arcs
        for shape in arcs.drawing_order(arcs.arc_shapes()):
            self._paint_shape(painter, shape)
        self._paint_pending_head(painter)
        painter.end()

    def _wipe_room(self, painter: QPainter) -> None:
        metrics = self.metrics
        base = self.view.palette().base()
        width = self.view.viewport().width()
        for block, top in visible_blocks(self.view):
            layout = block.layout()
            origin_y = top + layout.position().y()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                if line.ascent() <= metrics.text_ascent + 0.5:
                    continue
                line_top = origin_y + line.y()
                baseline = line_top + line.ascent()
                text_top = baseline - metrics.text_ascent
                painter.fillRect(QRectF(0, line_top, width, text_top - line_top - 0.5), base)
                below = baseline + metrics.text_descent + 0.5
                painter.fillRect(QRectF(0, below, width, line_top + line.height() - below), base)

    def _style(self, shape: ArcShape) -> tuple[QColor, float, tuple[float, ...], bool]:
        """Colour, width, dashes and whether the label is filled."""
        if shape.relation == PENDING:
            return QColor(PENDING_COLOUR), LINE_WIDTH, SUGGESTED_DASHES, False
        relation = self.arcs.relation(shape.relation)
        assert relation is not None
        kind = self.arcs.relation_type(relation.type_id)
        colour = QColor(line_colour(kind.colour if kind else UNKNOWN_COLOUR))
        width = (
            SELECTED_WIDTH
            if shape.relation in (self.selected, self.arcs.hovered_relation)
            else LINE_WIDTH
        )
        if relation.status == "rejected":
            colour.setAlpha(REJECTED_ALPHA)
            return colour, width, REJECTED_DASHES, False
        if relation.status == "suggested":
            return colour, width, SUGGESTED_DASHES, False
        return colour, width, (), True

    def _paint_shape(self, painter: QPainter, shape: ArcShape) -> None:
        colour, width, dashes, filled = self._style(shape)
        if shape.relation == self.selected:
            halo = QColor(colour)
            halo.setAlpha(HALO_ALPHA)
            painter.setPen(QPen(halo, HALO_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for part in shape.parts:
                painter.drawPath(part.path)
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if dashes:
            pen.setDashPattern(list(dashes))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for part in shape.parts:
            painter.drawPath(part.path)
        if shape.arrow is not None:
            arrow = QPainterPath()
            arrow.moveTo(shape.arrow[0])
            arrow.lineTo(shape.arrow[1])
            arrow.lineTo(shape.arrow[2])
            arrow.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawPath(arrow)
        self._paint_labels(painter, shape, colour, filled)

    def _paint_labels(
        self, painter: QPainter, shape: ArcShape, colour: QColor, filled: bool
    ) -> None:
        metrics = self.metrics
        painter.setFont(metrics.label_font)
        selected = shape.relation == self.selected
        for part in shape.parts:
            if part.label_rect is None:
                continue
            rect = part.label_rect
            if filled:
                painter.setPen(QPen(colour.darker(140) if selected else colour, 1.0))
                painter.setBrush(colour)
                text = QColor(text_colour_for(colour.name()))
            else:
                painter.setPen(QPen(colour, 1.0))
                painter.setBrush(self.view.palette().base())
                text = QColor(colour)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, part.label)

    def _paint_pending_head(self, painter: QPainter) -> None:
        """A head waiting for its other span: a dashed frame around it."""
        pending = self.arcs.pending
        if pending is None or pending[1] is not None:
            return
        geometry = ArcGeometry(self.arcs, self.metrics)
        for box in geometry.span_boxes(pending[0]):
            pen = QPen(QColor(PENDING_COLOUR), LINE_WIDTH)
            pen.setDashPattern(list(SUGGESTED_DASHES))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 3, 3)
