"""`tagdesk relations types` and `tagdesk relations list`, run as the real command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import IncomingRelation, default_relation_types
from tagdesk.store import open_store
from tagdesk.store.importing import import_documents
from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi."


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*tagdesk_command(), *args], capture_output=True, text=True, timeout=120)


def with_relations(db: str) -> None:
    spans = [
        IncomingSpan(0, 15, "PERSON"),
        IncomingSpan(29, 39, "ORG"),
        IncomingSpan(48, 63, "PERSON"),
    ]
    relations = [
        IncomingRelation(0, 1, "COMMANDS", note="IRGC"),
        IncomingRelation(2, 0, "MET", directed=False, status="suggested"),
    ]
    with open_store(db) as store:
        import_documents(
            store,
            [
                IncomingDocument(text=TEXT, spans=spans, relations=relations),
                IncomingDocument(text="Nothing related."),
            ],
            annotator="rana",
            source="t",
        )


def test_relation_types_are_listed_with_their_direction_and_use(db_path: Path | str) -> None:
    db = str(db_path)
    with_relations(db)
    listed = json.loads(tagdesk("relations", "types", "--json", "--db", db).stdout)
    assert [kind["name"] for kind in listed] == [spec.name for spec in default_relation_types()]
    commands = listed[0]
    assert (commands["directed"], commands["heads"], commands["hotkey"]) == (
        True,
        ["PERSON", "ORG"],
        "c",
    )
    assert {kind["name"]: kind["relations"] for kind in listed if kind["relations"]} == {
        "COMMANDS": 1,
        "MET": 1,
    }
    said = tagdesk("relations", "types", "--db", db)
    assert said.returncode == 0, said.stderr
    assert "COMMANDS [c]  PERSON|ORG -> ORG|NORP  1 relation: the head leads" in said.stdout
    assert "MET [t]  PERSON|ORG|GPE|NORP <-> PERSON|ORG|GPE|NORP  1 relation" in said.stdout


def test_relations_are_listed_by_document_with_their_spans(db_path: Path | str) -> None:
    db = str(db_path)
    with_relations(db)
    before = database_fingerprint(db)
    listed = json.loads(tagdesk("relations", "list", "--json", "--db", db).stdout)
    assert [(r["type"], r["head"]["text"], r["child"]["text"], r["status"]) for r in listed] == [
        ("COMMANDS", "Qasem Soleimani", "Quds Force", "accepted"),
        ("MET", "Qasem Soleimani", "Haider al-Abadi", "suggested"),
    ]
    assert listed[0]["note"] == "IRGC"
    assert [r["directed"] for r in listed] == [True, False]
    assert listed[0]["head"]["label"] == "PERSON"
    said = tagdesk("relations", "list", "--document", "1", "--db", db)
    assert said.returncode == 0, said.stderr
    assert "'Qasem Soleimani' PERSON -COMMANDS-> 'Quds Force' ORG  accepted, rana  (IRGC)" in (
        said.stdout
    )
    assert "'Qasem Soleimani' PERSON <-MET-> 'Haider al-Abadi' PERSON  suggested" in said.stdout
    none = tagdesk("relations", "list", "--document", "2", "--db", db)
    assert none.stdout.strip() == "no relations in document 2"
    missing = tagdesk("relations", "list", "--document", "9", "--db", db)
    assert missing.returncode != 0
    assert missing.stderr.strip().endswith("no document 9")
    assert database_fingerprint(db) == before  # listing writes nothing


def test_preannotate_suggests_relations_only_when_asked(qapp, tmp_path: Path) -> None:
    """The command runs the entity recogniser alone unless --relations asks for the parse too;
    the window's pre-annotation asks for it."""
    from tagdesk.gui.preannotate_job import PreannotateJob

    texts = ["Qasem Soleimani commands the Quds Force.\n\nHe met Haider al-Abadi in Baghdad."]
    found = {}
    for asked in ((), ("--relations",)):
        db = str(tmp_path / f"t{len(asked)}.sqlite3")
        with open_store(db) as store:
            import_documents(
                store, [IncomingDocument(text=t) for t in texts], annotator="", source="t"
            )
        done = tagdesk("preannotate", "--db", db, *asked)
        assert done.returncode == 0, done.stderr
        with open_store(db) as store:
            found[asked] = store.execute(
                "SELECT t.name, r.status, r.source FROM relation r "
                "JOIN relation_type t ON t.id = r.type_id"
            ).fetchall()
    assert found[()] == []
    assert ("COMMANDS", "suggested") in {
        (name, status) for name, status, _ in found[("--relations",)]
    }
    assert all(source.startswith("rules:") for _, _, source in found[("--relations",)])
    assert "--relations" in PreannotateJob(str(tmp_path / "t0.sqlite3")).arguments()
