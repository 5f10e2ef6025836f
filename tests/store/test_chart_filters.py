"""The document list's filters behind the statistics charts' bars, on both engines.

The corpus is test_statistics' planned one: the documents done on each day,
given to each annotator and holding each annotator's spans are counted from
the plan, and each filter must list exactly those, alone, with the other
filters and in every sort; and as many as the chart's bar counts. Which
day a document counts on, as it is marked done, edited, tagged, reopened
and done again, is the README's rule.
"""

from __future__ import annotations

from dataclasses import replace

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import DocumentState
from tagdesk.store import Store
from tagdesk.store.document_list import SORT_KEYS, ListQuery, document_ids
from tagdesk.store.editing import (
    apply_document_state,
    apply_span_states,
    document_spans,
    document_state,
)
from tagdesk.store.importing import import_documents
from tagdesk.store.models import utcnow
from tagdesk.store.statistics import statistics
from tests.store.test_statistics import DAYS, build


def test_a_day_lists_the_documents_done_that_day(store: Store) -> None:
    plan = build(store)
    done_days: dict[int, str] = plan["done_days"]  # type: ignore[assignment]
    figures = statistics(store)
    seen = set()
    for day in DAYS:
        expected = sorted(d for d, done_on in done_days.items() if done_on == day)
        assert document_ids(store, ListQuery(done_on=day)) == expected
        assert len(expected) == figures.done_per_day.get(day, 0)
        seen.update(expected)
    assert seen == set(done_days)
    assert len(seen) == 5
    assert document_ids(store, ListQuery(done_on="2026-02-28")) == []
    # A document changed on that day but not done is not listed.
    store.execute(
        "UPDATE \"document\" SET updated_at = ? WHERE status <> 'done'", ("2026-03-01 09:00:00",)
    )
    first = sorted(d for d, day in done_days.items() if day == "2026-03-01")
    assert document_ids(store, ListQuery(done_on="2026-03-01")) == first


def test_an_annotator_lists_the_documents_given_them_or_holding_their_spans(
    store: Store,
) -> None:
    plan = build(store)
    given: dict[str, list[int]] = plan["given"]  # type: ignore[assignment]
    manual = plan["manual"]
    figures = statistics(store)
    for name in ("ann", "bob"):
        assert document_ids(store, ListQuery(given_to=name)) == sorted(given[name])
        assert len(given[name]) == figures.annotators[name].assigned
        own = sorted({d for d, *_, who, _ in manual if who == name})  # type: ignore[misc]
        assert own
        assert document_ids(store, ListQuery(spans_by=name)) == own
    assert document_ids(store, ListQuery(given_to="nobody")) == []
    assert document_ids(store, ListQuery(spans_by="nobody")) == []


def test_chart_filters_combine_with_the_others_in_every_sort(store: Store) -> None:
    plan = build(store)
    done_days: dict[int, str] = plan["done_days"]  # type: ignore[assignment]
    given: dict[str, list[int]] = plan["given"]  # type: ignore[assignment]
    day = max(set(done_days.values()), key=list(done_days.values()).count)
    on_day = {d for d, done_on in done_days.items() if done_on == day}
    everything = ListQuery(done_on=day, given_to="bob")
    expected = on_day & set(given["bob"])
    for sort in SORT_KEYS:
        for descending in (False, True):
            query = ListQuery(
                done_on=everything.done_on,
                given_to=everything.given_to,
                sort=sort,
                descending=descending,
            )
            assert set(document_ids(store, query)) == expected
            plain = document_ids(store, ListQuery(sort=sort, descending=descending))
            assert document_ids(store, query) == [d for d in plain if d in expected]
    label_id = store.execute("SELECT id FROM label WHERE name = 'PERSON'").fetchone()[0]
    with_person = {
        row[0]
        for row in store.execute(
            "SELECT DISTINCT document_id FROM span WHERE label_id = ? AND status <> 'rejected'",
            (label_id,),
        )
    }
    assert set(document_ids(store, ListQuery(given_to="ann", label_id=label_id))) == (
        set(given["ann"]) & with_person
    )
    assert document_ids(store, ListQuery(done_on=day, status="todo")) == []


def test_a_documents_done_day_is_the_day_its_row_was_last_written_while_done(
    store: Store,
) -> None:
    import_documents(
        store,
        [
            IncomingDocument("Omar went to Basra.", spans=[IncomingSpan(0, 4, "PERSON")]),
            IncomingDocument("Hadi stayed.", status="done"),
        ],
        annotator="",
        source="file",
    )
    today = utcnow().date().isoformat()

    def done_on(day: str) -> list[int]:
        listed = document_ids(store, ListQuery(done_on=day))
        assert len(listed) == statistics(store).done_per_day.get(day, 0)
        return listed

    assert done_on(today) == [2]  # imported already done: the day of the import

    def set_status(status: str, tags: tuple[str, ...] | None = None) -> None:
        state = document_state(store, 1)
        new = DocumentState(1, status, state.tags if tags is None else tags)
        apply_document_state(store, new, replacing=state)

    set_status("done")
    assert done_on(today) == [1, 2]
    store.execute('UPDATE "document" SET updated_at = ? WHERE id = 1', ("2026-03-02 08:00:00",))
    assert done_on("2026-03-02") == [1]
    (span,) = document_spans(store, 1)
    apply_span_states(
        store, [(span.id, replace(span, status="rejected"))], replacing=[(span.id, span)]
    )
    assert done_on("2026-03-02") == [1]  # a span edit leaves the day as it was
    set_status("done", ("checked",))
    assert done_on("2026-03-02") == []  # a tag change moves it to that day
    assert done_on(today) == [1, 2]
    store.execute('UPDATE "document" SET updated_at = ? WHERE id = 1', ("2026-03-02 08:00:00",))
    set_status("in_progress")
    assert done_on("2026-03-02") == []
    assert done_on(today) == [2]  # reopened: counted nowhere
    set_status("done")
    assert done_on(today) == [1, 2]  # done again: the later day
