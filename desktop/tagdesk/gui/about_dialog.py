"""About: version, the licences of what Tagdesk bundles, and where the data lives."""

from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import json
import platform
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
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
from tagdesk.nlp.models import default_model

# (distribution, shown name, licence): what a wheel install pulls in and the
# frozen build carries. The pipeline's own licence comes from its meta.json.
COMPONENTS = (
    ("PySide6-Essentials", "Qt for Python", "LGPL-3.0"),
    ("spacy", "spaCy", "MIT"),
    ("thinc", "Thinc", "MIT"),
    ("numpy", "NumPy", "BSD-3-Clause"),
    ("peewee", "peewee", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("orjson", "orjson", "Apache-2.0 or MIT"),
    ("psycopg2-binary", "psycopg2 (shared PostgreSQL databases)", "LGPL-3.0-or-later"),
)
NOT_INSTALLED = "not installed"


def installed_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return NOT_INSTALLED


def pipeline_meta(name: str) -> dict[str, Any] | None:
    """A pipeline package's meta.json, read without importing spaCy."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    meta = Path(spec.origin).parent / "meta.json"
    if not meta.is_file():
        return None
    loaded = json.loads(meta.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else None


def component_rows() -> list[tuple[str, str, str]]:
    """(name, installed version or 'not installed', licence) for each bundled component."""
    rows = [
        ("Python", platform.python_version(), "PSF-2.0"),
        ("Qt", qVersion(), "LGPL-3.0"),
    ]
    for distribution, name, licence in COMPONENTS:
        version = pyside_version if distribution == "PySide6-Essentials" else None
        rows.append((name, version or installed_version(distribution), licence))
    model = default_model()
    meta = pipeline_meta(model) if model else None
    if model is None or meta is None:
        rows.append(("English pipeline", NOT_INSTALLED, "MIT"))
    else:
        licence = str(meta.get("license", "see its meta.json"))
        rows.append((f"English pipeline {model}", str(meta.get("version", "")), licence))
        rows.extend(
            (f"{model} training data: {source['name']}", "", source.get("license", "see source"))
            for source in meta.get("sources", [])
        )
    return rows


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Tagdesk")
        self.data_dir = data_dir
        self.heading = QLabel(
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
        self.location = QLabel(f"Data folder: {data_dir}\nDatabase: {database}")
        self.location.setTextFormat(Qt.TextFormat.PlainText)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        self.open_folder = QPushButton("Open data folder")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(self.heading)
        layout.addWidget(self.components)
        layout.addWidget(self.location)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.open_folder.clicked.connect(self._open_folder)
        self.resize(560, 480)

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.data_dir))

    def _open_folder(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(self.folder_url())
