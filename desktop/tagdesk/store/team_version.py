"""The spans `tagdesk train`, `preannotate --phrases` and `stats` read, in the view they are given.

TEAM is the team's version of each document (core.team.team_version): gold
where there is gold, what the analysts agree on where a document was given
to two or more, every span elsewhere. GOLD is the reviewed version of the
documents that have one, and nothing else. An analyst's name is their own
view of every document, as `tagdesk export --annotator` writes it.

A document's status in a view: an analyst's own where it is given to them
(else the document's); for TEAM and GOLD the document's, or done once every
analyst it is given to marked it done.

A database whose documents are given to nobody and that has no gold is read
as before, with the store's plain queries; only the documents a view changes
are read span by span.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.team import GOLD, in_view, team_version
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.views import has_gold, known_annotators

TEAM = None  # the default view: the team's version of each document
View = str | None  # TEAM, GOLD, or an analyst's name
Read = tuple[int, int, int, str, str]  # span id, start, end, label name, status
_Row = tuple[Read, str, int | None]  # a span as read, its annotator, the span it came from


@dataclass
class Version:
    """A document's spans in a view; `disputed`, what only some of its analysts marked."""

    spans: list[Read] = field(default_factory=list)
    disputed: list[Read] = field(default_factory=list)


def check_view(store: Store, view: View) -> None:
    """Refuse a view that names nobody known, or gold before there is any."""
    if view == GOLD and not has_gold(store):
        raise TagdeskError("--gold: no document has a reviewed version (gold) yet")
    if view not in (None, GOLD) and view not in known_annotators(store):
        known = [name for name in known_annotators(store) if name != GOLD]
        raise TagdeskError(
            f"--annotator: nobody named {view} (known: {', '.join(known) or 'none'})"
        )


def view_name(view: View) -> str:
    """The view in words, for messages."""
    if view is None:
        return "the team's version"
    return "the reviewed version (gold)" if view == GOLD else f"{view}'s own work"


def versions(
    store: Store,
    view: View = TEAM,
    statuses: Collection[str] = SPAN_STATUSES,
    documents: Collection[int] | None = None,
) -> dict[int, Version]:
    """Every document's spans in `view` of `statuses` (or those of `documents`), by document
    id, in span order. Documents without any are left out.
    """
    check_view(store, view)
    wanted = set(statuses)
    chosen = None if documents is None else set(documents)
    found: dict[int, Version] = {}
    gold = _gold_documents(store) if view in (None, GOLD) else set()
    shared = _shared(store) if view is None else {}
    if view is None:
        special = gold | set(shared)
        if chosen is None:
            plain = _rows(store, wanted, special)
        else:
            plain = _view_rows(store, sorted(chosen - special))
            special &= chosen
        for document_id, rows in plain.items():
            kept, _ = team_version(rows, (), _owner, _key)
            found[document_id] = _version(kept, [], wanted)
        for document_id, rows in _view_rows(store, sorted(special)).items():
            kept, disputed = team_version(rows, shared.get(document_id, ()), _owner, _key)
            found[document_id] = _version(kept, disputed, wanted)
    else:
        every = gold if view == GOLD else chosen
        if every is not None and chosen is not None:
            every &= chosen
        read = _view_rows(store, None if every is None else sorted(every))
        for document_id, rows in read.items():
            found[document_id] = _version(in_view(rows, view, _owner), [], wanted)
    return {i: found[i] for i in sorted(found) if found[i].spans or found[i].disputed}


def status_sql(store: Store, view: View) -> tuple[str, list[object]]:
    """A document `d`'s status in `view`, as SQL, and its parameters: the document's own
    where no document is given to anyone."""
    if store.execute("SELECT 1 FROM assignment LIMIT 1").fetchone() is None:
        return "d.status", []
    if view not in (None, GOLD):
        return (
            "COALESCE((SELECT a.status FROM assignment a WHERE a.document_id = d.id "
            "AND a.annotator = ?), d.status)",
            [view],
        )
    given = "EXISTS (SELECT 1 FROM assignment a WHERE a.document_id = d.id"
    return (
        f"CASE WHEN d.status = 'done' OR ({given}) AND NOT {given} AND a.status <> 'done')) "
        f"THEN 'done' WHEN d.status = 'todo' AND {given} AND a.status <> 'todo') "
        "THEN 'in_progress' ELSE d.status END",
        [],
    )


