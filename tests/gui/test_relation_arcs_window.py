"""The window draws the open document's relations from the database, and follows every change."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication, QMessageBox

from tagdesk.core.changes import ChangeReport
from tagdesk.core.records import SpanRecord
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span
from tagdesk.store.labels import list_labels
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations
from tests.gui.conftest import WindowFactory, answer_box, click_at


def spans_in(window: MainWindow, *words: str) -> list[SpanRecord]:
    """Spans made in the open document on these words' first occurrences, then shown."""
    store, document = window.store, window.controller.document
    assert document is not None
    labels = {label.name: label.id for label in list_labels(store)}
    made = []
    for words_and_label in words:
        word, label = words_and_label.split("/")
        start = document.text.index(word)
        made.append(
            create_span(store, document.id, start, start + len(word), labels[label], annotator="t")
        )
    window.open_document(document.id)
    QApplication.processEvents()
    return made


def type_id(store: Store, name: str) -> int:
    return next(kind.id for kind in list_relation_types(store) if kind.name == name)


def drawn(window: MainWindow) -> set[int]:
    QApplication.processEvents()
    window.view.viewport().repaint()
    return {shape.relation for shape in window.view.arcs.arc_shapes()}


def add(window: MainWindow, head: SpanRecord, child: SpanRecord, kind: str) -> int:
    store = window.store
    assert window.controller.record(
        lambda history: operations.add_relation(
            store,
            history,
            head.document_id,
            head.id,
            child.id,
            type_id(store, kind),
            annotator="tester",
        )
    )
    return max(r.id for r in document_relations(store, head.document_id))


def test_a_relation_written_is_drawn_undone_gone_redone_back(
    seeded: Store, make_window: WindowFactory
) -> None:
    window = make_window(seeded)
    soleimani, quds = spans_in(window, "Qasem Soleimani/PERSON", "Quds Force/ORG")
    assert drawn(window) == set()
    made = add(window, soleimani, quds, "COMMANDS")
    assert drawn(window) == {made}
    assert window.view.arcs.relation(made).annotator == "tester"  # type: ignore[union-attr]
    shape = window.view.arcs.arc_shapes()[0]
    tip = window.view.arcs.tooltip_at(shape.parts[0].label_rect.center())  # type: ignore[union-attr]
    assert tip is not None
    assert "COMMANDS" in tip
    assert "“Qasem Soleimani” → “Quds Force”" in tip
    window.controller.undo()
    assert drawn(window) == set()
    window.controller.redo()
    assert drawn(window) == {made}


def test_relations_come_back_with_their_document_and_follow_their_type(
    seeded: Store, make_window: WindowFactory
) -> None:
    window = make_window(seeded)
    first = window.controller.document
    assert first is not None
    soleimani, quds = spans_in(window, "Qasem Soleimani/PERSON", "Quds Force/ORG")
    made = add(window, soleimani, quds, "COMMANDS")
    other = next(i for i in window.document_model.ids if i != first.id)
    window.open_document(other)
    assert drawn(window) == set()
    window.open_document(first.id)
    assert drawn(window) == {made}
    kind = next(k for k in list_relation_types(seeded) if k.name == "COMMANDS")
    _, report = operations.save_relation_type(seeded, History(), replace(kind, colour="#123456"))
    window.controller.report(report)
    assert window.view.arcs.relation_type(kind.id).colour == "#123456"  # type: ignore[union-attr]


def test_deleting_a_related_span_takes_its_arc_and_undo_brings_it_back(
    qtbot, seeded: Store, make_window: WindowFactory
) -> None:
    window = make_window(seeded)
    soleimani, quds = spans_in(window, "Qasem Soleimani/PERSON", "Quds Force/ORG")
    made = add(window, soleimani, quds, "COMMANDS")
    click_at(window.view, quds.start + 2)
    assert window.controller.selected is not None
    assert window.controller.selected.id == quds.id
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Yes, seen)  # the window asks first
    window.controller.delete_selected()
    assert seen == ["Delete “Quds Force” and its 1 relation? "
                    "The relation goes with the span; Ctrl+Z brings both back."]  # fmt: skip
    assert document_relations(seeded, quds.document_id) == []
    assert drawn(window) == set()
    window.controller.undo()
    assert [r.id for r in document_relations(seeded, quds.document_id)] == [made]
    assert drawn(window) == {made}


def test_rejected_relations_are_drawn_only_with_show_rejected(
    seeded: Store, make_window: WindowFactory
) -> None:
    window = make_window(seeded)
    soleimani, quds = spans_in(window, "Qasem Soleimani/PERSON", "Quds Force/ORG")
    made = add(window, soleimani, quds, "COMMANDS")
    (stored,) = document_relations(seeded, soleimani.document_id)
    assert window.controller.record(
        lambda history: operations.edit_relation(
            seeded, history, stored, replace(stored, status="rejected")
        )
    )
    assert drawn(window) == set()
    window.action_set.show_rejected.setChecked(True)
    assert drawn(window) == {made}
    window.action_set.show_rejected.setChecked(False)
    assert drawn(window) == set()


