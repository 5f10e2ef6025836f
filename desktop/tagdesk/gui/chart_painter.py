"""Bar charts and document strips drawn with QPainter: the statistics view's and the files'.

Why our own few hundred lines rather than a charting library: Qt's own
charts (QtCharts) come only with PySide6-Addons, over 100 MB more in every
install and frozen build; matplotlib adds some 40 MB (and fonttools, Pillow,
kiwisolver) and a second look that ignores the Qt palette; pyqtgraph's look
is an oscilloscope's and its SVG export is weak. The charts here are bars and
strips only: QPainter draws them in the system palette and the label colours,
onto a widget, a QImage (PNG) or a QSvgGenerator (SVG, in PySide6-Essentials)
alike, with nothing imported until a chart is drawn.

A painter function returns where each bar segment fell, so the view can tell
which one was clicked (`Hit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen

from tagdesk.core.statistics import DocumentStrip

MARGIN = 16.0
BAR_GAP = 0.25  # share of a row left between bars


@dataclass(frozen=True)
class Series:
    name: str
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class BarChart:
    """Stacked bars: one per category, one segment per series."""

    key: str  # its file name, without the ending
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    values: tuple[tuple[int, ...], ...]  # per category, per series
    horizontal: bool = True
    shares: bool = False  # each bar as 100%: segments show shares, totals show counts
    swatches: tuple[str, ...] = ()  # a colour beside each category's name (its label's)
    empty: str = "Nothing to count yet"
    unit: str = ""
    keys: tuple[str, ...] = ()  # what each category stands for, where its name is shortened


@dataclass(frozen=True)
class Hit:
    chart: str
    category: int
    series: int
    rect: QRectF = field(compare=False)


def paint_chart(painter: QPainter, area: QRectF, chart: BarChart, palette: QPalette) -> list[Hit]:
    """Draw `chart` filling `area`; returns the segments drawn, for clicks."""
    text = palette.color(QPalette.ColorRole.WindowText)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    top = paint_title(painter, area, chart.title, text)
    top = paint_legend(painter, QRectF(area.left(), top, area.width(), 0), chart.series, text)
    plot = QRectF(area.left(), top + 6, area.width(), area.bottom() - top - 6)
    totals = [sum(row) for row in chart.values]
    if not chart.categories or not any(totals):
        painter.setPen(_faint(palette))
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, chart.empty)
        painter.restore()
        return []
    if chart.horizontal:
        hits = _horizontal(painter, plot, chart, totals, palette)
    else:
        hits = _vertical(painter, plot, chart, totals, palette)
    painter.restore()
    return hits


def paint_title(painter: QPainter, area: QRectF, title: str, colour: QColor) -> float:
    """Draw a chart's title in bold at the top of `area`; returns where the chart goes."""
    font = QFont(painter.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    painter.setFont(font)
    painter.setPen(colour)
    height = QFontMetricsF(font).height()
    painter.drawText(QRectF(area.left(), area.top(), area.width(), height), title)
    font.setBold(False)
    font.setPointSizeF(font.pointSizeF() / 1.1)
    painter.setFont(font)
    return area.top() + height + 4


def paint_legend(
    painter: QPainter, row: QRectF, series: tuple[Series, ...], colour: QColor
) -> float:
    """Draw a key of the series, in as many lines as they need; returns where it ends."""
    if len(series) < 2:
        return row.top()
    metrics = QFontMetricsF(painter.font())
    box = metrics.height() * 0.7
    x = row.left()
    for item in series:
        if x > row.left() and x + box + 4 + metrics.horizontalAdvance(item.name) > row.right():
            x = row.left()
            row = QRectF(row.left(), row.top() + metrics.height() + 2, row.width(), 0)
        painter.fillRect(
            QRectF(x, row.top() + (metrics.height() - box) / 2, box, box), QColor(item.colour)
        )
        painter.setPen(colour)
        painter.drawText(QPointF(x + box + 4, row.top() + metrics.ascent()), item.name)
        x += box + 4 + metrics.horizontalAdvance(item.name) + 14
    return row.top() + metrics.height()


def _faint(palette: QPalette) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.WindowText))
    colour.setAlphaF(0.55)
    return colour


