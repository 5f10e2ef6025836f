"""The text of one document, read-only, with its spans highlighted.

Every position crossing this widget's boundary goes through the document's
OffsetMap: Qt counts UTF-16 units, spans count code points.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from tagdesk.core.colours import text_colour_for
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.format_layout import FormatLayout
from tagdesk.gui.highlighter import RAISED_COLOUR, SpanHighlighter
from tagdesk.gui.label_tags import LabelTags, Placement
from tagdesk.gui.plain_text import escape
from tagdesk.gui.relation_arcs import RelationArcs

READING_WIDTH_CHARS = 96
LINE_HEIGHT_PERCENT = 135
DOCUMENT_MARGIN = 18


class AnnotationView(QPlainTextEdit):
    span_clicked = Signal(int)  # a span id, or 0 for a click on plain text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.2)
        self.setFont(font)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.tags = LabelTags(font)
        self.highlighter = SpanHighlighter(self, self.tags)
        self.arcs = RelationArcs(self)  # the relations drawn over the text
        self.offsets = OffsetMap("")
        self.index = SpanIndex()
        self.labels: dict[int, LabelRecord] = {}
        self.exact_selection = False
        self._selected_span: SpanRecord | None = None
        self._find_hits: list[tuple[int, int]] = []
        self._mentions: list[tuple[int, int]] = []  # of the entity chosen in the Entities panel
        self._relation_ends: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)
        self._press_position = QPoint()
        # The chips the last paint drew, by block number: what the analyst sees
        self.drawn_tags: list[tuple[int, Placement]] = []
        # The document show_document made last: known here, for asking Qt for a document's
        # parent makes PySide6 build the types of every QObject class to find its kind.
        self._own_document: QTextDocument | None = None
        # Raised letters under a selection: its text colour (_paint_letters).
        self._raised_looks: dict[int, QColor] = {}
        # The blocks the last colouring pass went through: the document, first and last.
        self._sight_checked: tuple[QTextDocument, int, int] | None = None

    # -- content -----------------------------------------------------------------

    def show_document(
        self,
        text: str,
        index: SpanIndex,
        labels: dict[int, LabelRecord],
        *,
        relations: Iterable[RelationRecord] = (),
        relation_types: Iterable[RelationTypeRecord] = (),
        top: int = 0,
    ) -> None:
        """Show a text and its spans; `index` is shared with the controller that edits it.

        A fresh document gets the highlighter while it is still empty, then the
        text in one insertion: the blocks about `top` (the offset the view is
        to show first) are coloured as they are inserted, every other block
        when it comes into sight (paintEvent), and the line spacing rides
        along in the block format instead of a second pass.
        """
        self._selected_span = None
        self._find_hits = []
        self._mentions = []
        self._relation_ends = (None, None)
        self.offsets = OffsetMap(text)
        self.index = index
        self.labels = labels
        document = QTextDocument(self)
        document.setDocumentLayout(FormatLayout(document))
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self.font())
        document.setDocumentMargin(DOCUMENT_MARGIN)
        # Qt makes one block break of "\r\n", which would shift every later position by
        # one; imports never store "\r", but a file another program wrote might.
        shown = text.replace("\r", "\n") if "\r" in text else text
        self.tags.forget_places()
        self._sight_checked = None
        self.highlighter.set_spans(index, self.offsets, labels, text=shown, rehighlight=False)
        first = self.offsets.to_qt(min(max(top, 0), len(text)))
        sight = self._characters_in_sight()
        self.highlighter.insert_in_sight(max(first - sight, 0), first + sight)
        self.highlighter.setDocument(document)
        cursor = QTextCursor(document)
        block_format = QTextBlockFormat()
        block_format.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        cursor.setBlockFormat(block_format)
        self.arcs.prepare(shown, self.offsets, relations, relation_types)
        cursor.insertText(shown)
        self.highlighter.inserted()
        old, self._own_document = self._own_document, document
        self.setDocument(document)
        if old is not None:
            old.deleteLater()
        self._refresh_extra_selections()

    def _characters_in_sight(self) -> int:
        """About twice the characters the viewport holds, at its size now."""
        metrics = self.fontMetrics()
        lines = self.viewport().height() // max(metrics.lineSpacing(), 1) + 1
        columns = self.viewport().width() // max(metrics.averageCharWidth(), 1) + 1
        return max(lines * columns * 2, 4000)

    def _colour_in_sight(self) -> None:
        """Have every block the viewport shows coloured before it is painted.

        Blocks stay coloured, so a paint whose first block is among those the
        last pass went through starts where that pass stopped (the block just
        below the viewport then): only blocks come into sight since are new.
        """
        highlighter = self.highlighter
        bottom = self.viewport().height()
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        first = block.blockNumber()
        document = self.document()
        checked = self._sight_checked
        if checked is not None and checked[0] is document and checked[1] <= first <= checked[2]:
            resumed = document.findBlockByNumber(checked[2])
            if resumed.isValid():
                block = resumed
        last = first
        while block.isValid():
            highlighter.colour_block(block)  # before its geometry: laid out once, coloured
            last = block.blockNumber()
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()
        self._sight_checked = (document, first, last)

    def spans_changed(self, changed: list[tuple[int, int]]) -> None:
        """The shared index was edited: re-colour only the blocks those ranges touch."""
        self.highlighter.rehighlight_ranges(changed)
        self.arcs.spans_changed(changed)

    def set_labels(self, labels: dict[int, LabelRecord]) -> None:
        self.labels = labels
        self.highlighter.set_spans(self.index, self.offsets, labels)

    # -- selection in code points -------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.to_python(cursor.selectionStart(), "down")
        end = self.offsets.to_python(cursor.selectionEnd(), "up")
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def top_offset(self) -> int:
        """The first character shown at the top: where reading resumes on coming back.

        An offset, not the scroll bar's value: that counts wrapped lines, and
        lines Qt has not laid out yet count one each, so a value saved on one
        visit lands lines away on the next.
        """
        return self.offsets.to_python(self.cursorForPosition(QPoint(1, 1)).position())

    def scroll_to_top_offset(self, offset: int) -> None:
        """Scroll so that the line holding `offset` is the first one shown."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())  # from below, Qt brings a line in at the top
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.offsets.to_qt(max(offset, 0)), self.offsets.qt_length))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def qt_rect_of(self, offset: int) -> tuple[int, int]:
        """Viewport coordinates of the character at `offset` (for tests and popups)."""
        cursor = QTextCursor(self.document())
        position = self.offsets.to_qt(offset)
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        block = self.document().findBlock(position)
        line = block.layout().lineForTextPosition(position - block.position())
        metrics = self.fontMetrics()
        if line.isValid() and line.ascent() > metrics.ascent() + 1:  # a line with room for arcs
            text_top = rect.top() + line.ascent() - metrics.ascent()
            return rect.left() + 1, round(text_top + metrics.height() / 2)
        return rect.left() + 1, rect.center().y()

    # -- selected span and find hits (transient marks) ------------------------------

    @property
    def selected_span(self) -> SpanRecord | None:
        return self._selected_span

    def set_selected_span(self, span: SpanRecord | None, *, scroll: bool = True) -> None:
        self._selected_span = span
        if span is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._refresh_extra_selections()

    def set_find_hits(self, hits: list[tuple[int, int]]) -> None:
        self._find_hits = hits
        self._refresh_extra_selections()

    def set_entity_mentions(self, ranges: list[tuple[int, int]]) -> None:
        """Mark the mentions of one entity (a handful: ExtraSelections, not the highlighter)."""
        self._mentions = ranges
        self._refresh_extra_selections()

    @property
    def entity_mentions(self) -> list[tuple[int, int]]:
        return list(self._mentions)

    def set_relation_ends(
        self, head: tuple[int, int] | None, other: tuple[int, int] | None, *, scroll: bool = True
    ) -> None:
        """Mark a relation's two spans while it is made or chosen; the other is scrolled to."""
        if (head, other) == self._relation_ends and not (scroll and (other or head)):
            return  # marked as they are already (every edit asks again): no repaint
        self._relation_ends = (head, other)
        if scroll and (other or head):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt((other or head)[0]))  # type: ignore[index]
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._refresh_extra_selections()

    @property
    def relation_ends(self) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        return self._relation_ends

    def _refresh_extra_selections(self) -> None:
        selections = []
        if self._mentions:
            mention_format = QTextCharFormat()
            mention_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            mention_format.setUnderlineColor(QColor(20, 20, 20))
            mention_format.setFontWeight(QFont.Weight.DemiBold)
            mention_format.setBackground(QColor(40, 110, 220, 70))
            for start, end in self._mentions:
                selections.append(self._extra(start, end, mention_format))
        if self._find_hits:
            hit_format = QTextCharFormat()
            hit_format.setBackground(QColor(255, 214, 0, 150))
            for start, end in self._find_hits:
                selections.append(self._extra(start, end, hit_format))
        span = self._selected_span
        if span is not None:
            label = self.labels.get(span.label_id)
            colour = QColor(label.colour if label else "#999999")
            selected = QTextCharFormat()
            fill = colour.darker(125)
            selected.setBackground(fill)
            selected.setForeground(QColor(text_colour_for(fill.name())))
            selected.setFontWeight(QFont.Weight.Bold)
            selections.append(self._extra(span.start, span.end, selected))
        # A relation's two ends, as it is made or chosen: the head in its label's deeper
        # shade like the selected span, the other end in orange, whatever its label.
        for ends, other in zip(self._relation_ends, (False, True), strict=True):
            if ends is not None:
                selections.append(self._extra(*ends, self._end_format(ends, other=other)))
        self.setExtraSelections(self._around_raised_letters(selections))

    def _around_raised_letters(
        self, selections: list[QTextEdit.ExtraSelection]
    ) -> list[QTextEdit.ExtraSelection]:
        """Selections with each raised letter (which Qt lays out tall and leaves blank, see
        _paint_raised_letters) cut out into a piece of its own that keeps it blank: the
        piece's text colour goes to the view, which draws the letter at the text's size."""
        self._raised_looks = {}
        if not self.highlighter.has_room:
            return selections
        pieces = []
        for selection in selections:
            start, end = selection.cursor.selectionStart(), selection.cursor.selectionEnd()
            inside = self._raised_between(start, end)
            if not inside:
                pieces.append(selection)
                continue
            looks = selection.format
            blank = QTextCharFormat()
            blank.setBackground(looks.background())
            blank.setForeground(QColor(0, 0, 0, 0))
            left = start
            for position in inside:
                pieces.append(self._extra_qt(left, position, looks))
                pieces.append(self._extra_qt(position, position + 1, blank))
                if looks.hasProperty(QTextFormat.Property.ForegroundBrush):
                    self._raised_looks[position] = looks.foreground().color()
                left = position + 1
            pieces.append(self._extra_qt(left, end, looks))
        return [piece for piece in pieces if piece.cursor.hasSelection()]

    def _raised_between(self, qt_start: int, qt_end: int) -> list[int]:
        """The raised letters' Qt positions from qt_start up to qt_end."""
        found: list[int] = []
        block = self.document().findBlock(qt_start)
        while block.isValid() and block.position() < qt_end:
            position = block.position()
            found.extend(
                position + left
                for left in self.highlighter.raised_letters(position, block.text())
                if qt_start <= position + left < qt_end
            )
            block = block.next()
        return found

    def raised_letters_moved(self) -> None:
        """The arcs' room changed: selections over a raised letter are cut again."""
        if self.extraSelections():
            self._refresh_extra_selections()

    def _extra_qt(
        self, qt_start: int, qt_end: int, char_format: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(max(qt_start, qt_end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = char_format
        return selection

    def _end_format(self, ends: tuple[int, int], *, other: bool) -> QTextCharFormat:
        shown = [s for s in self.index.overlapping(*ends) if (s.start, s.end) == ends]
        label = self.labels.get(shown[0].label_id) if shown else None
        fill = QColor(label.colour if label else "#999999").darker(125)
        if other:
            fill = QColor(255, 152, 0)
        end_format = QTextCharFormat()
        end_format.setBackground(fill)
        end_format.setForeground(QColor(text_colour_for(fill.name())))
        end_format.setFontWeight(QFont.Weight.Bold)
        if other:
            end_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            end_format.setUnderlineColor(QColor(20, 20, 20))
        return end_format

    def _extra(
        self, start: int, end: int, char_format: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        return self._extra_qt(self.offsets.to_qt(start), self.offsets.to_qt(end), char_format)

    # -- label tags ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt paints the text; the tags go on top, in the room the highlighter left."""
        if self.highlighter.waiting:
            self._colour_in_sight()
        super().paintEvent(event)
        self._paint_raised_letters(event)
        if self.tags.visible and len(self.index):
            self._paint_tags(event)
        else:
            self.drawn_tags = []
        self.arcs.paint(event.rect())

    def _paint_raised_letters(self, event: QPaintEvent) -> None:
        """Letters raised to give their line room for arcs (a word with no space on its line,
        core.arc_layout.strut_offset), drawn at the text's size where Qt left them blank.
        No line raised (a document without relations in sight): no block to look at."""
        highlighter = self.highlighter
        if not highlighter.has_room:
            return
        bottom = event.rect().bottom()
        offset = self.contentOffset()
        painter: QPainter | None = None
        block = self.firstVisibleBlock()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > bottom:
                break
            letters = highlighter.raised_letters(block.position(), block.text())
            if letters:
                if painter is None:
                    painter = QPainter(self.viewport())
                self._paint_letters(painter, block, letters, top, offset.x())
            block = block.next()
        if painter is not None:
            painter.end()

    def _paint_letters(
        self, painter: QPainter, block: QTextBlock, letters: list[int], top: float, left: float
    ) -> None:
        layout = block.layout()
        text = block.text()
        formats = layout.formats()
        for position in letters:
            line = layout.lineForTextPosition(position)
            if not line.isValid():
                continue
            found_x = line.cursorToX(position)
            x = float(found_x[0] if isinstance(found_x, tuple) else found_x)  # type: ignore[arg-type]
            font = QFont(self.font())
            colour = self.palette().text().color()
            for found in formats:
                if found.start <= position < found.start + found.length:
                    char_format = found.format
                    font = QFont(char_format.font())
                    font.setPointSizeF(self.font().pointSizeF())
                    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0)
                    kept = char_format.property(RAISED_COLOUR)
                    if isinstance(kept, QColor):
                        colour = kept
            chosen = self._raised_looks.get(block.position() + position)
            if chosen is not None:  # a selection over the letter: its text colour
                colour = chosen
            painter.setFont(font)
            painter.setPen(colour)
            baseline = top + line.y() + line.ascent()
            painter.drawText(QPointF(left + layout.position().x() + x, baseline), text[position])

    def _paint_tags(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bottom = event.rect().bottom()
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        drawn: list[tuple[int, Placement]] = []
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= event.rect().top():
                qt_start = block.position()
                start = self.offsets.to_python(qt_start)
                end = self.offsets.to_python(qt_start + block.length() - 1, "up")
                spans = self.index.overlapping(start, end)
                if spans:
                    placed = self.tags.paint_block(
                        painter, block, geometry.top(), spans, self.offsets, self.labels
                    )
                    drawn.extend((block.blockNumber(), chip) for chip in placed)
            block = block.next()
        painter.end()
        self.drawn_tags = drawn

    # -- mouse ------------------------------------------------------------------

    def offset_at(self, point: QPoint) -> int:
        return self.offsets.to_python(self.cursorForPosition(point).position())

    def span_at_point(self, point: QPoint) -> SpanRecord | None:
        """The innermost span under the mouse; clicking again cycles to the enclosing ones."""
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        offset = self.offsets.to_python(cursor.position())
        if point.x() < rect.left():
            offset -= 1  # the click fell on the right half of the previous character
        found = [s for s in self.index.at(offset) if s.status != "rejected"]
        if not found:
            return None
        current = self._selected_span
        if current is not None and current in found:
            return found[(found.index(current) + 1) % len(found)]
        return found[0]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_position = event.position().toPoint()
        self.exact_selection = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.position().toPoint() - self._press_position).manhattanLength()
        if moved <= 3 and not self.textCursor().hasSelection():
            relation = self.arcs.relation_at(event.position())
            if relation is not None:
                self.arcs.relation_clicked.emit(relation.id)
                return
            span = self.span_at_point(event.position().toPoint())
            self.span_clicked.emit(span.id if span else 0)
        elif self.textCursor().hasSelection():
            self.exact_selection = self.exact_selection or bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            self.arcs.hover(event.position())

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self.arcs.hover(None)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            arc_tip = self.arcs.tooltip_at(event.pos())
            if arc_tip is not None:
                QToolTip.showText(event.globalPos(), arc_tip, self.viewport())
                return True
            spans = [
                s for s in self.index.at(self.offset_at(event.pos())) if s.status != "rejected"
            ]
            if spans:
                QToolTip.showText(event.globalPos(), self.tooltip_for(spans), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, spans: list[SpanRecord]) -> str:
        parts = []
        for span in spans:
            label = self.labels.get(span.label_id)
            lines = [
                f"<b>{escape(label.name if label else '?')}</b> · {escape(span.status)}",
                f"source: {escape(span.source)}",
            ]
            if span.annotator:
                lines.append("by " + escape(span.annotator))
            if span.tags:
                lines.append("tags: " + escape(", ".join(span.tags)))
            if span.note:
                lines.append("note: " + escape(span.note))
            parts.append("<br>".join(lines))
        return "<qt>" + "<hr>".join(parts) + "</qt>"

    def reading_width(self) -> int:
        """A comfortable line length: about 96 characters plus margins and scroll bar."""
        return (
            self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS
            + int(self.document().documentMargin() * 2)
            + self.verticalScrollBar().sizeHint().width()
        )
