"""The main window: the document list beside the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
)

from tagdesk.store import Store
from tagdesk.store.documents import document_text, list_documents

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle("Tagdesk")

        self.document_list = QListWidget()
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.status_text = QLabel()

        splitter = QSplitter()
        splitter.addWidget(self.document_list)
        splitter.addWidget(self.text_view)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 960])
        self.setCentralWidget(splitter)
        self.statusBar().addWidget(self.status_text)

        self.document_list.currentItemChanged.connect(self._show_current)

        self.reload_documents()

    def reload_documents(self) -> None:
        self.document_list.clear()
        rows = list_documents(self.store)
        for row in rows:
            item = QListWidgetItem(row.title or f"Document {row.id}")
            item.setData(DOCUMENT_ID_ROLE, row.id)
            self.document_list.addItem(item)
        self.status_text.setText(f"{len(rows)} documents")
        if rows:
            self.document_list.setCurrentRow(0)

    def open_document(self, document_id: int) -> None:
        for index in range(self.document_list.count()):
            if self.document_list.item(index).data(DOCUMENT_ID_ROLE) == document_id:
                self.document_list.setCurrentRow(index)
                return

    def _show_current(self, current: QListWidgetItem | None) -> None:
        if current is None:
            self.text_view.clear()
            return
        self.text_view.setPlainText(document_text(self.store, current.data(DOCUMENT_ID_ROLE)))
