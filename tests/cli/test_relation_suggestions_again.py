"""`tagdesk preannotate --relations` run again: a suggested relation the analyst deleted stays
deleted, and one rejected stays rejected (the relation suggestion log, schema 13), on both
engines, through the real command."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tagdesk.nlp.models import default_model
from tagdesk.store import Store, open_store
from tagdesk.store.change_sets import History
from tagdesk.store.relation_actions import delete_relations, edit_relation
from tagdesk.store.relations import document_relations
from tests.cli.test_cli import tagdesk
from tests.conftest import SEEDS

Shown = tuple[int, int, int, int, str]  # document, type, head start, child start, status


def shown(store: Store) -> list[Shown]:
    return [
        tuple(row)
        for row in store.execute(
            'SELECT r.document_id, r.type_id, h."start", c."start", r.status FROM relation r '
            "JOIN span h ON h.id = r.head_span_id JOIN span c ON c.id = r.child_span_id "
            "ORDER BY 1, 2, 3, 4"
        )
    ]


@pytest.mark.skipif(default_model() is None, reason="needs en_core_web_sm")
def test_a_deleted_suggestion_stays_deleted_and_a_rejected_one_rejected(
    db_path: Path | str,
) -> None:
    db = str(db_path)
    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    assert tagdesk("import", *seeds, "--db", db).returncode == 0
    first = tagdesk("preannotate", "--relations", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "5 suggested relations" in first.stdout
    with open_store(db) as store:
        made = [r for d in range(1, len(seeds) + 1) for r in document_relations(store, d)]
        assert len(made) == 5
        rejected, deleted = made[0], made[1]
        history = History()  # as the window writes: through change-sets
        for change in (
            edit_relation(store, rejected, replace(rejected, status="rejected")),
            delete_relations(store, [deleted]),
        ):
            assert change is not None
            assert history.do(store, change) is not None
        before = shown(store)
    assert len(before) == 4
    again = tagdesk("preannotate", "--relations", "--all", "--db", db)
    assert again.returncode == 0, again.stderr
    assert "suggested relation" not in again.stdout
    with open_store(db) as store:
        assert shown(store) == before  # nothing back, the rejected one still rejected
        assert {r.id: r.status for d in range(1, len(seeds) + 1)
                for r in document_relations(store, d)}[rejected.id] == "rejected"  # fmt: skip
