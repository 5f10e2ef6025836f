"""Span edits in an analyst's name: in place as always, or on an own copy where work is shared.

In a document given to two or more annotators, and for the reviewer (gold)
anywhere, an analyst never changes a span someone else owns, nor a shared
suggestion: accepting, rejecting, relabelling, resizing, tagging, noting or
deleting it makes the analyst's own span, which records the span it came
from (`derived_from`) and so hides it from the analyst's view. Deleting such
a span there is an own rejection of the original, and deleting an own span
that came from another keeps it as a rejection, so the original stays
hidden. Elsewhere a document is edited in place, as Tagdesk always did.

Each edit is one change-set (store/change_sets.py): written in one
transaction, undone and redone exactly, refused as a whole when a span it
writes was changed by someone else since it was shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError
from tagdesk.core.records import SpanRecord
from tagdesk.core.team import GOLD
from tagdesk.store.assignments import is_shared
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.database import Store
from tagdesk.store.editing import SpanState, document_state, documents_to_do
from tagdesk.store.models import Span, utcnow

Edit = tuple[SpanRecord, SpanRecord | None]  # the span as shown, what the analyst makes of it


def edit_spans(
    store: Store,
    history: History,
    viewer: str,
    edits: Sequence[Edit],
    *,
    text: str,
    home: int | None = None,
) -> tuple[ChangeSet, ChangeReport] | None:
    """Write the analyst's edits as one undoable action of `history`; None if there are none.

    A document still to do becomes in progress with it, as with every span edit.
    """
    if not edits:
        return None

    def build() -> ChangeSet:
        before, after = own_states(store, viewer, edits)
        touched = {home} if home is not None else set()
        touched |= {record.document_id for _, record in (*before, *after) if record}
        waiting = [document_state(store, i) for i in documents_to_do(store, sorted(touched))]
        return ChangeSet(
            text,
            tuple(before),
            tuple(after),
            tuple(waiting),
            tuple(replace(state, status="in_progress") for state in waiting),
            home,
        )

    return history.do(store, build)


def own_states(
    store: Store, viewer: str, edits: Sequence[Edit]
) -> tuple[list[SpanState], list[SpanState]]:
    """The span states before and after the edits, made in `viewer`'s name.

    Called inside the action's transaction (History.do runs the build there):
    an own copy's row is added under a new id at once, and the change-set
    then writes its whole state.
    """
    before: list[SpanState] = []
    after: list[SpanState] = []
    shared: dict[int, bool] = {}
    for shown, wanted in edits:
        document_id = shown.document_id
        if document_id not in shared:
            shared[document_id] = viewer == GOLD or is_shared(store, document_id)
        if not shared[document_id] or shown.annotator == viewer:
            if wanted is None and shared[document_id] and shown.derived_from is not None:
                wanted = replace(shown, status="rejected")  # the original stays hidden
            before.append((shown.id, shown))
            after.append((shown.id, wanted))
            continue
        copy = _own_copy(store, viewer, shown, wanted or replace(shown, status="rejected"))
        before.append((copy.id, None))
        after.append((copy.id, copy))
    return before, after


def _own_copy(store: Store, viewer: str, shown: SpanRecord, wanted: SpanRecord) -> SpanRecord:
    """A new row in `viewer`'s name for what they made of someone else's span."""
    taken = store.execute(
        "SELECT id FROM span WHERE derived_from = ? AND annotator = ?", (shown.id, viewer)
    ).fetchone()
    if taken is not None:
        raise StoreError(
            f"{store.location}: cannot save (span {shown.id} of document {shown.document_id} "
            f"is yours already as span {taken[0]}, made in another window since): "
            "nothing was saved"
        )
    now = utcnow()
    (meta,) = store.execute("SELECT meta FROM span WHERE id = ?", (shown.id,)).fetchone() or ("{}",)
    span_id = Span.insert(
        document=wanted.document_id,
        start=wanted.start,
        end=wanted.end,
        label=wanted.label_id,
        status=wanted.status,
        source=wanted.source,
        note=wanted.note,
        annotator=viewer,
        span_group=wanted.group,
        derived_from=shown.id,
        meta=meta,  # a suggestion's score goes with it
        created_at=now,
        updated_at=now,
    ).execute(store.db)
    return replace(
        wanted,
        id=int(span_id),
        annotator=viewer,
        derived_from=shown.id,
        created_at=now.isoformat(sep=" "),  # as the store reads it back (editing._stamp)
        score=shown.score,
    )
