"""Markup, control characters and direction overrides in an article are data: shown
literally in every widget, and exported exactly as they came."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from tagdesk.core.records import DocumentInfo
from tagdesk.gui.document_model import DocumentListModel
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.gui.conftest import WindowFactory
from tests.helpers import write_jsonl

TITLE = '<b>Bold</b> <script>alert("x")</script> &amp; <img src=x onerror=1>'
TEXT = (
    f"{TITLE}\n"
    "<qt><font color=red>Qt rich text</font><br/><a href='x'>link</a></qt>\n"
    "Controls: \x01\x07\x08\x0b\x0c\x1b[31m red \x1b[0m\x7f\x85\x9f\ufffe end\n"
    "Direction: \u202eSoleimani\u202c, \u2066isolate\u2069, \u200fRLM, zero\u200bwidth\n"
    "قال قاسم سليماني <i>إن</i> بغداد آمنة"
)


def shown_as(text: str) -> str:
    """What a Qt widget shows for `text`: rich text only when Qt would take it for rich text."""
    if QtGui.Qt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


@pytest.fixture
def marked_up(store: Store, tmp_path: Path) -> Store:
    start = TEXT.index("Soleimani")
    record = {
        "text": TEXT,
        "spans": [{"start": start, "end": start + 9, "label": "PERSON", "note": "<b>note</b>"}],
        "tags": ["<i>tag</i>"],
    }
    import_paths(store, [write_jsonl(tmp_path / "m.jsonl", [record])], annotator="tester")
    return store


def test_every_widget_shows_the_text_literally(marked_up: Store, make_window: WindowFactory):
    window = make_window(marked_up)
    assert window.view.document().toRawText().replace("\u2029", "\n") == TEXT  # Qt's block ends
    assert window.heading.text() == TITLE
    assert window.heading.textFormat() == Qt.TextFormat.PlainText
    model = window.document_model
    title = model.index(0, 0)
    assert title.data() == TITLE
    assert shown_as(title.data(Qt.ItemDataRole.ToolTipRole)) == TITLE
    span = window.controller.spans[0]
    window.controller.select_span(span.id)
    assert window.inspector.text.text() == "Soleimani"
    assert window.inspector.text.textFormat() == Qt.TextFormat.PlainText
    info = window.controller.document
    assert isinstance(info, DocumentInfo)
    assert window.document_panel.title_label.text() == TITLE
    assert window.document_panel.title_label.textFormat() == Qt.TextFormat.PlainText
    tooltip = window.view.tooltip_for([span])
    assert "<b>note</b>" not in tooltip
    assert "&lt;b&gt;note&lt;/b&gt;" in tooltip


def test_the_document_list_tooltip_is_plain_text(marked_up: Store, qtbot) -> None:
    model = DocumentListModel(marked_up)
    model.reload()
    for column in range(model.columnCount()):
        index = model.index(0, column)
        display = index.data()
        shown = index.data(Qt.ItemDataRole.ToolTipRole)
        assert shown == display if not isinstance(display, str) else shown_as(shown) == display


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("out.jsonl", lambda p: json.loads(p.read_text(encoding="utf-8"))["text"]),
        ("out.json", lambda p: json.loads(p.read_text(encoding="utf-8"))[0]["data"]["text"]),
        ("brat", lambda p: (p / "000001.txt").read_bytes().decode("utf-8")),
        ("out.spacy", None),
    ],
    ids=["spacy-jsonl", "label-studio", "brat", "docbin"],
)
def test_exports_carry_the_text_unchanged(
    marked_up: Store, tmp_path: Path, name: str, read
) -> None:
    out = tmp_path / name
    format_name = "brat" if name == "brat" else None
    export_file(marked_up, out, format_name=format_name, selection=ExportFilter(documents="all"))
    if read is None:
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
        assert docs[0].text == TEXT
    else:
        assert read(out) == TEXT
    again = import_paths(marked_up, [out], format_name=format_name, annotator="tester")
    assert again.documents_added == 0  # the same text: the same document
