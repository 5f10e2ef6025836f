"""Colours spans through the layout, never the document: no undo noise, cheap per block.

Accepted spans are filled with their label's colour; suggestions are
underlined in it; rejected spans are struck through only when shown. Where
spans nest, the innermost wins the fill and an overline marks the nesting.
Text takes black or white, whichever reads on the fill, and each span's last
character is widened to make room for the label tags the view paints there.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from tagdesk.core.colours import text_colour_for
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.label_tags import TAGGED_STATUSES, LabelTags, ends_in_block

SUGGESTION_UNDERLINE = QTextCharFormat.UnderlineStyle.SingleUnderline
NESTED_DARKER = 118


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, owner: QObject, tags: LabelTags) -> None:
        """Owned by the view, not a document: the view swaps documents as they open."""
        super().__init__(owner)
        self.tags = tags
        self._index = SpanIndex()
        self._offsets = OffsetMap("")
        self._labels: dict[int, LabelRecord] = {}
        self.show_rejected = False
        self._format_cache: dict[tuple[int, int, int, bool], QTextCharFormat] = {}
        self._single_cache: dict[tuple[int, str], QTextCharFormat] = {}
        self._spaced_cache: dict[tuple[int, str], QTextCharFormat] = {}

    def set_spans(
        self,
        index: SpanIndex,
        offsets: OffsetMap,
        labels: dict[int, LabelRecord],
        *,
        rehighlight: bool = True,
    ) -> None:
        self._index = index
        self._offsets = offsets
        self._labels = labels
        self._format_cache.clear()
        self._single_cache.clear()
        self._spaced_cache.clear()
        if rehighlight:
            self.rehighlight()

    def rehighlight_ranges(self, changed: list[tuple[int, int]]) -> None:
        """Re-colour only the blocks the changed ranges touch."""
        document = self.document()
        for start, end in changed:
            first = document.findBlock(self._offsets.to_qt(start))
            last = document.findBlock(self._offsets.to_qt(max(start, end - 1)))
            block = first
            while block.isValid():
                self.rehighlightBlock(block)
                if block == last:
                    break
                block = block.next()

    def highlightBlock(self, text: str) -> None:
        # Called for every block of every document opened: the common cases stay cheap.
        block = self.currentBlock()
        qt_start = block.position()
        qt_end = qt_start + block.length() - 1
        offsets = self._offsets
        identity = offsets.is_identity
        if identity:
            start, end = qt_start, qt_end
        else:
            start, end = offsets.to_python(qt_start), offsets.to_python(qt_end, "up")
        spans = self._index.overlapping(start, end)
        if not spans:
            return
        if not self.show_rejected:
            spans = [span for span in spans if span.status != "rejected"]
        if _disjoint(spans):
            tagged = self.tags.visible
            for span in spans:  # no nesting here: one format per span, from the cache
                left, right = max(start, span.start), min(end, span.end)
                last = right - 1 if tagged and span.end == right else right
                if not identity:
                    left, last, right = (
                        offsets.to_qt(left),
                        offsets.to_qt(last),
                        offsets.to_qt(right),
                    )
                if last == right or span.status not in TAGGED_STATUSES:
                    self.setFormat(left - qt_start, right - left, self._format_for([span]))
                    continue
                # the span ends here: its last character makes room for the tag
                if last > left:
                    self.setFormat(left - qt_start, last - left, self._format_for([span]))
                self.setFormat(last - qt_start, right - last, self._spaced(span))
            return
        cuts = sorted(
            {start, end} | {max(start, s.start) for s in spans} | {min(end, s.end) for s in spans}
        )
        for left, right in pairwise(cuts):
            covering = [s for s in spans if s.start <= left and s.end >= right]
            if not covering:
                continue
            char_format = self._format_for(covering)
            qt_left = offsets.to_qt(left) - qt_start
            qt_right = offsets.to_qt(right) - qt_start
            self.setFormat(qt_left, qt_right - qt_left, char_format)
        self._make_room(spans, qt_start, qt_end)

    def _spaced(self, span: SpanRecord) -> QTextCharFormat:
        """The format of a lone span's last character, widened by its tag: one per label."""
        key = (span.label_id, span.status)
        spaced = self._spaced_cache.get(key)
        if spaced is None:
            spaced = self._spaced_cache[key] = _widened(
                self._format_for([span]), self.tags.room_after([span], self._labels)
            )
        return spaced

    def _make_room(self, spans: list[SpanRecord], qt_start: int, qt_end: int) -> None:
        """Where spans nest, widen each last character by all the tags ending there."""
        if not self.tags.visible:
            return
        offsets = self._offsets
        for end, ending in ends_in_block(spans, offsets, qt_start, qt_end - qt_start):
            qt_last = offsets.to_qt(end - 1)
            room = self.tags.room_after(ending, self._labels)
            spaced = _widened(self.format(qt_last - qt_start), room)
            self.setFormat(qt_last - qt_start, offsets.to_qt(end) - qt_last, spaced)

    def _format_for(self, covering: list[SpanRecord]) -> QTextCharFormat:
        if len(covering) == 1:
            only = covering[0]
            cached = self._single_cache.get((only.label_id, only.status))
            if cached is None:
                cached = self._single_cache[(only.label_id, only.status)] = self._combined(covering)
            return cached
        return self._combined(covering)

    def _combined(self, covering: list[SpanRecord]) -> QTextCharFormat:
        def inner(status: str) -> SpanRecord | None:
            found = [s for s in covering if s.status == status]
            return min(found, key=lambda s: s.end - s.start) if found else None

        accepted = inner("accepted")
        suggested = inner("suggested")
        rejected = inner("rejected")
        nested = sum(1 for s in covering if s.status == "accepted") > 1
        key = (
            accepted.label_id if accepted else 0,
            suggested.label_id if suggested else 0,
            rejected.label_id if rejected and not accepted and not suggested else 0,
            nested,
        )
        cached = self._format_cache.get(key)
        if cached is not None:
            return cached
        char_format = QTextCharFormat()
        if accepted is not None:
            fill = self._colour(accepted.label_id)
            if nested:  # a deeper shade where spans stack, as overlapping highlighter ink does
                fill = fill.darker(NESTED_DARKER)
            char_format.setBackground(fill)
            char_format.setForeground(QColor(text_colour_for(fill.name())))
        if suggested is not None:
            char_format.setUnderlineStyle(SUGGESTION_UNDERLINE)
            char_format.setUnderlineColor(self._colour(suggested.label_id).darker(135))
            char_format.setFontUnderline(True)
            if accepted is None:
                char_format.setBackground(_tint(self._colour(suggested.label_id)))
        if key[2]:
            char_format.setFontStrikeOut(True)
            char_format.setForeground(QColor("#8a8a8a"))
        if nested:
            char_format.setFontOverline(True)
        self._format_cache[key] = char_format
        return char_format

    def _colour(self, label_id: int) -> QColor:
        label = self._labels.get(label_id)
        return QColor(label.colour if label else "#cccccc")


def _widened(char_format: QTextCharFormat, room: float) -> QTextCharFormat:
    widened = QTextCharFormat(char_format)
    widened.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    widened.setFontLetterSpacing(room)
    return widened


def _tint(colour: QColor) -> QColor:
    """A faint wash of the label colour, so suggestions read as 'not yet decided'."""
    faint = QColor(colour)
    faint.setAlpha(70)
    return faint


def _disjoint(spans: list[SpanRecord]) -> bool:
    """True when no two spans share a character (they come sorted by start)."""
    return all(left.end <= right.start for left, right in pairwise(spans))
