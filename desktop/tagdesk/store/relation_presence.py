"""Whether a database holds relations: what an export asks before it picks a file's form."""

from __future__ import annotations

from collections.abc import Collection

from tagdesk.store.database import Store


def holds_relations(store: Store, statuses: Collection[str]) -> bool:
    """Whether any relation of these statuses is stored (doccano's export form follows it)."""
    if not statuses:
        return False
    marks = ", ".join("?" * len(statuses))
    row = store.execute(
        f"SELECT 1 FROM relation WHERE status IN ({marks}) LIMIT 1", tuple(statuses)
    ).fetchone()
    return row is not None
