"""A call of each public function of tagdesk.store that takes a Store, and two stores for it.

`CALLS` maps "module.name" to a function of the store that calls it and
returns what it read. The two stores hold different documents, labels,
tags, settings and tokens, so a call that read or wrote the other store
returns or leaves something else. test_two_stores.py checks that every
such function of the store has an entry here.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tagdesk.core.entities import EntityRecord
from tagdesk.core.errors import ChangedSinceError, TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import DocumentState, LabelRecord, SpanRecord
from tagdesk.core.relations import IncomingRelation, RelationTypeRecord
from tagdesk.core.reviewed import TrainedModel
from tagdesk.core.text import text_sha256
from tagdesk.core.tokens import Tokenizer, Tokens
from tagdesk.core.word_boundaries import word_boundaries
from tagdesk.store import (
    Store,
    agreement_data,
    assignments,
    bulk,
    change_notices,
    counts,
    document_list,
    editing,
    entities,
    entity_actions,
    entity_linking,
    entity_mentions,
    entity_merges,
    entity_network,
    entity_schema,
    imported_relations,
    importing,
    labels,
    list_keys,
    list_pages,
    operations,
    own_edits,
    prepared_tokens,
    reading,
    relation_actions,
    relation_presence,
    relation_schema,
    relation_type_actions,
    relation_types,
    relations,
    reviewed,
    schema,
    search,
    settings,
    shown_changes,
    statistics,
    suggested_relations,
    suggestions,
    team_version,
    tokens,
    trained_models,
    versions,
    views,
    vocab,
)
from tagdesk.store.change_sets import History
from tagdesk.store.document_list import ListQuery
from tagdesk.store.entity_actions import EntityDraft

# Store "a" and store "b": what each holds, told apart in every table a call reads.
TEXTS = {
    "a": [
        "Alpha Ahmed met Abadi in Baghdad on Monday.",
        "Another article about Ankara and the Assembly.",
        "A third text, still to do, about Aleppo.",
    ],
    "b": ["Berlin and Bonn hosted Brandt.", "Bremen: the Bundestag met in Berlin."],
}
EXTRA_LABEL = {"a": "ALPHA", "b": "BETA"}  # label 19: unused in a, used in b
WORDS = Tokenizer("words/test", word_boundaries)  # a tokenizer without spaCy: the store takes any


def build(path: Path, which: str) -> None:
    """Fill a new database as store `which` ("a" or "b")."""
    from tagdesk.store import open_store

    texts = TEXTS[which]
    extra = EXTRA_LABEL[which]
    with open_store(path) as store:
        labels.save_label(store, LabelRecord(0, extra, "#336699"))
        documents = [
            IncomingDocument(
                text=text,
                title=f"{which} {index}",
                tags=[f"{which}-tag", f"{which}-{index}"],
                spans=[
                    IncomingSpan(
                        0,
                        len(text.split()[0]),
                        "PERSON",
                        status="suggested",
                        meta={"score": 0.5 if which == "a" else 0.25},
                    ),
                    IncomingSpan(
                        len(text.split()[0]) + 1,
                        len(" ".join(text.split()[:2])),
                        "GPE" if which == "a" else extra,
                        tags=[f"{which}-span"],
                        group="ents" if which == "a" else "",
                    ),
                ],
                tokens_from="conll",
            )
            for index, text in enumerate(texts)
        ]
        documents[0].tokens = [(0, 5, True), (6, len(texts[0]), False)] if which == "a" else None
        importing.import_documents(store, documents, annotator=which, source="build")
        link, _ = operations.save_relation_type(  # type 7, used by relation 1
            store, History(), RelationTypeRecord(0, f"{which.upper()}_LINK", "#123456")
        )
        operations.add_relation(store, History(), 1, 1, 2, link.id, annotator=which, note=which)
        settings.set_setting(store, "k", which)
        settings.choose_model(store, f"model-{which}")
        settings.set_preannotates_imports(store, which == "a")
        settings.set_tab_suggestions_only(store, which == "b")
        settings.set_suggests_phrases(store, which == "a")
        last = len(texts)
        state = editing.document_state(store, last)
        editing.apply_document_state(
            store, DocumentState(last, "done", state.tags), replacing=state
        )


_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?|datetime\.datetime\([^)]*\)")


def normal(value: object) -> str:
    """What a call returned, with the times of day (which differ from run to run) left out."""
    return _TIME.sub("<time>", repr(value))


def dump(path: Path) -> dict[str, list[str]]:
    """Every row of every table, read through a connection of its own, times left out."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        found = {
            table: sorted(normal(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            for table in tables
        }
        found["(triggers)"] = sorted(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        )
        return found
    finally:
        connection.close()


def _document(store: Store, text: str) -> tuple[Any, ...]:
    stamp = bulk.timestamp(store, datetime(2020, 1, 1))
    return (text, "new", "", "{}", text_sha256(text), "todo", stamp, stamp)


def _rows(store: Store) -> object:
    with store.write_transaction():
        rows = bulk.Rows(store)
        document_id = rows.add_document(_document(store, "Zebra crossing text."))
        rows.add_span((document_id, 0, 5, 1, "s", "accepted", "", "x", "{}", "t", "t", ""), False)
        rows.count_changes.append((1, 1, 0))  # the count triggers are in place: counts of 1
        rows.document_tags.append((document_id, 1))
        rows.flush()
    return document_id


def _triggers_set_aside(store: Store) -> object:
    with store.write_transaction(), bulk.insert_triggers_set_aside(store) as new_ids:
        rows = bulk.Rows(store)
        new_ids.append(rows.add_document(_document(store, "Zebra crossing text.")))
        rows.new_counts.append((new_ids[-1], 0, 0))
        rows.flush()
    return document_list.document_ids(store, ListQuery(search="zebra"))


def _recount(store: Store) -> object:
    store.execute("UPDATE document_counts SET accepted = 7")
    counts.recount(store)
    return counts.counts(store, [1, 2, 3])


def _refresh_list_keys(store: Store) -> object:
    store.execute("UPDATE document_counts SET least_score = -1, tag_key = 'stale'")
    list_keys.refresh(store)
    return store.execute(
        "SELECT document_id, least_score, tag_key FROM document_counts ORDER BY 1"
    ).fetchall()


def _log_rule_relations(store: Store) -> object:
    store.execute("DELETE FROM relation_suggestion_log")
    store.execute("UPDATE relation SET source = 'rules:m@1'")  # as if the rules made them
    added = suggested_relations.log_rule_relations(store)
    return added, store.execute("SELECT * FROM relation_suggestion_log ORDER BY 1").fetchall()


def _create_triggers(store: Store) -> object:
    for name in counts.TRIGGERS:
        store.execute(f'DROP TRIGGER "{name}"')
    counts.create_triggers(store)
    return None


def _checked_update(store: Store) -> object:
    """Label 19 at version 1 is changed; a second change made on version 1 is refused."""
    version = versions.checked_update(store, "label", 19, 1, "colour = ?", ("#000000",))
    try:
        versions.checked_update(store, "label", 19, 1, "colour = ?", ("#111111",))
    except ChangedSinceError as error:
        return version, (error.kind, error.row_id), labels.list_labels(store)
    return "not refused"


def _create_version_triggers(store: Store) -> object:
    for table in versions.VERSIONED:
        store.execute(f'DROP TRIGGER "{table}_version"')
    versions.create_triggers(store)
    return None


def _create_index(store: Store) -> object:
    store.execute(f"DROP TABLE {search.TABLE}")
    for name in search.TRIGGERS:
        store.execute(f'DROP TRIGGER "{name}"')
    created = search.create_index(store)
    return created, document_list.document_ids(store, ListQuery(search="met"))


def _index_range(store: Store) -> object:
    """The index forgets document 1, then index_range gives it back."""
    table = search.TABLE
    store.execute(
        f"INSERT INTO {table} ({table}, rowid, text) "
        "SELECT 'delete', id, text FROM document WHERE id = 1"
    )
    search.index_range(store, 1, 1)
    return document_list.document_ids(store, ListQuery(search="met"))


def _backup(store: Store) -> object:
    return dump(schema.backup_sqlite(store, 7))


def _refused(call: Callable[[], object]) -> object:
    try:
        return call()
    except TagdeskError as error:
        return f"refused: {error}"


def _span_states(store: Store) -> object:
    new = SpanRecord(100, 1, 0, 5, 19, "accepted", tags=("fresh",), created_at="2020-01-01")
    first = editing.document_spans(store, 1)[0]
    moved = replace(first, end=first.end - 1)
    return editing.apply_span_states(
        store, [(100, new), (first.id, moved)], replacing=[(100, None), (first.id, first)]
    )


def _document_state(store: Store) -> object:
    before = editing.document_state(store, 1)
    after = DocumentState(1, "done", ("fresh", *before.tags[1:]))
    editing.apply_document_state(store, after, replacing=before)
    return editing.document_state(store, 1)


def _label_ids(store: Store) -> object:
    with store.write_transaction():
        ids = vocab.LabelIds(store)
        return sorted(ids.by_name.items()), ids.get("ZED"), ids.get(EXTRA_LABEL["a"])


def _tag_ids(store: Store) -> object:
    with store.write_transaction():
        ids = vocab.TagIds(store)
        return ids.get("a-tag"), ids.get("b-tag"), ids.get("fresh")


def _import(store: Store) -> object:
    return importing.import_documents(
        store,
        [
            IncomingDocument(
                text="A new text about Zagreb.",
                spans=[IncomingSpan(17, 23, "CITY")],
                tags=["a-tag"],
            ),
            IncomingDocument(text=TEXTS["a"][0], spans=[IncomingSpan(0, 5, "ORG")]),
        ],
        annotator="z",
        source="call",
    )


def _keep_data_tokens(store: Store) -> object:
    with store.write_transaction():
        return tokens.keep_data_tokens(
            store,
            {1: ("conll", Tokens.of([(0, 3, True)])), 2: ("conll", Tokens.of([(0, 4, True)]))},
        )


def _add_suggestions(store: Store) -> object:
    found = [
        FoundEntities(1, ((0, 5, "PERSON"), (6, 11, "ORG"), (0, 5, "NEWS"))),
        FoundEntities(2, ((0, 6, "GPE"),)),
    ]
    return suggestions.add_suggestions(store, found, "model@1")


def _add_suggested_relations(store: Store, *, alone: bool) -> object:
    found = [
        FoundEntities(
            1, ((0, 5, "PERSON"), (6, 11, "ORG")), relations=((0, 1, "COMMANDS"), (1, 0, "MET"))
        )
    ]
    if alone:
        suggestions.add_suggestions(store, [FoundEntities(1, found[0].entities)], "model@1")
        with store.write_transaction():
            added = suggested_relations.add_suggested_relations(
                store,
                found,
                "rules:model@1",
                vocab.LabelIds(store).by_name,
                store.dialect.timestamp(datetime(2026, 1, 1)),
            )
    else:
        added = suggestions.add_suggestions_and_relations(store, found, "model@1")
    rows = store.execute(
        "SELECT document_id, type_id, head_span_id, child_span_id, status, source FROM relation "
        "ORDER BY id"
    ).fetchall()
    return added, rows


def _relation_types(store: Store) -> object:
    """The types, with one named after the store's own label."""
    (extra,) = store.execute("SELECT name FROM label WHERE id = 19").fetchone()
    store.execute(
        "INSERT INTO relation_type (name, colour, hotkey, directed, heads, children, "
        "description, position) VALUES (?, '#336699', '', 1, '[]', '[]', '', 9)",
        (f"NEAR_{extra}",),
    )
    return sorted(suggested_relations.relation_types_by_name(store))


def _create_schema_again(store: Store) -> object:
    """Refused on a database that has its tables, in one line without the location."""
    try:
        schema.create_schema(store)
    except TagdeskError as error:
        return str(error).split(": ", 1)[1]
    return None


def _trained(store: Store) -> object:
    version = trained_models.reserve_version(store)
    trained_models.record_trained_model(
        store,
        TrainedModel(
            version, "/models/v", "m_tagdesk@1", "m", "m@1", "2026-01-01T00:00:00Z",
            len(document_list.document_ids(store, ListQuery())), 1, "done", 1, {}, {},
        ),
    )  # fmt: skip
    return trained_models.trained_models(store)


def _relation(store: Store) -> Any:
    return relations.document_relations(store, 1)[0]


def _relation_actions(store: Store, action: str) -> object:
    """A relation action's change-set, built in one transaction as History.do builds it."""
    shown = _relation(store)
    builds: dict[str, Callable[[], object]] = {
        "add_relation": lambda: relation_actions.add_relation(
            store, 1, 2, 1, 7, annotator="z", note="back"
        ),
        "edit_relation": lambda: relation_actions.edit_relation(
            store, shown, replace(shown, note="edited", head=shown.child, child=shown.head)
        ),
        "delete_relations": lambda: relation_actions.delete_relations(store, [shown]),
        "swap_relation": lambda: relation_actions.swap_relation(store, shown, annotator="z"),
    }
    with store.write_transaction():
        return _refused(builds[action])


def _relation_operation(store: Store, name: str) -> object:
    history = History()
    shown = _relation(store)
    calls: dict[str, Callable[[], object]] = {
        "add_relation": lambda: operations.add_relation(
            store, history, 1, 2, 1, 7, annotator="z", status="suggested"
        ),
        "edit_relation": lambda: operations.edit_relation(
            store, history, shown, replace(shown, status="rejected")
        ),
        "delete_relations": lambda: operations.delete_relations(store, history, [shown]),
        "swap_relation": lambda: operations.swap_relation(store, history, shown, annotator="z"),
        "save_relation_type": lambda: (
            operations.save_relation_type(
                store, history, RelationTypeRecord(0, "NEWREL", "#123456")
            ),
            _refused(
                lambda: operations.save_relation_type(
                    store, history, RelationTypeRecord(0, "A_LINK", "#123456")
                )
            ),
            history.undo(store),
            history.redo(store),
        ),
        "delete_relation_type": lambda: (
            operations.delete_relation_type(store, history, _kind(store, 1)),
            history.undo(store),
            history.redo(store),
            operations.delete_relation_type(store, history, _kind(store, 7)),  # used: refused
        ),
    }
    result = _refused(calls[name])
    return result, relations.document_relations(store, 1), relation_types.list_relation_types(store)


def _refused_as(call: Callable[[], object]) -> object:
    """What the call returns, or the kind of error it was refused with (its line names
    the store's place, which differs between the runs compared)."""
    try:
        return call()
    except TagdeskError as error:
        return f"refused: {type(error).__name__}"


def _kind(store: Store, type_id: int) -> RelationTypeRecord:
    found = relation_types.relation_type(store, type_id)
    assert found is not None
    return found


def _relation_type_actions(store: Store, action: str) -> object:
    """A relation type's change-set, built in one transaction as History.do builds it."""
    builds: dict[str, Callable[[], object]] = {
        "save_relation_type": lambda: (
            relation_type_actions.save_relation_type(
                store, replace(_kind(store, 7), name="B_LINK", hotkey="q")
            ),
            relation_type_actions.save_relation_type(store, RelationTypeRecord(0, "X", "#1")),
            _refused_as(
                lambda: relation_type_actions.save_relation_type(
                    store, replace(_kind(store, 7), version=99)
                )
            ),
        ),
        "delete_relation_type": lambda: (
            relation_type_actions.delete_relation_type(store, _kind(store, 1)),
            _refused(lambda: relation_type_actions.delete_relation_type(store, _kind(store, 7))),
            _kind(store, 7),  # each store's own
        ),
    }
    with store.write_transaction():
        return builds[action]()


def _relation_type_states(store: Store) -> object:
    """A type put back under a new id, another changed, one refused as stale."""
    kind = _kind(store, 1)
    linked = replace(_kind(store, 7), colour="#abcdef", heads=("PERSON",))
    with store.write_transaction():
        written = relation_types.apply_relation_type_states(
            store,
            [(1, None), (20, replace(kind, id=20, name="AGAIN", hotkey="")), (7, linked)],
            replacing=[(1, kind), (20, None), (7, _kind(store, 7))],
        )
    stale = _refused_as(
        lambda: relation_types.apply_relation_type_states(
            store, [(20, None)], replacing=[(20, replace(kind, id=20, version=5))]
        )
    )
    return written, stale, relation_types.list_relation_types(store)


def _relation_states(store: Store) -> object:
    shown = _relation(store)
    with store.write_transaction():
        written = relations.apply_relation_states(
            store, [(shown.id, replace(shown, note="states"))], replacing=[(shown.id, shown)]
        )
    return written, relations.document_relations(store, 1)


def _relation_type_ids(store: Store) -> object:
    with store.write_transaction():
        ids = relation_types.RelationTypeIds(store)
        return ids.get("A_LINK"), ids.get("NEW_ONE", directed=False), ids.added


def _relation_rows(store: Store) -> object:
    """An import's relations: one back from span 2 to span 1, which the store holds."""
    with store.write_transaction():
        rows = imported_relations.RelationRows(
            store, bulk.timestamp(store, datetime(2020, 1, 1)), "z", "call"
        )
        first, second = editing.document_spans(store, 1)[:2]
        held = [
            rows.present_span(1, (span.start, span.end, span.label_id), (span.annotator,))
            for span in (first, second)
        ]
        incoming = IncomingDocument(
            text=TEXTS["a"][0],
            spans=[IncomingSpan(s.start, s.end, "PERSON") for s in (first, second)],
            relations=[IncomingRelation(1, 0, "BACK", directed=False)],
        )
        rows.queue(1, incoming, held)
        rows.write()
        found = rows.added, rows.types.added, rows.warnings()
    return found, relations.document_relations(store, 1)


def _first_word(store: Store) -> str:
    text = store.execute('SELECT text FROM "document" WHERE id = 1').fetchone()[0]
    return str(text.split()[0])


def _linked_entity(store: Store) -> EntityRecord:
    """An entity named after the first word, linked to span 1 (PERSON): a's Alpha, b's Berlin."""
    record, _ = operations.create_entity(store, History(), EntityDraft(_first_word(store), 1))
    operations.link_spans(store, History(), [1], record.id)
    found = entities.entity(store, record.id)
    assert found is not None
    return found


def _in_write(store: Store, call: Callable[[], object]) -> object:
    with store.write_transaction():
        return call()


def _entity_keys(store: Store) -> object:
    with store.write_transaction():
        keys = entities.EntityKeys(store)
        made = keys.get("new-key", 1, "", _first_word(store))
        keys.finish()
    return made, entities.entities(store)


def _entity_states(store: Store) -> object:
    made = _linked_entity(store)
    assert made is not None
    renamed = replace(made, name=made.name + " II")
    with store.write_transaction():
        entities.apply_entity_states(
            store,
            [(made.id, renamed)],
            replacing=[(made.id, made)],
            removing=False,
        )
    return entities.entities(store)


def _actions(store: Store, action: str) -> object:
    """An entity action's change-set, built and written in one transaction as History.do does."""
    made = _linked_entity(store)
    key = made.key
    builds: dict[str, Callable[[], object]] = {
        "find": lambda: entity_actions.find(store, key),
        "create": lambda: entity_actions.create(store, EntityDraft("Zed " + _first_word(store), 1)),
        "edit": lambda: entity_actions.edit(store, replace(made, description="d")),
        "link": lambda: entity_actions.link(store, [1], made.id),
        "unlink": lambda: entity_actions.unlink(store, [1]),
        "merge": lambda: _refused(lambda: entity_actions.merge(store, key, key)),
        "split": lambda: entity_actions.split(store, key, span_ids=[1]),
        "apply_plan": lambda: entity_actions.apply_plan(
            store, {}, [(EntityDraft("New " + _first_word(store), 1), [4])]
        ),
    }
    with store.write_transaction():
        return _refused(builds[action])


def _operation(store: Store, name: str) -> object:
    made = _linked_entity(store)
    key = made.key
    history = History()
    other, _ = operations.create_entity(store, history, EntityDraft("Other " + key, 1))
    calls: dict[str, Callable[[], object]] = {
        "create_entity": lambda: other,
        "edit_entity": lambda: operations.edit_entity(
            store, history, replace(other, external_id="Q1")
        ),
        "link_spans": lambda: operations.link_spans(store, history, [1], other.id),
        "unlink_spans": lambda: operations.unlink_spans(store, history, [1]),
        "merge_entities": lambda: operations.merge_entities(store, history, key, other.key),
        "split_entity": lambda: operations.split_entity(store, history, key, span_ids=[1]),
        "apply_link_plan": lambda: operations.apply_link_plan(store, history, {4: other.id}, []),
    }
    result = _refused(calls[name])
    history.undo(store)
    return result, entities.summaries(store)


def _team(store: Store) -> list[SpanRecord]:
    """Documents 1 and 2 given to x and y; x accepted the first span of 1 as their own."""
    assignments.assign_documents(store, ["x", "y"], 2, [1, 2])
    first = editing.document_spans(store, 1)[0]
    own_edits.edit_spans(
        store, History(), "x", [(first, replace(first, status="accepted"))], text="Accept"
    )
    assignments.set_assignment_status(store, 1, "x", "done")
    assignments.set_assignment_status(store, 1, "y", "done")
    return editing.document_spans(store, 1)


def _own_states(store: Store) -> object:
    assignments.assign_documents(store, ["x", "y"], 2, [1])
    with store.write_transaction():
        first = editing.document_spans(store, 1)[0]
        return own_edits.own_states(store, "x", [(first, None)])


def _merge_change(store: Store) -> object:
    """The change-set of a merge, built in a write transaction as History.do builds it."""
    made = _linked_entity(store)
    other, _ = operations.create_entity(store, History(), EntityDraft("Other " + made.key, 1))
    return _in_write(store, lambda: entity_merges.merge_many(store, other.key, [made.key]))


def _merge_several(store: Store) -> object:
    made = _linked_entity(store)
    history = History()
    other, _ = operations.create_entity(store, history, EntityDraft("Other " + made.key, 1))
    entity_merges.merge_entities_into(store, history, made.key, [other.key])
    return entities.entities(store)


CALLS: dict[str, Callable[[Store], object]] = {
    "relation_types.list_relation_types": relation_types.list_relation_types,
    "relation_presence.holds_relations": lambda s: (
        relation_presence.holds_relations(s, ("accepted",)),
        relation_presence.holds_relations(s, ("rejected", "suggested")),
    ),
    "relation_types.relation_type": lambda s: relation_types.relation_type(s, 7),
    "relation_types.RelationTypeIds": _relation_type_ids,
    "relation_types.apply_relation_type_states": lambda s: _refused(
        lambda: _relation_type_states(s)
    ),
    **{
        f"relation_type_actions.{name}": (
            lambda action: lambda s: _relation_type_actions(s, action)
        )(name)
        for name in ("save_relation_type", "delete_relation_type")
    },
    "imported_relations.RelationRows": _relation_rows,
    "relations.listed_relations": lambda s: (
        relations.listed_relations(s),
        relations.listed_relations(s, 2),
    ),
    "relation_types.relation_type_uses": lambda s: {
        relation_types.relation_type(s, i): uses
        for i, uses in relation_types.relation_type_uses(s).items()
    },
    "views.relations_for_view": lambda s: (
        _team(s),
        [views.relations_for_view(s, 1, "y", view) for view in ("own", "all", "x")],
    ),
    "relations.document_relations": lambda s: relations.document_relations(s, 1),
    "relations.relations_touching": lambda s: relations.relations_touching(s, [2, 4]),
    "relations.relations_with_ids": lambda s: relations.relations_with_ids(s, [1, 2]),
    "relations.take_relation_ids": lambda s: _in_write(
        s, lambda: (relations.take_relation_ids(s, 2), _relation(s))
    ),
    "relations.apply_relation_states": _relation_states,
    **{
        f"relation_actions.{name}": (lambda action: lambda s: _relation_actions(s, action))(name)
        for name in ("add_relation", "edit_relation", "delete_relations", "swap_relation")
    },
    **{
        f"operations.{name}": (lambda call: lambda s: _relation_operation(s, call))(name)
        for name in (
            "add_relation",
            "edit_relation",
            "delete_relations",
            "swap_relation",
            "save_relation_type",
            "delete_relation_type",
        )
    },
    "agreement_data.documents_by_pair": lambda s: (
        _team(s),
        agreement_data.documents_by_pair(s, WORDS),
        agreement_data.documents_by_pair(s, WORDS, finished=False),
    ),
    "agreement_data.spans_by_pair": lambda s: (
        _team(s),
        agreement_data.spans_by_pair(s),
        agreement_data.spans_by_pair(s, finished=False),
    ),
    "assignments.assign_documents": lambda s: (
        assignments.assign_documents(s, ["x", "y", "z"], 2),
        assignments.assignments_of(s, 3),
    ),
    "assignments.assignment_counts": lambda s: (_team(s), assignments.assignment_counts(s)),
    "assignments.assignment_statuses": lambda s: (
        _team(s),
        assignments.assignment_statuses(s, [1, 2, 3]),
    ),
    "assignments.assignments_of": lambda s: (_team(s), assignments.assignments_of(s, 1)),
    "assignments.documents_of": lambda s: (
        _team(s),
        assignments.documents_of(s, "x"),
        assignments.documents_of(s, "y", "todo"),
    ),
    "assignments.is_shared": lambda s: (
        assignments.assign_documents(s, ["x", "y"], 2, [2]),
        [assignments.is_shared(s, i) for i in (1, 2, 3)],
    ),
    "assignments.set_assignment_status": lambda s: (_team(s), assignments.assignments_of(s, 1)),
    "assignments.apply_assignment_states": lambda s: (
        assignments.assign_documents(s, ["x", "y"], 2, [1]),
        _in_write(
            s,
            lambda: assignments.apply_assignment_states(
                s,
                [assignments.AssignmentState(1, "x", "done")],
                replacing=[assignments.AssignmentState(1, "x", "todo")],
            ),
        ),
        assignments.assignments_of(s, 1),
    ),
    "operations.set_my_status": lambda s: (
        assignments.assign_documents(s, ["x", "y"], 2, [2]),
        operations.set_my_status(s, History(), 2, "y", "done", "todo"),
        assignments.assignments_of(s, 2),
    ),
    "own_edits.edit_spans": _team,
    "own_edits.own_states": _own_states,
    "views.spans_for_view": lambda s: (
        _team(s),
        [views.spans_for_view(s, 1, "y", view) for view in ("own", "all", "x")],
    ),
    "views.counts_in_view": lambda s: (
        _team(s),
        [views.counts_in_view(s, [1, 2, 3], "y", view) for view in ("own", "all", "x", "gold")],
    ),
    "views.annotators_of": lambda s: (_team(s), views.annotators_of(s, 1)),
    "views.has_gold": views.has_gold,
    "views.known_annotators": lambda s: (_team(s), views.known_annotators(s)),
    "bulk.timestamp": lambda s: bulk.timestamp(s, datetime(2020, 1, 1)),
    "bulk.Rows": _rows,
    "bulk.rows_for": lambda s: bulk.rows_for(s).document_ids.next,
    "bulk.insert_triggers_set_aside": _triggers_set_aside,
    "bulk.present_spans": lambda s: sorted(bulk.present_spans(s, 1)),
    "bulk.documents_by_digest": lambda s: bulk.documents_by_digest(
        s, [text_sha256(TEXTS["a"][1]), text_sha256(TEXTS["b"][0])]
    ),
    "change_notices.listens": change_notices.listens,
    "counts.create_tables": counts.create_tables,
    "reviewed.reviewed_documents": lambda s: (
        reviewed.reviewed_documents(s, "all"),
        _team(s),
        [reviewed.reviewed_documents(s, "all", view) for view in (None, "x")],
    ),
    "reviewed.accepted_phrases": lambda s: (
        reviewed.accepted_phrases(s),
        _team(s),
        [reviewed.accepted_phrases(s, view) for view in (None, "x", "y")],
    ),
    "reviewed.documents_for_phrases": lambda s: (
        reviewed.documents_for_phrases(s),
        _team(s),
        reviewed.documents_for_phrases(s),
    ),
    "team_version.check_view": lambda s: (
        _refused(lambda: team_version.check_view(s, "x")),
        _team(s),
        team_version.check_view(s, "x"),
        _refused(lambda: team_version.check_view(s, "gold")),
    ),
    "team_version.versions": lambda s: (
        _team(s),
        [team_version.versions(s, view) for view in (None, "x", "y")],
    ),
    "team_version.status_sql": lambda s: (
        team_version.status_sql(s, None),
        _team(s),
        [team_version.status_sql(s, view) for view in (None, "x")],
    ),
    "team_version.changed_documents": lambda s: (
        team_version.changed_documents(s, None),
        _team(s),
        team_version.changed_documents(s, None),
    ),
    "reviewed.add_phrase_suggestions": lambda s: reviewed.add_phrase_suggestions(
        s, [FoundEntities(1, ((16, 21, "PERSON"),))]
    ),
    "reviewed.create_phrase_suggestions": lambda s: reviewed.create_phrase_suggestions(
        s, [FoundEntities(1, ((16, 21, "PERSON"),))]
    ),
    "reviewed.log_suggestions": lambda s: reviewed.log_suggestions(s, [(1, 0, 5, 1, "phrases")]),
    "reviewed.unlog_suggestions": lambda s: (
        reviewed.log_suggestions(s, [(1, 0, 5, 1, "phrases"), (1, 6, 9, 1, "phrases")]),
        reviewed.unlog_suggestions(s, [(1, 0, 5, 1, "phrases")]),
    ),
    "reviewed.still_accepted": lambda s: reviewed.still_accepted(s, 1, 6, 11, 3),
    "schema.create_schema": _create_schema_again,
    "trained_models.reserve_version": trained_models.reserve_version,
    "trained_models.record_trained_model": _trained,
    "trained_models.trained_models": _trained,
    "counts.create_triggers": _create_triggers,
    "counts.recount": _recount,
    "list_keys.add_columns": list_keys.add_columns,
    "list_keys.create_triggers": list_keys.create_triggers,
    "list_keys.refresh": _refresh_list_keys,
    "counts.counts": lambda s: counts.counts(s, [1, 2, 3]),
    "document_list.document_ids": lambda s: (
        [
            document_list.document_ids(s, ListQuery(sort=sort, descending=True))
            for sort in document_list.SORT_KEYS
        ]
        + [
            document_list.document_ids(s, ListQuery(label_id=19)),
            document_list.document_ids(s, ListQuery(tag="a-tag", status="todo", search="met")),
            document_list.document_ids(s, ListQuery(done_on="2026-03-01", given_to="x")),
            document_list.document_ids(s, ListQuery(spans_by="x", sort="title")),
        ]
    ),
    "document_list.list_plan": lambda s: document_list.list_plan(s, ListQuery(search="met")),
    "list_pages.first_page": lambda s: [
        list_pages.first_page(s, ListQuery(sort=sort, descending=True), 2)
        for sort in document_list.SORT_KEYS
    ],
    "list_pages.first_page_size": list_pages.first_page_size,
    "list_pages.ids_after": lambda s: [
        list_pages.ids_after(s, ListQuery(sort=sort), list_pages.After(0, 0))
        for sort in ("id", "accepted", "suggested")
    ],
    "document_list.document_rows": lambda s: (
        document_list.document_rows(s, [1, 2, 3]),
        _team(s),
        document_list.document_rows(s, [1, 2, 3], viewer="x", view="own"),
    ),
    "document_list.document_info": lambda s: document_list.document_info(s, 1),
    "document_list.next_open_document": lambda s: document_list.next_open_document(s, 1),
    "document_list.corpus_progress": document_list.corpus_progress,
    "document_list.data_version": lambda s: type(document_list.data_version(s)),
    "document_list.find_occurrences": lambda s: document_list.find_occurrences(s, "e"),
    "editing.documents_to_do": lambda s: editing.documents_to_do(s, [1, 2, 3]),
    "editing.document_spans": lambda s: editing.document_spans(s, 1),
    "editing.create_span": lambda s: editing.create_span(s, 2, 0, 3, 19, annotator="c"),
    "editing.apply_span_states": _span_states,
    "editing.stored_meta": lambda s: editing.stored_meta(
        s, [span.id for span in editing.document_spans(s, 1)]
    ),
    "editing.document_state": lambda s: editing.document_state(s, 2),
    "editing.apply_document_state": _document_state,
    "editing.document_tag_names": lambda s: editing.document_tag_names(s, 2),
    "importing.import_documents": _import,
    "labels.list_labels": labels.list_labels,
    "labels.save_label": lambda s: _refused(
        lambda: (
            labels.save_label(s, LabelRecord(0, "NEWLABEL", "#123456")),
            labels.save_label(s, LabelRecord(0, "ALPHA", "#123456")),  # a has it: refused
            labels.save_label(s, LabelRecord(19, "RENAMED", "#654321", position=19, version=1)),
        )
    ),
    "labels.delete_label": lambda s: _refused(lambda: labels.delete_label(s, 19)),
    "operations.save_label": lambda s: _refused(
        lambda: (
            operations.save_label(s, LabelRecord(0, "NEWLABEL", "#123456")),
            operations.save_label(s, LabelRecord(0, "ALPHA", "#123456")),  # a has it: refused
        )
    ),
    "operations.delete_label": lambda s: _refused(lambda: operations.delete_label(s, 19)),
    "operations.set_setting": lambda s: operations.set_setting(s, "k", s.location[-4:]),
    "operations.set_tab_suggestions_only": lambda s: operations.set_tab_suggestions_only(s, True),
    "operations.set_least_sure_first": lambda s: operations.set_least_sure_first(s, True),
    "operations.set_preannotates_imports": lambda s: operations.set_preannotates_imports(s, False),
    "operations.choose_model": lambda s: operations.choose_model(s, "other"),
    "operations.set_suggests_phrases": lambda s: operations.set_suggests_phrases(s, False),
    "prepared_tokens.stored_tokens": lambda s: prepared_tokens.stored_tokens(s, 1),
    "prepared_tokens.documents_without_tokens": lambda s: prepared_tokens.documents_without_tokens(
        s, [3, 1, 2]
    ),
    "prepared_tokens.all_documents_without_tokens": prepared_tokens.all_documents_without_tokens,
    "prepared_tokens.prepare_tokens": lambda s: (
        prepared_tokens.prepare_tokens(s, [2, 1], WORDS),
        prepared_tokens.stored_tokens(s, 2),
    ),
    "reading.label_names": reading.label_names,
    "reading.tag_names": reading.tag_names,
    "reading.document_tag_names_in_use": reading.document_tag_names_in_use,
    "reading.stats": lambda s: (
        reading.stats(s),
        _team(s),
        reading.stats(s),
        reading.stats(s, "x"),
    ),
    "reading.has_span_groups": reading.has_span_groups,
    "reading.count_export_documents": lambda s: reading.count_export_documents(
        s, document_statuses=["todo"]
    ),
    "reading.export_document_ids": lambda s: reading.export_document_ids(
        s, document_statuses=["todo"]
    ),
    "reading.iter_export_documents": lambda s: list(
        reading.iter_export_documents(s, span_statuses=["accepted", "suggested"])
    ),
    "schema.read_version": schema.read_version,
    "schema.write_version": lambda s: schema.write_version(s, schema.SCHEMA_VERSION),
    "schema.ensure": lambda s: schema.ensure(
        s, migrations=schema.MIGRATIONS, current=schema.SCHEMA_VERSION
    ),
    "schema.backup_sqlite": _backup,
    "search.create_index": _create_index,
    "search.has_index": search.has_index,
    "search.lacks_server_index": search.lacks_server_index,
    "search.index_range": _index_range,
    "search.matching_ids_condition": lambda s: search.matching_ids_condition(s, "met", "d.id"),
    "settings.get_setting": lambda s: settings.get_setting(s, "k"),
    "settings.set_setting": lambda s: (
        settings.set_setting(s, "k", None),
        settings.set_setting(s, "new", "value"),
    ),
    "settings.chosen_model": settings.chosen_model,
    "settings.least_sure_first": settings.least_sure_first,
    "settings.set_least_sure_first": lambda s: settings.set_least_sure_first(s, True),
    "settings.choose_model": lambda s: settings.choose_model(s, "other"),
    "settings.preannotates_imports": settings.preannotates_imports,
    "settings.set_preannotates_imports": lambda s: settings.set_preannotates_imports(s, False),
    "settings.tab_suggestions_only": settings.tab_suggestions_only,
    "settings.suggests_phrases": settings.suggests_phrases,
    "settings.set_suggests_phrases": lambda s: settings.set_suggests_phrases(s, False),
    "settings.set_tab_suggestions_only": lambda s: settings.set_tab_suggestions_only(s, True),
    "shown_changes.commits_by_others": lambda s: type(shown_changes.commits_by_others(s)),
    "shown_changes.seen_now": shown_changes.seen_now,
    "shown_changes.changes_from": lambda s: shown_changes.changes_from(
        s, shown_changes.Shown(document=DocumentState(1, "todo")), shown_changes.Seen()
    ),
    "statistics.statistics": statistics.statistics,
    "entity_network.entity_network": lambda s: (
        _linked_entity(s),
        entity_network.entity_network(s),
    ),
    "entity_network.mentions_in": lambda s: entity_network.mentions_in(s, _linked_entity(s).id),
    "statistics.document_strips": lambda s: statistics.document_strips(s, [1, 2, 3]),
    "suggestions.documents_to_preannotate": lambda s: (
        suggestions.documents_to_preannotate(s, "all"),
        _refused(lambda: suggestions.documents_to_preannotate(s, "documents", [3])),
    ),
    "suggestions.iter_texts": lambda s: list(suggestions.iter_texts(s, [1, 2, 3])),
    "suggestions.add_suggestions": _add_suggestions,
    "suggestions.add_suggestions_and_relations": lambda s: _add_suggested_relations(s, alone=False),
    "suggested_relations.add_suggested_relations": lambda s: _add_suggested_relations(
        s, alone=True
    ),
    "suggested_relations.relation_types_by_name": _relation_types,
    "suggested_relations.log_rule_relations": _log_rule_relations,
    "tokens.document_tokens": lambda s: tokens.document_tokens(s, 2, WORDS),
    "tokens.tokens_for": lambda s: tokens.tokens_for(
        s, [(1, TEXTS["a"][0]), (2, "Two words.")], WORDS
    ),
    "tokens.keep_data_tokens": _keep_data_tokens,
    "tokens.documents_needing_tokens": lambda s: tokens.documents_needing_tokens(
        s, [1, 2, 3], WORDS
    ),
    "tokens.keep_tokens": lambda s: (
        tokens.keep_tokens(s, [(2, tokens.encode_tokens([(0, 3, False)]))], "words/test"),
        tokens.document_tokens(s, 2, WORDS),
    ),
    "versions.add_columns": versions.add_columns,
    "versions.create_triggers": _create_version_triggers,
    "versions.checked_update": _checked_update,
    "vocab.LabelIds": _label_ids,
    "vocab.TagIds": _tag_ids,
    "bulk.take_ids": lambda s: _in_write(s, lambda: bulk.take_ids(s, "span", 2)),
    "entities.entities": lambda s: (_linked_entity(s), entities.entities(s)),
    "entities.entity": lambda s: (_linked_entity(s), entities.entity(s, 1)),
    "entities.entity_id_for_key": lambda s: entities.entity_id_for_key(
        s,
        _linked_entity(s).key,
    ),
    "entities.key_taken": lambda s: entities.key_taken(s, _linked_entity(s).key),
    "entities.new_key": lambda s: (_linked_entity(s), entities.new_key(s, _first_word(s), 1)),
    "entities.take_entity_ids": lambda s: _in_write(
        s, lambda: (_linked_entity(s), entities.take_entity_ids(s, 2))
    ),
    "entities.summaries": lambda s: (_linked_entity(s), entities.summaries(s)),
    "entities.linked_spans": lambda s: (_linked_entity(s), entities.linked_spans(s, [1])),
    "entities.spans_with_ids": lambda s: entities.spans_with_ids(s, [1, 4]),
    "entities.apply_entity_states": _entity_states,
    **{
        f"entity_actions.{name}": (lambda action: lambda s: _actions(s, action))(name)
        for name in ("find", "create", "edit", "link", "unlink", "merge", "split", "apply_plan")
    },
    "entity_mentions.entity_mentions": lambda s: entity_mentions.entity_mentions(
        s, _linked_entity(s).id
    ),
    "entity_mentions.planned_links": lambda s: (
        _linked_entity(s),
        entity_mentions.planned_links(s),
    ),
    "entity_merges.merge_many": lambda s: _merge_change(s),
    "entity_merges.merge_entities_into": _merge_several,
    "entity_schema.add_entities": lambda s: (
        entity_schema.add_entities(s),
        s.execute("SELECT COUNT(*) FROM entity").fetchone(),
    ),
    "entity_schema.create_rules": entity_schema.create_rules,
    "relation_schema.add_relations": relation_schema.add_relations,
    "relation_schema.create_rules": relation_schema.create_rules,
    "relation_schema.add_default_types": relation_schema.add_default_types,
    "entity_linking.unlinked_mentions": entity_linking.unlinked_mentions,
    "entity_linking.known_entities": lambda s: (
        _linked_entity(s),
        entity_linking.known_entities(s),
    ),
    "entity_linking.candidates": lambda s: (
        _linked_entity(s),
        entity_linking.candidates(s, _first_word(s), "PERSON"),
    ),
    "entity_linking.link_corpus": lambda s: (
        entity_linking.link_corpus(s, History()).describe(),
        entities.summaries(s),
    ),
    "entities.EntityKeys": _entity_keys,
    **{
        f"operations.{name}": (lambda call: lambda s: _operation(s, call))(name)
        for name in (
            "create_entity",
            "edit_entity",
            "link_spans",
            "unlink_spans",
            "merge_entities",
            "split_entity",
            "apply_link_plan",
        )
    },
}

# Calls that read or write the same on both stores: what they do is checked all the same
# (the other store is left alone), but it cannot tell the stores apart.
# Functions only a server database runs; the two stores here are files. They are
# exercised by tests/postgres and by the store tests' server half.
SERVER_ONLY = {
    "change_notices.NoticeListener": "a connection of its own that listens to the server",
    "server_schema.create_change_notices": "PL/pgSQL triggers that NOTIFY",
    "server_schema.change_notices_current": "reads the server's catalogue",
    "server_schema.ensure_change_notices": "PL/pgSQL triggers that NOTIFY",
    "server_schema.bulk_import": "sets a transaction-local setting of the server",
    "server_schema.create_count_triggers": "PL/pgSQL",
    "server_schema.create_search_index": "a GIN index and PL/pgSQL",
    "server_schema.fold": "the server's unaccent",
    "server_schema.index_range": "fills the server's table of search words",
    "server_schema.has_search_table": "the server's table of search words",
    "server_schema.replace_text_index": (
        "an older server's index over the texts (tests/postgres/test_server_migrations.py)"
    ),
}

SAME_ON_BOTH = {
    "relation_presence.holds_relations": "each holds one accepted relation",
    "change_notices.listens": "a file announces nothing",
    "shown_changes.commits_by_others": "a connection's own counter",
    "bulk.timestamp": "a conversion; reads nothing",
    "counts.create_tables": "CREATE TABLE IF NOT EXISTS on a table both have",
    "counts.create_triggers": "both get the same triggers back",
    "versions.add_columns": "both have the columns and triggers already",
    "versions.create_triggers": "both get the same triggers back",
    "document_list.data_version": "a connection's own counter",
    "schema.read_version": "both are of the current schema",
    "schema.write_version": "writes the version both have",
    "schema.ensure": "both are of the current schema",
    "schema.create_schema": "refused where the tables are (new ones: tests/postgres/test_copy.py)",
    "search.has_index": "both have the index",
    "search.lacks_server_index": "False for a file; reads nothing",
    "search.matching_ids_condition": "SQL text; runs nothing",
    "document_list.list_plan": "SQL text; reads only whether the search index is there",
    "list_pages.first_page_size": "the engine's; reads nothing",
    "list_keys.add_columns": "both have the columns, indexes and triggers already",
    "list_keys.create_triggers": "both get the same triggers back",
    "settings.least_sure_first": "neither store has it set",
    "entity_schema.add_entities": "both have the tables and the rules already",
    "entity_schema.create_rules": "both get the same index and triggers back",
    "relation_schema.add_relations": "both have the tables, rules and default types already",
    "relation_schema.create_rules": "both get the same triggers back",
    "relation_schema.add_default_types": "both have the default relation types already",
    "views.has_gold": "neither store has a reviewed version",
}
