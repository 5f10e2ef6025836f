"""Documents the window imports get suggestions in the background, unless the setting is off.

These run the real `tagdesk preannotate` worker with the installed pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.nlp.models import default_model
from tagdesk.store import Store, open_store
from tests.gui.conftest import WindowFactory
from tests.helpers import write_jsonl

pytestmark = pytest.mark.skipif(default_model() is None, reason="no spaCy pipeline installed")

ARTICLE = "Angela Merkel met Emmanuel Macron in Paris on Monday to talk about Siemens."
WAIT_MS = 120_000  # loading spaCy in a fresh process on a busy machine


def pipeline_spans(store: Store) -> dict[int, list[tuple[str, str]]]:
    """(text, label) of the suggestions a pipeline wrote, by document."""
    found: dict[int, list[tuple[str, str]]] = {}
    for document_id, text, start, end, label in store.execute(
        'SELECT d.id, d.text, s."start", s."end", l.name FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        "WHERE s.status = 'suggested' AND s.source LIKE 'en_core_web_sm%' ORDER BY s.id"
    ):
        found.setdefault(document_id, []).append((text[start:end], label))
    return found


def document_id_of(store: Store, text: str) -> int:
    return store.execute('SELECT id FROM "document" WHERE text = ?', (text,)).fetchone()[0]


def import_through_window(window: MainWindow, qtbot, path: Path) -> None:
    with qtbot.waitSignal(window.background.import_job.finished, timeout=20_000):
        window.background.import_paths([path])


def wait_for_preannotation(window: MainWindow, qtbot) -> None:
    job = window.background.preannotate_job
    assert job is not None
    assert job.is_running()
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass


def settle(qtbot, milliseconds: int = 1500) -> None:
    """Let the event loop run, for whatever an import's end would start."""
    qtbot.wait(milliseconds)


def test_an_imported_text_file_gets_suggestions_and_only_it(
    window: MainWindow, seeded: Store, tmp_path: Path, qtbot
) -> None:
    before = set(seeded.execute('SELECT id FROM "document"').fetchall())
    assert pipeline_spans(seeded) == {}
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    import_through_window(window, qtbot, article)
    assert window.action_set.preannotate.text() == "Stop pre-annotation"
    assert "1 document added" in window.statusBar().currentMessage()
    assert window.background.model_label.text().endswith("· suggesting 0/1")
    wait_for_preannotation(window, qtbot)

    new_id = document_id_of(seeded, ARTICLE)
    assert (new_id,) not in before
    found = pipeline_spans(seeded)
    assert list(found) == [new_id]  # the seed documents were left alone
    assert ("Angela Merkel", "PERSON") in found[new_id]
    assert ("Paris", "GPE") in found[new_id]
    assert seeded.execute('SELECT document_id FROM "preannotation"').fetchall() == [(new_id,)]
    settle(qtbot, 300)
    assert window.action_set.preannotate.text() == "Pre-annotate with spaCy"
    assert not window.background.progress_bar.isVisible()


def test_with_the_setting_off_nothing_is_suggested_and_it_survives_a_restart(
    seeded: Store, db_path: Path, make_window: WindowFactory, tmp_path: Path, qtbot
) -> None:
    window = make_window(seeded)
    setting = window.action_set.preannotate_imports
    assert setting.isChecked()  # on by default
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "File")
    assert setting in file_menu.actions()
    assert window.action_set.choose_model in file_menu.actions()
    setting.trigger()  # as clicking the menu entry does
    assert not setting.isChecked()
    window.close()
    seeded.close()

    with open_store(db_path) as store:
        window = make_window(store)
        assert not window.action_set.preannotate_imports.isChecked()
        article = tmp_path / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        import_through_window(window, qtbot, article)
        settle(qtbot)
        assert window.background.preannotate_job is None
        assert pipeline_spans(store) == {}
        assert store.execute('SELECT COUNT(*) FROM "preannotation"').fetchone() == (0,)

        window.action_set.preannotate_imports.trigger()  # on again, for the next imports
        window.close()
    with open_store(db_path) as store:
        window = make_window(store)
        assert window.action_set.preannotate_imports.isChecked()
        window.close()


