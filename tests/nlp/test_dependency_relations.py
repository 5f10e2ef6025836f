"""Relation suggestions from en_core_web_sm's parse: exact results, and none where unsupported."""

from __future__ import annotations

import re

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.nlp.models import default_model
from tagdesk.nlp.pipeline import NerPipeline, find_entities, load_ner_pipeline
from tagdesk.nlp.relation_rules import default_rules, rule_table
from tests.conftest import SEEDS
from tests.nlp.relation_helpers import default_types, parsing_pipeline, triples

SOLEIMANI = "Qasem Soleimani"


@pytest.fixture(scope="module")
def pipeline() -> NerPipeline:
    return parsing_pipeline()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The head of Iran’s elite Quds Force, General Qasem Soleimani arrived two days ago "
            "and was on the ground near Tikrit advising Iraqi field commanders, the Fars news "
            "agency reported on Monday.",
            {(SOLEIMANI, "COMMANDS", "Quds Force")},
        ),
        (
            "Iran's notorious Quds Force commander\xa0General Qassem Soleimani is assisting "
            "security forces on the frontlines of the battle against the Islamic State group in "
            "Mosul, al-Nujaba movement has revealed.",
            {("Qassem Soleimani", "COMMANDS", "Quds Force")},
        ),
        (
            "Gen Soleimani has faced the jihadist group before, but in neighbouring Syria.",
            {("Gen Soleimani", "LOCATED_IN", "Syria")},
        ),
        (
            "Before the 2007 Iran-US talks, the Americans arrested five Iranians in Iraq, accusing "
            "them of being Revolutionary Guards involved in “training Shia militias”.",
            {("Americans", "LOCATED_IN", "Iraq")},
        ),
    ],
)
def test_seed_sentences_give_exactly_these_relations(pipeline, text, expected) -> None:
    assert any(text in path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    assert triples(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # The declared offensive is no entity: nothing to relate al-Abadi to.
        "Tikrit, 150km (95 miles) north of Baghdad, has been occupied by IS for more than eight "
        "months and an offensive to recapture it was declared by Iraqi Prime Minister Haider "
        "al-Abadi on Sunday.",
        # "Supreme Leader" is a title: the model's ORG "Supreme" is not what Khamenei commands.
        "One of the groups in the Popular Mobilisation units is Saraya al-Khorasani (Khorasani "
        "Brigades), who say they are under the command of Iran’s Supreme Leader Ayatollah Ali "
        "Khamenei.",
        # An organisation's "in" is part of its name here; "He" is no entity.
        "He is reported to be in Baghdad now, planning a strategy to curb further advances by "
        "the Islamic State in Iraq and the Levant (ISIS).",
        # What Iran denies is not said to be so; a country "in" a country is left alone.
        "Iran has always denied having a military presence in Syria, but last weekend three more "
        "members of the Quds Force were buried in Iran after public funerals.",
        # al-Nujaba is taken for a PERSON, which COMMANDS does not allow as a child.
        "The commander is accompanied by dozens of aids, including advisers and fighters from "
        "the Iranian Quds Force, al-Nujaba leader Akram al-Kaabi told local news.",
    ],
)
def test_seed_sentences_where_the_parse_does_not_support_a_relation(pipeline, text) -> None:
    assert any(text in path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    assert triples(pipeline, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qasem Soleimani commands the Quds Force.", {(SOLEIMANI, "COMMANDS", "the Quds Force")}),
        # The passive: the agent is the head.
        (
            "The Quds Force is commanded by Qasem Soleimani.",
            {(SOLEIMANI, "COMMANDS", "The Quds Force")},
        ),
        (
            "The Quds Force, commanded by Qasem Soleimani, trains militias.",
            {(SOLEIMANI, "COMMANDS", "The Quds Force")},
        ),
        (
            "General Qasem Soleimani, who leads the Quds Force, arrived in Baghdad.",
            {(SOLEIMANI, "COMMANDS", "the Quds Force"), (SOLEIMANI, "LOCATED_IN", "Baghdad")},
        ),
        (
            "Haider al-Abadi met Barack Obama in Washington on Tuesday.",
            {
                ("Haider al-Abadi", "MET", "Barack Obama"),
                ("Haider al-Abadi", "LOCATED_IN", "Washington"),
            },
        ),
        ("Haider al-Abadi talked with Barack Obama.", {("Haider al-Abadi", "MET", "Barack Obama")}),
        # Subjects joined by "and" met each other; MET is symmetric, the first one is head.
        (
            "Iran and the United States negotiated in Geneva.",
            {("Iran", "MET", "the United States")},
        ),
        (
            "The Badr Organization joined the Popular Mobilisation Forces.",
            {("The Badr Organization", "MEMBER_OF", "the Popular Mobilisation Forces")},
        ),
        (
            "Kataib Hezbollah belongs to the Popular Mobilisation Forces.",
            {("Kataib Hezbollah", "MEMBER_OF", "the Popular Mobilisation Forces")},
        ),
        (
            "Barack Obama announced the Paris Agreement.",
            {("Barack Obama", "DECLARED", "the Paris Agreement")},
        ),
        (
            "Hezbollah attacked Israel and Syria.",
            {("Hezbollah", "ATTACKED", "Israel"), ("Hezbollah", "ATTACKED", "Syria")},
        ),
        # Nothing where the parse does not carry it.
        ("The Islamic State did not attack Baghdad.", set()),
        ("The Quds Force was not led by Hassan Nasrallah.", set()),
        ("Iraqi jets bombed Mosul.", set()),  # "jets" is no entity
        ("Hezbollah announced the ceasefire.", set()),
        ("Haider al-Abadi declared the Tikrit offensive.", set()),
        # The model finds no entity in "Soleimani" alone here: no relation from it.
        ("Soleimani, who leads the Quds Force, arrived in Baghdad.", set()),
    ],
)
def test_patterns_of_the_table(pipeline, text, expected) -> None:
    assert triples(pipeline, text) == expected


