"""Colours spans through the layout, never the document: no undo noise, cheap per block.

Accepted spans are filled with their label's colour; suggestions are
underlined in it; rejected spans are struck through only when shown. Where
spans nest, the innermost wins the fill and an overline marks the nesting.
Text takes black or white, whichever reads on the fill, and each span's last
character is widened to make room for the label tags the view paints there.

A coloured block keeps its shaped glyphs between paints: about 9 MB more for a
megabyte of text read from end to end (tests/benchmarks/read_through_memory.py).

A document is coloured as it comes into sight: inserted, only the blocks the
view shows first get their formats, and the view has each other block coloured
before it paints it (`colour_block`). A block Qt colours is a block it lays out
again, and a megabyte holds thousands the analyst may never scroll to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextFormat,
)

from tagdesk.core.colours import text_colour_for
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.format_layout import FormatLayout
from tagdesk.gui.label_tags import TAGGED_STATUSES, LabelTags, ends_in_block

# Where QTextCursor.insertText starts a new block ("\r" is replaced by "\n" before).
BLOCK_BREAK = re.compile("[\n\u2029\ufdd0\ufdd1]")
Formats = Sequence[tuple[int, int, QTextCharFormat]]  # Qt offset in the block, length, format
NO_FORMATS: Formats = ()
SUGGESTION_UNDERLINE = QTextCharFormat.UnderlineStyle.SingleUnderline
NESTED_DARKER = 118
RAISED_SPACES = frozenset(" \u00a0")  # as core.arc_layout.WHITESPACE
RAISED_COLOUR = QTextFormat.Property.UserProperty + 1  # a raised letter's own text colour
REPLAN_AT = 600  # changed ranges past which a whole rehighlight is the quicker


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, owner: QObject, tags: LabelTags) -> None:
        """Owned by the view, not a document: the view swaps documents as they open."""
        super().__init__(owner)
        self.tags = tags
        self._index = SpanIndex()
        self._offsets = OffsetMap("")
        self._labels: dict[int, LabelRecord] = {}
        self._text = ""
        self._show_rejected = False
        self._plan: dict[int, Formats] | None = None  # by block position: see _build_plan
        self._lengths: dict[int, int] = {}  # the length of each block's text the plan knows
        self._format_cache: dict[tuple[int, int, int, bool], QTextCharFormat] = {}
        self._single_cache: dict[tuple[int, str], QTextCharFormat] = {}
        self._spaced_cache: dict[tuple[int, str], QTextCharFormat] = {}
        # Raised spaces that give a line room above its text (relation arcs), by block:
        # the Qt block start -> (position in the block, point size, letter spacing).
        self._room: dict[int, tuple[tuple[int, float, float], ...]] = {}
        self._raised_cache: dict[tuple[float, float], QTextCharFormat] = {}
        # The Qt starts of the blocks coloured since the document was inserted, or None
        # when every block is; while it is inserted, the Qt range of starts coloured now.
        self._coloured: set[int] | None = None
        self._sight: tuple[int, int] | None = None

    def set_spans(
        self,
        index: SpanIndex,
        offsets: OffsetMap,
        labels: dict[int, LabelRecord],
        *,
        text: str | None = None,
        rehighlight: bool = True,
    ) -> None:
        """`text` is the document's, as inserted; None keeps the one given before."""
        if text is not None:
            self._text = text
        self._plan = None
        self._index = index
        self._offsets = offsets
        self._labels = labels
        self._format_cache.clear()
        self._single_cache.clear()
        self._spaced_cache.clear()
        if rehighlight:
            self.rehighlight()

    @property
    def show_rejected(self) -> bool:
        return self._show_rejected

    @show_rejected.setter
    def show_rejected(self, shown: bool) -> None:
        self._show_rejected = shown
        self._plan = None

    def rehighlight(self) -> None:
        """Every block coloured again, in one pass planned over the spans."""
        self._plan = None
        self._coloured = None
        super().rehighlight()

    def insert_in_sight(self, first: int, last: int) -> None:
        """The document about to be inserted colours only the blocks starting in Qt
        positions [first, last); the others wait until they come into sight."""
        self._coloured = set()
        self._sight = (first, last)

    def inserted(self) -> None:
        self._sight = None

    @property
    def waiting(self) -> bool:
        """Whether some blocks have not been coloured yet (see colour_block)."""
        return self._coloured is not None

    def is_coloured(self, position: int) -> bool:
        """Whether the block starting at this Qt position has been coloured already."""
        return self._coloured is None or position in self._coloured

    def colour_block(self, block: QTextBlock) -> None:
        """Colour a block coming into sight, unless it is coloured already."""
        coloured = self._coloured
        if coloured is not None and block.position() not in coloured:
            self._recolour(block)

    def _recolour(self, block: QTextBlock) -> None:
        """One block coloured again, laid out again alone where the view's layout can."""
        layout = self.document().documentLayout()
        if isinstance(layout, FormatLayout):
            layout.recolour(block, self.rehighlightBlock)
        else:
            self.rehighlightBlock(block)

    def rehighlight_ranges(self, changed: list[tuple[int, int]]) -> None:
        """Re-colour only the blocks the changed ranges touch, from the span index.

        Past REPLAN_AT ranges (a corpus step's thousands of suggestions) the whole
        document is planned and coloured again instead: Qt lays out each block
        re-coloured alone, and that many cost more than one pass over them all.
        """
        if len(changed) > REPLAN_AT:
            self.rehighlight()
            return
        document = self.document()
        lengths = self._lengths
        for start, end in changed:
            first = document.findBlock(self._offsets.to_qt(start))
            last = document.findBlock(self._offsets.to_qt(max(start, end - 1)))
            block = first
            while block.isValid():
                lengths.pop(block.position(), None)  # coloured from the index from now on
                self._recolour(block)
                if block == last:
                    break
                block = block.next()

    def _raised(self, formats: Formats, left: int, size: float, spacing: float) -> QTextCharFormat:
        """A raised space's format, over the span format there; made once outside spans."""
        for start, length, char_format in reversed(formats):
            if start <= left < start + length:
                return _raised(char_format, size, spacing)
        cached = self._raised_cache.get((size, spacing))
        if cached is None:
            cached = _raised(QTextCharFormat(), size, spacing)
            self._raised_cache[(size, spacing)] = cached
        return cached

    def highlightBlock(self, text: str) -> None:
        # Called for every block of every document opened, and for each block an edit or
        # the view's sight colours: as little as it can do for a block out of sight.
        block = self.currentBlock()
        qt_start = block.position()
        coloured = self._coloured
        if coloured is not None:  # coloured as it comes into sight, from the index
            sight = self._sight
            if sight is not None and not sight[0] <= qt_start < sight[1]:
                return  # out of sight as the document is inserted: left without formats
            coloured.add(qt_start)
            formats = self._block_formats(qt_start, qt_start + block.length() - 1)
        else:
            if self._plan is None:
                self._build_plan()
            if self._lengths.get(qt_start) == len(text):
                formats = self._plan.get(qt_start, NO_FORMATS)  # type: ignore[union-attr]
            else:  # a block the plan does not know as Qt split it, or one an edit changed
                formats = self._block_formats(qt_start, qt_start + block.length() - 1)
        # Its glyphs are kept once shaped: Qt drops them after each paint of a block and
        # shapes every line in sight again at the next, an edit's repaint included.
        block.layout().setCacheEnabled(True)
        for left, length, char_format in formats:
            self.setFormat(left, length, char_format)
        room = self._room.get(qt_start)
        if room:
            for left, size, spacing in room:
                if left < len(text):
                    raised = self._raised(formats, left, size, spacing)
                    if text[left] not in RAISED_SPACES:  # a letter: the view draws it
                        raised = _left_to_the_view(raised)
                    self.setFormat(left, 1, raised)

    def raised_letters(self, qt_start: int, text: str) -> list[int]:
        """The block's raised characters that are letters, not spaces (drawn by the view)."""
        return [
            left
            for left, _size, _spacing in self._room.get(qt_start, ())
            if left < len(text) and text[left] not in RAISED_SPACES
        ]

    @property
    def has_room(self) -> bool:
        """True when some line is raised for arcs."""
        return bool(self._room)

    def set_room(
        self, room: dict[int, tuple[tuple[int, float, float], ...]], *, rehighlight: bool = True
    ) -> None:
        """Raise these spaces (by Qt block start); re-colour only the blocks that differ."""
        old, self._room = self._room, room
        self._raised_cache.clear()
        document = self.document()
        if not rehighlight or document is None:
            return
        for qt_start in {*old, *room}:
            if old.get(qt_start) != room.get(qt_start):
                block = document.findBlock(qt_start)
                if block.isValid() and block.position() == qt_start:
                    self._recolour(block)

    def _build_plan(self) -> None:
        """Each block's formats, worked out once per document in one pass over its spans.

        Kept by the block's Qt position, with its text's length: a block Qt split
        elsewhere than `BLOCK_BREAK` says is coloured from the index instead.
        A block whose spans neither nest nor cross its ends (the common case)
        is planned inline; the others as `_segments` colours any block.
        """
        text, offsets = self._text, self._offsets
        starts = [0, *(match.end() for match in BLOCK_BREAK.finditer(text))]
        ends = [start - 1 for start in starts[1:]]
        ends.append(len(text))
        grouped: dict[int, list[SpanRecord]] = {}
        count = len(starts)
        hide_rejected = not self._show_rejected
        block, block_end = 0, ends[0]
        for span in self._index:  # by start, outer before inner, as overlapping() gives them
            if hide_rejected and span.status == "rejected":
                continue
            if span.start > block_end:
                block = bisect_right(starts, span.start) - 1
                block_end = ends[block]
            if span.end <= block_end + 1:  # within its block (or ending at its break)
                if span.start < block_end:
                    grouped.setdefault(block, []).append(span)
                continue
            spread = block
            while spread < count and starts[spread] < span.end:
                if span.start < ends[spread]:
                    grouped.setdefault(spread, []).append(span)
                spread += 1
        identity = offsets.is_identity
        qt_starts = starts if identity else [offsets.to_qt(start) for start in starts]
        qt_ends = ends if identity else [offsets.to_qt(end) for end in ends]
        lengths = [end - start for start, end in zip(starts, ends, strict=True)]
        self._lengths = dict(zip(qt_starts, lengths, strict=True))
        plan: dict[int, Formats] = {}
        simple = identity and self.tags.visible
        for block, spans in grouped.items():
            start, end = starts[block], ends[block]
            formats = self._side_by_side(start, end, spans) if simple else None
            if formats is None:
                formats = self._segments(start, end, qt_starts[block], qt_ends[block], spans)
            plan[qt_starts[block]] = formats
        self._plan = plan

    def _side_by_side(self, start: int, end: int, spans: list[SpanRecord]) -> Formats | None:
        """What `_segments` gives spans that neither nest nor cross the block's ends, quicker.

        None for any other block, and for a label and status not met yet: their
        formats are made (and cached) by `_segments`.
        """
        single, spaced = self._single_cache, self._spaced_cache
        formats: list[tuple[int, int, QTextCharFormat]] = []
        previous = start
        for span in spans:
            left, right, key = span.start, span.end, (span.label_id, span.status)
            if left < previous or right > end or right <= left or key not in spaced:
                return None
            previous = right
            if right - 1 > left:
                formats.append((left - start, right - 1 - left, single[key]))
            formats.append((right - 1 - start, 1, spaced[key]))  # room for the tag
        return formats

    def _block_formats(self, qt_start: int, qt_end: int) -> Formats:
        offsets = self._offsets
        start, end = offsets.to_python(qt_start), offsets.to_python(qt_end, "up")
        spans = self._index.overlapping(start, end)
        if not self._show_rejected:
            spans = [span for span in spans if span.status != "rejected"]
        return self._segments(start, end, qt_start, qt_end, spans) if spans else NO_FORMATS

    def _segments(
        self, start: int, end: int, qt_start: int, qt_end: int, spans: list[SpanRecord]
    ) -> Formats:
        """The formats of the block [start, end) holding `spans`, as any block is coloured."""
        offsets = self._offsets
        identity = offsets.is_identity
        formats: list[tuple[int, int, QTextCharFormat]] = []
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
                    formats.append((left - qt_start, right - left, self._format_for([span])))
                    continue
                # the span ends here: its last character makes room for the tag
                if last > left:
                    formats.append((left - qt_start, last - left, self._format_for([span])))
                formats.append((last - qt_start, right - last, self._spaced(span)))
            return formats
        cuts = sorted(
            {start, end} | {max(start, s.start) for s in spans} | {min(end, s.end) for s in spans}
        )
        for left, right in pairwise(cuts):
            covering = [s for s in spans if s.start <= left and s.end >= right]
            if not covering:
                continue
            qt_left = offsets.to_qt(left) - qt_start
            qt_right = offsets.to_qt(right) - qt_start
            formats.append((qt_left, qt_right - qt_left, self._format_for(covering)))
        self._make_room(spans, qt_start, qt_end, formats)
        return formats

    def _spaced(self, span: SpanRecord) -> QTextCharFormat:
        """The format of a lone span's last character, widened by its tag: one per label."""
        key = (span.label_id, span.status)
        spaced = self._spaced_cache.get(key)
        if spaced is None:
            spaced = self._spaced_cache[key] = _widened(
                self._format_for([span]), self.tags.room_after([span], self._labels)
            )
        return spaced

    def _make_room(
        self,
        spans: list[SpanRecord],
        qt_start: int,
        qt_end: int,
        formats: list[tuple[int, int, QTextCharFormat]],
    ) -> None:
        """Where spans nest, widen each last character by all the tags ending there."""
        if not self.tags.visible:
            return
        offsets = self._offsets
        for end, ending in ends_in_block(spans, offsets, qt_start, qt_end - qt_start):
            qt_last = offsets.to_qt(end - 1) - qt_start
            room = self.tags.room_after(ending, self._labels)
            spaced = _widened(_format_at(formats, qt_last), room)
            formats.append((qt_last, offsets.to_qt(end) - qt_start - qt_last, spaced))

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


