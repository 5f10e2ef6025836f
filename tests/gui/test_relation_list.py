"""The relations lists on their own: the item model under Qt's model tester, and the keys
and fields of the chosen relation, driven as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest

from tagdesk.core.records import SpanRecord
from tagdesk.core.relation_rows import relation_rows
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.gui.relation_list import RelationList
from tagdesk.gui.relation_model import RELATION_ID_ROLE, RelationListModel

TEXT = "Soleimani commands the Quds Force and met al-Abadi in Baghdad."
LABELS = {1: "PERSON", 2: "ORG", 3: "GPE"}
TYPES = [
    RelationTypeRecord(10, "COMMANDS", "#c0392b", "c", True, ("PERSON",), ("ORG",)),
    RelationTypeRecord(11, "MET", "#1e8449", "t", False),
    RelationTypeRecord(12, "MEMBER_OF", "#2471a3", "m", True),
]


def span(span_id: int, word: str, label: int) -> SpanRecord:
    start = TEXT.index(word)
    return SpanRecord(span_id, 1, start, start + len(word), label, "accepted")


SPANS = {
    s.id: s for s in (span(1, "Soleimani", 1), span(2, "Quds Force", 2), span(3, "al-Abadi", 1))
}
RELATIONS = [
    RelationRecord(5, 1, 10, 1, 2, status="suggested", source="dep", annotator="model"),
    RelationRecord(6, 1, 11, 1, 3, note="in Baghdad"),
]


def rows(of_span: int | None = None):
    return relation_rows(RELATIONS, SPANS, TEXT, {t.id: t for t in TYPES}, LABELS, of_span=of_span)


def test_the_model_passes_the_model_tester_and_shows_both_readings(qtbot) -> None:
    for of_span in (False, True):
        model = RelationListModel(of_span=of_span)
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        model.set_rows(rows(1 if of_span else None))
        model.set_rows([])
        model.set_rows(rows(3 if of_span else None))
    model = RelationListModel(of_span=False)
    model.set_rows(rows())
    cells = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert cells == [
        ["COMMANDS", "Soleimani → Quds Force", "?"],
        ["MET", "Soleimani — al-Abadi", "✓"],
    ]
    assert model.index(1, 0).data(RELATION_ID_ROLE) == 6
    assert "in Baghdad" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    of_abadi = RelationListModel(of_span=True)
    of_abadi.set_rows(rows(3))
    assert [of_abadi.index(0, c).data() for c in range(3)] == ["MET", "— Soleimani", "✓"]
    assert of_abadi.headerData(1, Qt.Orientation.Horizontal) == "Other span"


def test_keys_and_fields_of_the_chosen_relation(qtbot) -> None:
    shown = RelationList(of_span=False)
    qtbot.addWidget(shown)
    shown.set_types(TYPES)
    shown.set_rows(rows())
    shown.show()
    asked: list[tuple] = []
    shown.relation_chosen.connect(lambda i: asked.append(("chosen", i)))
    shown.delete_requested.connect(lambda i: asked.append(("delete", i)))
    shown.status_requested.connect(lambda i, s: asked.append(("status", i, s)))
    shown.type_requested.connect(lambda i, t: asked.append(("type", i, t)))
    shown.note_requested.connect(lambda i, n: asked.append(("note", i, n)))
    table = shown.table
    assert not shown.editor.isEnabled()  # nothing chosen: nothing to edit
    table.setFocus()
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(shown.model.index(0, 1)).center(),
    )
    assert asked == [("chosen", 5)]
    assert shown.editor.isEnabled()
    assert shown.type_box.currentText().startswith("COMMANDS")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Backspace, Qt.Key.Key_M, Qt.Key.Key_C):
        QTest.keyClick(table, key)
    QTest.keyClick(table, Qt.Key.Key_Down)
    QTest.keyClick(table, Qt.Key.Key_Delete)
    QTest.keyClick(table, Qt.Key.Key_X)  # no type's key: the list's own search, nothing asked
    assert asked[1:] == [
        ("status", 5, "accepted"),
        ("status", 5, "rejected"),
        ("type", 5, 12),  # M: MEMBER_OF; C is its type already, nothing asked
        ("chosen", 6),
        ("delete", 6),
    ]
    asked.clear()
    shown.note.setFocus()
    shown.note.selectAll()
    QTest.keyClicks(shown.note, "met twice")
    QTest.keyClick(shown.note, Qt.Key.Key_Return)
    shown.type_box.setFocus()
    QTest.keyClick(shown.type_box, Qt.Key.Key_Up)  # a combo box changes on the arrow keys
    assert asked == [("note", 6, "met twice"), ("type", 6, 10)]


def test_the_chosen_relation_stays_chosen_when_the_rows_come_again(qtbot) -> None:
    shown = RelationList(of_span=True)
    qtbot.addWidget(shown)
    shown.set_types(TYPES)
    shown.set_rows(rows(1))
    shown.choose(6)
    assert shown.chosen_id() == 6
    shown.set_rows(list(reversed(rows(1))))
    assert shown.chosen_id() == 6
    assert shown.cell(0, 0) == "MET"
    shown.set_rows(rows(2))  # the relation is not the span's: nothing chosen
    assert shown.chosen_id() is None
    assert not shown.editor.isEnabled()
    shown.choose(None)
    assert shown.chosen_id() is None
