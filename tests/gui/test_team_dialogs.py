"""My documents, assigning and agreement in the window, against the real command line.

The list starts with the analyst's own documents and their own status, and
shows every document with each annotator's status on request. The Assign
dialog gives out exactly what `tagdesk assign` gives out on the same corpus,
and refuses a bad name with nothing written. The Agreement table holds the
figures `tagdesk agreement --json` prints for the same database.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tagdesk.core.incoming import IncomingDocument
from tagdesk.gui.agreement_dialog import AgreementDialog
from tagdesk.gui.assign_dialog import AssignDialog
from tagdesk.store import Store, agreement_data, open_store
from tagdesk.store.assignments import set_assignment_status
from tagdesk.store.editing import create_span
from tagdesk.store.importing import import_documents
from tests.conftest import tagdesk_command
from tests.gui.team_helpers import GPE, NamedWindow, named_window, team_corpus

__all__ = ["named_window"]


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, check=False
    )


def assignments(path: Path) -> list[tuple[int, str, str]]:
    with open_store(path) as store:
        rows = store.execute("SELECT document_id, annotator, status FROM assignment").fetchall()
    return sorted((int(d), a, s) for d, a, s in rows)


def test_the_list_shows_my_documents_first_then_all_with_everyones_status(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    create_span(store, 2, 0, 9, 1, annotator="cleo")
    import_documents(store, [IncomingDocument(text="A third text.")], annotator="", source="t")
    set_assignment_status(store, 1, "ben", "done")
    window = named_window(store, "ben")
    pane = window.document_list
    model = pane.model
    assert pane.scope_filter.isVisibleTo(window)
    assert pane.scope_filter.currentText() == "Mine"
    assert model.ids == [1, 2]  # the third is given to nobody
    assert [model.data(model.index(row, 1)) for row in range(2)] == ["Done", "To do"]
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == "ana: To do · ben: Done"
    pane.scope_filter.setFocus()
    qtbot.keyClick(pane.scope_filter, Qt.Key.Key_Down)
    assert model.ids == [1, 2, 3]
    statuses = [model.data(model.index(row, 1)) for row in range(3)]
    assert statuses == ["1 of 2 done", "0 of 2 done", "To do"]
    tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == "ana: To do · ben: To do"


def test_a_corpus_given_to_nobody_lists_every_document_as_before(
    store: Store, named_window: NamedWindow
) -> None:
    import_documents(store, [IncomingDocument(text="One text."), IncomingDocument(text="Two.")],
                     annotator="", source="t")  # fmt: skip
    window = named_window(store, "ana")
    assert not window.document_list.scope_filter.isVisibleTo(window)
    assert window.document_list.model.ids == [1, 2]


def test_the_assign_dialog_gives_out_what_tagdesk_assign_does(
    qtbot, tmp_path: Path, named_window: NamedWindow
) -> None:
    source = tmp_path / "corpus.sqlite3"
    with open_store(source) as store:
        texts = [IncomingDocument(text=f"Text number {n} names Basra.") for n in range(7)]
        import_documents(store, texts, annotator="", source="t")
    by_command = tmp_path / "command.sqlite3"
    shutil.copy(source, by_command)
    done = tagdesk("assign", "--db", str(by_command), "--annotators", "ana,ben,cleo,dan",
                   "--overlap", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open_store(source) as store:
        window = named_window(store, "ana")
        dialog = AssignDialog(store, window.document_list.model.ids, "ana", window)
        dialog.show()
        dialog.annotators.selectAll()
        qtbot.keyClicks(dialog.annotators, "ana, ben, cleo, gold")
        dialog.overlap.selectAll()
        qtbot.keyClicks(dialog.overlap, "2")
        assign = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(assign, Qt.MouseButton.LeftButton)
        assert "gold" in dialog.problem.text()
        assert dialog.isVisible()
        assert store.execute("SELECT COUNT(*) FROM assignment").fetchone()[0] == 0
        qtbot.keyClick(dialog.annotators, Qt.Key.Key_Backspace)
        for _ in "gold":
            qtbot.keyClick(dialog.annotators, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.annotators, "dan")
        qtbot.mouseClick(assign, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
    assert assignments(source) == assignments(by_command)
    assert len(assignments(source)) == 14


def test_the_team_menu_opens_the_assign_dialog_on_the_listed_documents(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "ana")
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AssignDialog)
        seen.append(dialog.annotators.text())
        dialog.reject()

    QTimer.singleShot(0, look)
    window.team.assign_action.trigger()
    assert seen == ["ana, ben"]


def relate(store: Store, annotator: str, head: int, child: int, type_name: str) -> None:
    """An accepted relation of `annotator` between their spans starting there in text 1."""
    ids = [
        store.execute(
            'SELECT id FROM span WHERE document_id = 1 AND annotator = ? AND "start" = ?',
            (annotator, start),
        ).fetchone()[0]
        for start in (head, child)
    ]
    (type_id,) = store.execute(
        "SELECT id FROM relation_type WHERE name = ?", (type_name,)
    ).fetchone()
    store.execute(
        "INSERT INTO relation (document_id, type_id, head_span_id, child_span_id, status, "
        "source, note, annotator, created_at, updated_at) "
        "VALUES (1, ?, ?, ?, 'accepted', 'manual', '', ?, '2026-01-01', '2026-01-01')",
        (type_id, *ids, annotator),
    )


def test_the_agreement_table_holds_the_figures_of_tagdesk_agreement(
    qtbot, db_path: Path, store: Store
) -> None:
    team_corpus(store)
    create_span(store, 2, 20, 25, GPE, annotator="ben")
    create_span(store, 2, 0, 9, 1, annotator="ben")
    for name in ("ana", "ben"):
        set_assignment_status(store, 1, name, "done")
    set_assignment_status(store, 2, "ana", "done")  # ben is not done with it
    # ana: Soleimani in Tikrit, Soleimani met Hadi al-Amiri; ben: Hadi met Soleimani.
    relate(store, "ana", 0, 24, "LOCATED_IN")
    relate(store, "ana", 0, 36, "MET")
    relate(store, "ben", 36, 0, "MET")
    dialog = AgreementDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    for every, args in ((False, ()), (True, ("--all",))):
        if dialog.every_document.isChecked() != every:
            box = dialog.every_document
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        qtbot.waitUntil(lambda: not dialog.computing(), timeout=60_000)
        done = tagdesk("agreement", "--db", str(db_path), "--json", *args)
        assert done.returncode == 0, done.stderr
        (pair,) = json.loads(done.stdout)["pairs"]
        assert pair["documents"] == (2 if every else 1)
        table = dialog.table
        cells = [[table.item(r, c).text() for c in range(table.columnCount())]
                 for r in range(table.rowCount())]  # fmt: skip
        assert cells[0][:3] == ["ana / ben", "all labels", str(pair["documents"])]
        assert cells[0][3:] == [f"{pair[k]:.3f}" for k in ("span_f1", "overlap_f1", "token_kappa")]
        labels = {row[1]: row[3:] for row in cells[1:]}
        assert labels == {
            name: [f"{f[k]:.3f}" for k in ("span_f1", "overlap_f1", "token_kappa")]
            for name, f in pair["by_label"].items()
        }
        assert dialog.figures() == [pair]
        relations = pair["relations"]
        assert (relations["first"], relations["second"]) == (2, 1)
        shown = dialog.relations_table
        rows = [[shown.item(r, c).text() for c in range(shown.columnCount())]
                for r in range(shown.rowCount())]  # fmt: skip
        expected = [["ana / ben", "all types", relations]] + [
            ["", name, figures] for name, figures in relations["by_type"].items()
        ]
        assert rows == [
            [who, name, f"{f['first']} / {f['second']}", f"{f['relation_f1']:.3f}",
             f"{f['overlap_f1']:.3f}"]
            for who, name, f in expected
        ]  # fmt: skip
        # Hadi against Hadi al-Amiri: no exact match, but they overlap.
        assert rows[0][3:] == ["0.000", "0.667"]


def test_the_agreement_is_computed_off_the_gui_thread_and_a_stale_result_is_dropped(
    qtbot, store: Store, monkeypatch
) -> None:
    team_corpus(store)  # nobody marked anything done: only --all finds a pair
    real = agreement_data.documents_by_pair
    threads: list[threading.Thread] = []

    def recorded(*args, **kwargs):  # the real function, noting the thread it runs in
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(agreement_data, "documents_by_pair", recorded)
    dialog = AgreementDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == "Computing agreement…"  # open at once, computing
    assert dialog.busy.isVisible()
    box = dialog.every_document
    for _ in range(3):  # on, off, on before the first result: only the last one counts
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    qtbot.waitUntil(lambda: not dialog.computing(), timeout=60_000)
    assert not dialog.busy.isVisible()
    assert threads
    assert threading.main_thread() not in threads
    (pair,) = dialog.figures()
    assert pair["documents"] == 1  # --all: the document both have spans in
    assert dialog.table.item(0, 2).text() == "1"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.waitUntil(lambda: not dialog.computing(), timeout=60_000)
    assert dialog.figures() == []
    assert dialog.summary.text() == "No two annotators have both marked one document done"
