"""`tagdesk copy` between a file and a server: every row and id kept, nothing overwritten."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tagdesk.core.relations import RelationTypeRecord
from tagdesk.store import open_store
from tagdesk.store.change_sets import History
from tagdesk.store.document_list import ListQuery, document_ids
from tagdesk.store.editing import create_span
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.operations import add_relation, create_entity, save_relation_type
from tagdesk.store.reading import stats
from tagdesk.store.relations import relations_with_ids
from tests.helpers import database_fingerprint, write_jsonl
from tests.postgres.copying import (
    REPO,
    file_rows,
    ok,
    one_error_line,
    rich_source,
    server_rows,
    server_tables,
    tagdesk,
)

SEARCHES = ("soleimani", "SOLEI", "cafe", "naively", "tikrit", "no such word at all")


def search_results(target: str) -> dict[str, list[int]]:
    with open_store(target, create=False) as store:
        return {typed: document_ids(store, ListQuery(search=typed)) for typed in SEARCHES}


def listing(target: str) -> dict[str, object]:
    """What the window's list and `tagdesk stats` show: counts, sorts, label filters."""
    with open_store(target, create=False) as store:
        shown: dict[str, object] = {"stats": stats(store)}
        for sort in ("id", "title", "status", "accepted", "suggested", "tags", "uncertainty"):
            shown[sort] = document_ids(store, ListQuery(sort=sort))
        labels = [row[0] for row in store.execute('SELECT id FROM "label" ORDER BY id')]
        for label in labels:
            shown[f"label {label}"] = document_ids(store, ListQuery(label_id=label))
        shown["counts"] = store.execute(
            "SELECT document_id, accepted, suggested, least_score, tag_key "
            "FROM document_counts ORDER BY 1"
        ).fetchall()
        shown["labelled"] = store.execute(
            "SELECT label_id, document_id, spans, rejected FROM document_labels ORDER BY 1, 2"
        ).fetchall()
    return shown


def highest_ids(path: Path) -> dict[str, int]:
    """The highest id each table ever handed out in a file: in use or recorded."""
    connection = sqlite3.connect(path)
    try:
        found = {}
        for table in ("document", "label", "span", "tag", "entity", "relation", "relation_type"):
            in_use = connection.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
            recorded = connection.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = ?", (table,)
            ).fetchone()
            found[table] = max(in_use[0], recorded[0])
        return found
    finally:
        connection.close()


def new_span_id(target: str) -> int:
    with open_store(target, create=False) as store:
        label = store.execute('SELECT MIN(id) FROM "label"').fetchone()[0]
        return create_span(store, 1, 0, 3, label, annotator="tester").id


def new_entity_id(target: str) -> int:
    with open_store(target, create=False) as store:
        record, _ = create_entity(store, History(), EntityDraft("Haider al-Abadi", 1))
        assert record.key == f"haider-al-abadi-{record.id}"
        return record.id


def new_relation_id(target: str, type_id: int) -> int:
    """A relation added after the copy, between the two spans of the copied relation 1."""
    with open_store(target, create=False) as store:
        (relation,) = relations_with_ids(store, [1])
        report = add_relation(
            store, History(), relation.document_id, relation.child, relation.head, type_id,
            annotator="tester",
        )  # fmt: skip
        (made,) = report.relations
        return made


def new_relation_type_id(target: str) -> int:
    with open_store(target, create=False) as store:
        made, _ = save_relation_type(store, History(), RelationTypeRecord(0, "LATER", "#000000"))
        return made.id


def new_tag_and_label_ids(target: str) -> tuple[int, int]:
    with open_store(target, create=False) as store:
        with store.atomic():
            store.execute("INSERT INTO tag (name) VALUES ('new one')")
            store.execute(
                'INSERT INTO "label" (name, colour, hotkey, description, position) '
                "VALUES ('NEW', '#000000', '', '', 99)"
            )
        tag = store.execute("SELECT id FROM tag WHERE name = 'new one'").fetchone()[0]
        label = store.execute("SELECT id FROM \"label\" WHERE name = 'NEW'").fetchone()[0]
    return tag, label


