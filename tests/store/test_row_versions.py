"""Row versions (schema 9), on a file and on a server: every write bumps them, and a write
made on a row as it was shown is refused once someone else changed it, nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from tagdesk.core.errors import ChangedSinceError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.records import LabelRecord
from tagdesk.store import Store, open_store
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import (
    apply_document_state,
    apply_span_states,
    create_span,
    document_spans,
    document_state,
)
from tagdesk.store.importing import import_documents
from tagdesk.store.labels import list_labels, save_label

TEXT = "Qasem Soleimani visited Tikrit and Baghdad."


@pytest.fixture
def colleague(store: Store) -> Iterator[Store]:
    """Another window's connection to the same database."""
    with open_store(store.target) as other:
        yield other


@pytest.fixture
def corpus(store: Store) -> Store:
    import_documents(store, [IncomingDocument(text=TEXT, tags=["kept"])], annotator="a", source="t")
    return store


def version_of(store: Store, table: str, row_id: int) -> int:
    return int(
        store.execute(f'SELECT version FROM "{table}" WHERE id = ?', (row_id,)).fetchone()[0]
    )


def test_every_write_bumps_the_version_even_one_that_knows_nothing_of_it(
    corpus: Store, colleague: Store
) -> None:
    span = create_span(corpus, 1, 0, 15, 1, annotator="ana")
    assert span.version == version_of(corpus, "span", span.id) == 1
    assert document_state(corpus, 1).version == version_of(corpus, "document", 1) == 1
    written = apply_span_states(
        corpus, [(span.id, replace(span, note="n"))], replacing=[(span.id, span)]
    )
    assert written.versions == {span.id: 2}
    assert version_of(corpus, "span", span.id) == 2
    # another program's plain UPDATEs, without a word about versions: the triggers bump them
    with colleague.write_transaction():
        colleague.execute("UPDATE span SET note = 'theirs' WHERE id = ?", (span.id,))
        colleague.execute("UPDATE \"document\" SET status = 'done' WHERE id = 1")
        colleague.execute("UPDATE label SET colour = '#000000' WHERE id = 1")
    assert version_of(corpus, "span", span.id) == 3
    assert version_of(corpus, "document", 1) == 2
    assert version_of(corpus, "label", 1) == 2
    (stored,) = document_spans(corpus, 1)
    assert stored.version == 3


def test_a_status_or_tags_changed_since_they_were_shown_are_not_overwritten(
    corpus: Store, colleague: Store
) -> None:
    shown = document_state(corpus, 1)
    theirs = document_state(colleague, 1)
    apply_document_state(colleague, replace(theirs, status="done"), replacing=theirs)
    with pytest.raises(ChangedSinceError, match="document 1 was changed by another window"):
        apply_document_state(corpus, replace(shown, status="in_progress"), replacing=shown)
    with pytest.raises(ChangedSinceError):  # a tag made on the old state: refused too
        apply_document_state(corpus, replace(shown, tags=("kept", "mine")), replacing=shown)
    now = document_state(corpus, 1)
    assert (now.status, now.tags) == ("done", ("kept",))  # the colleague's status stays
    theirs = document_state(colleague, 1)
    apply_document_state(colleague, replace(theirs, tags=("kept", "theirs")), replacing=theirs)
    with pytest.raises(ChangedSinceError):  # their tag came since: the status write is refused
        apply_document_state(corpus, replace(now, status="todo"), replacing=now)
    assert document_state(corpus, 1).status == "done"
    fresh = document_state(corpus, 1)  # made on what is there now, it is saved
    apply_document_state(corpus, replace(fresh, status="todo"), replacing=fresh)
    assert (document_state(corpus, 1).status, document_state(corpus, 1).tags) == (
        "todo",
        ("kept", "theirs"),
    )


def test_an_import_that_tags_a_document_makes_a_window_write_on_it_stale(corpus: Store) -> None:
    shown = document_state(corpus, 1)
    import_documents(
        corpus, [IncomingDocument(text=TEXT, tags=["kept"])], annotator="a", source="t"
    )
    assert document_state(corpus, 1) == shown  # a tag it had already: nothing changed
    import_documents(
        corpus, [IncomingDocument(text=TEXT, tags=["wire"])], annotator="a", source="t"
    )
    with pytest.raises(ChangedSinceError):
        apply_document_state(corpus, replace(shown, status="done"), replacing=shown)
    assert document_state(corpus, 1).tags == ("kept", "wire")


def test_an_edit_of_a_span_deleted_since_does_not_bring_it_back(
    corpus: Store, colleague: Store
) -> None:
    shown = create_span(corpus, 1, 0, 15, 1, annotator="ana")
    apply_span_states(colleague, [(shown.id, None)], replacing=[(shown.id, shown)])
    with pytest.raises(ChangedSinceError, match=f"span {shown.id} of document 1"):
        apply_span_states(
            corpus, [(shown.id, replace(shown, note="x"))], replacing=[(shown.id, shown)]
        )
    assert document_spans(corpus, 1) == []


def test_undo_and_redo_of_several_edits_of_one_row_follow_their_own_versions(
    corpus: Store, colleague: Store
) -> None:
    """Each write moves the versions the history holds, so this window's own edits never make
    its older undo steps look stale; a colleague's write does."""
    history = History()
    span = create_span(corpus, 1, 0, 15, 1, annotator="ana")
    current = span
    for note in ("one", "two", "three"):
        done = history.do(
            corpus,
            ChangeSet("Note", ((span.id, current),), ((span.id, replace(current, note=note)),)),
        )
        assert done is not None
        current = done[0].spans_after[0][1]
    for status in ("in_progress", "done"):
        shown = document_state(corpus, 1)
        history.do(
            corpus,
            ChangeSet(
                "Status",
                documents_before=(shown,),
                documents_after=(replace(shown, status=status),),
            ),
        )
    while history.can_undo:
        history.undo(corpus)
    assert document_spans(corpus, 1)[0].note == ""
    assert document_state(corpus, 1).status == "todo"
    while history.can_redo:
        history.redo(corpus)
    assert document_spans(corpus, 1)[0].note == "three"
    assert document_state(corpus, 1).status == "done"
    history.undo(corpus)
    history.undo(corpus)
    (theirs,) = document_spans(colleague, 1)
    apply_span_states(
        colleague, [(span.id, replace(theirs, label_id=2))], replacing=[(span.id, theirs)]
    )
    with pytest.raises(ChangedSinceError):
        history.undo(corpus)
    assert history.index == 3  # did not move; the colleague's label stays
    assert document_spans(corpus, 1)[0].label_id == 2


def test_a_label_changed_since_it_was_read_is_not_overwritten(
    corpus: Store, colleague: Store
) -> None:
    mine = list_labels(corpus)[0]
    theirs = list_labels(colleague)[0]
    saved = save_label(colleague, replace(theirs, colour="#123456"))
    assert saved.version == theirs.version + 1
    with pytest.raises(ChangedSinceError, match=f"label {mine.id} was changed"):
        save_label(corpus, replace(mine, name="PEOPLE"))
    assert (list_labels(corpus)[0].name, list_labels(corpus)[0].colour) == (mine.name, "#123456")
    renamed = save_label(corpus, replace(list_labels(corpus)[0], name="PEOPLE"))
    assert renamed.version == saved.version + 1
    assert save_label(corpus, LabelRecord(0, "WEAPON", "#112233")).version == 1
