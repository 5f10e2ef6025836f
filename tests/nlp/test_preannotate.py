from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.nlp.preannotate import preannotate
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.settings import choose_model

TEXTS = [
    "Qasem Soleimani was seen in Tikrit.",
    "Nothing to find in this one.",
    "From Baghdad to Tikrit, the IRGC advanced.",
]


def fill(store: Store, texts: list[str] = TEXTS) -> None:
    import_documents(
        store, [IncomingDocument(text=t) for t in texts], annotator="tester", source="test"
    )


def suggestions(store: Store) -> list[tuple[int, str, str, str]]:
    rows = store.execute(
        'SELECT d.id, d.text, s."start", s."end", l.name, s.status, s.source FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        'ORDER BY d.id, s."start"'
    ).fetchall()
    return [
        (doc, text[start:end], label, status) for doc, text, start, end, label, status, _ in rows
    ]


def test_suggestions_are_written_with_their_source(store: Store, ruler_model: Path) -> None:
    fill(store)
    seen: list[tuple[int, int]] = []
    summary = preannotate(
        store, model=str(ruler_model), batch_size=2, progress=lambda *p: seen.append(p)
    )
    assert summary.documents == summary.total == 3
    assert summary.suggestions_added == 5
    assert summary.source == "en_ruler_test@1.2.3"
    assert seen == [(0, 3), (2, 3), (3, 3)]
    assert suggestions(store) == [
        (1, "Qasem Soleimani", "PERSON", "suggested"),
        (1, "Tikrit", "GPE", "suggested"),
        (3, "Baghdad", "GPE", "suggested"),
        (3, "Tikrit", "GPE", "suggested"),
        (3, "IRGC", "ORG", "suggested"),
    ]
    sources = {row[0] for row in store.execute("SELECT DISTINCT source FROM span")}
    assert sources == {"en_ruler_test@1.2.3"}


def test_running_again_adds_nothing_and_keeps_rejections(store: Store, ruler_model: Path) -> None:
    fill(store)
    preannotate(store, model=str(ruler_model))
    assert preannotate(store, model=str(ruler_model)).total == 0  # --missing: all are done
    store.execute("UPDATE span SET status = 'rejected' WHERE document_id = 1")
    before = suggestions(store)
    again = preannotate(store, model=str(ruler_model), scope="all")
    assert again.documents == 3
    assert again.suggestions_added == 0
    assert suggestions(store) == before
    assert before[:2] == [
        (1, "Qasem Soleimani", "PERSON", "rejected"),
        (1, "Tikrit", "GPE", "rejected"),
    ]


def test_given_documents_only(store: Store, ruler_model: Path) -> None:
    fill(store)
    summary = preannotate(store, model=str(ruler_model), scope="documents", document_ids=[3])
    assert summary.documents == 1
    assert {row[0] for row in suggestions(store)} == {3}
    with pytest.raises(TagdeskError, match="no document with id 9"):
        preannotate(store, model=str(ruler_model), scope="documents", document_ids=[9])


def test_the_model_chosen_in_the_settings_is_used(store: Store, ruler_model: Path) -> None:
    fill(store)
    choose_model(store, str(ruler_model))
    assert preannotate(store).source == "en_ruler_test@1.2.3"


def test_worker_processes_give_the_same_suggestions(
    tmp_path: Path, store: Store, ruler_model: Path
) -> None:
    from tagdesk.store import open_store

    texts = [f"{text} (copy {n})" for n in range(10) for text in TEXTS]
    fill(store, texts)
    preannotate(store, model=str(ruler_model), batch_size=4)
    with open_store(tmp_path / "two.sqlite3") as other:
        fill(other, texts)
        summary = preannotate(other, model=str(ruler_model), processes=2, batch_size=4)
        assert summary.documents == 30
        assert summary.source == "en_ruler_test@1.2.3"
        assert sorted(suggestions(other)) == sorted(suggestions(store))
    assert multiprocessing.active_children() == []


def test_a_failing_worker_is_reported_in_one_line(store: Store, tmp_path: Path) -> None:
    fill(store)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text('[nlp]\nlang = "xx_no_such_language"\n')
    with pytest.raises(TagdeskError, match="cannot load the spaCy pipeline"):
        preannotate(store, model=str(broken), processes=2)
    assert suggestions(store) == []
