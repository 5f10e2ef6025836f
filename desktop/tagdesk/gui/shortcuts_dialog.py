"""F1: every action with its keys, generated from the actions themselves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.gui.actions import KEYS_IN_CONTEXT


class ShortcutsDialog(QDialog):
    def __init__(
        self,
        actions: list[QAction],
        parent: QWidget | None = None,
        more: Sequence[tuple[str, str]] = (),
    ) -> None:
        """`more`: rows for keys that are no action (KEYS_IN_CONTEXT, relation types)."""
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        rows = [
            (
                action.text().replace("&", ""),
                ", ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                ),
            )
            for action in actions
            if action.shortcuts()
        ]
        rows += [*KEYS_IN_CONTEXT, *more]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.table.rowCount()):
            cells = [_cell_text(self.table.item(row, column)) for column in (0, 1)]
            self.table.setRowHidden(row, bool(needle) and not any(needle in c for c in cells))


def _cell_text(item: QTableWidgetItem | None) -> str:
    return item.text().casefold() if item is not None else ""
