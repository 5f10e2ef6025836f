"""The Export dialog refuses, in one line, a target it must not replace, and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.store import Store, open_store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.reliability.test_export_targets import tree


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "notes.txt").write_text("who is who in Tikrit\n", encoding="utf-8")
    (folder / "sources").mkdir()
    (folder / "sources" / "article.html").write_text("<p>Mosul</p>\n", encoding="utf-8")
    return folder


@pytest.fixture
def project_store(project: Path) -> Iterator[Store]:
    with open_store(project / "work.db") as opened:
        import_paths(opened, [SEEDS], annotator="tester")
        yield opened


def dialog_for(store: Store, qtbot, format_name: str) -> ExportDialog:
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(format_name))
    QTest.mouseClick(dialog.all_documents, Qt.MouseButton.LeftButton)
    return dialog


def type_target(dialog: ExportDialog, text: str) -> None:
    dialog.path.setFocus()
    dialog.path.selectAll()
    QTest.keyClick(dialog.path, Qt.Key.Key_Delete)
    QTest.keyClicks(dialog.path, text)


def press_export(dialog: ExportDialog) -> None:
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("format_name", ["doccano", "spacy-jsonl", "label-studio", "conll"])
def test_a_folder_for_a_one_file_format_is_refused(
    project: Path, project_store: Store, qtbot, format_name: str
) -> None:
    before = tree(project.parent)
    dialog = dialog_for(project_store, qtbot, format_name)
    type_target(dialog, str(project))
    press_export(dialog)
    assert dialog.outcome.text() == (
        f"Export failed: {project}: is a folder; this export writes a file, so name a file"
    )
    assert not dialog.runner.is_running()
    assert dialog.export_button.isEnabled()
    assert tree(project.parent) == before
    assert (project / "work.db").is_file()


def test_a_split_half_that_is_a_folder_is_refused(
    project: Path, project_store: Store, qtbot
) -> None:
    (project / "corpus-dev.spacy").mkdir()
    before = tree(project.parent)
    dialog = dialog_for(project_store, qtbot, "docbin")
    QTest.mouseClick(dialog.split_enabled, Qt.MouseButton.LeftButton)
    assert dialog.split_enabled.isChecked()
    type_target(dialog, str(project / "corpus.spacy"))
    press_export(dialog)
    assert dialog.outcome.text().startswith(f"Export failed: {project / 'corpus-dev.spacy'}: ")
    assert "is a folder" in dialog.outcome.text()
    assert tree(project.parent) == before


@pytest.mark.parametrize("how", ["as it is", "with a detour"])
def test_the_database_itself_is_refused(
    project: Path, project_store: Store, qtbot, how: str
) -> None:
    (project / "x").mkdir()
    raw = (project / "work.db").read_bytes()
    before = tree(project.parent)
    target = project / "work.db" if how == "as it is" else project / "x" / ".." / "work.db"
    dialog = dialog_for(project_store, qtbot, "spacy-jsonl")
    type_target(dialog, str(target))
    press_export(dialog)
    assert dialog.outcome.text() == (
        f"Export failed: {target}: is the database; an export never replaces it, "
        "so name another file"
    )
    assert "\n" not in dialog.outcome.text()
    assert (project / "work.db").read_bytes() == raw
    assert tree(project.parent) == before


def test_a_brat_folder_of_other_files_is_refused_from_the_dialog(
    project: Path, project_store: Store, qtbot
) -> None:
    before = tree(project.parent)
    dialog = dialog_for(project_store, qtbot, "brat")
    type_target(dialog, str(project))
    press_export(dialog)  # refused at once, before the export starts
    assert not dialog.runner.is_running()
    assert dialog.outcome.text() == (
        f"Export failed: {project}: holds files but no .tagdesk-export.json, so it is not a "
        "Tagdesk export; an export replaces only a folder it wrote and nobody changed since: "
        "export to a new or empty folder"
    )
    assert tree(project.parent) == before
