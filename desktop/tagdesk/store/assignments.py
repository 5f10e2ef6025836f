"""Which documents each annotator is given, and how far each of them is with each one.

An assignment is added and its status changed, never removed or moved to
someone else: an analyst's work on a document stays theirs. A document given
to two or more annotators is shared (double annotation): there nobody
changes a span someone else owns (store/own_edits.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import ChangedSinceError, TagdeskError
from tagdesk.core.team import ASSIGNMENT_STATUSES, annotator_problem
from tagdesk.core.wording import counted
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.models import utcnow


@dataclass
class AssignSummary:
    """What `assign_documents` added, and what each annotator holds now."""

    added: dict[str, int] = field(default_factory=dict)  # annotator: documents given now
    held: dict[str, int] = field(default_factory=dict)  # annotator: documents given in all
    documents: int = 0  # documents looked at
    short: int = 0  # documents that had fewer annotators than the overlap asks for before


def assign_documents(
    store: Store,
    annotators: Sequence[str],
    overlap: int,
    document_ids: Sequence[int] | None = None,
) -> AssignSummary:
    """Give each document to `overlap` annotators, in one transaction.

    Documents are taken in id order; each goes to the annotators who hold the
    fewest documents so far, ties broken by name, so the result depends only
    on what is stored. A document keeps the annotators it has and gets only
    the ones it lacks: running again adds nothing.
    """
    names = _checked_names(annotators, overlap)
    summary = AssignSummary(added=dict.fromkeys(names, 0))
    with store.write_transaction():
        wanted = _documents(store, document_ids)
        given = _assignees(store)
        load = dict.fromkeys(names, 0)
        for assignees in given.values():
            for name in assignees & load.keys():
                load[name] += 1
        now = store.dialect.timestamp(utcnow())
        rows: list[tuple[object, ...]] = []
        for document_id in wanted:
            assignees = given.get(document_id, set())
            missing = overlap - len(assignees)
            if missing <= 0:
                continue
            summary.short += 1
            free = sorted(
                (name for name in names if name not in assignees),
                key=lambda name: (load[name], name),
            )
            for name in free[:missing]:
                rows.append((document_id, name, "todo", now))
                load[name] += 1
                summary.added[name] += 1
        if rows:
            store.dialect.insert_rows(
                store,
                "assignment",
                ("document_id", "annotator", "status", "updated_at"),
                rows,
            )
    summary.documents = len(wanted)
    summary.held = load
    return summary


def _checked_names(annotators: Sequence[str], overlap: int) -> list[str]:
    names: list[str] = []
    for name in annotators:
        problem = annotator_problem(name)
        if problem is not None:
            raise TagdeskError(f"--annotators: {problem}")
        if name in names:
            raise TagdeskError(f"--annotators: {name!r} is named twice")
        names.append(name)
    if overlap < 1:
        raise TagdeskError(f"--overlap must be 1 or more, got {overlap}")
    if overlap > len(names):
        raise TagdeskError(
            f"--overlap {overlap} is more than the {counted(len(names), 'annotator')} named"
        )
    return names


def _documents(store: Store, document_ids: Sequence[int] | None) -> list[int]:
    if document_ids is None:
        return [row[0] for row in store.execute('SELECT id FROM "document" ORDER BY id')]
    wanted = sorted(set(document_ids))
    found: set[int] = set()
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        found.update(
            row[0]
            for row in store.execute(
                f'SELECT id FROM "document" WHERE id IN ({marks(len(chunk))})', chunk
            )
        )
    unknown = [document_id for document_id in wanted if document_id not in found]
    if unknown:
        shown = ", ".join(map(str, unknown[:5])) + (", ..." if len(unknown) > 5 else "")
        raise TagdeskError(f"--documents: no document {shown} in {store.location}")
    return wanted


def _assignees(store: Store) -> dict[int, set[str]]:
    given: dict[int, set[str]] = {}
    for document_id, annotator in store.execute("SELECT document_id, annotator FROM assignment"):
        given.setdefault(document_id, set()).add(annotator)
    return given


def assignments_of(store: Store, document_id: int) -> dict[str, str]:
    """The annotators a document is given to, each with their status, by name."""
    rows = store.execute(
        "SELECT annotator, status FROM assignment WHERE document_id = ? ORDER BY annotator",
        (document_id,),
    ).fetchall()
    return dict(rows)


def assignment_statuses(store: Store, document_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """For a page of the document list: each document's annotators and their statuses."""
    found: dict[int, dict[str, str]] = {}
    ids = list(document_ids)
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        for document_id, annotator, status in store.execute(
            "SELECT document_id, annotator, status FROM assignment "
            f"WHERE document_id IN ({marks(len(chunk))}) ORDER BY document_id, annotator",
            chunk,
        ):
            found.setdefault(document_id, {})[annotator] = status
    return found


