"""The review: two or more annotators' versions of the open document, made into gold.

Spans all of them agree on are listed once; each disagreement lists what
every annotator said there. One key a decision, on the list: 1 to 9 take
that annotator's version of the whole document, Return takes what the
annotator under the cursor said in this place (on "All agree": every agreed
span), Space skips to the next disagreement, N and P go to the next and the
previous. The text shows the gold version meanwhile, and the usual keys edit
it. Each decision is one action of the window's history: Ctrl+Z undoes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.review import Edit, Region, gold_edits, regions, version
from tagdesk.core.team import GOLD
from tagdesk.core.wording import counted
from tagdesk.store import Store
from tagdesk.store.assignments import assignments_of
from tagdesk.store.views import annotators_of, spans_for_view

KIND_ROLE = Qt.ItemDataRole.UserRole  # ("agreed", None) | ("region", index) | ("said", index)
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the annotator a "said" row is of
NOTHING = "(nothing)"
EXCERPT = 48  # characters of a disagreement's text shown in its row
MIN_ROWS = 4  # the list never shows fewer: a disagreement and what each annotator said
SHOWN_ROWS = 8  # the height it asks for when review starts
KEYS_HINT = (
    "1–9 take a version · Return take this · Space skip · N / P next, previous · Ctrl+Z undo"
)


class ReviewPanel(QWidget):
    """Asks the window to write gold through `edits_requested(text, edits)`."""

    edits_requested = Signal(str, list)  # the action's name, [(shown, wanted)]
    close_requested = Signal()
    message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.document_id: int | None = None
        self.text = ""
        self.labels: dict[int, LabelRecord] = {}
        self.found: list[Region] = []
        self.versions: dict[str, list[SpanRecord]] = {}
        self.gold: list[SpanRecord] = []
        self.chosen: dict[str, QCheckBox] = {}
        self.names_row = QHBoxLayout()
        self.names_row.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Place", "Label", "Their text", "In gold"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(self._rows_high(MIN_ROWS))
        self.tree.setToolTip(
            "1–9: take that annotator's whole version · Return: take what the one under the "
            "cursor said here · Space: skip · N / P: next / previous disagreement · Ctrl+Z: undo"
        )
        close = QPushButton("Close review")
        keys = QLabel(KEYS_HINT)
        keys.setEnabled(False)  # drawn muted: a reminder, not a control
        keys.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Versions of:"))
        top.addLayout(self.names_row)
        top.addSpacing(12)
        top.addWidget(keys, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._add_keys()
        close.clicked.connect(self.close_requested)

    def _rows_high(self, rows: int) -> int:
        """The list's height for its header and `rows` rows, frame included."""
        row = max(self.tree.fontMetrics().height() + 6, 20)
        return (rows + 1) * row + 2 * self.tree.frameWidth() + 4

    def sizeHint(self) -> QSize:
        """Tall enough for the keys, the summary and SHOWN_ROWS rows of the list."""
        hint = super().sizeHint()
        extra = self._rows_high(SHOWN_ROWS) - self._rows_high(MIN_ROWS)
        return QSize(hint.width(), hint.height() + extra)

    def _add_keys(self) -> None:
        self._keys: dict[int, Callable[[], None]] = {
            Qt.Key.Key_Return: self.take_here,
            Qt.Key.Key_Enter: self.take_here,
            Qt.Key.Key_Space: lambda: self.step(1, skip=True),
            Qt.Key.Key_N: lambda: self.step(1),
            Qt.Key.Key_P: lambda: self.step(-1),
        }
        for number in range(1, 10):
            self._keys[Qt.Key.Key_0 + number] = partial(self.take_version, number - 1)
        self.tree.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The decision keys, bare (no Ctrl or Alt), on the list: before it searches by them."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            bare = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            slot = self._keys.get(event.key()) if bare else None
            if slot is not None:
                slot()
                return True
        return super().eventFilter(watched, event)

    # -- what is shown ----------------------------------------------------------

    def show_document(
        self, document_id: int | None, text: str, labels: dict[int, LabelRecord]
    ) -> None:
        """A document opened: its annotators, all chosen, and their versions compared."""
        self.text, self.labels = text, labels
        if document_id != self.document_id:
            self.document_id = document_id
            names = []
            if document_id is not None:
                given = assignments_of(self.store, document_id).keys()
                names = sorted({*annotators_of(self.store, document_id), *given} - {GOLD})
            self._set_names(names)
        self.refresh()

    def _set_names(self, names: list[str]) -> None:
        for box in self.chosen.values():
            self.names_row.removeWidget(box)
            box.deleteLater()
        self.chosen = {}
        for number, name in enumerate(names, 1):
            box = QCheckBox(f"{number} {name}" if number < 10 else name)
            box.setChecked(True)
            box.toggled.connect(self.refresh)
            self.names_row.addWidget(box)
            self.chosen[name] = box

    def names(self) -> list[str]:
        return [name for name, box in self.chosen.items() if box.isChecked()]

    def refresh(self) -> None:
        """Read the versions and gold again (after every write) and keep the cursor's place."""
        place = self._place()
        self.tree.clear()
        self.versions, self.gold, self.found = {}, [], []
        if self.document_id is None:
            self.summary.setText("No document")
            return
        names = self.names()
        if len(names) < 2:
            self.summary.setText("Choose two or more annotators to compare their versions")
            return
        self.versions = {
            name: spans_for_view(self.store, self.document_id, GOLD, name) for name in names
        }
        self.gold = spans_for_view(self.store, self.document_id, GOLD)
        self.found = regions(self.versions)
        agreed = [region for region in self.found if region.agreed]
        disagreements = [region for region in self.found if not region.agreed]
        open_ones = [region for region in disagreements if self.gold_said(region) is None]
        self.summary.setText(
            f"{counted(sum(len(r.marks_of(names[0])) for r in agreed), 'span')} all agree · "
            f"{counted(len(disagreements), 'disagreement')}, {len(open_ones)} not decided"
        )
        self._fill(agreed)
        self._restore(place)

    def _fill(self, agreed: list[Region]) -> None:
        names = self.names()
        if agreed:
            top = QTreeWidgetItem(
                ["All agree", "", counted(len(agreed), "place"), self._gold_text(agreed)]
            )
            top.setData(0, KIND_ROLE, ("agreed", None))
            for region in agreed:
                for span in region.said[names[0]]:
                    child = QTreeWidgetItem(["", self._label(span), self._excerpt(span), ""])
                    child.setData(0, KIND_ROLE, ("agreed", None))
                    top.addChild(child)
            self.tree.addTopLevelItem(top)
        for index, region in enumerate(self.found):
            if region.agreed:
                continue
            said = self.gold_said(region)
            item = QTreeWidgetItem(
                [
                    self._excerpt_of(region.start, region.end),
                    "",
                    f"characters {region.start}–{region.end}",
                    said if said is not None else "not decided",
                ]
            )
            item.setData(0, KIND_ROLE, ("region", index))
            for name in names:
                spans = region.said[name]
                child = QTreeWidgetItem(
                    [
                        name,
                        ", ".join(self._label(s) for s in spans) or NOTHING,
                        " | ".join(self._excerpt(s) for s in spans),
                        "✓" if said == name or (said and name in said.split(", ")) else "",
                    ]
                )
                child.setData(0, KIND_ROLE, ("said", index))
                child.setData(0, NAME_ROLE, name)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for column in range(4):
            self.tree.resizeColumnToContents(column)

    def gold_said(self, region: Region) -> str | None:
        """Whose version gold holds in the region ("ana, ben" when several match), or None."""
        marks = tuple(
            sorted(
                (s.start, s.end, s.label_id)
                for s in version(self.gold)
                if s.start < region.end and region.start < s.end
            )
        )
        names = [name for name in self.names() if region.marks_of(name) == marks]
        return ", ".join(names) if names and (marks or self._gold_decided(region)) else None

    def _gold_decided(self, region: Region) -> bool:
        """Gold holds nothing here: decided only if a reviewer took nothing (a rejection)."""
        return any(
            s.annotator == GOLD and s.start < region.end and region.start < s.end for s in self.gold
        )

    def _gold_text(self, agreed: list[Region]) -> str:
        taken = sum(1 for region in agreed if self.gold_said(region) is not None)
        return f"{taken} of {len(agreed)}"

    def _label(self, span: SpanRecord) -> str:
        label = self.labels.get(span.label_id)
        return label.name if label else "?"

    def _excerpt(self, span: SpanRecord) -> str:
        return self._excerpt_of(span.start, span.end)

    def _excerpt_of(self, start: int, end: int) -> str:
        text = " ".join(self.text[start:end].split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

    # -- the cursor -------------------------------------------------------------

    def _place(self) -> tuple[int, str | None] | None:
        """Where the cursor is, as a region's place in the list and an annotator's name."""
        item = self.tree.currentItem()
        if item is None:
            return None
        kind, index = item.data(0, KIND_ROLE)
        if kind == "agreed":
            return -1, None
        return int(index), item.data(0, NAME_ROLE)

    def _restore(self, place: tuple[int, str | None] | None) -> None:
        if place is None:
            self._go_to(self._next_region(-1, skip=False), None)
            return
        index, name = place
        rows = self._rows()
        if index < 0 and rows:
            self.tree.setCurrentItem(rows[0])
            return
        self._go_to(index, name)

    def _rows(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(row) for row in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _go_to(self, index: int | None, name: str | None) -> None:
        """Put the cursor on a region's row, or on one annotator's row under it."""
        rows = self._rows()
        for item in rows:
            kind, at = item.data(0, KIND_ROLE)
            if kind != "region" or (index is not None and at < index):
                continue
            target = item
            for child in (item.child(row) for row in range(item.childCount())):
                if child is not None and child.data(0, NAME_ROLE) == (name or self.names()[0]):
                    target = child
            self.tree.setCurrentItem(target)
            self.tree.scrollToItem(target)
            return
        if rows:
            self.tree.setCurrentItem(rows[0])

    def _next_region(self, after: int, *, skip: bool, step: int = 1) -> int | None:
        """The next disagreement (not decided yet, unless `skip` moves past any)."""
        indexes = [i for i, r in enumerate(self.found) if not r.agreed]
        if step < 0:
            indexes.reverse()
        for index in indexes:
            beyond = index > after if step > 0 else index < after
            if beyond and (skip or self.gold_said(self.found[index]) is None):
                return index
        return None

    def step(self, step: int, *, skip: bool = False) -> None:
        """N, P, Space: the next or previous disagreement, the cursor on the same annotator."""
        place = self._place()
        at, name = place if place is not None else (-1, None)
        found = self._next_region(at, skip=True, step=step)
        if found is None:
            self.message.emit("No more disagreements" + (" after this one" if skip else ""))
            return
        self._go_to(found, name)

    # -- decisions ---------------------------------------------------------------

    def take_here(self) -> None:
        """Return: the annotator under the cursor's spans of this place, or every agreed span."""
        place = self._place()
        if place is None:
            return
        index, name = place
        names = self.names()
        if index < 0:
            edits = self._joined(
                gold_edits(self.gold, r.said[names[0]], r.start, r.end)
                for r in self.found
                if r.agreed
            )
            self._write("Take agreed spans", edits)
            return
        region = self.found[index]
        name = name or names[0]
        self._write(
            f"Take {name}'s span",
            gold_edits(self.gold, region.said[name], region.start, region.end),
        )
        following = self._next_region(index, skip=False)
        if following is not None:
            self._go_to(following, name)

    def take_version(self, number: int) -> None:
        """1 to 9: that annotator's version becomes the whole document's gold."""
        names = self.names()
        if not 0 <= number < len(names) or self.document_id is None:
            return
        name = names[number]
        self._write(
            f"Take {name}'s version",
            gold_edits(self.gold, version(self.versions[name]), 0, len(self.text)),
        )

    def _write(self, text: str, edits: list[Edit]) -> None:
        if not edits:
            self.message.emit("Gold holds that already")
            return
        self.edits_requested.emit(text, edits)

    @staticmethod
    def _joined(parts: Iterable[list[Edit]]) -> list[Edit]:
        """Edits of several places as one action: each span changed once."""
        joined: list[Edit] = []
        seen: set[int] = set()
        for part in parts:
            for shown, wanted in part:
                if shown.id not in seen:
                    seen.add(shown.id)
                    joined.append((shown, wanted))
        return joined
