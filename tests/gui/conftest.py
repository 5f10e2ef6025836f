from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.main_window import MainWindow
from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.store import Store
from tagdesk.store.tokens import document_tokens
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.engines import parametrize_engines

WindowFactory = Callable[..., MainWindow]

# The window tests that run on the test server as well (tests/engines.py): opening, the
# list's sort, filters and search, labelling with keys and the mouse, undo and redo,
# documents' status and tags, span tags and notes, the label scheme, imports in the
# window and from outside, the export dialog, pre-annotation beside the window, and
# relations made, deleted with their span and undone, relation types' saves undone.
BOTH_ENGINES = {
    "test_main_window::test_window_lists_documents_and_shows_the_text",
    "test_main_window::test_item_models_pass_the_model_tester",
    "test_main_window::test_sorting_and_filters",
    "test_main_window::test_documents_added_from_outside_appear_without_restart",
    "test_annotating::*",
    "test_one_key_decisions::test_return_and_backspace_decide_and_move_to_the_next_open_suggestion",
    "test_one_key_decisions::test_undo_after_an_accept_puts_the_selection_back",
    "test_panels::test_tag_a_span_with_completion_and_remove_it",
    "test_panels::test_note_is_saved_while_typing_and_undoable",
    "test_panels::test_document_tags_and_status",
    "test_panels::test_mark_done_and_open_the_next_not_done",
    "test_panels::test_find_marks_every_hit_and_steps_through_them",
    "test_panels::test_label_all_occurrences_across_the_corpus_is_one_undo_step",
    "test_panels::test_label_scheme_editor_adds_a_label_with_a_hotkey",
    "test_tag_filter::*",
    "test_list_first_page::*",
    "test_closing_with_a_search_typed::*",
    "test_change_reports::test_a_span_labelled_with_a_key_is_reported_and_counted_in_the_list",
    "test_change_reports::test_a_document_tag_is_reported_and_reaches_the_tag_filter",
    "test_undo_after_import::test_undo_after_file_import_puts_the_span_back_beside_the_import",
    "test_undo_after_import::test_undo_after_a_command_line_import_in_another_process",
    "test_import_export::test_dropping_files_imports_them_in_the_background",
    "test_import_export::test_a_bad_file_reports_its_line_and_imports_nothing",
    "test_import_export::test_export_dialog_writes_the_chosen_format_with_filters",
    "test_import_export::test_export_dialog_docbin_split_and_folder_formats",
    "test_window_import::test_a_bad_file_dropped_on_the_window_imports_nothing",
    "test_preannotate_job::test_the_job_runs_beside_a_responsive_event_loop",
    "test_statistics_filters::*",
    "test_statistics_agreement::test_the_matrix_shows_the_commands_figures_and_a_cell_lists_where_they_differ",
    "test_relations_window::test_r_tab_and_a_type_key_make_a_relation_and_undo_takes_it_back",
    "test_relations_window::test_deleting_a_span_with_relations_asks_and_undo_brings_both_back",
    "test_relation_type_undo::*",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc, both=BOTH_ENGINES)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warning boxes the window shows, which would otherwise wait for a click."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text)
    )
    return shown


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[WindowFactory]:
    made: list[MainWindow] = []

    def make(store: Store, *, phrases: bool = False) -> MainWindow:
        """`phrases`: an accept suggests its text elsewhere (the window's default), left off
        for the tests of everything else, whose spans it would add to. Off for this
        window only, as if unticked: the database's setting is not written."""
        window = MainWindow(
            store,
            settings_path=tmp_path / "window.ini",
            annotator="tester",
            tokenizer=lambda document_id, _text: document_tokens(
                store, document_id, spacy_tokenizer()
            ),
        )
        if not phrases:
            action = window.action_set.phrase_suggestions
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
            window.controller.phrases.enabled = False
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.view.setFocus()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture
def seeded(store: Store) -> Store:
    import_paths(store, [SEEDS], annotator="tester")
    return store


@pytest.fixture
def window(seeded: Store, make_window: WindowFactory) -> MainWindow:
    return make_window(seeded)


def drag_select(
    view: AnnotationView, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    """Press at the first character, drag to the last, release: as a person selects."""
    x1, y1 = view.qt_rect_of(start)
    x2, y2 = view.qt_rect_of(end)
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, QPoint(x1, y1))
    QTest.mouseMove(viewport, QPoint((x1 + x2) // 2, (y1 + y2) // 2))
    QTest.mouseMove(viewport, QPoint(x2, y2))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, QPoint(x2, y2))


def click_at(view: AnnotationView, offset: int) -> None:
    x, y = view.qt_rect_of(offset)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x + 2, y)
    )


def stored_spans(store: Store) -> list[tuple[str, str, str]]:
    """(label, text, status) of every span, read straight from the database."""
    rows = store.execute(
        'SELECT d.text, s."start", s."end", l.name, s.status FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        'ORDER BY s.document_id, s."start", s."end", l.name'
    ).fetchall()
    return [(label, text[start:end], status) for text, start, end, label, status in rows]


def refocus(qtbot, window: MainWindow) -> None:
    """The offscreen platform has no window manager to re-activate a window after a dialog."""
    with qtbot.waitActive(window):
        window.activateWindow()
    # Under load the activation can land after waitActive gives up; a window shortcut
    # (Ctrl+Return) pressed before it would reach nothing.
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=5000)


@pytest.fixture(autouse=True)
def no_leaked_task_threads() -> Iterator[None]:
    """A background task still running after its test is a leak (and a flaky test)."""
    import threading
    import time

    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [t for t in threading.enumerate() if t.name == "tagdesk-task" and t.is_alive()]
        if not alive:
            return
        time.sleep(0.05)
    pytest.fail(f"background task threads leaked: {alive}")


def answer_box(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next message box with `button`, as a person clicks it; its text is kept."""

    tries = [100]  # two seconds, then the test's own assert says no box came

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] -= 1
            if tries[0]:
                QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        box.button(button).click()

    QTimer.singleShot(0, answer)
