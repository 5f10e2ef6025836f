"""What a write changed, as the store reports it and the window refreshes from it.

Every write the window makes goes through one store operation that returns
a `ChangeReport`; the window passes it on through one signal, and each pane
refreshes only what the report names (Anki's OpChanges). A report from
another process's commit (seen by polling) cannot say what changed, so it
says `outside`: everything may have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


def _ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


@dataclass(frozen=True)
class ChangeReport:
    """Which documents, spans, labels, tags and settings a write changed.

    `documents`: documents whose row, spans, counts or tags changed (the list
    shows them again); `spans`: span ids written, created or deleted;
    `labels`: label ids added, edited or deleted; `tags`: tag names added to
    or taken from a document or span; `settings`: setting keys written;
    `new_documents`: documents added (a list shows them once it asks again);
    `entities`: entity ids created, edited, merged away or linked to or from;
    `relations`: relation ids written, created or deleted, and relation type ids
    saved are reported as `relation_types`. `statuses_kept`: the write is known to
    have changed no document's status and no assignment (an undoable span or relation
    edit says so), so the corpus progress is as it was; False when that is not known.
    """

    documents: frozenset[int] = field(default_factory=frozenset)
    spans: frozenset[int] = field(default_factory=frozenset)
    labels: frozenset[int] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    settings: frozenset[str] = field(default_factory=frozenset)
    outside: bool = False  # another process committed: anything may have changed
    new_documents: frozenset[int] = field(default_factory=frozenset)
    entities: frozenset[int] = field(default_factory=frozenset)
    relations: frozenset[int] = field(default_factory=frozenset)
    relation_types: frozenset[int] = field(default_factory=frozenset)
    statuses_kept: bool = False

    @classmethod
    def of(
        cls,
        *,
        documents: Iterable[int] = (),
        spans: Iterable[int] = (),
        labels: Iterable[int] = (),
        tags: Iterable[str] = (),
        settings: Iterable[str] = (),
        outside: bool = False,
        new_documents: Iterable[int] = (),
        entities: Iterable[int] = (),
        relations: Iterable[int] = (),
        relation_types: Iterable[int] = (),
        statuses_kept: bool = False,
    ) -> ChangeReport:
        added = _ids(new_documents)
        return cls(
            _ids(documents) | added,
            _ids(spans),
            _ids(labels),
            frozenset(tags),
            frozenset(settings),
            outside,
            added,
            _ids(entities),
            _ids(relations),
            _ids(relation_types),
            statuses_kept,
        )

    def __or__(self, other: ChangeReport) -> ChangeReport:
        return ChangeReport(
            self.documents | other.documents,
            self.spans | other.spans,
            self.labels | other.labels,
            self.tags | other.tags,
            self.settings | other.settings,
            self.outside or other.outside,
            self.new_documents | other.new_documents,
            self.entities | other.entities,
            self.relations | other.relations,
            self.relation_types | other.relation_types,
            self.statuses_kept and other.statuses_kept,
        )

    def __bool__(self) -> bool:
        return (
            bool(self.documents or self.spans or self.labels or self.tags or self.settings)
            or bool(self.entities or self.relations or self.relation_types)
            or self.outside
        )


NOTHING = ChangeReport()
