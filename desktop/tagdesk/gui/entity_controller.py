"""The entity registry as the window sees it, and what its entity actions do.

It keeps the registry (each entity with its mentions and documents) read once
per change that names entities, ranks the selected span's candidates in a
worker thread (about 20 ms a span over 1,000 entities of its label, 100 ms the
first time), and writes each action as one step of the window's undo history
through store.operations (AnnotationController.record), so Ctrl+Z undoes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from tagdesk.core.changes import ChangeReport
from tagdesk.core.entities import EntityRecord, EntitySummary
from tagdesk.core.records import SpanRecord
from tagdesk.core.wording import counted
from tagdesk.gui.controller import AnnotationController
from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store
from tagdesk.store.document_list import data_version
from tagdesk.store.entities import summaries

if TYPE_CHECKING:  # the ranking and the writes load at first use, after the first paint
    from tagdesk.core.entity_clusters import KnownEntity
    from tagdesk.store.entity_mentions import PlannedLinks

CANDIDATES_SHOWN = 5
STALE_PLAN_RETRIES = 3  # a plan read before a change is read again, this many times


@dataclass(frozen=True)
class Candidate:
    summary: EntitySummary
    score: float


@dataclass(frozen=True)
class AutoLinked:
    """What `link --auto` from the window did: counts, and the entities it proposed."""

    linked: int
    created: tuple[int, ...]  # ids of the new entities, for the panel to show for review
    linked_to_new: int
    left: int

    def describe(self) -> str:
        return (
            f"Linked {counted(self.linked, 'span')} to known entities and "
            f"{counted(self.linked_to_new, 'span')} to {counted(len(self.created), 'new entity')}; "
            f"{counted(self.left, 'span')} left to link by hand"
        )


class EntityController(QObject):
    registry_changed = Signal()  # the entities, their counts or aliases changed
    candidates_ready = Signal(object, list)  # SpanRecord | None, [Candidate]
    auto_linked = Signal(object)  # AutoLinked
    busy_changed = Signal(bool)  # link --auto is running
    message = Signal(str)

    def __init__(self, store: Store, controller: AnnotationController, parent: QObject) -> None:
        super().__init__(parent)
        self.store = store
        self.controller = controller
        self.entities: list[EntitySummary] = []
        self.read = False  # the registry is read after the first paint, or when first shown
        self._known: tuple[KnownEntity, ...] = ()
        self._ranker = ThreadTaskRunner(self)
        self._linker = ThreadTaskRunner(self)
        self._asked: SpanRecord | None = None  # the span the current ranking is for
        self._changes_seen = 0  # reports that may make a plan read before them stale
        self._plan_started: tuple[int, int] = (0, 0)
        self._plan_tries = 0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)  # one read for a burst of reports
        self._refresh_timer.timeout.connect(self.refresh)
        self._ranker.finished.connect(self._ranked)
        self._linker.finished.connect(self._planned)
        self._linker.failed.connect(self._plan_failed)

    # -- the registry ---------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_timer.stop()
        from tagdesk.core.entity_clusters import KnownEntity

        self.entities = summaries(self.store)
        self.read = True
        self._known = tuple(
            KnownEntity(s.record.key, s.record.name, s.label, s.record.aliases)
            for s in self.entities
        )
        self.registry_changed.emit()
        self.rank(self.controller.selected)

    def report(self, report: ChangeReport) -> None:
        """Every change the window sees: the registry is read again when it may differ."""
        if report.spans or report.entities or report.outside or report.labels:
            self._changes_seen += 1
            self._refresh_timer.start()

    def summary(self, entity_id: int | None) -> EntitySummary | None:
        return next((s for s in self.entities if s.record.id == entity_id), None)

    # -- candidates -------------------------------------------------------------------

    def rank(self, span: SpanRecord | None) -> None:
        """The selected span's candidates, ranked in a worker; a later span drops this one."""
        if span is not None and not self.read:  # a span chosen before the registry was read
            self.refresh()  # reads it, then ranks the selected span
            return
        self._asked = span
        if span is None or not self._known:
            self._ranker.cancel()
            self.candidates_ready.emit(span, [])
            return
        label = self.controller.labels_by_id.get(span.label_id)
        text = self.controller.span_text(span)
        known = self._known
        if label is None:
            self.candidates_ready.emit(span, [])
            return
        name = label.name
        self._ranker.start(lambda _control: _rank(text, name, known)[:CANDIDATES_SHOWN])

    def _ranked(self, ranked: list[tuple[KnownEntity, float]]) -> None:
        by_key = {s.record.key: s for s in self.entities}
        found = [Candidate(by_key[k.key], score) for k, score in ranked if k.key in by_key]
        self.candidates_ready.emit(self._asked, found)

    # -- actions on the selected span ---------------------------------------------------

    def link_selected(self, entity_id: int) -> None:
        from tagdesk.store import operations

        span = self.controller.selected
        if span is None:
            self.message.emit("Select a span first, then link it to an entity")
            return
        self.controller.record(
            lambda history: operations.link_spans(self.store, history, [span.id], entity_id)
        )

    def link_first_candidate(self, candidates: Sequence[Candidate]) -> None:
        if self.controller.selected is None:
            self.message.emit("Select a span first (click it, or press Tab), then link it")
        elif not candidates:
            self.message.emit("No entity matches this span; make one from it instead")
        else:
            self.link_selected(candidates[0].summary.record.id)

    def unlink_selected(self) -> None:
        from tagdesk.store import operations

        span = self.controller.selected
        if span is None or span.entity_id is None:
            self.message.emit("The selected span is linked to no entity")
            return
        self.controller.record(
            lambda history: operations.unlink_spans(self.store, history, [span.id])
        )

    def new_entity_from_selected(self) -> None:
        """An entity named by the span's text, with the span linked to it: one step."""
        span = self.controller.selected
        if span is None:
            self.message.emit("Select a span first, then make an entity of it")
            return
        from tagdesk.store import operations
        from tagdesk.store.entity_actions import EntityDraft

        name = " ".join(self.controller.span_text(span).split())
        draft = EntityDraft(name, span.label_id)
        self.controller.record(
            lambda history: operations.apply_link_plan(
                self.store, history, {}, [(draft, [span.id])]
            )
        )

    # -- actions of the Entities panel ----------------------------------------------------

    def merge(self, entity_ids: Sequence[int]) -> bool:
        """The entities become the one with the most mentions (the first chosen on a tie)."""
        from tagdesk.store.entity_merges import merge_entities_into

        chosen = [s for entity_id in entity_ids if (s := self.summary(entity_id)) is not None]
        if len(chosen) < 2:
            self.message.emit("Choose two or more entities of one label to merge")
            return False
        kept = max(chosen, key=lambda s: (s.mentions, -chosen.index(s)))
        merged = [s.record.key for s in chosen if s is not kept]
        return self.controller.record(
            lambda history: merge_entities_into(self.store, history, kept.record.key, merged)
        )

    def split(self, entity_id: int, span_ids: Sequence[int], name: str) -> bool:
        from tagdesk.store import operations

        found = self.summary(entity_id)
        if found is None or not span_ids:
            self.message.emit("Choose the mentions to move to a new entity")
            return False
        key = found.record.key
        return self.controller.record(
            lambda history: operations.split_entity(
                self.store, history, key, span_ids=list(span_ids), name=name
            )[1]
        )

    def edit(self, changed: EntityRecord) -> bool:
        from tagdesk.store import operations

        return self.controller.record(
            lambda history: operations.edit_entity(self.store, history, changed)
        )

    # -- link --auto ------------------------------------------------------------------

    def link_automatically(self) -> None:
        """Plan in a worker (reading only); write the plan here, unless a change came since."""
        if self._linker.is_running():
            self.message.emit("Linking is already running")
            return
        self._plan_tries = 0
        self._start_plan()

    def _start_plan(self) -> None:
        self._plan_tries += 1
        self._plan_started = (self._changes_seen, data_version(self.store))
        store = self.store

        def work(_control: TaskControl) -> PlannedLinks:
            from tagdesk.store.entity_mentions import planned_links

            return planned_links(store)

        self.busy_changed.emit(True)
        self.message.emit("Linking entities…")
        self._linker.start(store_task(store, work))

    def _planned(self, plan: PlannedLinks) -> None:
        from tagdesk.store import operations

        if (self._changes_seen, data_version(self.store)) != self._plan_started:
            if self._plan_tries < STALE_PLAN_RETRIES:
                self._start_plan()  # spans or entities changed while it was read
                return
            self.busy_changed.emit(False)
            self.message.emit("Entities kept changing while linking; nothing was linked")
            return
        self.busy_changed.emit(False)
        before = {s.record.id for s in self.entities}
        if not plan.links and not plan.new:
            self.auto_linked.emit(AutoLinked(0, (), 0, len(plan.left)))
            return
        if not self.controller.record(
            lambda history: operations.apply_link_plan(
                self.store, history, dict(plan.links), list(plan.new)
            )
        ):
            return
        self.refresh()
        created = tuple(sorted(s.record.id for s in self.entities if s.record.id not in before))
        self.auto_linked.emit(
            AutoLinked(
                linked=len(plan.links),
                created=created,
                linked_to_new=sum(len(mentions) for _, mentions in plan.new),
                left=len(plan.left),
            )
        )

    def _plan_failed(self, message: str) -> None:
        self.busy_changed.emit(False)
        self.message.emit(f"Linking failed: {message}")

    def shutdown(self) -> None:
        self._ranker.cancel()
        self._linker.cancel()
        self._ranker.wait()
        self._linker.wait()


def _rank(text: str, name: str, known: Sequence[KnownEntity]) -> list[tuple[KnownEntity, float]]:
    from tagdesk.core.entity_clusters import rank_candidates

    return rank_candidates(text, name, known)
