"""An open suggestion already on some characters (from an imported file, say) is not doubled.

A second label on the same characters would leave the analyst two open
suggestions for one piece of text; a rejected span does not block one,
since rejecting says what the text is not.
"""

from __future__ import annotations

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions

TEXT = "Qasem Soleimani led the fight in Tikrit, north of Baghdad."
SOURCE = "en_core_web_sm@3.8.0"


def spans(store: Store) -> list[tuple[int, int, str, str, str]]:
    return store.execute(
        'SELECT s."start", s."end", l.name, s.status, s.source FROM span s '
        'JOIN label l ON l.id = s.label_id ORDER BY s."start", s."end", l.name, s.status'
    ).fetchall()


def test_an_imported_suggestion_is_not_given_a_rival_on_the_same_characters(
    store: Store,
) -> None:
    import_documents(
        store,
        [
            IncomingDocument(
                text=TEXT,
                spans=[
                    IncomingSpan(33, 39, "LOC", status="suggested", source="their-model"),
                    IncomingSpan(50, 57, "LOC", status="rejected", source="their-model"),
                ],
            )
        ],
        annotator="tester",
        source="test",
    )
    doc = int(store.execute("SELECT MAX(id) FROM document").fetchone()[0])
    found = [FoundEntities(doc, ((0, 15, "PERSON"), (33, 39, "GPE"), (50, 57, "GPE")))]
    assert add_suggestions(store, found, SOURCE) == 2
    assert spans(store) == [
        (0, 15, "PERSON", "suggested", SOURCE),
        (33, 39, "LOC", "suggested", "their-model"),
        (50, 57, "GPE", "suggested", SOURCE),
        (50, 57, "LOC", "rejected", "their-model"),
    ]