def documents_sql(view: View) -> tuple[str, list[object]]:
    """Which documents `d` a view reads at all, as SQL: with GOLD those that have gold."""
    if view == GOLD:
        return "d.id IN (SELECT s.document_id FROM span s WHERE s.annotator = ?)", [GOLD]
    return "1 = 1", []


def changed_documents(store: Store, view: View) -> set[int] | None:
    """The documents whose spans `view` reads otherwise than every span; None: all may be.

    For TEAM: those with gold, those given to two or more analysts, and those
    where two analysts made spans (a span both made alike is read once).
    """
    if view not in (None, GOLD):
        return None
    names = _annotator_names(store)
    changed = _gold_documents(store) if GOLD in names else set()
    if view is None:
        changed |= set(_shared(store))
        if len(names - {GOLD, ""}) >= 2:
            changed |= {
                row[0]
                for row in store.execute(
                    "SELECT document_id FROM span WHERE annotator <> '' "
                    "GROUP BY document_id HAVING COUNT(DISTINCT annotator) >= 2"
                )
            }
    return changed


def _annotator_names(store: Store) -> set[str]:
    return {row[0] for row in store.execute("SELECT DISTINCT annotator FROM span")}


def _version(kept: list[_Row], disputed: list[_Row], wanted: set[str]) -> Version:
    return Version(
        sorted((row[0] for row in kept if row[0][4] in wanted), key=_in_order),
        sorted((row[0] for row in disputed if row[0][4] in wanted), key=_in_order),
    )


def _in_order(read: Read) -> tuple[int, int, str, int]:
    return read[1], read[2], read[3], read[0]


def _owner(row: _Row) -> tuple[int, str, int | None]:
    return row[0][0], row[1], row[2]


def _key(row: _Row) -> tuple[int, int, str, str]:
    return row[0][1:]


def _gold_documents(store: Store) -> set[int]:
    rows = store.execute("SELECT DISTINCT document_id FROM span WHERE annotator = ?", (GOLD,))
    return {row[0] for row in rows}


def _shared(store: Store) -> dict[int, tuple[str, ...]]:
    """The documents given to two or more analysts, each with their names."""
    given: dict[int, list[str]] = defaultdict(list)
    for document_id, annotator in store.execute(
        "SELECT document_id, annotator FROM assignment ORDER BY document_id, annotator"
    ):
        given[document_id].append(annotator)
    return {i: tuple(names) for i, names in given.items() if len(names) >= 2}


_SELECT = (
    'SELECT s.id, s.document_id, s."start", s."end", l.name, s.status, s.annotator, '
    's.derived_from FROM "span" s JOIN "label" l ON l.id = s.label_id'
)
_ORDER = ' ORDER BY s.document_id, s."start", s."end", l.name, s.id'


def _rows(store: Store, statuses: set[str], leave_out: set[int]) -> dict[int, list[_Row]]:
    """Every span of `statuses` of the documents not in `leave_out`."""
    found: dict[int, list[_Row]] = defaultdict(list)
    if not statuses:
        return found
    chosen = sorted(statuses)
    for span_id, document_id, start, end, label, status, annotator, came_from in store.execute(
        f"{_SELECT} WHERE s.status IN ({marks(len(chosen))}){_ORDER}", chosen
    ):
        if document_id not in leave_out:
            found[document_id].append(((span_id, start, end, label, status), annotator, came_from))
    return found


def _view_rows(store: Store, document_ids: list[int] | None) -> dict[int, list[_Row]]:
    """Every span of these documents (None: of all), whatever its status: a view needs them."""
    found: dict[int, list[_Row]] = defaultdict(list)
    queries: list[tuple[str, list[int]]] = [(_SELECT + _ORDER, [])]
    if document_ids is not None:
        queries = [
            (f"{_SELECT} WHERE s.document_id IN ({marks(len(chunk))}){_ORDER}", chunk)
            for chunk in (document_ids[i : i + 500] for i in range(0, len(document_ids), 500))
        ]
    for sql, params in queries:
        for span_id, document_id, start, end, label, status, annotator, came_from in store.execute(
            sql, params
        ):
            found[document_id].append(((span_id, start, end, label, status), annotator, came_from))
    return found