@pytest.mark.timeout(600)
def test_a_file_goes_to_a_server_and_back_with_every_row_and_id(
    postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    source = rich_source(tmp_path / "source")
    original = file_rows(source)
    assert all(original[table] for table in original if table != "sqlite_stat1"), [
        table for table in original if not original[table]
    ]  # something in every table, or the comparison below proves little
    kept = original["document_counts"]  # with the list's kept sort keys
    assert {0.25, None} <= {row["least_score"] for row in kept}
    assert {"#checked", "#später", ""} <= {row["tag_key"] for row in kept}
    highest = highest_ids(source)
    expected_search, expected_listing = search_results(str(source)), listing(str(source))
    back = tmp_path / "back" / "copy.sqlite3"
    back.parent.mkdir()

    there = tagdesk("copy", "--from", str(source), "--to", postgres_url)
    assert there.returncode == 0, there.stderr
    assert postgres_server.password not in there.stdout + there.stderr
    assert there.stdout.startswith("copied 7 documents, ")
    home = tagdesk("copy", "--from", postgres_url, "--to", str(back))
    assert home.returncode == 0, home.stderr

    assert file_rows(back) == original  # every row of every table, every column, every id
    assert sorted(p.name for p in back.parent.iterdir()) == ["copy.sqlite3"]
    connection = sqlite3.connect(back)
    connection.execute("INSERT INTO document_fts (document_fts) VALUES ('integrity-check')")
    connection.close()
    for target in (postgres_url, str(back)):
        assert search_results(target) == expected_search, target
        assert listing(target) == expected_listing, target
    # Ids go on past every id the source handed out, also the deleted span's and tag's.
    for target in (postgres_url, str(back)):
        assert new_span_id(target) == highest["span"] + 1, target
        tag, label = new_tag_and_label_ids(target)
        assert (tag, label) == (highest["tag"] + 1, highest["label"] + 1), target
        assert new_entity_id(target) == highest["entity"] + 1 == 3, target  # 2 was deleted
        later = new_relation_type_id(target)
        assert later == highest["relation_type"] + 1 == 8, target
        # The last relation made was deleted: its id is not handed out again.
        assert new_relation_id(target, later) == highest["relation"] + 1, target
    new_text = write_jsonl(tmp_path / "new.jsonl", [{"text": "A new one.", "spans": []}])
    for target in (postgres_url, str(back)):
        ok("import", str(new_text), "--db", target)
        with open_store(target, create=False) as store:
            newest = store.execute('SELECT MAX(id) FROM "document"').fetchone()[0]
        assert newest == highest["document"] + 1, target


@pytest.mark.timeout(600)
def test_a_server_database_goes_to_another_server_database(
    postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    ok("copy", "--from", str(rich_source(tmp_path, preannotate=False)), "--to", postgres_url)
    second = postgres_server.url(postgres_server.create_database())
    ok("copy", "--from", postgres_url, "--to", second)
    assert server_rows(second) == server_rows(postgres_url)
    assert search_results(second) == search_results(postgres_url)
    assert listing(second) == listing(postgres_url)


def test_a_file_goes_to_a_new_file(tmp_path: Path) -> None:
    source = rich_source(tmp_path / "source", preannotate=False)
    target = tmp_path / "copy.sqlite3"
    result = ok("copy", "--from", str(source), "--to", str(target), "--progress", "json")
    events = [json.loads(line) for line in result.splitlines()]
    assert events[-1]["event"] == "finished"
    assert events[-1]["rows"]["document"] == 7
    assert {"event": "progress", "table": "span", "done": events[-1]["rows"]["span"],
            "total": events[-1]["rows"]["span"]} in events  # fmt: skip
    assert file_rows(target) == file_rows(source)
    assert listing(str(target)) == listing(str(source))
    assert search_results(str(target)) == search_results(str(source))


def make_other_tables(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('mine')")
    connection.commit()
    connection.close()


@pytest.mark.timeout(300)
def test_a_target_that_holds_anything_is_refused_and_left_as_it_was(
    postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    source = rich_source(tmp_path / "source", preannotate=False)
    tagdesk_file = tmp_path / "tagdesk.sqlite3"
    ok("import", str(REPO / "seeds"), "--db", str(tagdesk_file))
    other_file = tmp_path / "other.sqlite3"
    make_other_tables(other_file)
    empty_file = tmp_path / "empty.sqlite3"
    empty_file.touch()
    for target, reason in (
        (tagdesk_file, "already holds a Tagdesk database"),
        (other_file, "already holds tables"),
        (empty_file, "is not a new file"),
    ):
        before = target.read_bytes()
        line = one_error_line(tagdesk("copy", "--from", str(source), "--to", str(target)))
        assert line.startswith(f"tagdesk: error: {target}: {reason}; "), line
        assert line.endswith("never overwrites one (nothing was written)")
        assert target.read_bytes() == before
        assert not [p for p in tmp_path.iterdir() if ".copying-" in p.name]

    ok("import", str(REPO / "seeds"), "--db", postgres_url)
    before_rows = server_rows(postgres_url)
    line = one_error_line(tagdesk("copy", "--from", str(source), "--to", postgres_url))
    assert "already holds a Tagdesk database" in line
    assert postgres_server.password not in line
    assert server_rows(postgres_url) == before_rows

    foreign = postgres_server.url(postgres_server.create_database())
    import psycopg2

    connection = psycopg2.connect(foreign)
    with connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)")
        cursor.execute("INSERT INTO notes (body) VALUES ('mine')")
    connection.close()
    before_rows = server_rows(foreign)
    line = one_error_line(tagdesk("copy", "--from", str(source), "--to", foreign))
    assert "already holds tables (notes)" in line
    assert server_rows(foreign) == before_rows


def test_a_source_of_a_newer_schema_is_refused(tmp_path: Path) -> None:
    source = rich_source(tmp_path / "source", preannotate=False)
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    fingerprint = database_fingerprint(source)
    target = tmp_path / "copy.sqlite3"
    line = one_error_line(tagdesk("copy", "--from", str(source), "--to", str(target)))
    assert "was written by a newer Tagdesk (schema 99" in line
    assert not target.exists()
    assert database_fingerprint(source) == fingerprint


def test_an_empty_or_missing_source_is_refused_and_not_created(
    postgres_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    missing = tmp_path / "missing.sqlite3"
    line = one_error_line(tagdesk("copy", "--from", str(missing), "--to", str(target)))
    assert line == f"tagdesk: error: {missing}: no such database"
    line = one_error_line(tagdesk("copy", "--from", postgres_url, "--to", str(target)))
    assert line.endswith(": is empty: there is no Tagdesk database in it yet")
    assert server_tables(postgres_url) == []
    assert not missing.exists()
    assert not target.exists()


@pytest.mark.timeout(300)
def test_a_row_the_server_refuses_leaves_it_empty(
    postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    source = rich_source(tmp_path / "source", preannotate=False)
    connection = sqlite3.connect(source)
    with connection:  # another program wrote a text PostgreSQL cannot hold
        connection.execute("UPDATE document SET text = ? WHERE id = 6", ("nul \x00 inside",))
    connection.close()
    line = one_error_line(tagdesk("copy", "--from", str(source), "--to", postgres_url))
    assert line.startswith(f"tagdesk: error: {source}: document row with id 6: cannot be copied")
    assert line.endswith("nothing was written to it")
    assert postgres_server.password not in line
    assert server_tables(postgres_url) == []


def test_a_row_a_new_file_refuses_leaves_no_file(tmp_path: Path) -> None:
    source = rich_source(tmp_path / "source", preannotate=False)
    connection = sqlite3.connect(source)  # foreign keys off: a span of a label no longer there
    with connection:
        connection.execute("DELETE FROM \"label\" WHERE name = 'WEAPON'")
        connection.execute(
            'UPDATE span SET label_id = (SELECT MAX(id) + 1 FROM "label") '
            "WHERE id = (SELECT MAX(id) FROM span)"
        )
        bad = connection.execute("SELECT MAX(id) FROM span").fetchone()[0]
    connection.close()
    target = tmp_path / "out" / "copy.sqlite3"
    target.parent.mkdir()
    line = one_error_line(tagdesk("copy", "--from", str(source), "--to", str(target)))
    assert line.startswith(f"tagdesk: error: {source}: span row with id {bad}: cannot be copied")
    assert "FOREIGN KEY constraint failed" in line
    assert list(target.parent.iterdir()) == []


def bigger_source(folder: Path, documents: int = 4000) -> Path:
    folder.mkdir()
    records = [
        {
            "text": f"Report {n}: Qasem Soleimani met officials in Baghdad and Erbil on day {n}.",
            "spans": [
                {"start": 0, "end": 6, "label": "ORG"},
                {"start": 10 + len(str(n)), "end": 25 + len(str(n)), "label": "PERSON"},
            ],
        }
        for n in range(documents)
    ]
    source = folder / "big.sqlite3"
    ok("import", str(write_jsonl(folder / "big.jsonl", records)), "--db", str(source))
    return source


def start_copy(source: Path, target: str) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "tagdesk", "copy", "--from", str(source), "--to", target,
         "--progress", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO / "desktop")),
    )  # fmt: skip


def stop_mid_way(process: subprocess.Popen[str], how: signal.Signals) -> None:
    """Signal the copy once it has written some spans, before it has finished."""
    assert process.stdout is not None
    for line in process.stdout:
        event = json.loads(line)
        assert event["event"] != "finished", "the copy finished before it could be stopped"
        if event.get("table") == "span" and event["done"] > 0:
            process.send_signal(how)
            break
    process.communicate(timeout=60)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_copy_stopped_mid_way_leaves_the_target_as_it_was(
    postgres_url: str, tmp_path: Path, how: signal.Signals
) -> None:
    source = bigger_source(tmp_path / "source")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "copy.sqlite3"
    for destination in (str(target), postgres_url):
        process = start_copy(source, destination)
        stop_mid_way(process, how)
        assert process.returncode == (-9 if how == signal.SIGKILL else 130)
        assert not target.exists()
        assert server_tables(postgres_url) == []
    leftovers = [p.name for p in out.iterdir()]
    if how == signal.SIGTERM:
        assert leftovers == []  # what the copy built is removed when it is stopped
    else:  # a killed process removes nothing; what it built is never the target's name
        assert all(name.startswith(".copy.sqlite3.copying-") for name in leftovers)
    ok("copy", "--from", str(source), "--to", str(target))  # and the copy then works
    ok("copy", "--from", str(source), "--to", postgres_url)
    assert listing(str(target)) == listing(postgres_url) == listing(str(source))