def documents_of(store: Store, annotator: str, status: str | None = None) -> list[int]:
    """The documents given to `annotator` ("my documents"), by id, of one status if named."""
    sql = "SELECT document_id FROM assignment WHERE annotator = ?"
    params: list[object] = [annotator]
    if status is not None:
        sql += " AND status = ?"
        params.append(status)
    return [row[0] for row in store.execute(sql + " ORDER BY document_id", params)]


def is_shared(store: Store, document_id: int) -> bool:
    """Whether two or more annotators are given the document: then each keeps their own spans."""
    row = store.execute(
        "SELECT COUNT(*) FROM assignment WHERE document_id = ?", (document_id,)
    ).fetchone()
    return int(row[0]) >= 2


def set_assignment_status(
    store: Store, document_id: int, annotator: str, status: str
) -> ChangeReport:
    """An assigned analyst's own status of a document (the window's Done, for one of several).

    Refused for a document not given to `annotator`: the status is theirs, not
    the document's.
    """
    if status not in ASSIGNMENT_STATUSES:
        raise TagdeskError(
            f"status must be one of {', '.join(ASSIGNMENT_STATUSES)}, got {status!r}"
        )
    with store.write_transaction():
        changed = store.execute(
            "UPDATE assignment SET status = ?, updated_at = ? "
            "WHERE document_id = ? AND annotator = ?",
            (status, store.dialect.timestamp(utcnow()), document_id, annotator),
        ).rowcount
    if not changed:
        raise TagdeskError(f"document {document_id} is not given to {annotator}")
    return ChangeReport.of(documents=[document_id])


@dataclass(frozen=True)
class AssignmentState:
    """One annotator's status of one document, as an undoable action reads and writes it."""

    document_id: int
    annotator: str
    status: str


def apply_assignment_states(
    store: Store,
    states: Sequence[AssignmentState],
    *,
    replacing: Sequence[AssignmentState],
) -> set[int]:
    """Write each state over the one it replaces (paired by position); the documents written.

    The table has no row versions: each UPDATE's WHERE clause checks the
    status the action read, so a status changed since (in another window of
    the same analyst) matches nothing, and ChangedSinceError leaves it as it is.
    Run inside the caller's transaction.
    """
    stamp = store.dialect.timestamp(utcnow())
    for state, earlier in zip(states, replacing, strict=True):
        if (state.document_id, state.annotator) != (earlier.document_id, earlier.annotator):
            raise ValueError(f"{state} does not replace {earlier}")
        changed = store.execute(
            "UPDATE assignment SET status = ?, updated_at = ? "
            "WHERE document_id = ? AND annotator = ? AND status = ?",
            (state.status, stamp, state.document_id, state.annotator, earlier.status),
        ).rowcount
        if changed != 1:
            raise ChangedSinceError(
                store.location, "document", state.document_id, f" ({state.annotator}'s status)"
            )
    return {state.document_id for state in states}


def assignment_counts(store: Store) -> dict[str, dict[str, int]]:
    """Documents given to each annotator, by status: what `tagdesk assign` prints."""
    found: dict[str, dict[str, int]] = {}
    for annotator, status, count in store.execute(
        "SELECT annotator, status, COUNT(*) FROM assignment GROUP BY annotator, status"
    ):
        found.setdefault(annotator, dict.fromkeys(ASSIGNMENT_STATUSES, 0))[status] = int(count)
    return dict(sorted(found.items()))
