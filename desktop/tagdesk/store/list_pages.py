"""The document list's ids a page at a time: the first page at once, the rest from where it ended.

Reading every id of a sorted list costs what walking the whole sort index
costs (100-180 ms for 100,000 documents on a server, and a search for a
word most articles hold checks each article's words); the first rows cost
only what they hold. So the list asks for its first page with a LIMIT, in
the order of the sort's index, and for the rest when it needs it (keyset
pagination: the rows after the last one read, by its sort key and id, never
an OFFSET that walks the rows before it again).

The order is exactly document_ids's: the same plan (store.document_list),
read in two parts. Every order is an index's; Sure's is two (the scored
documents, then those without a score: ListPlan.parts), and a page read
from where the last one ended goes on into the second where the first ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tagdesk.core.records import DOC_STATUSES
from tagdesk.store.database import Store
from tagdesk.store.document_list import ListPlan, ListQuery, document_ids, list_plan

FIRST_PAGE = 400  # a window shows 30-60 rows; the list model reads rows 200 at a time


def first_page_size(store: Store) -> int | None:
    """How many ids the list reads first; None: all of them in one statement.

    A file's list comes whole as quickly as a page of it matters (50 ms for
    100,000 ids on an index, in the window's own process), and reading the
    rest in a thread would hand the interpreter lock back and forth with the
    window for every row (the sqlite3 module lets go of it at each step). On
    a server the walk over the rest is the server's work and a round trip,
    done while the first page shows.
    """
    return None if store.is_sqlite else FIRST_PAGE


@dataclass(frozen=True)
class After:
    """Where the rest of the list begins: after the row with this sort key and id."""

    key: object
    id: int


@dataclass(frozen=True)
class FirstPage:
    ids: list[int]
    rest: After | None  # None: `ids` is the whole list


def first_page(store: Store, query: ListQuery, limit: int | None = FIRST_PAGE) -> FirstPage:
    """The first `limit` ids of the list (None: all), and where the rest begins if there is
    more."""
    if limit is None:
        return FirstPage(document_ids(store, query), None)
    plan = list_plan(store, query)
    wanted = int(limit) + 1
    if query.sort == "status":
        rows = _first_by_status(store, plan, wanted)
    else:
        rows = []
        for part in plan.parts():
            if len(rows) >= wanted:
                break
            sql, params = part.select(extra=f", {plan.key}" if plan.key else "")
            rows += store.execute(f"{sql} LIMIT {wanted - len(rows)}", params).fetchall()
    if len(rows) <= limit:
        return FirstPage([row[0] for row in rows], None)
    last = rows[limit - 1]
    return FirstPage([row[0] for row in rows[:limit]], After(last[-1], last[0]))


def ids_after(store: Store, query: ListQuery, after: After) -> list[int]:
    """Every id of the list after `after`, in order: the rest of a first page."""
    parts = list_plan(store, query).parts()
    if len(parts) > 1 and after.key is None:
        parts = parts[1:]  # the page ended among the rows without a key
    ids: list[int] = []
    for number, part in enumerate(parts):
        if number == 0:
            condition, values = _after_condition(part, after)
            part = replace(part, where=(*part.where, condition), params=(*part.params, *values))
        ids += [row[0] for row in store.execute(*part.select()).fetchall()]
    return ids


def _first_by_status(store: Store, plan: ListPlan, wanted: int) -> list[tuple[int, str]]:
    """The first rows in status order, read one status at a time in id order.

    The status index holds a status's documents in no id order, so the first
    page of one query would sort the whole first status (most of a corpus is
    to do); by id, the first rows of a common status come first, and a rare
    one's few rows sort at once.
    """
    found: list[tuple[int, str]] = []
    for status in sorted(DOC_STATUSES, reverse=plan.key_descending):
        if len(found) >= wanted:
            break
        sql, params = ListPlan(
            table=plan.table,
            column=plan.column,
            where=(*plan.where, f"{plan.key} = ?"),
            params=(*plan.params, status),
            key=None,
            key_descending=plan.key_descending,
            descending=plan.descending,
        ).select(extra=f", {plan.key}")
        found += store.execute(f"{sql} LIMIT {wanted - len(found)}", params).fetchall()
    return found


def _after_condition(plan: ListPlan, after: After) -> tuple[str, list[object]]:
    """The rows after `after` in the plan's order. The key's own bound comes first, so that
    the key's index yields the rows from there on."""
    later_id = "<" if plan.descending else ">"
    if plan.key is None:
        return f"{plan.column} {later_id} ?", [after.id]
    later = "<" if plan.key_descending else ">"
    return (
        f"{plan.key} {later}= ? AND ({plan.key} {later} ? OR {plan.column} {later_id} ?)",
        [after.key, after.key, after.id],
    )
