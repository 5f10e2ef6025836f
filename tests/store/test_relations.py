"""Relations on both engines: each action one change-set, undone and redone exactly, and the
destructive paths (a span with relations deleted, a stale edit, ids after undo) kept safe."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tagdesk.core.errors import ChangedSinceError, StoreError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import RelationRecord
from tagdesk.store import Store, open_store, operations
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.relation_actions import RelationRefused
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations, relations_touching

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi in Baghdad."
NAMES = {"SOLEIMANI": "Qasem Soleimani", "QUDS": "Quds Force", "ABADI": "Haider al-Abadi"}


@pytest.fixture
def corpus(store: Store) -> Store:
    spans = [
        IncomingSpan(TEXT.find(NAMES["SOLEIMANI"]), 15, "PERSON"),
        IncomingSpan(TEXT.find("Quds"), TEXT.find("Quds") + 10, "ORG"),
        IncomingSpan(TEXT.find("Haider"), TEXT.find("Haider") + 15, "PERSON"),
        IncomingSpan(TEXT.find("Baghdad"), TEXT.find("Baghdad") + 7, "GPE"),
    ]
    other = IncomingDocument(text="Mosul fell.", spans=[IncomingSpan(0, 5, "GPE")])
    import_documents(
        store, [IncomingDocument(text=TEXT, spans=spans), other], annotator="a", source="t"
    )
    return store


def spans(store: Store) -> dict[str, int]:
    """Span ids by who they are: soleimani, quds, abadi, baghdad, mosul."""
    ids = [s.id for s in document_spans(store, 1)] + [s.id for s in document_spans(store, 2)]
    return dict(zip(("soleimani", "quds", "abadi", "baghdad", "mosul"), ids, strict=True))


def type_id(store: Store, name: str) -> int:
    return next(t.id for t in list_relation_types(store) if t.name == name)


def add(store: Store, history: History, head: int, child: int, kind: str, **options: str) -> int:
    report = operations.add_relation(
        store, history, 1, head, child, type_id(store, kind), annotator="rana", **options
    )
    (relation_id,) = report.relations
    assert 1 in report.documents
    return relation_id


def test_a_relation_is_added_undone_and_redone_exactly(corpus: Store) -> None:
    ids, history = spans(corpus), History()
    made = add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS", note="IRGC")
    (relation,) = document_relations(corpus, 1)
    assert (relation.id, relation.head, relation.child) == (made, ids["soleimani"], ids["quds"])
    assert (relation.status, relation.note, relation.annotator, relation.source) == (
        "accepted",
        "IRGC",
        "rana",
        "manual",
    )
    assert relation.version == 1
    assert relation.created_at
    assert relations_touching(corpus, [ids["quds"]]) == [relation]
    assert relations_touching(corpus, [ids["abadi"]]) == []
    _, report = history.undo(corpus) or (None, None)
    assert report is not None
    assert report.relations == {made}
    assert document_relations(corpus, 1) == []
    history.redo(corpus)
    assert document_relations(corpus, 1) == [relation]


def test_relations_refused_in_one_line_and_nothing_written(corpus: Store) -> None:
    ids, history = spans(corpus), History()
    add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS")
    cases = {
        "two spans of one document": (ids["soleimani"], ids["mosul"], "MET"),
        "not a span with itself": (ids["abadi"], ids["abadi"], "MET"),
        "COMMANDS needs a head labelled PERSON or ORG, not GPE": (
            ids["baghdad"],
            ids["quds"],
            "COMMANDS",
        ),
        "there already": (ids["soleimani"], ids["quds"], "COMMANDS"),
        "is not there": (ids["soleimani"], 999, "MET"),
    }
    for message, (head, child, kind) in cases.items():
        with pytest.raises(RelationRefused, match=message) as refused:
            add(corpus, history, head, child, kind)
        assert "\n" not in str(refused.value)
    with pytest.raises(RelationRefused, match="suggested, accepted or rejected"):
        add(corpus, history, ids["soleimani"], ids["abadi"], "MET", status="maybe")
    assert len(document_relations(corpus, 1)) == 1
    assert len(history) == 1


def test_a_symmetric_relation_is_one_pair_whichever_way_it_was_drawn(corpus: Store) -> None:
    ids, history = spans(corpus), History()
    add(corpus, history, ids["abadi"], ids["soleimani"], "MET")
    (relation,) = document_relations(corpus, 1)
    assert (relation.head, relation.child) == (ids["soleimani"], ids["abadi"])  # starts first
    with pytest.raises(RelationRefused, match="there already"):
        add(corpus, history, ids["soleimani"], ids["abadi"], "MET")


def test_an_edit_changes_type_status_note_or_direction_and_undoes(corpus: Store) -> None:
    ids, history = spans(corpus), History()
    add(corpus, history, ids["soleimani"], ids["quds"], "MEMBER_OF")
    (before,) = document_relations(corpus, 1)
    wanted = replace(
        before,
        type_id=type_id(corpus, "COMMANDS"),
        status="suggested",
        note="checked",
    )
    report = operations.edit_relation(corpus, history, before, wanted)
    assert report.relations == {before.id}
    (edited,) = document_relations(corpus, 1)
    assert (edited.type_id, edited.status, edited.note, edited.version) == (
        wanted.type_id,
        "suggested",
        "checked",
        2,
    )
    swapped = replace(edited, head=edited.child, child=edited.head)
    with pytest.raises(RelationRefused, match="COMMANDS needs a child labelled ORG or NORP"):
        operations.edit_relation(corpus, history, edited, swapped)  # the PERSON as its child
    with pytest.raises(RelationRefused, match="not join other spans"):
        operations.edit_relation(corpus, history, edited, replace(edited, child=ids["abadi"]))
    attacked = replace(swapped, type_id=type_id(corpus, "ATTACKED"))
    operations.edit_relation(corpus, history, edited, attacked)  # the ORG attacked the PERSON
    (turned,) = document_relations(corpus, 1)
    assert (turned.head, turned.child) == (ids["quds"], ids["soleimani"])
    history.undo(corpus)
    history.undo(corpus)  # each write a version of its own (store.versions)
    assert [replace(r, version=0) for r in document_relations(corpus, 1)] == [
        replace(before, version=0)
    ]
    history.redo(corpus)
    assert [(r.type_id, r.note) for r in document_relations(corpus, 1)] == [
        (wanted.type_id, "checked")
    ]


def test_deleting_a_span_through_a_change_set_takes_its_relations_and_undo_brings_both(
    corpus: Store,
) -> None:
    ids, history = spans(corpus), History()
    add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS", note="kept")
    add(corpus, history, ids["abadi"], ids["soleimani"], "MET")
    add(corpus, history, ids["abadi"], ids["baghdad"], "LOCATED_IN")
    relations_before = document_relations(corpus, 1)
    spans_before = document_spans(corpus, 1)
    soleimani = next(s for s in spans_before if s.id == ids["soleimani"])
    done = history.do(
        corpus,
        ChangeSet(
            "Delete span",
            spans_before=((soleimani.id, soleimani),),
            spans_after=((soleimani.id, None),),
        ),
    )
    assert done is not None
    change, report = done
    assert len(change.relations_before) == 2  # the two that named it, not the third
    assert report.relations == {r.id for r in relations_before if soleimani.id in (r.head, r.child)}
    assert [r.child for r in document_relations(corpus, 1)] == [ids["baghdad"]]
    assert soleimani.id not in {s.id for s in document_spans(corpus, 1)}
    history.undo(corpus)
    assert document_spans(corpus, 1) == spans_before
    assert document_relations(corpus, 1) == relations_before
    history.redo(corpus)
    assert len(document_relations(corpus, 1)) == 1
    history.undo(corpus)
    assert document_relations(corpus, 1) == relations_before


def test_the_database_refuses_to_delete_a_span_a_relation_names(corpus: Store) -> None:
    ids = spans(corpus)
    add(corpus, History(), ids["soleimani"], ids["quds"], "COMMANDS")
    with pytest.raises(StoreError), corpus.write_transaction():
        corpus.execute("DELETE FROM span WHERE id = ?", (ids["quds"],))
    assert ids["quds"] in {s.id for s in document_spans(corpus, 1)}
    assert len(document_relations(corpus, 1)) == 1
    with (
        pytest.raises(StoreError, match="two spans of its own document"),
        corpus.write_transaction(),
    ):
        corpus.execute("UPDATE relation SET child_span_id = ?", (ids["mosul"],))
    with pytest.raises(StoreError), corpus.write_transaction():
        corpus.execute("DELETE FROM relation_type")  # a type relations use stays
    with corpus.write_transaction():  # a whole document goes with its spans and relations
        corpus.execute('DELETE FROM "document" WHERE id = 1')
    assert document_relations(corpus, 1) == []


def test_a_stale_relation_edit_is_refused_and_the_other_writers_change_kept(
    corpus: Store,
) -> None:
    ids, history = spans(corpus), History()
    add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS")
    (shown,) = document_relations(corpus, 1)
    with open_store(corpus.target) as other, other.write_transaction():
        other.execute("UPDATE relation SET note = 'theirs' WHERE id = ?", (shown.id,))
    with pytest.raises(ChangedSinceError, match="relation"):
        operations.edit_relation(corpus, history, shown, replace(shown, note="mine"))
    with pytest.raises(ChangedSinceError):
        operations.delete_relations(corpus, history, [shown])
    with pytest.raises(ChangedSinceError):
        history.undo(corpus)  # the add's undo would delete what the other writer changed
    (kept,) = document_relations(corpus, 1)
    assert (kept.note, kept.version) == ("theirs", 2)
    assert len(history) == 1
    assert history.index == 1


def test_relation_ids_are_never_reused_after_delete_undo_and_redo(corpus: Store) -> None:
    ids, history = spans(corpus), History()
    first = add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS")
    operations.delete_relations(corpus, history, document_relations(corpus, 1))
    history.undo(corpus)
    assert [r.id for r in document_relations(corpus, 1)] == [first]
    history.redo(corpus)
    assert document_relations(corpus, 1) == []
    history.undo(corpus)
    history.undo(corpus)  # the add undone: the relation is gone, its id stays taken
    second = add(corpus, history, ids["soleimani"], ids["quds"], "COMMANDS")
    assert second > first
    assert [r.id for r in document_relations(corpus, 1)] == [second]


def test_relation_types_are_saved_version_checked_and_kept_while_used(corpus: Store) -> None:
    from tagdesk.core.errors import TagdeskError
    from tagdesk.core.relations import RelationTypeRecord

    ids, history = spans(corpus), History()
    made, report = operations.save_relation_type(
        corpus, history, RelationTypeRecord(0, "FUNDS", "#123456", hotkey="F", heads=("ORG",))
    )
    assert report.relation_types == {made.id}
    assert (made.hotkey, made.version, made.position) == ("f", 1, 6)
    assert list_relation_types(corpus)[-1] == made
    renamed, _ = operations.save_relation_type(corpus, history, replace(made, name="FINANCES"))
    assert renamed.version == 2
    with pytest.raises(ChangedSinceError):
        operations.save_relation_type(corpus, history, replace(made, colour="#000000"))
    with pytest.raises(TagdeskError, match="already belongs to COMMANDS"):
        operations.save_relation_type(corpus, history, replace(renamed, hotkey="c"))
    with pytest.raises(TagdeskError, match="already exists"):
        operations.save_relation_type(corpus, history, RelationTypeRecord(0, "MET", "#123456"))
    add(corpus, History(), ids["abadi"], ids["soleimani"], "MET")
    met = next(t for t in list_relation_types(corpus) if t.name == "MET")
    with pytest.raises(TagdeskError, match="direction cannot change while 1 relation"):
        operations.save_relation_type(corpus, history, replace(met, directed=True))
    with pytest.raises(TagdeskError, match="used by 1 relation"):
        operations.delete_relation_type(corpus, history, met)
    deleted = operations.delete_relation_type(corpus, history, renamed)
    assert deleted.relation_types == {renamed.id}
    assert "FINANCES" not in {t.name for t in list_relation_types(corpus)}
    assert len(history) == 3  # added, renamed, deleted: the refusals wrote nothing


def test_relation_type_saves_and_deletes_are_undone_and_redone_exactly(corpus: Store) -> None:
    from tagdesk.core.relations import RelationTypeRecord

    history = History()
    before = list_relation_types(corpus)
    made, _ = operations.save_relation_type(
        corpus, history, RelationTypeRecord(0, "FUNDS", "#123456", hotkey="f", heads=("ORG",))
    )
    changed, _ = operations.save_relation_type(
        corpus,
        history,
        replace(made, name="FINANCES", colour="#654321", hotkey="g", directed=False),
    )
    assert operations.delete_relation_type(corpus, history, changed).relation_types == {made.id}
    assert list_relation_types(corpus) == before
    done = history.undo(corpus)  # the delete undone: the type is back, under its id
    assert done is not None
    assert done[1].relation_types == {made.id}
    assert list_relation_types(corpus)[-1] == changed  # the very row: id, fields, version
    history.undo(corpus)  # the rename, recolour, new key and direction undone
    back = list_relation_types(corpus)[-1]
    assert (back.id, back.name, back.colour, back.hotkey, back.directed) == (
        made.id, "FUNDS", "#123456", "f", True,
    )  # fmt: skip
    history.undo(corpus)  # the add undone
    assert list_relation_types(corpus) == before
    for _ in range(3):
        history.redo(corpus)
    assert list_relation_types(corpus) == before
    history.undo(corpus)
    assert list_relation_types(corpus)[-1].name == "FINANCES"
    # A type made after all this gets a new id: the undone one's stays its own.
    newer, _ = operations.save_relation_type(
        corpus, History(), RelationTypeRecord(0, "PAYS", "#222222")
    )
    assert newer.id > made.id


def test_a_relation_type_undo_never_overwrites_what_another_writer_did(corpus: Store) -> None:
    """Undo of a save, when another window changed the type since; undo of a delete, when
    another took its name; undo of an add, when relations were drawn with it since."""
    from tagdesk.core.relations import RelationTypeRecord

    ids, mine, theirs = spans(corpus), History(), History()
    made, _ = operations.save_relation_type(corpus, mine, RelationTypeRecord(0, "FUNDS", "#123456"))
    renamed, _ = operations.save_relation_type(corpus, mine, replace(made, name="FINANCES"))
    theirs_now, _ = operations.save_relation_type(
        corpus, theirs, replace(renamed, colour="#000000")
    )
    with pytest.raises(ChangedSinceError, match="relation type"):
        mine.undo(corpus)  # my rename's undo would drop their colour
    assert list_relation_types(corpus)[-1] == theirs_now
    assert mine.index == 2

    added = History()
    operations.save_relation_type(corpus, added, RelationTypeRecord(0, "PAYS", "#123456"))
    relation = add(corpus, History(), ids["soleimani"], ids["quds"], "PAYS")
    with pytest.raises(StoreError, match="PAYS is used by 1 relation"):
        added.undo(corpus)  # the add's undo would leave the relation without its type
    assert [r.id for r in document_relations(corpus, 1)] == [relation]
    assert list_relation_types(corpus)[-1].name == "PAYS"

    history = History()
    gone = next(t for t in list_relation_types(corpus) if t.name == "DECLARED")
    operations.delete_relation_type(corpus, history, gone)
    operations.save_relation_type(corpus, History(), RelationTypeRecord(0, "DECLARED", "#111111"))
    with pytest.raises(StoreError, match="a relation type named DECLARED already exists"):
        history.undo(corpus)
    assert [t.colour for t in list_relation_types(corpus) if t.name == "DECLARED"] == ["#111111"]
    assert history.index == 1


def test_relation_records_compare_with_what_the_store_reads(corpus: Store) -> None:
    """A record read twice is the same record: undo's snapshots compare as equal."""
    ids = spans(corpus)
    add(corpus, History(), ids["soleimani"], ids["quds"], "COMMANDS")
    first = document_relations(corpus, 1)
    assert first == document_relations(corpus, 1)
    assert isinstance(first[0], RelationRecord)
    assert first[0].meta is None


def test_undoing_a_span_another_writer_related_since_is_refused_and_keeps_both(
    corpus: Store,
) -> None:
    """Undo of an added span would delete it; a colleague's relation on it keeps it there."""
    from tagdesk.core.records import SpanRecord
    from tagdesk.store.bulk import take_ids

    history = History()
    ids = spans(corpus)

    def build() -> ChangeSet:
        (span_id,) = take_ids(corpus, "span", 1)
        record = SpanRecord(span_id, 1, 67, 74, 1, "accepted", annotator="rana")
        return ChangeSet(
            "Add span", spans_before=((span_id, None),), spans_after=((span_id, record),)
        )

    history.do(corpus, build)
    added = max(s.id for s in document_spans(corpus, 1))
    with open_store(corpus.target) as other:
        operations.add_relation(
            other, History(), 1, ids["abadi"], added, type_id(other, "MET"), annotator="b"
        )
    with pytest.raises(StoreError, match=f"span {added} of document 1 is in 1 relation drawn"):
        history.undo(corpus)
    assert added in {s.id for s in document_spans(corpus, 1)}
    assert [(r.head, r.child) for r in document_relations(corpus, 1)] == [(ids["abadi"], added)]
    assert history.index == 1