def _raised(char_format: QTextCharFormat, size: float, spacing: float) -> QTextCharFormat:
    """A space drawn in a taller font, as wide as before: its line gets room above the text."""
    raised = QTextCharFormat(char_format)
    raised.setFontPointSize(size)
    extra = 0.0
    if char_format.fontLetterSpacingType() == QFont.SpacingType.AbsoluteSpacing:
        extra = char_format.fontLetterSpacing()
    raised.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    raised.setFontLetterSpacing(extra + spacing)
    return raised


def _left_to_the_view(raised: QTextCharFormat) -> QTextCharFormat:
    """A raised letter (a word with no space on its line): Qt lays it out in the taller
    font and draws nothing; the view draws it at the text's size (raised_letters)."""
    hidden = QTextCharFormat(raised)
    brush = raised.foreground()
    if brush.style() != Qt.BrushStyle.NoBrush:
        hidden.setProperty(RAISED_COLOUR, brush.color())
    hidden.setForeground(QColor(0, 0, 0, 0))
    return hidden


def _tint(colour: QColor) -> QColor:
    """A faint wash of the label colour, so suggestions read as 'not yet decided'."""
    faint = QColor(colour)
    faint.setAlpha(70)
    return faint


def _format_at(formats: list[tuple[int, int, QTextCharFormat]], position: int) -> QTextCharFormat:
    """The format the last of `formats` covering `position` gives it, as Qt would keep it."""
    for left, length, char_format in reversed(formats):
        if left <= position < left + length:
            return char_format
    return QTextCharFormat()


def _disjoint(spans: list[SpanRecord]) -> bool:
    """True when no two spans share a character (they come sorted by start)."""
    return all(left.end <= right.start for left, right in pairwise(spans))