def test_label_constraints_and_missing_types_propose_nothing(pipeline) -> None:
    text = "Qasem Soleimani commands the Quds Force."
    only_orgs = [RelationTypeRecord(1, "COMMANDS", "#c0392b", heads=("ORG",), children=("ORG",))]
    assert triples(pipeline, text, only_orgs) == set()
    others = [kind for kind in default_types() if kind.name != "COMMANDS"]
    assert triples(pipeline, text, others) == set()
    assert triples(pipeline, text, []) == set()


def test_whole_seed_articles_keep_their_entities_and_get_these_relations(pipeline) -> None:
    texts = [(n, p.read_text(encoding="utf-8")) for n, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    with_relations = list(
        find_entities(pipeline, texts, scores=True, relation_types=default_types())
    )
    plain = list(find_entities(load_ner_pipeline(default_model() or ""), texts, scores=True))
    assert [f.entities for f in with_relations] == [f.entities for f in plain]
    assert [f.scores for f in with_relations] == [f.scores for f in plain]
    assert all(f.relations == () for f in plain)
    found = []
    for item, (_, text) in zip(with_relations, texts, strict=True):
        for head, child, name in item.relations:
            (hs, he, _), (cs, ce, _) = item.entities[head], item.entities[child]
            found.append((item.document_id, text[hs:he], name, text[cs:ce]))
    assert found == [
        (0, "Gen Qasem Soleimani", "COMMANDS", "the Iran’s Islamic Revolution Guards Corps"),
        (1, SOLEIMANI, "COMMANDS", "Quds Force"),
        (2, "Soleimani", "LOCATED_IN", "Mosul"),
        (3, "Soleimani", "LOCATED_IN", "Mosul"),
        (4, "Americans", "LOCATED_IN", "Iraq"),
    ]


def test_a_pipeline_without_a_parser_suggests_no_relations(ruler_model) -> None:
    pipeline = load_ner_pipeline(str(ruler_model), relations=True)
    assert pipeline.parse == ()
    (found,) = find_entities(
        pipeline, [(1, "Qasem Soleimani commands the IRGC.")], relation_types=default_types()
    )
    assert found.entities
    assert found.relations == ()


def test_the_table_ships_every_type_it_names_among_the_defaults() -> None:
    assert default_rules().type_names() <= {kind.name for kind in default_types()}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"verbs": [{"lemmas": ["lead"], "objects": ["dobj"]}]}, "verbs[0]: needs a relation type"),
        (
            {"verbs": [{"type": "X", "lemmas": "lead", "objects": ["dobj"]}]},
            '"lemmas" must be a list',
        ),
        (
            {"nouns": [{"type": "X", "lemmas": ["head"], "objects": ["dobj"]}]},
            "object 'dobj' is not one of",
        ),
        ({"places": [{"type": "X", "prepositions": ["in"]}]}, '"labels" must be a list'),
    ],
)
def test_a_malformed_rule_is_one_line_naming_it(raw, message) -> None:
    with pytest.raises(TagdeskError, match=re.escape(message)):
        rule_table(raw, "my_rules.json")


def test_worker_processes_suggest_the_same_relations(pipeline) -> None:
    from tagdesk.nlp.workers import find_entities_in_processes

    texts = [(n, p.read_text(encoding="utf-8")) for n, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    alone = list(find_entities(pipeline, texts, relation_types=default_types()))
    answers = find_entities_in_processes(
        default_model() or "",
        [texts[:3], texts[3:]],
        processes=2,
        relation_types=tuple(default_types()),
    )
    found = sorted((item for _, batch in answers for item in batch), key=lambda f: f.document_id)
    assert [(f.entities, f.relations) for f in found] == [(f.entities, f.relations) for f in alone]
    assert sum(len(f.relations) for f in found) == 5
