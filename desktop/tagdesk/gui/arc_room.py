"""The room above the lines with arcs: which characters the highlighter raises, and when the
blocks are coloured again to show it.

A raised character is one in a taller font (as wide as before): Qt gives its
line the height the arcs need above the text. It is the letter before a space
(core/arc_layout.py off_the_line_end), since a space that ends a wrapped line
gives that line no height; the view draws the letter at the text's size. Room
given before the text is put in rides along with its colouring, and so does room given to a block
not coloured yet (blocks are coloured as they come into sight); room that
changes later needs its coloured blocks coloured again, which Qt follows by
laying each one out anew: the lines on screen are done at once, the others
a few hundred a turn of the event loop, so no turn is long.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from tagdesk.core.offsets import OffsetMap
from tagdesk.gui.arc_geometry import ArcMetrics

if TYPE_CHECKING:
    from tagdesk.gui.annotation_view import AnnotationView

LINES_A_TURN = 200  # blocks coloured again in one turn of the event loop
Room = dict[int, tuple[tuple[int, float, float], ...]]  # Qt block start -> its raised spaces


class Given(Enum):
    """When new room is shown."""

    WITH_TEXT = "with the text"  # the text is about to be put in: coloured with it
    NOW = "now"  # on screen at once (all of it, when few lines change)
    IN_TURNS = "in turns"  # on screen before it is painted, the rest in later turns


class LineRoom(QObject):
    def __init__(self, view: AnnotationView, on_screen: Callable[[], list[int]]) -> None:
        """`on_screen`: the Qt starts of the blocks on screen now."""
        super().__init__(view)
        self.view = view
        self.on_screen = on_screen
        self._room: Room = {}  # what the highlighter raises
        self._waiting: set[int] = set()  # Qt block starts coloured before their room changed
        self._sizes: dict[tuple[int, str], tuple[float, float]] = {}
        self._turn = 0  # a turn queued for an earlier document does nothing
        self._queued = False

    def reset(self) -> None:
        """Another document: nothing raised, nothing waiting."""
        self._room = {}
        self._waiting = set()
        self._sizes = {}
        self._turn += 1

    @property
    def waiting(self) -> bool:
        """True while some block's colouring does not show the room it has."""
        return bool(self._waiting)

    def give(self, room: Room, given: Given) -> None:
        old = self._room
        highlighter = self.view.highlighter
        # A block not coloured yet gets its room when it comes into sight and is coloured.
        changed = {
            start
            for start in {*old, *room}
            if old.get(start) != room.get(start) and highlighter.is_coloured(start)
        }
        self._room = room
        highlighter.set_room(room, rehighlight=False)
        if given is Given.WITH_TEXT:  # every block is about to be coloured with it
            self._waiting = set()
            return
        self.view.raised_letters_moved()
        # Blocks still waiting keep waiting; the others, coloured with their old room,
        # are coloured again now when they are few.
        fresh = changed - self._waiting
        self._waiting |= changed
        if given is Given.NOW and len(fresh) <= LINES_A_TURN:
            self._recolour(sorted(fresh))
        if given is Given.NOW:
            self.show_on_screen()
        if self._waiting and not self._queued:
            self._queue()

    def show_on_screen(self) -> None:
        """The blocks on screen coloured with their room, if they wait for it."""
        if self._waiting:
            self._recolour([start for start in self.on_screen() if start in self._waiting])

    def _queue(self) -> None:
        self._queued = True
        turn = self._turn
        QTimer.singleShot(0, self, lambda: self._recolour_some(turn))

    def _recolour_some(self, turn: int) -> None:
        self._queued = False
        if turn != self._turn or not self._waiting:
            return
        self.show_on_screen()
        self._recolour(sorted(self._waiting)[:LINES_A_TURN])
        if self._waiting:
            self._queue()

    def _recolour(self, starts: Iterable[int]) -> None:
        document = self.view.document()
        highlighter = self.view.highlighter
        for start in starts:
            self._waiting.discard(start)
            block = document.findBlock(start)
            if block.isValid() and block.position() == start:
                highlighter.rehighlightBlock(block)

    def formats(
        self,
        raised: dict[int, int],
        text: str,
        offsets: OffsetMap,
        starts: list[int],
        metrics: ArcMetrics,
    ) -> Room:
        """Each raised space (offset -> rows of room) as its block's Qt start, position in
        the block, point size and letter spacing."""
        room: dict[int, list[tuple[int, float, float]]] = {}
        sizes = self._sizes
        identity = offsets.is_identity
        for offset, rows in sorted(raised.items()):
            block_start = starts[bisect_right(starts, offset) - 1]
            position = offset
            if not identity:
                block_start, position = offsets.to_qt(block_start), offsets.to_qt(offset)
            key = (rows, text[offset])
            size = sizes.get(key)
            if size is None:
                size = sizes[key] = metrics.raised_space(*key)
            items = room.get(block_start)
            if items is None:
                items = room[block_start] = []
            items.append((position - block_start, size[0], size[1]))
        return {start: tuple(items) for start, items in room.items()}
