"""Tags as removable chips, with a field that completes from existing tags."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.gui.icons import icon


class TagEditor(QWidget):
    tag_added = Signal(str)
    tag_removed = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(placeholder)
        self.entry.setClearButtonEnabled(True)
        self._known = QStringListModel()
        completer = QCompleter(self._known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.tags = QListWidget()
        self.tags.setFlow(QListWidget.Flow.LeftToRight)
        self.tags.setWrapping(True)
        self.tags.setSpacing(2)
        self.tags.setMaximumHeight(64)
        self.tags.setToolTip("Select a tag and press Delete to remove it")
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icon("delete"))
        self.remove_button.setToolTip("Remove the selected tag")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.tags)

        self.entry.returnPressed.connect(self._add_from_entry)
        self.remove_button.clicked.connect(self._remove_selected)

    def set_tags(self, tags: tuple[str, ...] | list[str]) -> None:
        self.tags.clear()
        for name in tags:
            self.tags.addItem(QListWidgetItem(name))

    def current_tags(self) -> list[str]:
        return [self.tags.item(row).text() for row in range(self.tags.count())]

    def set_known_tags(self, names: list[str]) -> None:
        if self._known.stringList() != names:  # a reset model makes the completer start over
            self._known.setStringList(names)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.tags.hasFocus():
            self._remove_selected()
            return
        super().keyPressEvent(event)

    def _add_from_entry(self) -> None:
        name = " ".join(self.entry.text().split())
        self.entry.clear()
        if name and name not in self.current_tags():
            self.tag_added.emit(name)

    def _remove_selected(self) -> None:
        item = self.tags.currentItem()
        if item is not None:
            self.tag_removed.emit(item.text())
