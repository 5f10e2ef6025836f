"""A server announces a colleague's relations and relation types as it announces their spans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tagdesk.core.relations import RelationTypeRecord
from tagdesk.store import Store, open_store, operations
from tagdesk.store.change_notices import NoticeListener
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations
from tests.postgres.test_change_notices import heard


@pytest.fixture
def pair(postgres_url: str) -> Iterator[tuple[Store, Store, NoticeListener]]:
    with open_store(postgres_url) as mine, open_store(postgres_url) as theirs:
        with theirs.write_transaction():
            theirs.execute(
                'INSERT INTO "document" (text, title, source, meta, sha256, status, created_at, '
                "updated_at) VALUES ('Soleimani met Abadi.', '', '', '{}', 'x', 'todo', now(), "
                "now())"
            )
        listening = NoticeListener(mine)
        listening.connect()
        yield mine, theirs, listening
        listening.close()


def test_a_colleagues_relations_name_their_document_and_types(
    pair: tuple[Store, Store, NoticeListener],
) -> None:
    mine, theirs, listener = pair
    head = create_span(theirs, 1, 0, 9, 1, annotator="b").id
    child = create_span(theirs, 1, 14, 19, 1, annotator="b").id
    heard(listener, seconds=1.0)  # the spans' notices, read and set aside
    met = next(t.id for t in list_relation_types(theirs) if t.name == "MET")
    history = History()
    made = operations.add_relation(theirs, history, 1, head, child, met, annotator="b")
    kind, _ = operations.save_relation_type(
        theirs, History(), RelationTypeRecord(0, "FUNDS", "#123456")
    )
    report = heard(listener)
    assert report.documents == {1}
    assert report.relation_types == {kind.id}
    assert not report.outside
    history.undo(theirs)
    assert heard(listener).documents == {1}
    assert document_relations(mine, 1) == []
    assert made.relations
    # The window's own writes come back as reports already, not as notices.
    operations.add_relation(mine, History(), 1, head, child, met, annotator="a")
    assert not heard(listener, seconds=1.0)
