"""The label's name at the end of each span, so a span is read without hovering.

The highlighter widens each span's last character by the width of its tags
(letter spacing, in the layout like every other format, so the text flows
around them); the view paints the tags into that room, for the visible
blocks only, after Qt has painted the text. Where a block's chips go is
kept between paints and found again only when something that decides it
changed: the block's text, its spans, their labels' names and colours, the
line width the block wraps at, or the font.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QTextBlock

from tagdesk.core.colours import text_colour_for
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import LabelRecord, SpanRecord

TAG_SCALE = 0.62  # of the text's point size
PADDING = 3.0  # inside the chip, left and right
GAP = 3.0  # between the text (or the previous chip) and a chip
MAX_NAME_CHARS = 14  # a longer name is shortened with an ellipsis
BORDER_DARKER = 160
# One chip in a block: its left edge and top (from the block's top), label name, colour
Placement = tuple[float, float, str, str]
CHIP_EXTRA_HEIGHT = 2
TAGGED_STATUSES = ("accepted", "suggested")


def tag_font(text_font: QFont) -> QFont:
    font = QFont(text_font)
    font.setPointSizeF(text_font.pointSizeF() * TAG_SCALE)
    font.setBold(True)
    return font


class LabelTags:
    """Widths and painting of the chips; shared by the highlighter and the view."""

    def __init__(self, text_font: QFont) -> None:
        self.font = tag_font(text_font)
        self._metrics = QFontMetricsF(self.font)
        self._widths: dict[str, float] = {}
        self._chips: dict[tuple[str, str, float], QPixmap] = {}
        # by block number: what decided the chips' places, and the places
        self._placed: dict[int, tuple[tuple[object, ...], list[Placement]]] = {}
        self.visible = True

    def forget_places(self) -> None:
        """A new document: no block's chips are where they were."""
        self._placed.clear()

    def set_text_font(self, text_font: QFont) -> None:
        self.font = tag_font(text_font)
        self._metrics = QFontMetricsF(self.font)
        self._widths.clear()
        self._chips.clear()
        self._placed.clear()

    def _chip(self, name: str, colour: str, ratio: float) -> QPixmap:
        """One chip, drawn once per label, colour and screen scale, then copied."""
        key = (name, colour, ratio)
        chip = self._chips.get(key)
        if chip is not None:
            return chip
        width = self.width(name) - GAP
        height = self._metrics.height() + CHIP_EXTRA_HEIGHT
        chip = QPixmap(round(width * ratio), round(height * ratio))
        chip.setDevicePixelRatio(ratio)
        chip.fill(Qt.GlobalColor.transparent)
        fill = QColor(colour)
        painter = QPainter(chip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(fill.darker(BORDER_DARKER), 1.0))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 3, 3)
        painter.setPen(QColor(text_colour_for(colour)))
        painter.setFont(self.font)
        painter.drawText(
            QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, self.shown_name(name)
        )
        painter.end()
        self._chips[key] = chip
        return chip

    def shown_name(self, name: str) -> str:
        return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"

    def width(self, name: str) -> float:
        """The room one chip takes after the text, gap included."""
        cached = self._widths.get(name)
        if cached is None:
            advance = self._metrics.horizontalAdvance(self.shown_name(name))
            cached = self._widths[name] = round(GAP + 2 * PADDING + advance)
        return cached

    def room_after(self, spans: Iterable[SpanRecord], labels: dict[int, LabelRecord]) -> float:
        """The room the tags of spans ending at one character need."""
        return sum(self.width(_name(span, labels)) for span in spans)

    def paint_block(
        self,
        painter: QPainter,
        block: QTextBlock,
        top: float,
        spans: list[SpanRecord],
        offsets: OffsetMap,
        labels: dict[int, LabelRecord],
    ) -> list[Placement]:
        """Chips for the spans ending in `block`, whose layout starts at `top` in the viewport."""
        ratio = painter.device().devicePixelRatioF()
        placements = self.placements(block, spans, offsets, labels)
        for left, chip_top, name, colour in placements:
            painter.drawPixmap(
                QPointF(round(left), round(top + chip_top)), self._chip(name, colour, ratio)
            )
        return placements

    def placements(
        self,
        block: QTextBlock,
        spans: list[SpanRecord],
        offsets: OffsetMap,
        labels: dict[int, LabelRecord],
    ) -> list[Placement]:
        """Where the chips of `block` go: kept from the last paint unless what decides it changed.

        `spans` are the spans overlapping the block: their formats make its
        layout, so any change to one of them lays the block out anew.
        """
        layout = block.layout()
        origin = layout.position()
        looks = tuple(
            (span.id, span.start, span.end, span.status, *_look(span, labels)) for span in spans
        )
        # Where each line starts and stands: room given to a line for arcs moves the lines
        # below it and may break the paragraph elsewhere, the text and spans unchanged.
        lines = tuple(
            (line.textStart(), line.y(), line.ascent(), line.width())
            for line in (layout.lineAt(number) for number in range(layout.lineCount()))
        )
        decided = (
            block.position(),
            block.length(),
            block.revision(),
            origin.x(),
            origin.y(),
            lines,
            looks,
        )
        kept = self._placed.get(block.blockNumber())
        if kept is not None and kept[0] == decided:
            return kept[1]
        placements = self._place(block, spans, offsets, labels)
        self._placed[block.blockNumber()] = (decided, placements)
        return placements

    def _place(
        self,
        block: QTextBlock,
        spans: list[SpanRecord],
        offsets: OffsetMap,
        labels: dict[int, LabelRecord],
    ) -> list[Placement]:
        layout = block.layout()
        block_start = block.position()
        height = self._metrics.height() + CHIP_EXTRA_HEIGHT
        placements: list[Placement] = []
        for end, ending in ends_in_block(spans, offsets, block_start, block.length() - 1):
            last = offsets.to_qt(end - 1) - block_start
            line = layout.lineForTextPosition(last)
            if not line.isValid():
                continue
            # PySide returns (x, position) for QTextLine.cursorToX's in-out argument
            x, _ = cast("tuple[float, int]", line.cursorToX(offsets.to_qt(end) - block_start))
            right = x + layout.position().x()
            left = right - self.room_after(ending, labels)
            middle = layout.position().y() + line.y() + line.ascent() - self._metrics.xHeight()
            chip_top = middle - height / 2
            for span in ending:
                name, colour = _look(span, labels)
                placements.append((left + GAP, chip_top, name, colour))
                left += self.width(name)
        return placements


def ends_in_block(
    spans: list[SpanRecord], offsets: OffsetMap, qt_start: int, qt_length: int
) -> list[tuple[int, list[SpanRecord]]]:
    """Tagged spans grouped by the end they share inside the block, innermost first."""
    low = offsets.to_python(qt_start)
    high = offsets.to_python(qt_start + qt_length, "up")
    grouped: dict[int, list[SpanRecord]] = {}
    for span in spans:
        if span.status in TAGGED_STATUSES and low < span.end <= high and span.end > span.start:
            grouped.setdefault(span.end, []).append(span)
    for ending in grouped.values():
        ending.sort(key=lambda span: (-span.start, span.id))
    return sorted(grouped.items())


def _name(span: SpanRecord, labels: dict[int, LabelRecord]) -> str:
    return _look(span, labels)[0]


def _look(span: SpanRecord, labels: dict[int, LabelRecord]) -> tuple[str, str]:
    """The name and colour a span's chip shows."""
    label = labels.get(span.label_id)
    return (label.name, label.colour) if label else ("?", "#cccccc")
