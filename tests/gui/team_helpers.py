"""A small team corpus and windows of named analysts on it, for the team window tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.gui.main_window import MainWindow
from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.editing import create_span
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions
from tagdesk.store.tokens import document_tokens

FIRST = "Qasem Soleimani visited Tikrit with Hadi al-Amiri on Monday."
SECOND = "Ana Lopez flew from Basra to Mosul."
PERSON, ORG, GPE = 1, 2, 3  # the default scheme's label ids

NamedWindow = Callable[[Store, str], MainWindow]


def team_corpus(store: Store) -> None:
    """Two texts given to ana and ben: they agree on Soleimani and disagree on Tikrit and Hadi;
    a model suggested Monday, which both left open; Basra is ana's alone."""
    import_documents(
        store,
        [IncomingDocument(text=FIRST), IncomingDocument(text=SECOND)],
        annotator="",
        source="t",
    )
    add_suggestions(store, [FoundEntities(1, ((53, 59, "DATE"),))], "m@1")
    for name, spans in (
        ("ana", [(0, 15, PERSON), (24, 30, GPE), (36, 49, PERSON)]),
        ("ben", [(0, 15, PERSON), (24, 30, ORG), (36, 40, PERSON)]),
    ):
        for start, end, label_id in spans:
            create_span(store, 1, start, end, label_id, annotator=name)
    create_span(store, 2, 20, 25, GPE, annotator="ana")
    assign_documents(store, ["ana", "ben"], 2)


@pytest.fixture
def named_window(qtbot, tmp_path: Path) -> Iterator[NamedWindow]:
    """A window of the analyst named, on a store; each has settings of its own."""
    made: list[MainWindow] = []

    def make(store: Store, annotator: str) -> MainWindow:
        window = MainWindow(
            store,
            settings_path=tmp_path / f"{annotator}-{len(made)}.ini",
            annotator=annotator,
            tokenizer=lambda document_id, _text: document_tokens(
                store, document_id, spacy_tokenizer()
            ),
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.view.setFocus()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
