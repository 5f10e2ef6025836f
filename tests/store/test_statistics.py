"""The statistics view's figures, on both engines, against counts the test keeps itself.

The test plans a corpus (spans of each label, status, annotator and day;
suggestions and what the analyst does with each), writes it through the
store's own import, pre-annotation and edit calls, and counts the plan in
plain Python. Only the days are written with SQL: the store stamps the
present, and a corpus of several days needs the past.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SPAN_STATUSES, DocumentState
from tagdesk.core.statistics import OUTCOMES
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents, set_assignment_status
from tagdesk.store.editing import (
    apply_document_state,
    apply_span_states,
    document_spans,
    document_state,
)
from tagdesk.store.importing import import_documents
from tagdesk.store.statistics import document_strips, statistics
from tagdesk.store.suggestions import add_suggestions

LABELS = ("PERSON", "ORG", "GPE", "DATE")
DAYS = ("2026-03-01", "2026-03-02", "2026-03-04", "2026-03-09")
PEOPLE = ("ann", "bob", "")
MODEL = "en_core_web_sm@3.8.0"
WORDS = 40  # each word is 5 characters and a space; manual spans on words 0-19, model's on 20-39
ACTIONS = ("accept", "relabel", "resize", "reject", "delete", "leave")


def word(index: int) -> tuple[int, int]:
    return index * 6, index * 6 + 5


def text_of(number: int) -> str:
    return " ".join(f"w{number:02d}{index:02d}" for index in range(WORDS))


def build(store: Store, seed: int = 7) -> dict[str, object]:
    """Write a planned corpus; returns the plan the expected figures are counted from."""
    rng = random.Random(seed)
    documents = 9
    manual: list[tuple[int, int, int, str, str, str, str]] = []  # doc, start, end, label, ...
    incoming = []
    for number in range(documents):
        spans = []
        for index in rng.sample(range(20), 6):
            start, end = word(index)
            label, status = rng.choice(LABELS), rng.choice(SPAN_STATUSES)
            who = rng.choice(PEOPLE)
            spans.append(IncomingSpan(start, end, label, status=status, annotator=who))
            manual.append((number + 1, start, end, label, status, who, rng.choice(DAYS)))
        incoming.append(IncomingDocument(text=text_of(number), title=f"doc {number}", spans=spans))
    import_documents(store, incoming, annotator="", source="file")

    suggested: list[tuple[int, int, int, str]] = []
    for number in range(1, documents + 1, 2):
        entities = tuple(
            (*word(index), rng.choice(LABELS)) for index in range(20, WORDS, 2)[: len(ACTIONS)]
        )
        add_suggestions(store, [FoundEntities(number, entities)], MODEL)
        suggested += [(number, *entity) for entity in entities]
    label_ids = dict(store.execute("SELECT name, id FROM label").fetchall())
    names = {label_id: name for name, label_id in label_ids.items()}

    outcomes: list[tuple[str, str]] = []  # the suggestion's label, what became of it
    final_model: list[tuple[int, int, int, str, str]] = []  # doc, start, end, label, status
    for (document_id, start, end, label), action in zip(
        suggested, ACTIONS * len(suggested), strict=False
    ):
        span = next(
            s for s in document_spans(store, document_id) if (s.start, s.end) == (start, end)
        )
        other = next(name for name in LABELS if name != label)
        changed = {
            "accept": replace(span, status="accepted"),
            "relabel": replace(span, status="accepted", label_id=label_ids[other]),
            "resize": replace(span, status="accepted", end=end + 6),
            "reject": replace(span, status="rejected"),
            "delete": None,
            "leave": span,
        }[action]
        if changed is not span:
            apply_span_states(store, [(span.id, changed)], replacing=[(span.id, span)])
        outcomes.append(
            (
                label,
                {"accept": "accepted", "relabel": "corrected", "resize": "corrected"}.get(
                    action, {"reject": "rejected", "delete": "deleted"}.get(action, "open")
                ),
            )
        )
        if changed is not None:
            final_model.append(
                (document_id, changed.start, changed.end, names[changed.label_id], changed.status)
            )

    days = {}
    for document_id, start, _, _, _, _, day in manual:
        days[(document_id, start)] = day
    for document_id, start, *_ in final_model:
        days[(document_id, start)] = rng.choice(DAYS)
    for (document_id, start), day in days.items():
        store.execute(
            'UPDATE span SET created_at = ? WHERE document_id = ? AND "start" = ?',
            (f"{day} 10:00:00", document_id, start),
        )

    done_days = {}
    for document_id in rng.sample(range(1, documents + 1), 5):
        state = document_state(store, document_id)
        apply_document_state(store, DocumentState(document_id, "done", state.tags), replacing=state)
        done_days[document_id] = rng.choice(DAYS)
        store.execute(
            'UPDATE "document" SET updated_at = ? WHERE id = ?',
            (f"{done_days[document_id]} 18:30:00", document_id),
        )

    given = {"ann": [1, 2, 3, 4], "bob": [3, 4, 5, 6, 7]}
    finished = {"ann": [2, 4], "bob": [3]}
    assign_documents(store, ["ann"], 1, [1, 2])
    assign_documents(store, ["bob"], 1, [5, 6, 7])
    assign_documents(store, ["ann", "bob"], 2, [3, 4])
    for name in given:
        for document_id in finished[name]:
            set_assignment_status(store, document_id, name, "done")
    return {
        "manual": manual,
        "model": final_model,
        "outcomes": outcomes,
        "days": days,
        "done_days": done_days,
        "given": given,
        "finished": finished,
    }


def test_the_figures_are_the_counts_of_what_was_written(store: Store) -> None:
    plan = build(store)
    manual = plan["manual"]
    model = plan["model"]
    days = plan["days"]
    figures = statistics(store)

    spans = [(d, s, label, status, who) for d, s, _, label, status, who, _ in manual]
    spans += [(d, s, label, status, "") for d, s, _, label, status in model]
    assert sum(sum(row.values()) for row in figures.labels.values()) == len(spans) > 60
    for label in LABELS:
        counted = Counter(status for _, _, name, status, _ in spans if name == label)
        assert figures.labels[label] == {status: counted[status] for status in SPAN_STATUSES}

    per_day = Counter((days[(d, s)], status) for d, s, _, status, _ in spans)
    assert figures.spans_per_day == {
        day: {status: per_day[(day, status)] for status in SPAN_STATUSES}
        for day in sorted({day for day, _ in per_day})
    }
    assert figures.done_per_day == dict(sorted(Counter(plan["done_days"].values()).items()))

    outcomes = Counter(plan["outcomes"])
    assert figures.model_quality == {
        label: {outcome: outcomes[(label, outcome)] for outcome in OUTCOMES}
        for label in LABELS
        if any(name == label for name, _ in plan["outcomes"])
    }
    assert {outcome for _, outcome in plan["outcomes"]} == set(OUTCOMES)

    for name in ("ann", "bob"):
        own = Counter(status for *_, status, who in spans if who == name)
        found = figures.annotators[name]
        assert (found.assigned, found.done) == (
            len(plan["given"][name]),
            len(plan["finished"][name]),
        )
        assert found.spans == {status: own[status] for status in SPAN_STATUSES}
    assert set(figures.annotators) == {"ann", "bob"}
    assert figures.label_colours["PERSON"].startswith("#")


def test_strips_hold_each_documents_spans_not_rejected_in_the_order_asked(store: Store) -> None:
    plan = build(store, seed=11)
    strips = document_strips(store, [3, 1, 999])
    assert [strip.document_id for strip in strips] == [3, 1]
    for strip in strips:
        assert strip.length == len(text_of(strip.document_id - 1))
        assert strip.title == f"doc {strip.document_id - 1}"
        expected = sorted(
            [
                (s, e, label)
                for d, s, e, label, status, *_ in plan["manual"]
                if d == strip.document_id and status != "rejected"
            ]
            + [
                (s, e, label)
                for d, s, e, label, status in plan["model"]
                if d == strip.document_id and status != "rejected"
            ]
        )
        assert list(strip.spans) == expected
    assert document_strips(store, []) == []


def test_an_empty_database_has_no_figures_but_every_label(store: Store) -> None:
    figures = statistics(store)
    assert figures.done_per_day == {}
    assert figures.spans_per_day == {}
    assert figures.model_quality == {}
    assert figures.annotators == {}
    assert all(sum(row.values()) == 0 for row in figures.labels.values())
    assert list(figures.labels) == list(figures.label_colours)
    assert "PERSON" in figures.labels