def _grid(palette: QPalette) -> QPen:
    colour = QColor(palette.color(QPalette.ColorRole.WindowText))
    colour.setAlphaF(0.13)
    return QPen(colour, 1)


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """Round tick values from 0 past `largest`: steps of 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    return [step * i for i in range(math.ceil(largest / step) + 1)]


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _horizontal(
    painter: QPainter, plot: QRectF, chart: BarChart, totals: list[int], palette: QPalette
) -> list[Hit]:
    metrics = QFontMetricsF(painter.font())
    swatch = metrics.height() * 0.6 if chart.swatches else 0.0
    names = max(metrics.horizontalAdvance(name) for name in chart.categories)
    left = plot.left() + min(names, plot.width() * 0.3) + swatch + 12
    right_text = max(metrics.horizontalAdvance(_number(total)) for total in totals) + 10
    bottom = plot.bottom() - metrics.height() - 4
    width = plot.right() - right_text - left
    ticks = [0.0, 25.0, 50.0, 75.0, 100.0] if chart.shares else nice_ticks(max(totals))
    scale = width / ticks[-1]
    painter.setPen(_grid(palette))
    for tick in ticks:
        x = left + tick * scale
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, bottom))
    painter.setPen(_faint(palette))
    for tick in ticks:
        label = f"{tick:.0f}%" if chart.shares else _number(tick)
        x = left + tick * scale - metrics.horizontalAdvance(label) / 2
        painter.drawText(QPointF(x, plot.bottom() - metrics.descent()), label)
    row = (bottom - plot.top()) / len(chart.categories)
    bar = min(row * (1 - BAR_GAP), metrics.height() * 1.6)
    hits = []
    text = palette.color(QPalette.ColorRole.WindowText)
    for index, (name, values) in enumerate(zip(chart.categories, chart.values, strict=True)):
        middle = plot.top() + row * (index + 0.5)
        painter.setPen(text)
        label_box = QRectF(plot.left(), middle - row / 2, left - plot.left() - swatch - 10, row)
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_box.width())
        painter.drawText(
            label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown
        )
        if chart.swatches:
            painter.fillRect(
                QRectF(left - swatch - 6, middle - swatch / 2, swatch, swatch),
                QColor(chart.swatches[index]),
            )
        total = totals[index]
        x = left
        for number, value in enumerate(values):
            if not value:
                continue
            length = (100.0 * value / total if chart.shares else value) * scale
            rect = QRectF(x, middle - bar / 2, length, bar)
            painter.fillRect(rect, QColor(chart.series[number].colour))
            hits.append(Hit(chart.key, index, number, rect))
            x += length
        if total:
            painter.setPen(_faint(palette))
            painter.drawText(QPointF(x + 5, middle + metrics.ascent() / 2 - 1), _number(total))
    return hits


def _vertical(
    painter: QPainter, plot: QRectF, chart: BarChart, totals: list[int], palette: QPalette
) -> list[Hit]:
    metrics = QFontMetricsF(painter.font())
    ticks = nice_ticks(max(totals))
    left = plot.left() + max(metrics.horizontalAdvance(_number(t)) for t in ticks) + 8
    bottom = plot.bottom() - metrics.height() - 6
    height = bottom - plot.top() - metrics.height() / 2
    scale = height / ticks[-1]
    for tick in ticks:
        y = bottom - tick * scale
        painter.setPen(_grid(palette))
        painter.drawLine(QPointF(left, y), QPointF(plot.right(), y))
        painter.setPen(_faint(palette))
        label = _number(tick)
        painter.drawText(
            QPointF(left - 6 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2 - 1),
            label,
        )
    column = (plot.right() - left) / len(chart.categories)
    bar = max(column * (1 - BAR_GAP), 1.0)
    widest = max(metrics.horizontalAdvance(name) for name in chart.categories) + 12
    every = max(1, math.ceil(widest / column))
    hits = []
    for index, values in enumerate(chart.values):
        x = left + column * index + (column - bar) / 2
        y = bottom
        for number, value in enumerate(values):
            if not value:
                continue
            rect = QRectF(x, y - value * scale, bar, value * scale)
            painter.fillRect(rect, QColor(chart.series[number].colour))
            hits.append(Hit(chart.key, index, number, rect))
            y -= value * scale
        if index % every == 0:
            painter.setPen(_faint(palette))
            name = chart.categories[index]
            centre = left + column * (index + 0.5)
            painter.drawText(
                QPointF(centre - metrics.horizontalAdvance(name) / 2, plot.bottom() - 2), name
            )
    return hits


def paint_strips(
    painter: QPainter,
    area: QRectF,
    strips: list[DocumentStrip],
    colours: dict[str, str],
    palette: QPalette,
) -> list[tuple[int, QRectF]]:
    """One bar a document, its spans marked where they fall; returns (document id, row)."""
    text = palette.color(QPalette.ColorRole.WindowText)
    painter.save()
    top = paint_title(painter, area, "Where the spans fall in each document", text)
    used = {label for strip in strips for _, _, label in strip.spans}
    shown = tuple(Series(name, colour) for name, colour in colours.items() if name in used)
    top = paint_legend(painter, QRectF(area.left(), top, area.width(), 0), shown, text)
    metrics = QFontMetricsF(painter.font())
    plot = QRectF(area.left(), top + 6, area.width(), area.bottom() - top - 6)
    if not strips:
        painter.setPen(_faint(palette))
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No documents yet")
        painter.restore()
        return []
    names = min(
        max(metrics.horizontalAdvance(s.title or f"#{s.document_id}") for s in strips),
        plot.width() * 0.28,
    )
    left = plot.left() + names + 12
    row = plot.height() / len(strips)
    bar = min(row * (1 - BAR_GAP), metrics.height() * 1.2)
    empty = QColor(palette.color(QPalette.ColorRole.WindowText))
    empty.setAlphaF(0.08)
    rows = []
    for index, strip in enumerate(strips):
        middle = plot.top() + row * (index + 0.5)
        painter.setPen(text)
        box = QRectF(plot.left(), middle - row / 2, names, row)
        title = metrics.elidedText(
            strip.title or f"#{strip.document_id}", Qt.TextElideMode.ElideRight, names
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title)
        rect = QRectF(left, middle - bar / 2, plot.right() - left, bar)
        painter.fillRect(rect, empty)
        scale = rect.width() / max(strip.length, 1)
        for start, end, label in strip.spans:
            mark = QRectF(
                rect.left() + start * scale,
                rect.top(),
                max((end - start) * scale, 1.5),
                rect.height(),
            )
            painter.fillRect(mark, QColor(colours.get(label, "#888888")))
        rows.append((strip.document_id, QRectF(plot.left(), middle - row / 2, plot.width(), row)))
    painter.restore()
    return rows
