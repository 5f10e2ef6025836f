"""Linking a corpus: existing entities, new entities for groups, and what is left to the analyst."""

from __future__ import annotations

import time

from tagdesk.core.entity_clusters import (
    CONFIDENT,
    CorpusNames,
    KnownEntity,
    LinkPlan,
    Mention,
    plan_links,
    rank_candidates,
)


def mentions_of(*documents: list[tuple[str, str]]) -> list[Mention]:
    """Mentions numbered from 1, document by document: (text, label) pairs."""
    found: list[Mention] = []
    for document_id, items in enumerate(documents, 1):
        for text, label in items:
            found.append(Mention(len(found) + 1, text, label, document_id))
    return found


def groups(plan: LinkPlan, mentions: list[Mention]) -> list[set[str]]:
    """The texts of each new entity and each existing entity's links, as sets."""
    text = {mention.key: mention.text for mention in mentions}
    found = [{text[key] for key in entity.mentions} for entity in plan.new_entities]
    linked: dict[str, set[str]] = {}
    for key, entity in plan.links.items():
        linked.setdefault(entity, set()).add(text[key])
    return found + list(linked.values())


def group_of(plan: LinkPlan, mentions: list[Mention], text: str) -> set[str]:
    return next(group for group in groups(plan, mentions) if text in group)


QASEM = KnownEntity("e-qasem", "Qasem Soleimani", "PERSON", ("Qassem Suleimani",))
ZEINAB = KnownEntity("e-zeinab", "Zeinab Soleimani", "PERSON", ())
IRGC = KnownEntity("e-irgc", "Islamic Revolutionary Guard Corps", "ORG", ())


def test_rank_candidates_best_first_same_label_only_scores_in_range() -> None:
    city = KnownEntity("e-city", "Sulaimani", "GPE", ())
    ranked = rank_candidates("Gen Qassem Soleimani", "PERSON", [city, ZEINAB, QASEM])
    assert [entity.key for entity, _ in ranked] == ["e-qasem"]
    assert 0.0 < ranked[0][1] <= 1.0
    assert ranked[0][1] >= CONFIDENT
    assert rank_candidates("Sulaimani", "GPE", [QASEM, city])[0][0] is city
    assert rank_candidates("Sulaymaniyah", "PERSON", [QASEM]) == []
    assert rank_candidates("", "PERSON", [QASEM]) == []


def test_a_surname_is_confident_only_with_one_bearer() -> None:
    alone = rank_candidates("Soleimani", "PERSON", [QASEM])
    assert alone == [(QASEM, alone[0][1])]
    assert alone[0][1] >= CONFIDENT
    shared = rank_candidates("Soleimani", "PERSON", [QASEM, ZEINAB])
    assert {entity.key for entity, _ in shared} == {"e-qasem", "e-zeinab"}
    assert all(score < CONFIDENT for _, score in shared)
    # The corpus can hold the other bearer even when the registry does not.
    corpus = CorpusNames.build([QASEM], [("Zeinab Soleimani", "PERSON")])
    assert rank_candidates("Soleimani", "PERSON", [QASEM], corpus)[0][1] < CONFIDENT


def test_an_acronym_ranks_its_organisation() -> None:
    ranked = rank_candidates(
        "IRGC", "ORG", [IRGC, KnownEntity("e-pmf", "Popular Mobilisation Forces", "ORG")]
    )
    assert [(entity.key, score >= CONFIDENT) for entity, score in ranked] == [("e-irgc", True)]


