"""The arcs of the work the text shows: the analyst's own, a colleague's, or everyone's."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tagdesk.core.team import ALL, OWN
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.relation_types import list_relation_types
from tests.gui.team_helpers import NamedWindow, named_window, team_corpus
from tests.gui.test_team_view import choose_showing

__all__ = ["named_window"]


def relate(store: Store, annotator: str, kind: str) -> int:
    """A relation between `annotator`'s Soleimani and Tikrit in document 1, in their name."""
    spans = {(s.start, s.annotator): s.id for s in document_spans(store, 1)}
    type_id = next(t.id for t in list_relation_types(store) if t.name == kind)
    report = operations.add_relation(
        store,
        History(),
        1,
        spans[(0, annotator)],
        spans[(24, annotator)],
        type_id,
        annotator=annotator,
    )
    (made,) = report.relations
    return made


def drawn(window: MainWindow) -> set[int]:
    QApplication.processEvents()
    window.view.viewport().repaint()
    return {shape.relation for shape in window.view.arcs.arc_shapes()}


def test_the_arcs_follow_whose_work_is_shown(
    qtbot, store: Store, named_window: NamedWindow
) -> None:  # type: ignore[no-untyped-def]
    team_corpus(store)
    anas = relate(store, "ana", "MET")
    bens = relate(store, "ben", "MEMBER_OF")
    window = named_window(store, "ana")
    window.open_document(1)
    assert drawn(window) == {anas}
    choose_showing(qtbot, window, "ben")
    assert drawn(window) == {bens}
    choose_showing(qtbot, window, ALL)
    assert drawn(window) == {anas, bens}
    choose_showing(qtbot, window, OWN)
    assert drawn(window) == {anas}
