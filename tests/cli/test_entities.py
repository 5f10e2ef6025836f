"""`tagdesk entities` through the real command line: link the seeds, list, merge, split, export."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint

SOLEIMANI = re.compile(r"s[ou]le[iy]mani|sulaimani", re.IGNORECASE)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=600, check=False
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("tagdesk: error: ")
    return result.stderr


@pytest.fixture(scope="module")
def linked_seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled articles imported, pre-annotated by the real model, linked by --auto.

    The model misses the lower-case "qassem suleimani" of one article; the analyst
    marks it, as the window would, before linking.
    """
    db = tmp_path_factory.mktemp("seeds") / "seeds.sqlite3"
    ok("import", str(SEEDS), "--db", str(db))
    ok("preannotate", "--db", str(db))
    connection = sqlite3.connect(db)
    with connection:
        person = connection.execute("SELECT id FROM label WHERE name = 'PERSON'").fetchone()[0]
        for document_id, text in connection.execute("SELECT id, text FROM document").fetchall():
            for match in re.finditer("qassem suleimani", text):
                connection.execute(
                    'INSERT INTO span (document_id, "start", "end", label_id, source, status, '
                    "note, annotator, created_at, updated_at) VALUES (?, ?, ?, ?, 'manual', "
                    "'accepted', '', 'analyst', '2026-01-01', '2026-01-01')",
                    (document_id, match.start(), match.end(), person),
                )
    connection.close()
    said = ok("entities", "link", "--auto", "--db", str(db))
    return db, said


def person_mentions(db: Path) -> list[tuple[str, str | None]]:
    """(text, entity key) of every PERSON span that is not rejected."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            'SELECT substr(d.text, s."start" + 1, s."end" - s."start"), e.key FROM span s '
            "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
            "LEFT JOIN entity e ON e.id = s.entity_id "
            "WHERE l.name = 'PERSON' AND s.status != 'rejected'"
        ).fetchall()
    finally:
        connection.close()


def test_every_spelling_of_soleimani_in_the_seeds_is_one_entity_and_no_one_else(
    linked_seeds: tuple[Path, str],
) -> None:
    db, said = linked_seeds
    match = re.search(r"linked (\d+) spans? to known entities and (\d+) spans? to (\d+) new", said)
    assert match, said
    assert int(match[2]) > 100
    assert int(match[3]) > 20
    assert said.strip().endswith("left for the analyst")
    mentions = person_mentions(db)
    his = {key for text, key in mentions if SOLEIMANI.search(text)}
    assert len(his) == 1, his
    assert None not in his
    (key,) = his
    spellings = {text for text, linked in mentions if linked == key}
    assert {"Qasem Soleimani", "Qassem Soleimani", "qassem suleimani"} <= spellings
    assert all(SOLEIMANI.search(text) for text in spellings), spellings  # nobody else in it
    listed = json.loads(ok("entities", "list", "--json", "--db", str(db)))
    (entity,) = [e for e in listed if e["key"] == key]
    assert (entity["name"], entity["label"]) == ("Qasem Soleimani", "PERSON")
    assert entity["mentions"] == len([1 for _, linked in mentions if linked == key])
    assert entity["documents"] == 5
    assert "Qassem Soleimani" in entity["aliases"]
    shown = ok("entities", "list", "--db", str(db))
    assert f"{key}  PERSON  Qasem Soleimani: {entity['mentions']} mentions in 5 documents" in shown
    # Linking again finds nothing new to do: every span that could be linked is.
    again = ok("entities", "link", "--auto", "--db", str(db))
    assert again.startswith("linked 0 spans to known entities and 0 spans to 0 new entities")


def test_dates_and_amounts_are_no_entities(linked_seeds: tuple[Path, str]) -> None:
    """The model's DATE, QUANTITY and CARDINAL spans are values, not names: left unlinked."""
    db, _ = linked_seeds
    connection = sqlite3.connect(db)
    try:
        by_label = dict(
            connection.execute(
                "SELECT l.name, COUNT(s.entity_id) FROM span s JOIN label l ON l.id = s.label_id "
                "GROUP BY l.name"
            ).fetchall()
        )
        values = connection.execute(
            "SELECT COUNT(*) FROM span s JOIN label l ON l.id = s.label_id "
            "WHERE l.name IN ('DATE', 'QUANTITY', 'CARDINAL')"
        ).fetchone()[0]
    finally:
        connection.close()
    assert values > 0  # the seeds have them: the test would pass without them otherwise
    assert all(by_label.get(name, 0) == 0 for name in ("DATE", "TIME", "QUANTITY", "CARDINAL"))
    assert by_label["PERSON"] > 0
    assert by_label["GPE"] > 0


