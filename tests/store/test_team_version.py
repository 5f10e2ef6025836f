"""What training, phrase suggestions and statistics read of a team's work (both engines).

Document 1 is given to ana and ben, who both marked it done: they agree on
"Qasem Soleimani" (PERSON); ana says Tikrit is a GPE, ben an ORG; only ana
marked "Hadi al-Amiri"; a model's DATE suggestion ana left and ben rejected.
Document 2 is given to nobody and done: ana and ben both marked "Ana Lopez"
PERSON (two copies of one span), ana marked Basra GPE. Document 3 is given
to both and has a reviewer's gold version: Omar PERSON (taken from ana) and
Basra GPE (the reviewer's own); ben had marked Basra ORG. Document 4 is new
and given to nobody. Each figure below is worked out by hand from that.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.reviewed import ReviewedDocument
from tagdesk.core.team import GOLD
from tagdesk.nlp.training_data import examples
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents, set_assignment_status
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.reading import stats
from tagdesk.store.reviewed import accepted_phrases, documents_for_phrases, reviewed_documents
from tagdesk.store.suggestions import add_suggestions

FIRST = "Qasem Soleimani visited Tikrit with Hadi al-Amiri on Monday."
SECOND = "Ana Lopez flew from Basra to Mosul."
THIRD = "Omar met Hadi in Basra."
FOURTH = "Tikrit, Hadi al-Amiri and Basra."
PERSON, ORG, GPE = 1, 2, 3


def team_corpus(store: Store) -> None:
    """The four documents above, written through the store as the window writes them."""
    import_documents(
        store,
        [IncomingDocument(text=text) for text in (FIRST, SECOND, THIRD, FOURTH)],
        annotator="",
        source="t",
    )
    assign_documents(store, ["ana", "ben"], 2, [1, 3])
    add_suggestions(store, [FoundEntities(1, ((53, 59, "DATE"),))], "m@1")
    for start, end, label in ((0, 15, PERSON), (24, 30, GPE), (36, 49, PERSON)):
        create_span(store, 1, start, end, label, annotator="ana")
    for start, end, label in ((0, 15, PERSON), (24, 30, ORG)):
        create_span(store, 1, start, end, label, annotator="ben")
    date = next(s for s in document_spans(store, 1) if s.annotator == "")
    edit_spans(store, History(), "ben", [(date, replace(date, status="rejected"))], text="R")
    create_span(store, 2, 0, 9, PERSON, annotator="ana")
    create_span(store, 2, 0, 9, PERSON, annotator="ben")
    create_span(store, 2, 20, 25, GPE, annotator="ana")
    omar = create_span(store, 3, 0, 4, PERSON, annotator="ana")
    create_span(store, 3, 0, 4, PERSON, annotator="ben")
    create_span(store, 3, 17, 22, ORG, annotator="ben")
    edit_spans(store, History(), GOLD, [(omar, replace(omar, status="accepted"))], text="T")
    create_span(store, 3, 17, 22, GPE, annotator=GOLD)
    for document_id in (1, 3):
        for name in ("ana", "ben"):
            set_assignment_status(store, document_id, name, "done")
    with store.write_transaction():
        store.execute("UPDATE \"document\" SET status = 'done' WHERE id IN (2, 3)")


def _spans(documents: list[ReviewedDocument]) -> dict[int, tuple[object, ...]]:
    return {d.document_id: (d.done, d.accepted, d.rejected, d.unknown) for d in documents}


def test_training_reads_gold_else_what_the_analysts_agree_on_else_every_span_once(
    store: Store,
) -> None:
    team_corpus(store)
    assert _spans(reviewed_documents(store, "all")) == {
        1: (True, ((0, 15, "PERSON"),), (), ((24, 30), (24, 30), (36, 49))),
        2: (True, ((0, 9, "PERSON"), (20, 25, "GPE")), (), ()),
        3: (True, ((0, 4, "PERSON"), (17, 22, "GPE")), (), ()),
    }
    assert _spans(reviewed_documents(store, "done", "ben")) == {
        1: (True, ((0, 15, "PERSON"), (24, 30, "ORG")), ((53, 59, "DATE"),), ()),
        2: (True, ((0, 9, "PERSON"),), (), ()),
        3: (True, ((0, 4, "PERSON"), (17, 22, "ORG")), (), ()),
    }
    assert _spans(reviewed_documents(store, "all", GOLD)) == {
        3: (True, ((0, 4, "PERSON"), (17, 22, "GPE")), (), ()),
    }


def test_the_training_examples_leave_a_disputed_place_unknown(store: Store) -> None:
    team_corpus(store)
    nlp = spacy.blank("en")
    made, counts = examples(nlp, reviewed_documents(store, "done"))
    first = next(example.reference for example in made if example.reference.text == FIRST)
    assert [(t.text, t.ent_iob_, t.ent_type_) for t in first] == [
        ("Qasem", "B", "PERSON"), ("Soleimani", "I", "PERSON"), ("visited", "O", ""),
        ("Tikrit", "", ""), ("with", "O", ""), ("Hadi", "", ""), ("al", "", ""), ("-", "", ""),
        ("Amiri", "", ""), ("on", "O", ""), ("Monday", "O", ""), (".", "O", ""),
    ]  # fmt: skip
    second = next(example.reference for example in made if example.reference.text == SECOND)
    assert [(e.text, e.label_) for e in second.ents] == [("Ana Lopez", "PERSON"), ("Basra", "GPE")]
    assert (counts.overlapping, counts.misaligned) == (0, 0)  # no copy of a span, no clash
    assert sorted(example.reference.text for example in made) == sorted([FIRST, SECOND, THIRD])


def test_phrases_learn_from_the_view_and_add_to_documents_not_done_in_it(store: Store) -> None:
    team_corpus(store)
    learnt = {(p.text, p.label, p.accepted) for p in accepted_phrases(store)}
    assert learnt == {
        ("Qasem Soleimani", "PERSON", 1), ("Ana Lopez", "PERSON", 1), ("Basra", "GPE", 2),
        ("Omar", "PERSON", 1),
    }  # fmt: skip
    assert {(p.text, p.label) for p in accepted_phrases(store, "ben")} == {
        ("Qasem Soleimani", "PERSON"), ("Tikrit", "ORG"), ("Ana Lopez", "PERSON"),
        ("Omar", "PERSON"), ("Basra", "ORG"),
    }  # fmt: skip
    assert {(p.text, p.label) for p in accepted_phrases(store, GOLD)} == {
        ("Omar", "PERSON"), ("Basra", "GPE"),
    }  # fmt: skip
    assert documents_for_phrases(store) == [4]
    set_assignment_status(store, 1, "ben", "in_progress")
    assert documents_for_phrases(store) == [1, 4]  # not every analyst of it is done now
    assert documents_for_phrases(store, view="ana") == [4]


def test_stats_count_the_view(store: Store) -> None:
    team_corpus(store)
    assert stats(store) == {
        "documents": {"total": 4, "todo": 1, "in_progress": 0, "done": 3},
        "spans": {
            "total": 5,
            "by_label": {"GPE": 2, "PERSON": 3},
            "by_status": {"suggested": 0, "accepted": 5, "rejected": 0},
        },
    }
    assert stats(store, "ana")["spans"] == {
        "total": 7,
        "by_label": {"DATE": 1, "GPE": 2, "PERSON": 4},
        "by_status": {"suggested": 1, "accepted": 6, "rejected": 0},
    }
    assert stats(store, GOLD) == {
        "documents": {"total": 1, "todo": 0, "in_progress": 0, "done": 1},
        "spans": {
            "total": 2,
            "by_label": {"GPE": 1, "PERSON": 1},
            "by_status": {"suggested": 0, "accepted": 2, "rejected": 0},
        },
    }


def test_a_view_of_nobody_known_or_gold_before_any_is_refused(store: Store) -> None:
    import_documents(store, [IncomingDocument(text=SECOND)], annotator="ana", source="t")
    with pytest.raises(TagdeskError, match=r"--gold: no document has a reviewed version"):
        stats(store, GOLD)
    create_span(store, 1, 0, 9, PERSON, annotator="ana")
    for read in (stats, accepted_phrases, lambda s, view: reviewed_documents(s, "all", view)):
        with pytest.raises(TagdeskError, match=r"--annotator: nobody named cy \(known: ana\)"):
            read(store, "cy")


def test_one_analysts_database_reads_as_before(store: Store) -> None:
    """No document given out, no gold: every span, in the order and with the figures the
    store's plain counts give, a duplicate of the analyst's own included."""
    import_documents(
        store,
        [IncomingDocument(text=SECOND), IncomingDocument(text=THIRD)],
        annotator="",
        source="t",
    )
    add_suggestions(store, [FoundEntities(2, ((9, 13, "PERSON"),))], "m@1")
    for document_id, start, end, label, status in (
        (1, 20, 25, GPE, "accepted"), (1, 0, 9, PERSON, "accepted"), (1, 0, 9, PERSON, "accepted"),
        (1, 29, 34, ORG, "rejected"), (2, 0, 4, PERSON, "accepted"),
    ):  # fmt: skip
        create_span(store, document_id, start, end, label, annotator="me", status=status)
    with store.write_transaction():
        store.execute("UPDATE \"document\" SET status = 'done' WHERE id = 1")
    assert _spans(reviewed_documents(store, "all")) == {
        1: (True, ((0, 9, "PERSON"), (0, 9, "PERSON"), (20, 25, "GPE")), ((29, 34, "ORG"),), ()),
        2: (False, ((0, 4, "PERSON"),), (), ()),
    }
    assert [(p.text, p.label, p.accepted) for p in accepted_phrases(store)] == [
        ("Ana Lopez", "PERSON", 2), ("Basra", "GPE", 1), ("Omar", "PERSON", 1),
    ]  # fmt: skip
    assert documents_for_phrases(store) == [2]
    assert stats(store) == {
        "documents": {"total": 2, "todo": 1, "in_progress": 0, "done": 1},
        "spans": {
            "total": 6,
            "by_label": {"GPE": 1, "ORG": 1, "PERSON": 4},
            "by_status": {"suggested": 1, "accepted": 4, "rejected": 1},
        },
    }
