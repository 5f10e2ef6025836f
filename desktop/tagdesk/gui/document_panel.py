"""The open document: title, metadata, tags and status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from tagdesk.core.records import DocumentInfo
from tagdesk.core.wording import counted
from tagdesk.gui.fitting_label import FittingLabel
from tagdesk.gui.tag_editor import TagEditor

STATUSES = (("todo", "To do"), ("in_progress", "In progress"), ("done", "Done"))


class DocumentPanel(QGroupBox):
    status_requested = Signal(str)
    tag_add_requested = Signal(str)
    tag_remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Document", parent)
        self.title_label = FittingLabel()
        self.meta = FittingLabel()
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QComboBox()
        for key, text in STATUSES:
            self.status.addItem(text, key)
        self.tag_editor = TagEditor("Add a tag to the document…")
        form = QFormLayout(self)
        form.addRow("Title", self.title_label)
        form.addRow("Details", self.meta)
        form.addRow("Status", self.status)
        form.addRow("Tags", self.tag_editor)

        self.status.activated.connect(
            lambda row: self.status_requested.emit(self.status.itemData(row))
        )
        self.tag_editor.tag_added.connect(self.tag_add_requested)
        self.tag_editor.tag_removed.connect(self.tag_remove_requested)

    def show_document(self, info: DocumentInfo | None, known_tags: list[str]) -> None:
        self.setEnabled(info is not None)
        if info is None:
            self.title_label.clear()
            self.meta.clear()
            self.tag_editor.set_tags([])
            return
        self.title_label.setText(info.title or f"Document {info.id}")
        details = [
            f"#{info.id}",
            counted(len(info.text), "character", grouped=True),
        ]
        if info.source:
            details.append(info.source)
        shown = [(key, value) for key, value in info.meta.items() if value != info.source]
        details += [f"{key}: {value}" for key, value in shown[:6]]
        self.meta.setText("\n".join(details))
        self.status.setCurrentIndex(self.status.findData(info.status))
        self.tag_editor.set_tags(info.tags)
        self.tag_editor.set_known_tags(known_tags)

    def focus_tags(self) -> None:
        self.tag_editor.entry.setFocus()
