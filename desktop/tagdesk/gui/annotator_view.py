"""Whose work the text shows: the analyst's own, one colleague's, or everyone's with names."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from tagdesk.core.team import ALL, OWN

MINE_TEXT = "mine"
EVERYONE_TEXT = "everyone"


class AnnotatorChoice(QWidget):
    """The toolbar's "Showing:" choice; asks through `showing_requested` (OWN, ALL or a name)."""

    showing_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        self.box.setToolTip(
            "Whose spans the text shows: your own (what you edit), one colleague's, "
            "or everyone's, each with its annotator's name"
        )
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(QLabel("Showing:"))
        layout.addWidget(self.box)
        self.set_colleagues([])
        self.box.activated.connect(lambda _row: self.showing_requested.emit(self.choice()))

    def set_colleagues(self, names: list[str]) -> None:
        """The colleagues a document can show; the choice stays where it was if it still can."""
        chosen = self.box.currentData() if self.box.count() else OWN
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem(MINE_TEXT, OWN)
        for name in names:
            self.box.addItem(name, name)
        self.box.addItem(EVERYONE_TEXT, ALL)
        found = self.box.findData(chosen)
        self.box.setCurrentIndex(max(found, 0))
        self.box.blockSignals(False)
        if found < 0:
            self.showing_requested.emit(OWN)

    def choice(self) -> str:
        return str(self.box.currentData())

    def choose(self, showing: str) -> None:
        """Choose as a person would (the View menu, a test): the request follows."""
        found = self.box.findData(showing)
        if found >= 0 and found != self.box.currentIndex():
            self.box.setCurrentIndex(found)
            self.showing_requested.emit(showing)
