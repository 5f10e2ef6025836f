"""The statistics view's agreement per annotator pair: a matrix of span F1, and its documents.

The figures are `tagdesk agreement`'s (core/agreement.py over
store/agreement_data.py): span F1 needs the same start, end and label, and
does not depend on the tokens, so the read here loads no pipeline. A label
chosen above the matrix shows that label's F1. Clicking a cell lists the
documents the two did where they differ most; choosing one opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.agreement import Disagreement, PairAgreement, agreement, disagreements
from tagdesk.core.wording import counted
from tagdesk.store import Store

Pair = tuple[str, str]
LISTED = 20  # documents listed for a cell, where the pair differ most
LOW, HIGH = QColor("#e8eef7"), QColor("#1f5fae")  # F1 0 and 1: one hue, light to dark


@dataclass(frozen=True)
class AgreementFigures:
    """Each pair's agreement, and per pair and label (None: all) the documents they differ on."""

    finished: bool
    annotators: tuple[str, ...]
    pairs: dict[Pair, PairAgreement]
    differing: dict[tuple[Pair, str | None], list[Disagreement]]
    titles: dict[int, str]

    def labels(self) -> list[str]:
        return sorted({name for result in self.pairs.values() for name in result.by_label})

    def span_f1(self, pair: Pair, label: str | None) -> float | None:
        """The pair's span F1 (of one label), None where neither marked that label."""
        result = self.pairs.get(pair)
        if result is None:
            return None
        if label is None:
            return result.overall.span_f1
        figures = result.by_label.get(label)
        return None if figures is None else figures.span_f1


def read_agreement(store: Store, *, finished: bool) -> AgreementFigures:
    """Every pair's figures and documents: run in the statistics view's worker thread."""
    from tagdesk.store.agreement_data import spans_by_pair
    from tagdesk.store.dialect import marks

    pairs = spans_by_pair(store, finished=finished)
    results = {pair: agreement(pair, [d for _, d in docs]) for pair, docs in pairs.items()}
    differing: dict[tuple[Pair, str | None], list[Disagreement]] = {}
    for pair, docs in pairs.items():
        for label in (None, *results[pair].by_label):
            differing[(pair, label)] = disagreements(docs, label)[:LISTED]
    ids = sorted({d.document_id for found in differing.values() for d in found})
    titles: dict[int, str] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        titles.update(
            store.execute(
                f'SELECT id, title FROM "document" WHERE id IN ({marks(len(chunk))})', chunk
            ).fetchall()
        )
    people = tuple(sorted({name for pair in pairs for name in pair}))
    return AgreementFigures(finished, people, results, differing, titles)


def _mix(value: float) -> QColor:
    return QColor.fromRgbF(
        LOW.redF() + (HIGH.redF() - LOW.redF()) * value,
        LOW.greenF() + (HIGH.greenF() - LOW.greenF()) * value,
        LOW.blueF() + (HIGH.blueF() - LOW.blueF()) * value,
    )