def test_an_import_during_a_run_queues_after_it(
    window: MainWindow, seeded: Store, tmp_path: Path, qtbot
) -> None:
    window.action_set.preannotate.trigger()  # the seed documents, which have none yet
    first = window.background.preannotate_job
    assert first is not None
    assert first.is_running()
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    import_through_window(window, qtbot, article)
    new_id = document_id_of(seeded, ARTICLE)
    assert first.is_running()  # spaCy is still loading in the first run
    assert window.background.preannotate_job is first
    assert window.background.queued_documents == [new_id]

    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        pass
    second = window.background.preannotate_job
    assert second is not None
    assert second is not first
    assert second.document_ids == [new_id]
    with qtbot.waitSignal(second.finished, timeout=WAIT_MS):
        pass
    assert new_id in pipeline_spans(seeded)
    assert window.background.queued_documents == []


def test_stopping_a_run_drops_what_was_queued(
    window: MainWindow, seeded: Store, tmp_path: Path, qtbot
) -> None:
    window.action_set.preannotate.trigger()
    first = window.background.preannotate_job
    assert first is not None
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    import_through_window(window, qtbot, article)
    assert window.background.queued_documents
    with qtbot.waitSignal(first.cancelled, timeout=WAIT_MS):
        window.action_set.preannotate.trigger()  # "Stop pre-annotation"
    settle(qtbot)
    assert window.background.preannotate_job is first
    assert window.background.queued_documents == []
    assert document_id_of(seeded, ARTICLE) not in pipeline_spans(seeded)


def test_a_file_with_its_own_spans_keeps_them_and_gets_suggestions_only_where_none_are(
    window: MainWindow, seeded: Store, tmp_path: Path, qtbot
) -> None:
    merkel = ARTICLE.index("Angela Merkel")
    paris = ARTICLE.index("Paris")
    source = write_jsonl(
        tmp_path / "annotated.jsonl",
        [
            {
                "text": ARTICLE,
                "spans": [
                    # the analyst's own reading, not the model's: it must stay as it is
                    {"start": merkel, "end": merkel + 13, "label": "ORG", "status": "accepted"},
                    {"start": paris, "end": paris + 5, "label": "LOC", "status": "suggested"},
                ],
            }
        ],
    )
    import_through_window(window, qtbot, source)
    new_id = document_id_of(seeded, ARTICLE)
    imported = seeded.execute(
        'SELECT id, "start", "end", label_id, status, source, updated_at FROM span '
        "WHERE document_id = ? ORDER BY id",
        (new_id,),
    ).fetchall()
    assert len(imported) == 2
    wait_for_preannotation(window, qtbot)

    after = seeded.execute(
        'SELECT id, "start", "end", label_id, status, source, updated_at FROM span '
        "WHERE document_id = ? ORDER BY id",
        (new_id,),
    ).fetchall()
    assert after[:2] == imported  # nothing written over
    added = pipeline_spans(seeded)[new_id]
    assert ("Emmanuel Macron", "PERSON") in added
    assert ("Angela Merkel", "PERSON") not in added  # the analyst accepted it as ORG
    assert ("Paris", "GPE") not in added  # the file's own suggestion for it is still open

    # Importing the same file again adds no document, so nothing more is suggested.
    job = window.background.preannotate_job
    import_through_window(window, qtbot, source)
    settle(qtbot)
    assert window.background.preannotate_job is job
    assert not job.is_running()
    assert seeded.execute(
        "SELECT COUNT(*) FROM span WHERE document_id = ?", (new_id,)
    ).fetchone() == (len(after),)


def test_tagdesk_open_files_are_preannotated(
    window: MainWindow, seeded: Store, tmp_path: Path, qtbot
) -> None:
    from tagdesk.gui.file_open import accept_opened_files

    article = tmp_path / "opened.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    accept_opened_files(app, window, [article], file_open_events=False)
    qtbot.waitUntil(lambda: window.background.preannotate_job is not None, timeout=20_000)
    job = window.background.preannotate_job
    assert job is not None
    if job.is_running():
        with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
            pass
    assert list(pipeline_spans(seeded)) == [document_id_of(seeded, ARTICLE)]