def test_exports_carry_kb_id_and_an_import_reads_the_links_back(
    linked_seeds: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = linked_seeds
    linked = {(text, key) for text, key in person_mentions(db) if key}
    for name, fmt in (
        ("out.jsonl", "spacy-jsonl"),
        ("out.spacy", "docbin"),
        ("brat", "brat"),
        ("out.json", "label-studio"),
    ):
        out = tmp_path / name
        ok(
            "export",
            str(out),
            "--format",
            fmt,
            "--status",
            "all",
            "--spans",
            "all",
            "--db",
            str(db),
        )
        copy = tmp_path / f"{name}.sqlite3"
        ok("import", str(out), "--format", fmt, "--db", str(copy))
        back = {(text, key) for text, key in person_mentions(copy) if key}
        assert back == linked, fmt  # every link, under the same key
    brat_lines = "".join(path.read_text() for path in (tmp_path / "brat").glob("*.ann"))
    assert re.search(r"^N\d+\tReference T\d+ Tagdesk:qasem-soleimani-\d+\tQasem Soleimani$",
                     brat_lines, re.MULTILINE)  # fmt: skip
    record = json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])
    assert any(span.get("kb_id") for span in record["spans"])


def test_doc_ents_and_span_groups_carry_kb_id(
    linked_seeds: tuple[Path, str], tmp_path: Path
) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    db, _ = linked_seeds
    out = tmp_path / "out.spacy"
    ok(
        "export",
        str(out),
        "--format",
        "docbin",
        "--status",
        "all",
        "--spans",
        "all",
        "--db",
        str(db),
    )
    docs = list(DocBin().from_disk(out).get_docs(Vocab()))
    ents = [ent for doc in docs for ent in doc.ents if SOLEIMANI.search(ent.text)]
    grouped = [s for doc in docs for s in doc.spans["sc"] if SOLEIMANI.search(s.text)]
    assert ents
    assert grouped
    people = {ent.kb_id_ for ent in ents if ent.label_ == "PERSON"}
    assert len(people) == 1
    assert people != {""}
    assert people <= {s.kb_id_ for s in grouped}


def test_a_spacy_knowledge_base_is_built_from_the_registry(
    linked_seeds: tuple[Path, str], tmp_path: Path
) -> None:
    """The README's recipe, on the real model's vocabulary."""
    import spacy
    from spacy.kb import InMemoryLookupKB

    from tagdesk.nlp.models import resolve_model

    db, _ = linked_seeds
    out = tmp_path / "entities.jsonl"
    said = ok("entities", "export", str(out), "--db", str(db))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert said.strip() == f"{len(lines)} entities written to {out}"
    nlp = spacy.load(resolve_model(None))
    # -- the README's recipe --
    kb = InMemoryLookupKB(vocab=nlp.vocab, entity_vector_length=1)
    entities = [json.loads(line) for line in lines]
    for entity in entities:
        kb.add_entity(entity=entity["key"], freq=max(entity["mentions"], 1), entity_vector=[0.0])
    names: dict[str, list[str]] = {}
    for entity in entities:
        for name in {entity["name"], *entity["aliases"]}:
            names.setdefault(name, []).append(entity["key"])
    for name, keys in names.items():
        kb.add_alias(alias=name, entities=keys, probabilities=[1 / len(keys)] * len(keys))
    # --
    (soleimani,) = [e for e in entities if e["name"] == "Qasem Soleimani"]
    assert kb.get_size_entities() == len(entities)
    candidates = [c.entity_ for c in kb.get_alias_candidates("Qassem Soleimani")]
    assert candidates == [soleimani["key"]]
    assert set(soleimani) >= {"key", "name", "label", "aliases", "external_id", "mentions"}


