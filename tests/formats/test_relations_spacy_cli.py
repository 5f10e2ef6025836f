"""Relations through the real `tagdesk import` and `tagdesk export`, for Prodigy rel.manual
lines, spacy-jsonl and DocBin: what the database holds, and what the files hold."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint, query

FIXTURES = Path(__file__).parent / "fixtures"
REL_MANUAL = FIXTURES / "prodigy" / "rel_manual.jsonl"
TUTORIAL_DEV = FIXTURES / "spacy" / "rel_component_dev.spacy"

# (head text, head label, type, child text, child label, status, annotator) of rel_manual.jsonl
EXPECTED = [
    ("Qasem Soleimani", "PERSON", "COMMANDS", "Quds Force", "ORG", "accepted", "news_rel-alice"),
    (
        "Qasem Soleimani",
        "PERSON",
        "LOCATED_IN",
        "Baghdad International Airport",
        "FAC",
        "accepted",
        "news_rel-alice",
    ),
    (
        "Haider al-Abadi",
        "PERSON",
        "DECLARED",
        "the offensive",
        "EVENT",
        "accepted",
        "news_rel-alice",
    ),
    (
        "Khorasani Brigades",
        "ORG",
        "ANSWERS_TO",
        "Ali Khamenei",
        "PERSON",
        "suggested",
        "news_rel-alice",
    ),
    ("Pompeo", "PERSON", "MET", "Zarif", "PERSON", "accepted", "news_rel-alice"),
]


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAGDESK_ANNOTATOR": "dana"}
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, env=env
    )


def ok(*args: str) -> subprocess.CompletedProcess[str]:
    result = tagdesk(*args)
    assert result.returncode == 0, result.stderr
    return result


def relations_in_db(db: Path | str) -> list[tuple[Any, ...]]:
    rows = query(
        db,
        'SELECT d.text, h."start", h."end", hl.name, t.name, c."start", c."end", cl.name, '
        "r.status, r.annotator, r.meta "
        "FROM relation r JOIN document d ON d.id = r.document_id "
        "JOIN relation_type t ON t.id = r.type_id "
        "JOIN span h ON h.id = r.head_span_id JOIN label hl ON hl.id = h.label_id "
        "JOIN span c ON c.id = r.child_span_id JOIN label cl ON cl.id = c.label_id "
        "ORDER BY r.id",
    )
    return [
        (text[hs:he], hl, t, text[cs:ce], cl, status, annotator, json.loads(meta) if meta else None)
        for text, hs, he, hl, t, cs, ce, cl, status, annotator, meta in rows
    ]


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_rel_manual_relations_are_stored_between_the_spans_with_their_colour(
    db_path: Path,
) -> None:
    result = ok("import", str(REL_MANUAL), "--db", str(db_path))
    stored = relations_in_db(db_path)
    assert [row[:7] for row in stored] == EXPECTED
    assert [row[7] for row in stored] == [
        {"color": "#ffd882"},
        {"color": "#c5bdf4"},
        {"color": "#ffd882"},
        {"color": "#ffdaf9"},
        None,
    ]
    assert (
        f"{REL_MANUAL}: 1 relation joined spans that were not among their task's spans: "
        "1 span added from head_span and child_span"
    ) in result.stderr
    assert f"{REL_MANUAL}: 1 relation joined tokens that are no labelled span" in result.stderr
    types = {name for (name,) in query(db_path, "SELECT name FROM relation_type")}
    assert {"COMMANDS", "LOCATED_IN", "DECLARED", "ANSWERS_TO", "MET"} <= types


def test_the_spacy_jsonl_export_writes_the_relations_back_in_prodigys_shape(
    db_path: Path, tmp_path: Path
) -> None:
    ok("import", str(REL_MANUAL), "--db", str(db_path))
    out = tmp_path / "out.jsonl"
    ok(
        "export",
        str(out),
        "--db",
        str(db_path),
        "--status",
        "all",
        "--spans",
        "all",
        "--relations",
        "all",
    )
    written = {line["text"]: line for line in lines(out)}
    for original in lines(REL_MANUAL):
        record = written[original["text"]]
        assert len(record["relations"]) == len(original["relations"])
        for back, read in zip(record["relations"], original["relations"], strict=True):
            # Prodigy's fields as they came; head_span and child_span where they were not
            assert {key: back[key] for key in read} == read
            assert {"head", "child", "head_span", "child_span", "label"} <= set(back)
    again = tmp_path / "again.db"
    ok("import", str(out), "--db", str(again))
    assert relations_in_db(again) == relations_in_db(db_path)


def test_accepted_relations_only_by_default_and_only_those_of_written_spans(
    db_path: Path, tmp_path: Path
) -> None:
    ok("import", str(REL_MANUAL), "--db", str(db_path))
    out = tmp_path / "out.jsonl"
    ok("export", str(out), "--db", str(db_path), "--status", "all")
    labels = {r["label"] for line in lines(out) for r in line["relations"]}
    assert labels == {"COMMANDS", "LOCATED_IN", "DECLARED", "MET", "DOBJ"}  # DOBJ: kept as read
    assert all(
        r["status"] == "accepted" for line in lines(out) for r in line["relations"] if "status" in r
    )


def test_relations_round_trip_through_a_docbin_export_and_import(
    db_path: Path, tmp_path: Path
) -> None:
    ok("import", str(REL_MANUAL), "--db", str(db_path))
    out = tmp_path / "out.spacy"
    ok(
        "export",
        str(out),
        "--db",
        str(db_path),
        "--status",
        "all",
        "--spans",
        "all",
        "--relations",
        "all",
    )
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin(store_user_data=True).from_disk(out).get_docs(spacy.blank("en").vocab))
    entries = [entry["label"] for doc in docs for entry in doc.user_data.get("relations", ())]
    assert sorted(entries) == sorted(row[2] for row in EXPECTED)
    rel = {doc.text: doc.user_data[("._.", "rel", None, None)] for doc in docs}
    first = rel[lines(REL_MANUAL)[0]["text"]]
    assert first[(0, 4)]["COMMANDS"] == 1.0
    assert first[(0, 4)]["LOCATED_IN"] == 0.0
    again = tmp_path / "again.db"
    ok("import", str(out), "--db", str(again))
    assert relations_in_db(again) == relations_in_db(db_path)


def test_the_tutorials_docbin_comes_in_with_its_relations(db_path: Path) -> None:
    ok("import", str(TUTORIAL_DEV), "--db", str(db_path))
    stored = relations_in_db(db_path)
    assert len(stored) == 56  # parse_data.py: "56/710 pos instances" in this file
    assert {row[2] for row in stored} == {"Regulates", "Binds"}
    assert {(row[1], row[4], row[5]) for row in stored} == {("GGP", "GGP", "accepted")}


def test_a_bad_relation_leaves_the_database_as_it_was(db_path: Path, tmp_path: Path) -> None:
    ok("import", str(REL_MANUAL), "--db", str(db_path))
    before = database_fingerprint(db_path)
    broken = lines(REL_MANUAL)
    broken[2]["relations"][0]["label"] = "two words"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(line) + "\n" for line in broken), encoding="utf-8")
    result = tagdesk("import", str(bad), "--db", str(db_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        f"tagdesk: error: {bad}:3: a relation's label must be a name, got 'two words'"
    )
    assert database_fingerprint(db_path) == before


def test_doc_rel_holds_every_type_of_the_scheme_and_only_when_there_are_relations(
    db_path: Path, tmp_path: Path
) -> None:
    import spacy
    from spacy.tokens import DocBin

    ok("import", str(TUTORIAL_DEV), "--db", str(db_path))
    out = tmp_path / "out.spacy"
    ok("export", str(out), "--db", str(db_path), "--status", "all")
    vocab = spacy.blank("en").vocab
    docs = list(DocBin(store_user_data=True).from_disk(out).get_docs(vocab))
    scheme = [
        name for (name,) in query(db_path, "SELECT name FROM relation_type ORDER BY position, id")
    ]
    assert {"COMMANDS", "MET", "Regulates", "Binds"} <= set(scheme)
    tables = [doc.user_data[("._.", "rel", None, None)] for doc in docs]
    assert all(list(scores) == scheme for table in tables for scores in table.values())
    ones = sum(v == 1.0 for table in tables for s in table.values() for v in s.values())
    assert ones == 56
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"text": "Soleimani met Abadi.", "spans": []}) + "\n")
    fresh = tmp_path / "fresh.db"
    ok("import", str(plain), "--db", str(fresh))
    ok("export", str(tmp_path / "plain.spacy"), "--db", str(fresh), "--status", "all")
    (doc,) = DocBin(store_user_data=True).from_disk(tmp_path / "plain.spacy").get_docs(vocab)
    assert ("._.", "rel", None, None) not in doc.user_data
    assert "relations" not in doc.user_data
