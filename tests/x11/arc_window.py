"""The window on a database, as `tagdesk` shows it, telling where its one arc's name is.

    python -m tests.x11.arc_window DB OUT

Writes "x y" (the arc's name, in the window's coordinates) to OUT once the arc is drawn, so
that a test can click it with the real mouse on a real X server and press real keys.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import open_store


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    with open_store(db) as store:
        window = MainWindow(
            store,
            settings_path=out.parent / "arc-window.ini",
            annotator="tester",
            tokenizer=lambda _document_id, _text: None,
        )
        window.resize(1280, 760)
        window.show()

        def tell() -> None:
            window.view.viewport().repaint()
            shapes = window.view.arcs.arc_shapes()
            if not shapes:
                QTimer.singleShot(200, tell)
                return
            rect = next(p.label_rect for p in shapes[0].parts if p.label_rect is not None)
            point = window.view.viewport().mapTo(window, rect.center().toPoint())
            out.write_text(f"{point.x()} {point.y()}")

        QTimer.singleShot(500, tell)
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