def test_a_relation_another_program_adds_appears_without_reopening(
    seeded: Store, make_window: WindowFactory
) -> None:
    window = make_window(seeded)
    soleimani, quds = spans_in(window, "Qasem Soleimani/PERSON", "Quds Force/ORG")
    assert drawn(window) == set()
    report = operations.add_relation(
        seeded,
        History(),
        soleimani.document_id,
        soleimani.id,
        quds.id,
        type_id(seeded, "COMMANDS"),
        annotator="colleague",
    )
    window.controller.report(ChangeReport(outside=True))
    assert drawn(window) == set(report.relations)
    assert window.view.arcs.relation(min(report.relations)).annotator == "colleague"  # type: ignore[union-attr]


def relation_reads(window: MainWindow, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The queries of the relation table the window makes from now on."""
    seen: list[str] = []
    store = window.store
    execute = store.execute

    def watched(sql: str, params=()):  # type: ignore[no-untyped-def]
        if 'FROM "relation"' in sql and sql.lstrip().upper().startswith("SELECT"):
            seen.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(store, "execute", watched)
    return seen


def test_one_read_of_a_documents_relations_feeds_its_arcs_and_its_lists(
    qtbot, seeded: Store, make_window: WindowFactory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(seeded)
    first = window.controller.document
    assert first is not None
    soleimani, quds, abadi = spans_in(
        window, "Qasem Soleimani/PERSON", "Quds Force/ORG", "Tikrit/GPE"
    )
    made = [add(window, soleimani, quds, "COMMANDS"), add(window, soleimani, abadi, "MET")]
    other = next(i for i in window.document_model.ids if i != first.id)
    window.open_document(other)
    QApplication.processEvents()
    reads = relation_reads(window, monkeypatch)
    window.open_document(first.id)
    assert reads == []  # read in the turn after the first paint, not before it
    panes = window.relation_panes
    assert panes.tabs.tabText(1) == "Relations"
    window.view.viewport().repaint()
    QApplication.processEvents()
    assert len(reads) == 1, reads
    assert panes.tabs.tabText(1) == "Relations (2)"
    # the Relations tab is not on screen: its list is made once it is shown (or read)
    assert panes.tabs.currentIndex() == 0
    assert drawn(window) == set(made)
    assert panes.document_list.waiting
    panes.tabs.setCurrentIndex(1)
    assert not panes.document_list.waiting
    assert sorted(panes.document_list.relation_at(row) for row in range(2)) == made  # type: ignore[type-var]
    panes.tabs.setCurrentIndex(0)
    assert [r.id for r in panes.relations.relations] == made
    assert len(reads) == 1
    # a span written away from the related ones reads no relation; deleting one that has
    # some reads them again, and the arcs and the list lose its relation together
    document = window.controller.document
    assert document is not None
    start = document.text.index("Baghdad")
    window.controller.label_selection(window.controller.labels[0].id, (start, start + 7), True)
    assert len(reads) == 1
    click_at(window.view, quds.start + 2)
    asked: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Yes, asked)  # the window asks first
    window.controller.delete_selected()
    assert asked
    assert len(reads) >= 2
    assert drawn(window) == {made[1]}
    assert panes.document_list.row_count() == 1
    assert panes.tabs.tabText(1) == "Relations (1)"


def test_relations_asked_for_before_they_are_read_are_read_then_and_drawn(
    seeded: Store, make_window: WindowFactory
) -> None:
    """A document opens with its relations read after the first paint; a span clicked (or a
    relation key) before then reads them at once: never another document's, never none."""
    window = make_window(seeded)
    first = window.controller.document
    assert first is not None
    soleimani, quds, abadi = spans_in(
        window, "Qasem Soleimani/PERSON", "Quds Force/ORG", "Tikrit/GPE"
    )
    made = [add(window, soleimani, quds, "COMMANDS"), add(window, soleimani, abadi, "MET")]
    other = next(i for i in window.document_model.ids if i != first.id)
    window.open_document(other)
    assert window.relation_panes.tabs.tabText(1) == "Relations"  # not the first one's two
    QApplication.processEvents()
    window.open_document(first.id)
    click_at(window.view, soleimani.start + 2)  # no turn of the event loop in between
    panes = window.relation_panes
    assert window.controller.selected is not None
    assert window.controller.selected.id == soleimani.id
    assert sorted(panes.span_list.relation_at(row) for row in range(2)) == made  # type: ignore[type-var]
    assert panes.tabs.tabText(1) == "Relations (2)"
    assert [r.id for r in panes.relations.relations] == made
    assert drawn(window) == set(made)
