"""The Export dialog's doccano choice to leave overlapping spans out, driven as a person would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.store import Store, open_store
from tagdesk.transfer import import_paths

OVERLAPPING = Path(__file__).parents[1] / "formats" / "fixtures" / "doccano" / "overlapping.jsonl"


@pytest.fixture
def overlapping_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "work.db") as opened:
        import_paths(opened, [OVERLAPPING], annotator="tester")
        yield opened


def choose_format(dialog: ExportDialog, name: str) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(name))


def click(button: QAbstractButton) -> None:
    """On the button's label, where a person clicks (its middle may lie past the text)."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))


def test_the_choice_shows_for_doccano_only(overlapping_store: Store, qtbot) -> None:
    dialog = ExportDialog(overlapping_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_format(dialog, "doccano")
    assert dialog.no_overlap.isVisible()
    choose_format(dialog, "conll")
    assert not dialog.no_overlap.isVisible()


def test_ticked_it_writes_no_overlapping_spans_and_lists_those_left_out(
    overlapping_store: Store, qtbot, tmp_path: Path
) -> None:
    dialog = ExportDialog(overlapping_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_format(dialog, "doccano")
    click(dialog.all_documents)
    click(dialog.no_overlap)
    assert dialog.no_overlap.isChecked()
    out = tmp_path / "out.jsonl"
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.runner.finished, timeout=60000):
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [
        [0, 18, "ORG"],
        [33, 46, "GPE"],
    ]
    shown = [dialog.left_out.item(row).toolTip() for row in range(dialog.left_out.count())]
    assert len(shown) == 3
    assert "span [4, 12) GPE 'New York' overlaps [0, 18) ORG" in shown[0]
    assert dialog.outcome.text().endswith("3 spans left out (listed above)")


def test_unticked_it_writes_every_span(overlapping_store: Store, qtbot, tmp_path: Path) -> None:
    dialog = ExportDialog(overlapping_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_format(dialog, "doccano")
    click(dialog.all_documents)
    out = tmp_path / "out.jsonl"
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.runner.finished, timeout=60000):
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(json.loads(out.read_text(encoding="utf-8"))["label"]) == 5
    assert dialog.outcome.text() == f"1 document and 5 spans written to {out}"
