"""The Sure and Tags orders read keys kept per document (store.list_keys), and list the same
documents in the same order as the queries that worked them out at each sort did (both
engines): with ties, scores that are not numbers, documents without suggestions or tags,
and after edits, undo and redo, deletes, renamed and deleted tags, and imports; and on
databases hypothesis makes, edited at random."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SCORE_KEY, SpanRecord
from tagdesk.store import Store
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.document_list import ListQuery, document_ids
from tagdesk.store.editing import create_span, document_spans, document_state
from tagdesk.store.importing import import_documents
from tagdesk.store.list_pages import first_page, ids_after
from tagdesk.store.suggestions import add_suggestions

LABELS = ("PERSON", "GPE", "ORG")
SCORES: tuple[object, ...] = (0.1, 0.5, 0.5, 0.9, 1, 0, None, "high", 0.25)
TAGS = ("iraq", "Iran", "syria", "checked", "Zeta", "ümlaut", "iran")
STATUSES = ("suggested", "suggested", "accepted", "rejected")


def _documents(rng: random.Random, count: int, title: str = "Report") -> list[IncomingDocument]:
    documents = []
    for number in range(count):
        spans = []
        for place in range(rng.choice((0, 0, 1, 3, 6))):
            score = rng.choice(SCORES)
            meta: dict[str, object] = {} if score is None else {SCORE_KEY: score}
            if rng.random() < 0.2:
                meta["rank"] = place  # a meta that holds no score at all
                meta.pop(SCORE_KEY, None)
            spans.append(
                IncomingSpan(
                    10 * place,
                    10 * place + 5,
                    rng.choice(LABELS),
                    status=rng.choice(STATUSES),
                    meta=meta,
                )
            )
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 2)))
        documents.append(
            IncomingDocument(text=f"{title} {number}. " + "word " * 30, spans=spans, tags=tags)
        )
    return documents


def old_sure_order(store: Store, *, descending: bool) -> list[int]:
    """The Sure order as it was worked out from every open suggestion at each sort."""
    score = store.dialect.json_number("s.meta", SCORE_KEY)
    direction = "DESC" if descending else "ASC"
    return [
        row[0]
        for row in store.execute(
            "SELECT c.document_id FROM document_counts c LEFT JOIN (SELECT document_id, "
            f"MIN(score) AS least FROM (SELECT s.document_id, {score} AS score FROM span s "
            "WHERE s.status = 'suggested' AND s.meta <> '{}') AS scored "
            "GROUP BY document_id) u ON u.document_id = c.document_id "
            f"ORDER BY CASE WHEN u.least IS NULL THEN 1 ELSE 0 END, u.least {direction}, "
            f"c.document_id {direction}"
        )
    ]


def old_tags_order(store: Store, *, descending: bool) -> list[int]:
    """The Tags order as it was sorted in Python: untagged first, then by the first tag."""
    ids = [row[0] for row in store.execute("SELECT document_id FROM document_counts ORDER BY 1")]
    first = dict(
        store.execute(
            "SELECT dt.document_id, MIN(t.name) FROM document_tag dt "
            "JOIN tag t ON t.id = dt.tag_id GROUP BY dt.document_id"
        ).fetchall()
    )
    untagged = [i for i in ids if i not in first]
    ordered = untagged + [i for _, i in sorted((first[i], i) for i in ids if i in first)]
    return ordered[::-1] if descending else ordered


def assert_same_orders(store: Store) -> None:
    """Both orders, both ways, whole, filtered and a page at a time, as they were."""
    done = {row[0] for row in store.execute("SELECT id FROM document WHERE status = 'done'")}
    for sort, old in (("uncertainty", old_sure_order), ("tags", old_tags_order)):
        for descending in (False, True):
            expected = old(store, descending=descending)
            query = ListQuery(sort=sort, descending=descending)
            assert document_ids(store, query) == expected, (sort, descending)
            for limit in sorted({1, 2, 5, max(1, len(expected) - 1)}):
                page = first_page(store, query, limit)
                rest = ids_after(store, query, page.rest) if page.rest else []
                assert page.ids + rest == expected, (sort, descending, limit)
            filtered = replace(query, status="done")
            assert document_ids(store, filtered) == [i for i in expected if i in done]
            page = first_page(store, filtered, 1)
            rest = ids_after(store, filtered, page.rest) if page.rest else []
            assert page.ids + rest == [i for i in expected if i in done]


@pytest.fixture
def varied(store: Store) -> Store:
    import_documents(store, _documents(random.Random(13), 40), annotator="", source="t")
    store.execute("UPDATE document SET status = 'done' WHERE id % 3 = 0")
    return store


def test_the_kept_orders_are_the_orders_worked_out_each_time(varied: Store) -> None:
    keys = varied.execute("SELECT least_score, tag_key FROM document_counts").fetchall()
    assert any(score is not None for score, _ in keys)  # the data has each kind of row
    assert any(score is None for score, _ in keys)
    assert any(tag == "" for _, tag in keys)
    assert any(tag for _, tag in keys)
    assert_same_orders(varied)


def test_edits_undo_redo_and_deletes_keep_the_orders(varied: Store) -> None:
    history = History()
    open_spans = [
        s for d in range(1, 41) for s in document_spans(varied, d) if s.status == "suggested"
    ]
    least = min(
        (s for s in open_spans if isinstance(s.score, float)), key=lambda s: (s.score, s.id)
    )
    accepted = history.do(
        varied,
        ChangeSet(
            "Accept",
            spans_before=((least.id, least),),
            spans_after=((least.id, replace(least, status="accepted")),),
        ),
    )
    assert accepted is not None
    assert_same_orders(varied)
    deleted = [s for s in open_spans if s.document_id == least.document_id or s.id % 4 == 0]
    assert history.do(
        varied,
        ChangeSet(
            "Delete",
            spans_before=tuple((s.id, s) for s in deleted if s.id != least.id),
            spans_after=tuple((s.id, None) for s in deleted if s.id != least.id),
        ),
    )
    assert_same_orders(varied)
    for _ in range(2):
        history.undo(varied)
        assert_same_orders(varied)
        history.undo(varied)
        assert_same_orders(varied)
        history.redo(varied)
        assert_same_orders(varied)
        history.redo(varied)
        assert_same_orders(varied)


def test_other_writers_and_imports_keep_the_orders(varied: Store) -> None:
    with varied.write_transaction():
        varied.execute(
            "UPDATE span SET meta = ? WHERE id % 5 = 1", (json.dumps({SCORE_KEY: 0.05}),)
        )
    assert_same_orders(varied)
    with varied.write_transaction():
        varied.execute("UPDATE span SET status = 'suggested' WHERE id % 7 = 2")
        varied.execute("UPDATE span SET document_id = 2 WHERE document_id = 4 AND id % 2 = 0")
    assert_same_orders(varied)
    with varied.write_transaction():
        varied.execute("UPDATE tag SET name = 'Aardvark' WHERE name = 'syria'")
    assert_same_orders(varied)
    with varied.write_transaction():
        varied.execute("DELETE FROM tag WHERE name IN ('iraq', 'Zeta')")
        varied.execute("DELETE FROM document_tag WHERE document_id % 4 = 1")
        varied.execute('DELETE FROM "document" WHERE id IN (5, 6, 7)')
    assert_same_orders(varied)
    import_documents(varied, _documents(random.Random(7), 15, "Later"), annotator="", source="u")
    assert_same_orders(varied)
    add_suggestions(
        varied,
        [
            FoundEntities(d, ((200, 205, "PERSON"), (210, 215, "GPE")), scores=(0.5, 0.01 * d))
            for d in (1, 2, 3, 41, 50)
        ],
        "m@1",
    )
    assert_same_orders(varied)
    with varied.write_transaction():
        varied.execute("INSERT INTO tag (name) VALUES ('Alpha')")
        varied.execute(
            "INSERT INTO document_tag (document_id, tag_id) "
            "SELECT id, (SELECT id FROM tag WHERE name = 'Alpha') FROM document WHERE id < 10"
        )
    assert_same_orders(varied)


def test_document_tags_through_change_sets_undo_and_redo_keep_the_orders(varied: Store) -> None:
    """The window's tag edits: a change-set of document states, added and taken off, undone
    and redone; a tag left on nothing goes with the last document that had it."""
    history = History()
    before = tuple(document_state(varied, d) for d in (1, 2, 3, 4))
    after = (
        replace(before[0], tags=(*before[0].tags, "aaa first")),
        replace(before[1], tags=()),
        replace(before[2], tags=("Zz last",)),
        replace(before[3], tags=("ümlaut", "Iran")),
    )
    assert history.do(varied, ChangeSet("Tags", documents_before=before, documents_after=after))
    assert [document_state(varied, d).tags for d in (1, 3)] == [
        tuple(sorted((*before[0].tags, "aaa first"))),
        ("Zz last",),
    ]
    assert_same_orders(varied)
    for _ in range(2):
        history.undo(varied)
        assert_same_orders(varied)
        history.redo(varied)
        assert_same_orders(varied)


def test_new_spans_and_edits_through_the_editing_calls_keep_the_orders(varied: Store) -> None:
    history = History()
    made = create_span(varied, 3, 1, 4, 1, annotator="a", status="suggested")
    assert_same_orders(varied)
    with varied.write_transaction():
        varied.execute("UPDATE span SET meta = ? WHERE id = ?", ('{"score": -2.5}', made.id))
    assert varied.execute(
        "SELECT least_score FROM document_counts WHERE document_id = 3"
    ).fetchone() == (-2.5,)
    assert_same_orders(varied)
    delete = ChangeSet(
        "Delete", spans_before=((made.id, span(varied, made.id)),), spans_after=((made.id, None),)
    )
    gone = history.do(varied, delete)
    assert gone is not None
    assert_same_orders(varied)
    history.undo(varied)  # back with its meta: the least score again
    assert varied.execute(
        "SELECT least_score FROM document_counts WHERE document_id = 3"
    ).fetchone() == (-2.5,)
    assert_same_orders(varied)


def span(store: Store, span_id: int) -> SpanRecord:
    (found,) = [s for s in document_spans(store, 3) if s.id == span_id]
    return found


SPANS = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.sampled_from((*SCORES, 0.3, -1.0, 1e-9))),
    max_size=5,
)
DOCUMENTS = st.lists(
    st.tuples(SPANS, st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
    min_size=1,
    max_size=12,
)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(("status", "score", "delete", "untag", "rename")),
        st.integers(0, 40),
        st.sampled_from((*SCORES, 0.3)),
    ),
    max_size=6,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents=DOCUMENTS, edits=EDITS)
def test_any_database_lists_the_same_documents_in_the_same_order_as_before(
    store: Store,
    documents: list[tuple[list[tuple[str, object]], list[str]]],
    edits: list[tuple[str, int, object]],
) -> None:
    with store.write_transaction():  # each example on a database of its own rows
        store.execute('DELETE FROM "document"')
        store.execute("DELETE FROM tag")
    incoming = [
        IncomingDocument(
            text=f"Example {number}. " + "word " * 12,
            spans=[
                IncomingSpan(
                    5 * place,
                    5 * place + 4,
                    LABELS[place % 3],
                    status=status,
                    meta={} if score is None else {SCORE_KEY: score},
                )
                for place, (status, score) in enumerate(spans)
            ],
            tags=tags,
        )
        for number, (spans, tags) in enumerate(documents)
    ]
    import_documents(store, incoming, annotator="", source="t")
    assert_same_orders(store)
    with store.write_transaction():
        for kind, number, score in edits:
            meta = json.dumps({} if score is None else {SCORE_KEY: score})
            step = number % 7 + 1
            if kind == "status":
                store.execute("UPDATE span SET status = 'suggested' WHERE id % ? = 0", (step,))
            elif kind == "score":
                store.execute("UPDATE span SET meta = ? WHERE id % ? = 1", (meta, step))
            elif kind == "delete":
                store.execute("DELETE FROM span WHERE id % ? = 2", (step,))
            elif kind == "untag":
                store.execute("DELETE FROM document_tag WHERE document_id % ? = 0", (step,))
            else:
                store.execute(
                    "UPDATE tag SET name = name || ? WHERE id % ? = 0", (str(number), step)
                )
    assert_same_orders(store)


def test_making_the_key_triggers_again_leaves_every_other_trigger_alone(varied: Store) -> None:
    """list_keys drops only its own triggers, by name, to make them again: a trigger someone
    added to the same tables keeps working, and so do the store's own other triggers."""
    from tagdesk.store import list_keys

    store = varied
    store.execute("CREATE TABLE audit (span_id INTEGER)")
    if store.is_sqlite:
        store.execute(
            "CREATE TRIGGER audit_span AFTER INSERT ON span "
            "BEGIN INSERT INTO audit VALUES (NEW.id); END"
        )
        listed = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        store.execute(
            "CREATE FUNCTION audit_span() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN INSERT INTO audit VALUES (NEW.id); RETURN NEW; END $$"
        )
        store.execute(
            "CREATE TRIGGER audit_span AFTER INSERT ON span "
            "FOR EACH ROW EXECUTE FUNCTION audit_span()"
        )
        listed = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    before = {row[0] for row in store.execute(listed).fetchall()}
    with store.write_transaction():
        list_keys.create_triggers(store)
        list_keys.create_triggers(store)
    assert {row[0] for row in store.execute(listed).fetchall()} == before
    (label_id,) = store.execute("SELECT id FROM label ORDER BY id").fetchone()
    span = create_span(store, 1, 0, 6, label_id, annotator="tester")
    assert store.execute("SELECT span_id FROM audit").fetchall() == [(span.id,)]
    assert_same_orders(store)
