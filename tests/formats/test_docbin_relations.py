"""Relations through a real DocBin file: `user_data["relations"]`, and the tutorial's `doc._.rel`.

The rel_component fixture is the dev file explosion/projects' tutorials/rel_component
`scripts/parse_data.py` writes from the tutorial's assets/annotations.jsonl.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSummary
from tagdesk.formats import docbin, spacy_jsonl
from tagdesk.formats.base import FormatOptions
from tagdesk.formats.docbin_relations import (
    ADDED_SPANS,
    FOREIGN,
    REL_KEY,
    RELATIONS_KEY,
    UNJOINED,
)
from tests.formats.relation_records import export_of, relations_of

FIXTURES = Path(__file__).parent / "fixtures"
REL_MANUAL = FIXTURES / "prodigy" / "rel_manual.jsonl"
TUTORIAL_DEV = FIXTURES / "spacy" / "rel_component_dev.spacy"


def incoming() -> list[Any]:
    return list(spacy_jsonl.read(REL_MANUAL, FormatOptions()))


def exported() -> list[tuple[ExportDocument, Any]]:
    return [export_of(document, number) for number, document in enumerate(incoming(), 1)]


def write(items: list[tuple[ExportDocument, Any]], out: Path) -> ExportSummary:
    summary = ExportSummary()
    docbin.write(items, out, FormatOptions(), summary)
    return summary


def spacy_docs(path: Path) -> list[Any]:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin(store_user_data=True).from_disk(path).get_docs(spacy.blank("en").vocab))


def with_relations(document: ExportDocument, *relations: Any) -> ExportDocument:
    return ExportDocument(**{**document.__dict__, "relations": relations})


def test_relations_round_trip_through_a_docbin_file(tmp_path: Path) -> None:
    items = exported()
    write(items, tmp_path / "out.spacy")
    back = list(docbin.read(tmp_path / "out.spacy", FormatOptions()))
    assert [relations_of(d) for d in back] == [relations_of(d) for d, _ in items]
    assert [[(r.meta, r.annotator, r.directed, r.note) for r in d.relations] for d in back] == [
        [(r.meta, r.annotator, r.directed, r.note) for r in d.relations] for d, _ in items
    ]
    assert [d.tally for d in back] == [None] * len(items)


def test_user_data_holds_each_relation_by_offsets_as_the_module_documents(tmp_path: Path) -> None:
    write(exported(), tmp_path / "out.spacy")
    doc = spacy_docs(tmp_path / "out.spacy")[0]
    first = doc.user_data[RELATIONS_KEY][0]
    assert first == {
        "head_start": 0,
        "head_end": 15,
        "head_label": "PERSON",
        "head_group": "",
        "child_start": 30,
        "child_end": 40,
        "child_label": "ORG",
        "child_group": "",
        "label": "COMMANDS",
        "directed": True,
        "status": "accepted",
        "source": "",
        "note": "",
        "annotator": "news_rel-alice",
        "meta": {"color": "#ffd882"},
    }
    assert doc.char_span(first["head_start"], first["head_end"]).text == "Qasem Soleimani"


def test_the_export_writes_doc_rel_without_registering_an_extension(tmp_path: Path) -> None:
    from spacy.tokens import Doc

    assert not Doc.has_extension("rel")
    write(exported(), tmp_path / "out.spacy")
    assert not Doc.has_extension("rel")
    docs = spacy_docs(tmp_path / "out.spacy")
    labels = {"ANSWERS_TO", "COMMANDS", "DECLARED", "LOCATED_IN", "MET"}
    Doc.set_extension("rel", default={})  # as rel_component's rel_pipe.py does
    try:
        rel = docs[0]._.rel
    finally:
        Doc.remove_extension("rel")
    starts = [ent.start for ent in docs[0].ents]
    assert starts == [0, 4, 11]
    assert set(rel) == {(a, b) for a in starts for b in starts if a != b}
    assert all(set(scores) == labels for scores in rel.values())
    positive = {key: [k for k, v in s.items() if v == 1.0] for key, s in rel.items()}
    assert {key: found for key, found in positive.items() if found} == {
        (0, 4): ["COMMANDS"],
        (0, 11): ["LOCATED_IN"],
    }
    assert {v for s in rel.values() for v in s.values()} == {0.0, 1.0}


def test_a_symmetric_relation_is_one_both_ways_and_a_suggested_one_zero(tmp_path: Path) -> None:
    (document, tokens), *_ = exported()
    first, second = document.relations
    document = with_relations(
        document, first._replace(directed=False), second._replace(status="suggested")
    )
    write([(document, tokens)], tmp_path / "out.spacy")
    (doc,) = spacy_docs(tmp_path / "out.spacy")
    rel = doc.user_data[REL_KEY]
    assert rel[(0, 4)]["COMMANDS"] == rel[(4, 0)]["COMMANDS"] == 1.0
    assert rel[(0, 11)]["LOCATED_IN"] == 0.0
    assert [e["status"] for e in doc.user_data[RELATIONS_KEY]] == ["accepted", "suggested"]
    (back,) = docbin.read(tmp_path / "out.spacy", FormatOptions())
    assert [(r.directed, r.status) for r in back.relations] == [
        (False, "accepted"),
        (True, "suggested"),
    ]


def test_entities_far_apart_have_no_pair_unless_related(tmp_path: Path) -> None:
    from tagdesk.core.exported import ExportSpan
    from tagdesk.core.relations import ExportRelation

    text = "Soleimani " + "and " * 150 + "Khamenei met Abadi."
    words = [*text[:-1].split(" "), "."]
    tokens, position = [], 0
    for number, word in enumerate(words):
        start = text.index(word, position)
        position = start + len(word)
        tokens.append((start, position, number < len(words) - 2))
    starts = {w: text.index(w) for w in ("Soleimani", "Khamenei", "Abadi")}
    spans = tuple(
        ExportSpan(s, s + len(w), "PERSON", "accepted", "", "", "", ()) for w, s in starts.items()
    )
    relation = ExportRelation(0, 2, "MET", "accepted", "manual", "", "dana")
    document = ExportDocument(1, text, "t", "s", {}, "done", (), spans, (relation,))
    write([(document, tokens)], tmp_path / "out.spacy")
    (doc,) = spacy_docs(tmp_path / "out.spacy")
    keys = set(doc.user_data[REL_KEY])
    assert [ent.start for ent in doc.ents] == [0, 151, 153]
    assert keys == {(0, 153), (151, 153), (153, 151)}
    assert doc.user_data[REL_KEY][(0, 153)] == {"MET": 1.0}


def test_the_tutorials_own_docbin_has_its_doc_rel_read_as_relations() -> None:
    docs = spacy_docs(TUTORIAL_DEV)
    back = list(docbin.read(TUTORIAL_DEV, FormatOptions()))
    assert len(back) == len(docs) == 27
    for doc, document in zip(docs, back, strict=True):
        starts = {ent.start: ent for ent in doc.ents}
        expected = sorted(
            (starts[h].text, label, starts[c].text)
            for (h, c), scores in doc.user_data[REL_KEY].items()
            for label, score in scores.items()
            if score == 1.0
        )
        found = sorted(
            (head, label, child) for head, _, label, child, _, _ in relations_of(document)
        )
        assert found == expected
    assert sum(len(d.relations) for d in back) == 56  # parse_data.py: "56/710 pos instances"


def test_a_damaged_relations_entry_in_tagdesks_docbin_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    from spacy.tokens import DocBin

    write(exported(), tmp_path / "out.spacy")
    docs = spacy_docs(tmp_path / "out.spacy")
    docs[1].user_data[RELATIONS_KEY][0]["head_end"] = "15"
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "damaged.spacy")
    with pytest.raises(InputError) as raised:
        list(docbin.read(tmp_path / "damaged.spacy", FormatOptions()))
    assert str(raised.value) == (
        f'{tmp_path / "damaged.spacy"}: document 1: user_data["relations"] is damaged: '
        'a relation\'s "head_end" must be a whole number'
    )


def test_another_tools_relations_entry_is_passed_over_with_a_warning(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    doc = spacy.blank("en")("Soleimani met Abadi.")
    doc.ents = [doc.char_span(0, 9, "PERSON"), doc.char_span(14, 19, "PERSON")]
    doc.user_data[RELATIONS_KEY] = [("Soleimani", "Abadi", "met")]
    DocBin(docs=[doc], store_user_data=True).to_disk(tmp_path / "other.spacy")
    (document,) = docbin.read(tmp_path / "other.spacy", FormatOptions())
    assert document.relations == []
    assert document.tally == {FOREIGN: (1,)}
    assert len(document.spans) == 2


def test_a_relation_to_a_span_the_document_lacks_adds_the_span(tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    write(exported()[:1], tmp_path / "out.spacy")
    docs = spacy_docs(tmp_path / "out.spacy")
    entry = dict(docs[0].user_data[RELATIONS_KEY][0])
    entry.update(child_start=16, child_end=25, child_label="EVENT", label="DID")
    docs[0].user_data[RELATIONS_KEY] = [*docs[0].user_data[RELATIONS_KEY], entry]
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "more.spacy")
    (document,) = docbin.read(tmp_path / "more.spacy", FormatOptions())
    assert relations_of(document)[-1] == (
        "Qasem Soleimani",
        "PERSON",
        "DID",
        "commanded",
        "EVENT",
        "accepted",
    )
    assert document.tally == {ADDED_SPANS: (1, 1)}


def test_doc_rel_pairs_where_no_entity_starts_are_counted_not_imported(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    doc = spacy.blank("en")("Soleimani met Abadi in Baghdad.")
    doc.ents = [doc.char_span(0, 9, "PERSON"), doc.char_span(14, 19, "PERSON")]
    doc.user_data[REL_KEY] = {(0, 2): {"MET": 1.0}, (0, 4): {"IN": 1.0}, (2, 2): {"MET": 1.0}}
    DocBin(docs=[doc], store_user_data=True).to_disk(tmp_path / "rel.spacy")
    (document,) = docbin.read(tmp_path / "rel.spacy", FormatOptions())
    assert relations_of(document) == [("Soleimani", "PERSON", "MET", "Abadi", "PERSON", "accepted")]
    assert document.tally == {UNJOINED: (2,)}


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 60) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
_ENTRY_KEYS = st.sampled_from(
    [
        *("head_start", "head_end", "head_label", "head_group", "child_start", "child_end"),
        *("child_label", "child_group", "label", "directed", "status", "note", "meta"),
    ]
)


@cache
def _blank() -> Any:
    import spacy

    return spacy.blank("en")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_ENTRY_KEYS, _VALUES), max_size=5), st.booleans())
def test_any_bent_user_data_entry_is_read_or_refused_in_one_line(
    changes: list[tuple[str, Any]], strict: bool
) -> None:
    from tagdesk.core.incoming import IncomingSpan
    from tagdesk.formats.docbin_relations import read_relations

    doc = _blank()("Qasem Soleimani commanded the Quds Force.")
    entry: dict[str, Any] = {
        "head_start": 0, "head_end": 15, "head_label": "PERSON", "head_group": "",
        "child_start": 30, "child_end": 40, "child_label": "ORG", "child_group": "",
        "label": "COMMANDS", "directed": True, "status": "accepted",
    }  # fmt: skip
    for key, value in changes:
        entry[key] = value
    doc.user_data[RELATIONS_KEY] = (entry,)
    spans = [IncomingSpan(0, 15, "PERSON"), IncomingSpan(30, 40, "ORG")]
    path = Path("in.spacy")
    try:
        relations, _ = read_relations(doc, spans, path, "document 0", strict=strict)
    except InputError as error:
        message = str(error)
        relations = None
    if relations is None:
        assert strict
        assert message.startswith("in.spacy: document 0: ")
        assert "\n" not in message
        return
    for relation in relations:
        assert 0 <= relation.head < len(spans)
        assert 0 <= relation.child < len(spans)
        assert relation.head != relation.child
