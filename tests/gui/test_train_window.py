"""File > Train a model: the real `tagdesk train` in its own process, followed and stopped
from the window; the version it writes is chosen to pre-annotate from the model chooser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit

from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.train_dialog import TrainDialog
from tagdesk.nlp.models import default_model
from tagdesk.store import open_store
from tagdesk.store.settings import chosen_model
from tagdesk.store.trained_models import LAST_VERSION_KEY, trained_models
from tests.cli.test_train import review
from tests.gui.conftest import WindowFactory

pytestmark = [
    pytest.mark.skipif(default_model() is None, reason="no spaCy pipeline installed"),
    pytest.mark.timeout(400),
]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_train_dialog(qtbot, window: MainWindow) -> TrainDialog:  # type: ignore[no-untyped-def]
    QTest.keyClick(window.view, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = window.findChild(TrainDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def type_steps(dialog: TrainDialog, steps: str) -> None:
    field = dialog.steps.findChild(QLineEdit)
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, steps)


def test_training_from_the_window_shows_progress_and_the_figures_and_its_version_preannotates(
    qtbot, tmp_path: Path, make_window: WindowFactory
) -> None:
    db_path = review(tmp_path, tmp_path / "reviewed.sqlite3", 12)
    store = open_store(str(db_path))
    window = make_window(store)
    dialog = open_train_dialog(qtbot, window)
    type_steps(dialog, "3")
    seen_progress: list[str] = []
    dialog.progress.valueChanged.connect(lambda _v: seen_progress.append(dialog.outcome.text()))
    QTest.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.figures.isVisible, timeout=300_000)
    assert any(text.startswith("Training: step") for text in seen_progress)
    assert dialog.figures.item(0, 0).text() == "All labels"
    labels = [dialog.figures.item(row, 0).text() for row in range(1, dialog.figures.rowCount())]
    assert labels
    assert labels == sorted(labels)
    [version] = trained_models(store)
    folder = Path(version.path)
    assert (folder / "config.cfg").is_file()
    assert folder.parent == tmp_path / "models"  # the window's data folder
    assert f"Version {version.version} written to {folder}" in dialog.outcome.text()
    assert dialog.figures.item(0, 2).text() == f"{100 * version.trained_scores['ents_f']:.1f}"

    QTest.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert chosen_model(store) == str(folder)
    assert window.background.model_label.text() == f"Model: {folder}"
    dialog.close()

    # The chooser lists the version; choosing the default there goes back to it.
    listed: list[list[str]] = []

    def pick_default() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, QInputDialog)
        combo = chooser.findChild(QComboBox)
        listed.append([combo.itemText(i) for i in range(combo.count())])
        combo.setFocus()
        combo.setCurrentIndex(0)
        QTest.keyClick(chooser, Qt.Key.Key_Return)

    QTimer.singleShot(100, pick_default)
    window.action_set.choose_model.trigger()
    [items] = listed
    assert items[0].startswith("Default pipeline (")
    assert items[1].startswith(f"Version {version.version}: {version.source}, F ")
    assert items[1].endswith(str(folder))
    assert chosen_model(store) is None

    def pick_version() -> None:
        chooser = QApplication.activeModalWidget()
        combo = chooser.findChild(QComboBox)
        combo.setFocus()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        QTest.keyClick(chooser, Qt.Key.Key_Return)

    QTimer.singleShot(100, pick_version)
    window.action_set.choose_model.trigger()
    assert chosen_model(store) == str(folder)


def test_cancel_stops_the_training_and_leaves_no_model_folder(
    qtbot, tmp_path: Path, make_window: WindowFactory
) -> None:
    db_path = review(tmp_path, tmp_path / "reviewed.sqlite3", 40)
    store = open_store(str(db_path))
    window = make_window(store)
    dialog = open_train_dialog(qtbot, window)
    QTest.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert dialog.close_button.text() == "Cancel"
    assert not dialog.steps.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Training: step"), timeout=120_000)
    QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome.text() == "Training stopped; no model was written."
    assert dialog.close_button.text() == "Close"
    dialog.shutdown()  # the process has had SIGTERM: wait for it to end, as closing does
    assert list((tmp_path / "models").iterdir()) == []  # not the folder, not a partial one
    assert trained_models(store) == []
    assert (
        store.execute('SELECT value FROM "setting" WHERE "key" = ?', (LAST_VERSION_KEY,)).fetchone()
        is None
    )
    assert dialog.train_button.isEnabled()