def test_merge_and_split_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    source = tmp_path / "in.jsonl"
    text = "Qasem Soleimani and Abu Mahdi al-Muhandis met. Soleimani left."
    source.write_text(
        json.dumps(
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON", "kb_id": "soleimani"},
                    {"start": 20, "end": 45, "label": "PERSON", "kb_id": "muhandis"},
                    {"start": 47, "end": 56, "label": "PERSON", "kb_id": "soleimani-too"},
                ],
            }
        )
        + "\n"
    )
    ok("import", str(source), "--db", str(db))
    assert ok("entities", "merge", "soleimani", "soleimani-too", "--db", str(db)).strip() == (
        "soleimani-too merged into soleimani"
    )
    (merged,) = [
        e for e in json.loads(ok("entities", "list", "--json", "--db", str(db)))
        if e["key"] == "soleimani"
    ]  # fmt: skip
    assert (merged["mentions"], merged["former_keys"]) == (2, ["soleimani-too"])
    # A file exported before the merge names the old key: it links to the survivor.
    ok("import", str(source), "--db", str(db))
    said = ok("entities", "split", "soleimani", "--mentions", "3", "--db", str(db))
    assert re.fullmatch(r"soleimani-\d+ \(Soleimani\) split from soleimani\n", said), said
    before = database_fingerprint(db)
    assert "no entity with the key 'nobody'" in refused(
        "entities", "merge", "soleimani", "nobody", "--db", str(db)
    )
    assert "no span 99" in refused(
        "entities", "link", "soleimani", "--spans", "99", "--db", str(db)
    )
    assert database_fingerprint(db) == before


def test_an_import_naming_an_entity_of_another_label_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    first = tmp_path / "first.jsonl"
    first.write_text(
        json.dumps(
            {
                "text": "Tikrit fell.",
                "spans": [{"start": 0, "end": 6, "label": "GPE", "kb_id": "tikrit"}],
            }
        )
        + "\n"
    )
    ok("import", str(first), "--db", str(db))
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(
        json.dumps(
            {
                "text": "Tikrit rose.",
                "spans": [{"start": 0, "end": 6, "label": "ORG", "kb_id": "tikrit"}],
            }
        )
        + "\n"
    )
    before = database_fingerprint(db)
    line = refused("import", str(wrong), "--db", str(db))
    assert (
        f"{wrong}:1: span [0, 6) ORG: its kb_id 'tikrit' names an entity of the label GPE" in line
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(
            {
                "text": "Tikrit.",
                "spans": [{"start": 0, "end": 6, "label": "GPE", "kb_id": "two words"}],
            }
        )
        + "\n"
    )
    assert f"{bad}:1: span [0, 6) GPE: kb_id: an entity key is" in refused(
        "import", str(bad), "--db", str(db)
    )
    assert database_fingerprint(db) == before


def test_entities_export_never_replaces_a_file(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    ok("import", str(SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]), "--db", str(db))
    theirs = tmp_path / "theirs.jsonl"
    theirs.write_text("someone's notes\n")
    line = refused("entities", "export", str(theirs), "--db", str(db))
    assert line == (
        f"tagdesk: error: {theirs}: exists already; entities export writes a new file and "
        "never replaces one\n"
    )
    assert theirs.read_text() == "someone's notes\n"
    assert "no such folder" in refused(
        "entities", "export", str(tmp_path / "nowhere" / "e.jsonl"), "--db", str(db)
    )
    out = tmp_path / "new.jsonl"
    assert (
        ok("entities", "export", str(out), "--db", str(db)).strip()
        == f"0 entities written to {out}"
    )
    assert out.read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert "needs --auto, or KEY with --spans" in refused("entities", "link", "--db", str(db))
