"""Whose spans of a document the window shows: the analyst's own, a colleague's, or everyone's.

In a document given to at most one annotator everybody sees every span, as
Tagdesk always did. In a shared one (two or more annotators) and for the
reviewer (gold), a view is its owner's own spans and the shared suggestions
none of them hides (core/team.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from tagdesk.core.records import SpanRecord
from tagdesk.core.relations import RelationRecord
from tagdesk.core.team import ALL, GOLD, OWN, in_view
from tagdesk.store.assignments import is_shared
from tagdesk.store.database import Store
from tagdesk.store.dialect import count_if, marks
from tagdesk.store.editing import document_spans
from tagdesk.store.relations import document_relations


def spans_for_view(
    store: Store, document_id: int, viewer: str, view: str = OWN
) -> list[SpanRecord]:
    """The spans `viewer` sees with `view`: OWN (their own), ALL (everyone's, each named by
    its `annotator`) or a colleague's name (what that colleague sees as their own)."""
    spans = document_spans(store, document_id)
    if view == ALL:
        return spans
    whose = viewer if view == OWN else view
    if whose != GOLD and view == OWN and not is_shared(store, document_id):
        return spans
    return in_view(spans, whose, _owner)


def relations_for_view(
    store: Store, document_id: int, viewer: str, view: str = OWN
) -> list[RelationRecord]:
    """The relations `viewer` sees with `view`, as spans_for_view: in a view of one owner
    (gold included), that owner's relations and nobody's, between spans of the view."""
    relations = document_relations(store, document_id)
    if view == ALL or not relations:
        return relations
    whose = viewer if view == OWN else view
    if whose != GOLD and view == OWN and not is_shared(store, document_id):
        return relations
    shown = {span.id for span in spans_for_view(store, document_id, viewer, view)}
    return [
        relation
        for relation in relations
        if relation.annotator in (whose, "") and relation.head in shown and relation.child in shown
    ]


def counts_in_view(
    store: Store, document_ids: Sequence[int], viewer: str, view: str = OWN
) -> dict[int, tuple[int, int]]:
    """Accepted and open spans in `view` (as spans_for_view), for a page of the list.

    Only the documents whose view is not every span are counted here, in one
    query a page: with OWN the shared ones, for gold or a colleague each one.
    The others' counts are the store's (document_counts), and so are every
    document's with ALL.
    """
    whose = viewer if view == OWN else view
    if view == ALL or not document_ids:
        return {}
    wanted = list(document_ids)
    if view == OWN and whose != GOLD:
        wanted = _shared(store, wanted)
    counts = dict.fromkeys(wanted, (0, 0))
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        for document_id, accepted, suggested in store.execute(
            f"SELECT s.document_id, {_ACCEPTED}, {_SUGGESTED} FROM span s "
            f"WHERE s.document_id IN ({marks(len(chunk))}) AND {_SEEN} GROUP BY s.document_id",
            [*chunk, whose, whose],
        ):
            counts[document_id] = (int(accepted), int(suggested))
    return counts


# The spans `?` sees (core.team.in_view): their own, and the shared ones none of theirs hides.
_SEEN = (
    "(s.annotator = ? OR (s.annotator = '' AND NOT EXISTS (SELECT 1 FROM span o "
    "WHERE o.document_id = s.document_id AND o.derived_from = s.id AND o.annotator = ?)))"
)
_ACCEPTED = count_if("s.status = 'accepted'")
_SUGGESTED = count_if("s.status = 'suggested'")


def _shared(store: Store, document_ids: list[int]) -> list[int]:
    shared: list[int] = []
    for first in range(0, len(document_ids), 500):
        chunk = document_ids[first : first + 500]
        shared += [
            row[0]
            for row in store.execute(
                "SELECT document_id FROM assignment "
                f"WHERE document_id IN ({marks(len(chunk))}) "
                "GROUP BY document_id HAVING COUNT(*) >= 2",
                chunk,
            )
        ]
    return shared


def _owner(span: SpanRecord) -> tuple[int, str, int | None]:
    return span.id, span.annotator, span.derived_from


def annotators_of(store: Store, document_id: int) -> list[str]:
    """Who has spans of their own in a document, by name: the colleagues a view can show."""
    rows = store.execute(
        "SELECT DISTINCT annotator FROM span WHERE document_id = ? AND annotator <> '' "
        "ORDER BY annotator",
        (document_id,),
    ).fetchall()
    return [row[0] for row in rows]


def has_gold(store: Store) -> bool:
    """Whether a reviewer has made a gold version of any document: then exports write it."""
    row = store.execute("SELECT 1 FROM span WHERE annotator = ? LIMIT 1", (GOLD,)).fetchone()
    return row is not None


def known_annotators(store: Store) -> list[str]:
    """Everyone named by a span or an assignment, gold included where it exists."""
    rows = store.execute(
        "SELECT annotator FROM span WHERE annotator <> '' "
        "UNION SELECT annotator FROM assignment ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]
