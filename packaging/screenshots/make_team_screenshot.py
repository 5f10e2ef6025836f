"""Render the README's team screenshot: a reviewer making gold of two analysts' versions.

    python packaging/screenshots/make_team_screenshot.py [--size WxH] [--out FILE]

ana and ben annotated one text; they agree on one person and disagree on a
place and on how long a name is. The reviewer takes the agreed span and
ben's Tikrit, and the window is rendered at 1280x800 (team-review.png), or at
the size asked for into the file named.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TEXT = "Qasem Soleimani visited Tikrit with Hadi al-Amiri on Monday."
VERSIONS = {
    "ana": [(0, 15, "PERSON"), (24, 30, "GPE"), (36, 49, "PERSON")],
    "ben": [(0, 15, "PERSON"), (24, 30, "ORG"), (36, 40, "PERSON")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1280x800", metavar="WxH")
    parser.add_argument("--out", type=Path, default=HERE / "team-review.png", metavar="FILE")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO / "desktop"))
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tagdesk.core.records import FoundEntities, IncomingDocument
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.store import open_store
    from tagdesk.store.assignments import assign_documents, set_assignment_status
    from tagdesk.store.editing import create_span
    from tagdesk.store.importing import import_documents
    from tagdesk.store.labels import list_labels
    from tagdesk.store.suggestions import add_suggestions

    app = QApplication([])
    with (
        tempfile.TemporaryDirectory(prefix="tagdesk-team-screenshot-") as folder,
        open_store(Path(folder) / "team.sqlite3") as store,
    ):
        import_documents(store, [IncomingDocument(text=TEXT)], annotator="", source="t")
        add_suggestions(store, [FoundEntities(1, ((53, 59, "DATE"),))], "model")
        labels = {label.name: label.id for label in list_labels(store)}
        for name, spans in VERSIONS.items():
            for start, end, label in spans:
                create_span(store, 1, start, end, labels[label], annotator=name)
        assign_documents(store, list(VERSIONS), 2)
        for name in VERSIONS:
            set_assignment_status(store, 1, name, "done")
        window = MainWindow(
            store,
            settings_path=Path(folder) / "window.ini",
            annotator="reviewer",
            tokenizer=lambda _document_id, _text: None,
        )
        window.resize(width, height)
        window.show()
        window.open_document(1)
        window.team.review_action.trigger()
        tree = window.team.review.tree
        tree.setFocus()
        for key in (Qt.Key.Key_Home, Qt.Key.Key_Return, Qt.Key.Key_N, Qt.Key.Key_Down):
            QTest.keyClick(tree, key)
        QTest.keyClick(tree, Qt.Key.Key_Return)
        app.processEvents()
        window.grab().save(str(args.out))
        window.close()


if __name__ == "__main__":
    main()
