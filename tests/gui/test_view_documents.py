"""Each document the view shows replaces the last one it made, which is freed; the one on
screen is kept."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from tagdesk.core.records import LabelRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.annotation_view import AnnotationView

LABELS = {1: LabelRecord(1, "PERSON", "#feca74", "1")}


def test_a_shown_document_frees_the_one_shown_before(qtbot: QtBot) -> None:
    view = AnnotationView()
    qtbot.addWidget(view)
    freed: list[str] = []
    for text in ("first", "second", "third"):
        view.show_document(text, SpanIndex(), LABELS)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        shown = view.document()
        assert shown.toPlainText() == text
        assert shown.parent() is view
        shown.destroyed.connect(lambda _object=None, text=text: freed.append(text))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert freed == ["first", "second"]
    assert view.document().toPlainText() == "third"
