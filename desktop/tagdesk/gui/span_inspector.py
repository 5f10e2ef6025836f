"""The selected span: its text, label, status, source, annotator, tags and note."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.gui.icons import icon
from tagdesk.gui.tag_editor import TagEditor

NOTE_SAVE_DELAY_MS = 700
STATUS_TEXT = {"suggested": "Suggestion", "accepted": "Accepted", "rejected": "Rejected"}


class SpanInspector(QGroupBox):
    relabel_requested = Signal(int)
    accept_requested = Signal()
    reject_requested = Signal()
    delete_requested = Signal()
    tag_add_requested = Signal(str)
    tag_remove_requested = Signal(str)
    note_requested = Signal(int, str)  # span id, note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Span", parent)
        self._span: SpanRecord | None = None
        self._filling = False

        self.text = _plain_label()
        self.text.setWordWrap(True)
        self.label_box = QComboBox()
        self.status = _plain_label()
        self.source = _plain_label()
        self.annotator = _plain_label()
        self.accept_button = QPushButton(icon("accept"), "Accept")
        self.reject_button = QPushButton(icon("reject"), "Reject")
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self.tag_editor = TagEditor("Add a tag to the span…")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Note on this span")
        self.note.setMaximumHeight(80)
        self.empty = QLabel("Select text and press a label's key,\nor click a span.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(0, 8, 0, 0)
        self.empty.setEnabled(False)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)

        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.delete_button):
            buttons.addWidget(button)
        self.details = QWidget()
        form = QFormLayout(self.details)
        self._form = form
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Text", self.text)
        form.addRow("Label", self.label_box)
        form.addRow("Status", self.status)
        form.addRow("Source", self.source)
        form.addRow("Annotator", self.annotator)
        form.addRow(buttons)
        form.addRow("Tags", self.tag_editor)
        form.addRow("Note", self.note)
        # The hint and the details are pages of one stack, as tall as the details: choosing
        # a span, or none, shows the other page and moves nothing around the box.
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.details)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.label_box.activated.connect(self._label_chosen)
        self.accept_button.clicked.connect(self.accept_requested)
        self.reject_button.clicked.connect(self.reject_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.tag_editor.tag_added.connect(self.tag_add_requested)
        self.tag_editor.tag_removed.connect(self.tag_remove_requested)
        self.note.textChanged.connect(self._note_edited)
        self._note_timer.timeout.connect(self.flush_note)

        self.show_span(None, "", [])

    def set_labels(self, labels: list[LabelRecord]) -> None:
        self.label_box.clear()
        for label in labels:
            self.label_box.addItem(label.name, label.id)

    def show_span(self, span: SpanRecord | None, text: str, known_tags: list[str]) -> None:
        """The fields are filled before their page is shown, and each only when it changed:
        a new value makes Qt lay the box out again, an equal one would too."""
        if self._span is not None and (span is None or span.id != self._span.id):
            self.flush_note()  # for the span being left, by its id
        self._span = span
        self._filling = True
        if span is not None:
            _set_text(self.text, text)
            index = self.label_box.findData(span.label_id)
            if self.label_box.currentIndex() != index:
                self.label_box.setCurrentIndex(index)
            _set_text(self.status, STATUS_TEXT.get(span.status, span.status))
            _set_text(self.source, span.source)
            _set_text(self.annotator, span.annotator or "—")
            self.accept_button.setEnabled(span.status != "accepted")
            self.reject_button.setEnabled(span.status != "rejected")
            if self.tag_editor.current_tags() != list(span.tags):
                self.tag_editor.set_tags(span.tags)
            self.tag_editor.set_known_tags(known_tags)
            if self.note.toPlainText() != span.note and not self._note_timer.isActive():
                self.note.setPlainText(span.note)
        page = self.empty if span is None else self.details
        if self.pages.currentWidget() is not page:
            self.pages.setCurrentWidget(page)
        self._filling = False

    def add_section(self, title: str, widget: QWidget) -> None:
        """A part of the span another pane fills (its relations), under the buttons, the
        whole width of the box: its title above it."""
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(QLabel(title))
        layout.addWidget(widget)
        self._form.insertRow(self._form.rowCount() - 2, section)

    def show_section(self, widget: QWidget, shown: bool) -> None:
        section = widget.parentWidget()
        if section is not None:
            self._form.setRowVisible(section, shown)

    def focus_tags(self) -> None:
        self.tag_editor.entry.setFocus()

    def focus_note(self) -> None:
        self.note.setFocus()

    def flush_note(self) -> None:
        """Save a pending note now (on a timer, on leaving the span, on closing)."""
        if self._note_timer.isActive() or self._note_dirty():
            self._note_timer.stop()
            if self._span is not None and self.note.toPlainText() != self._span.note:
                self.note_requested.emit(self._span.id, self.note.toPlainText())

    def _note_dirty(self) -> bool:
        return self._span is not None and self.note.toPlainText() != self._span.note

    def _note_edited(self) -> None:
        if not self._filling and self._span is not None:
            self._note_timer.start()

    def _label_chosen(self, row: int) -> None:
        label_id = self.label_box.itemData(row)
        if self._span is not None and label_id != self._span.label_id:
            self.relabel_requested.emit(label_id)


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