def test_spellings_of_one_man_become_one_new_entity_named_without_titles() -> None:
    mentions = mentions_of(
        [
            ("Iranian Gen Qasem Soleimani", "PERSON"),
            ("Gen Soleimani", "PERSON"),
            ("Gen Soleimani’s", "PERSON"),
        ],
        [
            ("General Qassem Soleimani", "PERSON"),
            ("qassem suleimani", "PERSON"),
            ("Qasem Soleimani", "PERSON"),
        ],
        [("Qasem Soleimani", "PERSON"), ("Soleimani", "PERSON")],
    )
    plan = plan_links(mentions, [])
    assert len(plan.new_entities) == 1
    entity = plan.new_entities[0]
    assert entity.name == "Qasem Soleimani"
    assert entity.label == "PERSON"
    assert set(entity.mentions) == {mention.key for mention in mentions}
    assert "Gen Soleimani" not in entity.aliases  # titles are not spellings
    assert {"Qassem Soleimani", "qassem suleimani", "Soleimani"} <= set(entity.aliases)
    assert plan.links == {}
    assert plan.left == []


def test_mentions_link_to_the_existing_entity() -> None:
    mentions = mentions_of(
        [("Qassem Soleimani", "PERSON"), ("Soleimani", "PERSON"), ("IRGC", "ORG")]
    )
    plan = plan_links(mentions, [QASEM, IRGC])
    assert plan.links == {1: "e-qasem", 2: "e-qasem", 3: "e-irgc"}
    assert plan.new_entities == []
    assert plan.left == []


def test_labels_never_cross() -> None:
    mentions = mentions_of(
        [
            ("Qasem Soleimani", "PERSON"),
            ("Soleimani", "GPE"),
            ("Sulaimani", "GPE"),
            ("Soleimani", "PERSON"),
        ]
    )
    plan = plan_links(mentions, [])
    assert group_of(plan, mentions, "Qasem Soleimani") == {"Qasem Soleimani", "Soleimani"}
    labels = {mention.key: mention.label for mention in mentions}
    for entity in plan.new_entities:
        assert {labels[key] for key in entity.mentions} == {entity.label}
    assert not any(
        labels[key] != "PERSON" for key, entity in plan_links(mentions, [QASEM]).links.items()
    )


def test_hard_negatives_stay_apart() -> None:
    mentions = mentions_of(
        [
            ("Qasem Soleimani", "PERSON"),
            ("Zeinab Soleimani", "PERSON"),
            ("Omar Suleiman", "PERSON"),
        ],
        [
            ("Ali Khamenei", "PERSON"),
            ("Mostafa Khamenei", "PERSON"),
            ("Ruhollah Khomeini", "PERSON"),
        ],
        [("Hassan Nasrallah", "PERSON"), ("Saddam Hussein", "PERSON"), ("Imam Husayn", "PERSON")],
        [
            ("Bashar al-Assad", "PERSON"),
            ("Hafez al-Assad", "PERSON"),
            ("Mohandes Mousavi", "PERSON"),
        ],
        [("Abu Mahdi al-Muhandis", "PERSON"), ("Haider al-Abadi", "PERSON"), ("Abadan", "GPE")],
        [("Sadr City", "GPE"), ("Muqtada al-Sadr", "PERSON"), ("Kataib Hezbollah", "ORG")],
        [("Hezbollah", "ORG"), ("Sulaymaniyah", "GPE"), ("Soleimani", "GPE")],
    )
    plan = plan_links(mentions, [])
    assert len(plan.new_entities) == len(mentions)
    assert plan.left == []


def test_a_shared_surname_goes_with_the_bearer_its_document_names() -> None:
    mentions = mentions_of(
        [("Zeinab Soleimani", "PERSON"), ("Soleimani", "PERSON")],
        [("Qasem Soleimani", "PERSON"), ("Soleimani", "PERSON")],
        [("Soleimani", "PERSON")],  # no bearer named here: the analyst decides
        [("Zeinab Soleimani", "PERSON"), ("Qasem Soleimani", "PERSON"), ("Soleimani", "PERSON")],
    )
    plan = plan_links(mentions, [])
    zeinab = next(e for e in plan.new_entities if e.name == "Zeinab Soleimani")
    qasem = next(e for e in plan.new_entities if e.name == "Qasem Soleimani")
    assert set(zeinab.mentions) == {1, 2, 6}
    assert set(qasem.mentions) == {3, 4, 7}
    assert plan.left == [5, 8]


