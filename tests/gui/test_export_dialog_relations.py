"""The Export dialog's relations choice, driven as a person would: what the summary says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import IncomingRelation
from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.store import Store, open_store
from tagdesk.store.importing import import_documents

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi in Baghdad."


@pytest.fixture
def related(tmp_path: Path) -> Iterator[Store]:
    spans = [
        IncomingSpan(0, 15, "PERSON"),
        IncomingSpan(29, 39, "ORG"),
        IncomingSpan(48, 63, "PERSON"),
        IncomingSpan(67, 74, "GPE", status="suggested"),
    ]
    relations = [
        IncomingRelation(0, 1, "COMMANDS"),
        IncomingRelation(2, 3, "LOCATED_IN"),  # Baghdad is a suggestion
        IncomingRelation(0, 2, "MET", directed=False, status="suggested"),
    ]
    with open_store(tmp_path / "work.db") as opened:
        document = IncomingDocument(text=TEXT, spans=spans, relations=relations)
        import_documents(opened, [document], annotator="", source="s")
        yield opened


def click(button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))


def export(dialog: ExportDialog, qtbot, out: Path) -> str:
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.runner.finished, timeout=60000):
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog.outcome.text()


def test_accepted_relations_by_default_and_suggested_ones_when_ticked(
    related: Store, qtbot, tmp_path: Path
) -> None:
    dialog = ExportDialog(related)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("spacy-jsonl"))
    click(dialog.all_documents)
    assert not dialog.suggested_relations.isChecked()
    first = tmp_path / "a.jsonl"
    assert export(dialog, qtbot, first) == (
        f"1 document, 3 spans and 1 relation written to {first}; "
        "1 relation left out (a span of theirs is not exported)"
    )
    click(dialog.suggested_relations)
    click(dialog.with_suggestions)
    assert dialog.selection().relation_statuses() == ("accepted", "suggested")
    second = tmp_path / "b.jsonl"
    assert export(dialog, qtbot, second) == (
        f"1 document, 4 spans and 3 relations written to {second}"
    )
