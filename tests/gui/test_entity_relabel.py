"""A linked span relabelled in the window leaves its entity; undo links it again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span
from tagdesk.store.entity_actions import EntityDraft
from tests.gui.conftest import WindowFactory, click_at, stored_spans

KEY = Qt.Key


def test_relabelling_a_linked_span_unlinks_it_and_undo_links_it_again(
    seeded: Store, make_window: WindowFactory
) -> None:
    text = seeded.execute('SELECT text FROM "document" WHERE id = 1').fetchone()[0]
    start = text.index("Tikrit")
    gpe = seeded.execute("SELECT id FROM label WHERE name = 'GPE'").fetchone()[0]
    span = create_span(seeded, 1, start, start + 6, gpe, annotator="tester")
    tikrit, _ = operations.create_entity(seeded, History(), EntityDraft("Tikrit", gpe))
    operations.link_spans(seeded, History(), [span.id], tikrit.id)

    def link() -> object:
        return seeded.execute("SELECT entity_id FROM span WHERE id = ?", (span.id,)).fetchone()[0]

    window = make_window(seeded)
    click_at(window.view, start + 2)
    assert window.controller.selected is not None
    QTest.keyClick(window.view, KEY.Key_4)  # relabel as LOC
    assert stored_spans(seeded) == [("LOC", "Tikrit", "accepted")]
    assert link() is None  # a LOC span mentions no GPE entity
    assert "cannot save" not in window.statusBar().currentMessage()
    QTest.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(seeded) == [("GPE", "Tikrit", "accepted")]
    assert link() == tikrit.id