def paint_matrix(
    painter: QPainter,
    area: QRectF,
    figures: AgreementFigures,
    label: str | None,
    chosen: Pair | None,
    palette: QPalette,
) -> list[tuple[Pair, QRectF]]:
    """Draw the pairs' span F1 as a matrix filling `area`; returns each pair's cell."""
    text = palette.color(QPalette.ColorRole.WindowText)
    faint = QColor(text)
    faint.setAlphaF(0.55)
    people = figures.annotators
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    if not figures.pairs:
        painter.setPen(faint)
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignCenter,
            "No two annotators have "
            + ("both marked a document done" if figures.finished else "spans in one document"),
        )
        painter.restore()
        return []
    names = min(max(metrics.horizontalAdvance(n) for n in people) + 12, area.width() * 0.3)
    top = metrics.height() + 8
    cell = min((area.width() - names) / len(people), (area.height() - top) / len(people), 110.0)
    left, upper = area.left() + names, area.top() + top
    cells = []
    for row, first in enumerate(people):
        painter.setPen(text)
        box = QRectF(area.left(), upper + row * cell, names - 8, cell)
        shown = metrics.elidedText(first, Qt.TextElideMode.ElideRight, box.width())
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
        head = QRectF(left + row * cell, area.top(), cell, top - 4)
        shown = metrics.elidedText(first, Qt.TextElideMode.ElideRight, cell - 4)
        painter.drawText(head, Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom, shown)
        for column, second in enumerate(people):
            rect = QRectF(left + column * cell + 1, upper + row * cell + 1, cell - 2, cell - 2)
            pair = (first, second) if first < second else (second, first)
            value = figures.span_f1(pair, label) if first != second else None
            if value is None:
                painter.setPen(faint)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "–")
                continue
            fill = _mix(value)
            painter.fillRect(rect, fill)
            painter.setPen(QColor("#ffffff") if fill.lightnessF() < 0.55 else QColor("#1b1b1b"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value:.2f}")
            if pair == chosen:
                painter.setPen(text)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            cells.append((pair, rect))
    painter.restore()
    return cells


class MatrixCanvas(QWidget):
    """The matrix; a click on a cell names its pair."""

    pair_clicked = Signal(object)  # Pair

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_matrix")
        self.figures: AgreementFigures | None = None
        self.label: str | None = None
        self.chosen: Pair | None = None
        self.cells: list[tuple[Pair, QRectF]] = []
        self.setMinimumSize(QSize(300, 220))
        self.setMouseTracking(True)

    def show_figures(self, figures: AgreementFigures, label: str | None) -> None:
        self.figures, self.label = figures, label
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.figures is None:
            return
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(10, 6, -10, -10)
        self.cells = paint_matrix(
            painter, area, self.figures, self.label, self.chosen, self.palette()
        )
        painter.end()

    def pair_at(self, point: QPointF) -> Pair | None:
        return next((pair for pair, rect in self.cells if rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pair = self.pair_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if pair else Qt.CursorShape.ArrowCursor)
        if pair is None or self.figures is None:
            QToolTip.hideText()
            return
        result = self.figures.pairs[pair]
        figures = result.overall if self.label is None else result.by_label[self.label]
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{pair[0]} / {pair[1]}{'' if self.label is None else ', ' + self.label}: "
            f"span F1 {figures.span_f1:.3f}, overlap F1 {figures.overlap_f1:.3f}, "
            f"over {counted(result.documents, 'document')}",
            self,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pair = self.pair_at(event.position())
        if pair is not None and event.button() == Qt.MouseButton.LeftButton:
            self.pair_clicked.emit(pair)


class AgreementPanel(QWidget):
    """The matrix, its label and document choices, and the documents of the chosen pair."""

    document_requested = Signal(int)
    scope_changed = Signal()  # read again: done documents only, or every one both have spans in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreement-panel")
        self.figures: AgreementFigures | None = None
        title = QLabel("Agreement per annotator pair: span F1")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        self.label_filter = QComboBox()
        self.label_filter.setObjectName("agreement-label")
        self.label_filter.addItem("All labels", None)
        self.every_document = QCheckBox("Every document both have spans in")
        self.every_document.setToolTip(
            "Off: only the documents both annotators marked done (tagdesk agreement); "
            "on: as tagdesk agreement --all"
        )
        self.canvas = MatrixCanvas()
        self.heading = QLabel("Click a cell to list the documents where the two differ most")
        self.heading.setWordWrap(True)
        self.documents = QListWidget()
        self.documents.setObjectName("agreement-documents")
        self.documents.setSpacing(2)
        self.documents.setTextElideMode(Qt.TextElideMode.ElideRight)  # the title, after the counts
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        choices = QHBoxLayout()
        choices.addWidget(self.label_filter)
        choices.addWidget(self.every_document)
        choices.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(title)
        left.addLayout(choices)
        left.addWidget(self.canvas, 1)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.documents, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self.label_filter.currentIndexChanged.connect(self._label_chosen)
        self.every_document.toggled.connect(self.scope_changed)
        self.canvas.pair_clicked.connect(self.choose_pair)
        self.documents.itemActivated.connect(self._open)
        self.documents.itemClicked.connect(self._open)

    @property
    def finished(self) -> bool:
        return not self.every_document.isChecked()

    def label(self) -> str | None:
        data = self.label_filter.currentData()
        return data if isinstance(data, str) else None

    def show_figures(self, figures: AgreementFigures) -> None:
        self.figures = figures
        chosen = self.label()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem("All labels", None)
        for name in figures.labels():
            self.label_filter.addItem(name, name)
        self.label_filter.setCurrentIndex(max(0, self.label_filter.findData(chosen)))
        self.label_filter.blockSignals(False)
        self.canvas.show_figures(figures, self.label())
        pair = self.canvas.chosen
        if pair is not None and pair in figures.pairs:
            self.choose_pair(pair)
        else:
            self.canvas.chosen = None
            self.documents.clear()
            self.heading.setText("Click a cell to list the documents where the two differ most")
        height = 90 + 44 * max(len(figures.annotators), 3)
        self.canvas.setMinimumHeight(min(height, 520))

    def choose_pair(self, pair: Pair) -> None:
        """List the documents where the pair differ most (of the label chosen, if one is)."""
        figures = self.figures
        if figures is None:
            return
        self.canvas.chosen = pair
        self.canvas.update()
        label = self.label()
        found = figures.differing.get((pair, label), [])
        what = "" if label is None else f" (label {label})"
        self.heading.setText(
            f"Where {pair[0]} and {pair[1]} differ most: spans only one of them marked{what}"
            if found
            else f"{pair[0]} and {pair[1]} marked the same spans in every document{what}"
        )
        self.documents.clear()
        for item in found:
            title = figures.titles.get(item.document_id) or f"Document {item.document_id}"
            row = QListWidgetItem(
                f"{counted(item.differing, 'span')} differ, span F1 {item.span_f1:.2f} — {title}"
            )
            row.setToolTip(title)
            row.setData(Qt.ItemDataRole.UserRole, item.document_id)
            self.documents.addItem(row)

    def _label_chosen(self, _index: int) -> None:
        if self.figures is not None:
            self.canvas.show_figures(self.figures, self.label())
            if self.canvas.chosen is not None:
                self.choose_pair(self.canvas.chosen)

    def _open(self, item: QListWidgetItem) -> None:
        self.document_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
