"""Editing an entity: its name, other spellings, description and external id.

The key is shown and never edited: exports name the entity by it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tagdesk.core.entities import EntityRecord


class EntityDialog(QDialog):
    def __init__(self, entity: EntityRecord, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Entity {entity.key}")
        self.entity = entity
        self.name = QLineEdit(entity.name)
        self.external_id = QLineEdit(entity.external_id)
        self.external_id.setPlaceholderText("A Wikidata QID such as Q312135, or empty")
        self.aliases = QPlainTextEdit("\n".join(entity.aliases))
        self.aliases.setPlaceholderText("Other spellings, one a line")
        self.aliases.setMaximumHeight(110)
        self.description = QPlainTextEdit(entity.description)
        self.description.setMaximumHeight(80)
        key = QLabel(entity.key)
        key.setToolTip("Exports name the entity by its key (spaCy's kb_id); it never changes")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow("Key", key)
        form.addRow("Label", QLabel(label))
        form.addRow("Name", self.name)
        form.addRow("External id", self.external_id)
        form.addRow("Aliases", self.aliases)
        form.addRow("Description", self.description)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def edited(self) -> EntityRecord:
        """The entity as the fields say; the store checks each field when it is saved."""
        aliases = [line.strip() for line in self.aliases.toPlainText().splitlines()]
        return replace(
            self.entity,
            name=self.name.text().strip(),
            external_id=self.external_id.text().strip(),
            aliases=tuple(alias for alias in aliases if alias),
            description=self.description.toPlainText().strip(),
        )