def test_a_surname_alone_with_no_fuller_name_is_an_entity_of_its_own() -> None:
    mentions = mentions_of(
        [("Ahmadinejad", "PERSON")], [("Ahmadinejad", "PERSON"), ("Crocker", "PERSON")]
    )
    plan = plan_links(mentions, [])
    assert sorted((e.name, e.mentions) for e in plan.new_entities) == [
        ("Ahmadinejad", (1, 2)),
        ("Crocker", (3,)),
    ]


def test_a_part_of_a_longer_name_joins_it_and_the_entity_is_named_by_the_common_spelling() -> None:
    mentions = mentions_of(
        [("Abu Mahdi al-Muhandis", "PERSON"), ("al-Muhandis", "PERSON"), ("Muhandis", "PERSON")],
        [("Mahdi al-Muhandis", "PERSON"), ("Abu Mahdi al-Mohandes", "PERSON")],
        [("Abu Mahdi al-Muhandis", "PERSON")],
    )
    plan = plan_links(mentions, [])
    assert [(e.name, len(e.mentions)) for e in plan.new_entities] == [("Abu Mahdi al-Muhandis", 6)]


def test_an_acronym_joins_its_long_form_and_stays_apart_from_another_organisation() -> None:
    mentions = mentions_of(
        [("Islamic Revolution Guards Corps", "ORG"), ("IRGC", "ORG"), ("IRGC)", "ORG")],
        [
            ("Islamic Revolutionary Guard Corps", "ORG"),
            ("PMF", "ORG"),
            ("Popular Mobilisation Forces", "ORG"),
        ],
        [("PMF", "ORG"), ("IRGC", "ORG")],
    )
    plan = plan_links(mentions, [])
    assert group_of(plan, mentions, "IRGC") == {
        "Islamic Revolution Guards Corps",
        "IRGC",
        "IRGC)",
        "Islamic Revolutionary Guard Corps",
    }
    assert group_of(plan, mentions, "PMF") == {"PMF", "Popular Mobilisation Forces"}


def test_a_spelling_matching_two_entities_is_left() -> None:
    twin = KnownEntity("e-twin", "Qasem Soleimani", "PERSON", ())
    mentions = mentions_of([("Qassem Soleimani", "PERSON"), ("Gen", "PERSON"), ("’ —", "PERSON")])
    plan = plan_links(mentions, [QASEM, twin])
    assert 1 in plan.left
    assert 1 not in plan.links
    assert 3 in plan.left  # nothing of a name in it


def test_every_mention_is_placed_exactly_once() -> None:
    mentions = mentions_of(
        [
            ("Qasem Soleimani", "PERSON"),
            ("Soleimani", "PERSON"),
            ("IRGC", "ORG"),
            ("Tikrit", "GPE"),
        ],
        [
            ("Zeinab Soleimani", "PERSON"),
            ("Soleimani", "PERSON"),
            ("", "PERSON"),
            ("Baghdad", "GPE"),
        ],
        [("Soleimani", "PERSON"), ("Islamic Revolutionary Guard Corps", "ORG")],
    )
    plan = plan_links(mentions, [IRGC])
    placed = list(plan.links) + plan.left + [key for e in plan.new_entities for key in e.mentions]
    assert sorted(placed) == [mention.key for mention in mentions]


def test_a_hundred_thousand_mentions_are_planned_well_under_a_minute() -> None:
    names = [
        f"{given} {family}"
        for given in ("Qasem", "Ali", "Hassan", "Zeinab", "Reza")
        for family in ("Soleimani", "Khamenei", "Nasrallah", "Karimi", "Ahmadi", "Mousavi")
    ]
    mentions = [
        Mention(
            key,
            names[key % len(names)] if key % 3 else names[key % len(names)].split()[-1],
            "PERSON",
            key // 20,
        )
        for key in range(1, 100_001)
    ]
    started = time.perf_counter()
    plan = plan_links(mentions, [QASEM])
    assert time.perf_counter() - started < 30
    assert (
        len(plan.links) + len(plan.left) + sum(len(e.mentions) for e in plan.new_entities)
        == 100_000
    )
