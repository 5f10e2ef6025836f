"""Whose work the window shows, and edits in a shared document: the analyst's own rows.

ana's window shows her spans and the shared suggestion by default; ben's or
everyone's on request, with names on hover and in the inspector, and then
nothing is edited. Accepting the suggestion makes ana's own span (the
suggestion stays as it was for ben), undone exactly by Ctrl+Z; Done sets her
assignment's status, not ben's nor the document's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tagdesk.core.team import ALL, OWN
from tagdesk.store import Store
from tagdesk.store.assignments import assignments_of
from tagdesk.store.document_list import document_info
from tagdesk.store.editing import document_spans
from tests.gui.team_helpers import GPE, ORG, NamedWindow, named_window, team_corpus

__all__ = ["named_window"]


def shown(window) -> list[tuple[int, int, int, str]]:
    return sorted((s.start, s.end, s.label_id, s.annotator) for s in window.controller.spans)


def choose_showing(qtbot, window, data: str) -> None:
    """Up or down the "Showing:" combo with the keyboard until it shows `data`."""
    box = window.team.choice.box
    box.setFocus()
    key = Qt.Key.Key_Down if box.findData(data) > box.currentIndex() else Qt.Key.Key_Up
    for _ in range(box.count()):
        if box.currentData() == data:
            return
        qtbot.keyClick(box, key)
    assert box.currentData() == data


def tooltip_at(window, offset: int) -> str:
    view = window.view
    x, y = view.qt_rect_of(offset)
    point = QPoint(x + 2, y)
    QApplication.sendEvent(
        view.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)),
    )
    return QToolTip.text()


def test_own_work_by_default_then_a_colleague_or_everyone_read_only(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    assert window.team.choice.box.currentText() == "mine"
    assert shown(window) == [
        (0, 15, 1, "ana"), (24, 30, GPE, "ana"), (36, 49, 1, "ana"), (53, 59, 12, ""),
    ]  # fmt: skip
    choose_showing(qtbot, window, "ben")
    assert window.controller.showing == "ben"
    assert shown(window) == [
        (0, 15, 1, "ben"), (24, 30, ORG, "ben"), (36, 40, 1, "ben"), (53, 59, 12, ""),
    ]  # fmt: skip
    assert "by ben" in tooltip_at(window, 26)
    before = [(s.id, s.status, s.label_id) for s in document_spans(store, 1)]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.inspector.annotator.text() == "ben"
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # read only: nothing is written
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert [(s.id, s.status, s.label_id) for s in document_spans(store, 1)] == before
    assert "Showing mine" in window.statusBar().currentMessage()
    choose_showing(qtbot, window, ALL)
    assert len(window.controller.spans) == 7
    both = tooltip_at(window, 26)
    assert "by ana" in both
    assert "by ben" in both
    choose_showing(qtbot, window, OWN)
    assert [s.annotator for s in window.controller.spans] == ["ana", "ana", "ana", ""]


def test_accepting_a_shared_suggestion_makes_an_own_span_and_undo_removes_it(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    suggestion = next(s for s in document_spans(store, 1) if s.status == "suggested")
    window.controller.select_span(suggestion.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    rows = [(s.annotator, s.status, s.derived_from) for s in document_spans(store, 1)
            if s.start == 53]  # fmt: skip
    assert rows == [("", "suggested", None), ("ana", "accepted", suggestion.id)]
    copy = next(s for s in document_spans(store, 1) if s.derived_from == suggestion.id)
    at_monday = [s for s in window.controller.spans if s.start == 53]
    assert [(s.id, s.status) for s in at_monday] == [(copy.id, "accepted")]  # shown once: hers
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in document_spans(store, 1) if s.start == 53] == [suggestion.id]
    assert [(s.id, s.status) for s in window.controller.spans if s.start == 53] == [
        (suggestion.id, "suggested")
    ]
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [s.annotator for s in document_spans(store, 1) if s.start == 53] == ["", "ana"]


def test_relabelling_a_colleagues_span_in_everyones_view_is_refused_and_own_is_in_place(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    own = next(s for s in window.controller.spans if s.start == 24)
    window.controller.select_span(own.id)
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # LOC: her own span, changed in place
    assert [(s.id, s.label_id) for s in document_spans(store, 1)
            if s.annotator == "ana" and s.start == 24] == [(own.id, 4)]  # fmt: skip
    assert [
        s.label_id for s in document_spans(store, 1) if s.annotator == "ben" and s.start == 24
    ] == [ORG]


def test_done_sets_my_status_only_and_opens_my_next_document(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert assignments_of(store, 1) == {"ana": "done", "ben": "todo"}
    info = document_info(store, 1)
    assert info is not None
    assert info.status == "todo"
    assert window.controller.document is not None
    assert window.controller.document.id == 2
    window.open_document(1)
    assert window.document_panel.status.currentData() == "done"
    assert window.document_list.model.data(window.document_list.model.index(0, 1)) == "Done"
    assert window.progress_label.text() == "1 of 2 documents of mine done"


def test_done_on_my_document_is_undone_by_ctrl_z_and_redone(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Return, control)  # Done, and on to the next
    assert assignments_of(store, 1) == {"ana": "done", "ben": "todo"}
    assert window.controller.document is not None
    assert window.controller.document.id == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Z, control)  # back to the document, as To do
    assert assignments_of(store, 1) == {"ana": "todo", "ben": "todo"}
    qtbot.waitUntil(
        lambda: window.controller.document is not None and window.controller.document.id == 1
    )
    assert window.document_panel.status.currentData() == "todo"
    assert window.progress_label.text() == "0 of 2 documents of mine done"
    assert window.document_list.model.data(window.document_list.model.index(0, 1)) == "To do"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, control | Qt.KeyboardModifier.ShiftModifier)
    assert assignments_of(store, 1) == {"ana": "done", "ben": "todo"}
    assert window.document_panel.status.currentData() == "done"
    info = document_info(store, 1)
    assert info is not None
    assert info.status == "todo"


def test_the_lists_spans_and_open_count_the_work_the_text_shows(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    window.open_document(1)
    model = window.document_list.model

    def counts() -> list[tuple[int, int]]:
        return [
            (model.data(model.index(row, 2)), model.data(model.index(row, 3))) for row in (0, 1)
        ]

    assert counts() == [(3, 1), (1, 0)]  # ana's own spans and the shared suggestion
    choose_showing(qtbot, window, "ben")
    assert counts() == [(3, 1), (0, 0)]
    choose_showing(qtbot, window, ALL)
    assert counts() == [(6, 1), (1, 0)]
    choose_showing(qtbot, window, OWN)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # to the shared suggestion, and accept it
    while window.controller.selected is not None and window.controller.selected.start != 53:
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert counts() == [(4, 0), (1, 0)]
    window.team.review_action.trigger()  # gold: nothing reviewed yet, the suggestion open
    assert counts() == [(0, 1), (0, 0)]
    window.team.review_action.trigger()
    assert counts() == [(4, 0), (1, 0)]
