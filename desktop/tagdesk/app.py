"""Starting the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tagdesk import APP_ID
from tagdesk.paths import Paths
from tagdesk.store import Store
from tagdesk.workspace import current_annotator, open_workspace

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from tagdesk.gui.file_open import FileOpenImporter
    from tagdesk.gui.main_window import MainWindow


def kept_tokens(store: Store, document_id: int) -> Sequence[tuple[int, int, bool]] | None:
    """Snapping uses the tokens exports use, once a background process has kept them."""
    from tagdesk.store.prepared_tokens import stored_tokens

    return stored_tokens(store, document_id)


def run_window(
    db: str | None,
    paths: Paths,
    *,
    screenshot: Path | None = None,
    doc: int | None = None,
    size: str = "1280x800",
    files: Sequence[Path] = (),
    view: str | None = None,
) -> int:
    """The window; `files` (from `tagdesk open` or a file manager) are imported once it is up.

    If a window is already open on the same database, the files go to it
    instead and this process ends: one window, one undo stack per database.
    """
    if (
        screenshot is not None
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tagdesk.gui.platform_libraries import check_xcb_libraries, uses_xcb

    if uses_xcb(os.environ):
        check_xcb_libraries()
    from PySide6.QtWidgets import QApplication, QWidget

    from tagdesk.gui.first_paint import after_first_paint
    from tagdesk.gui.main_window import MainWindow
    from tagdesk.gui.window_geometry import place_on_screen

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Tagdesk")
    app.setOrganizationName("Tagdesk")
    app.setDesktopFileName(APP_ID)
    instance = ""
    if screenshot is None:
        from tagdesk.gui.single_instance import hand_over, server_name
        from tagdesk.paths import choose_database

        target = choose_database(db, paths).target
        instance = server_name(target)
        if hand_over(instance, files, target):
            return 0
    with open_workspace(db, paths) as store:
        if screenshot is not None:
            _refuse_database_file(store, screenshot)
        window = MainWindow(
            store,
            settings_path=paths.config_dir / "window.ini",
            annotator=current_annotator(paths),
            data_dir=paths.data_dir,
            tokenizer=lambda document_id, _text: kept_tokens(store, document_id),
            # Painted first, the rest built after; a screenshot waits for none of it.
            complete_later=screenshot is None and view is None,
        )
        if screenshot is not None:
            window.resize(*_parse_size(size))
        if doc is not None:
            window.open_document(doc)
        if screenshot is None:
            place_on_screen(window, first=not window.settings.contains("geometry"))
        window.show()
        shown: QWidget = window
        if view is not None:
            from tagdesk.gui.statistics_view import open_statistics

            shown = statistics = open_statistics(window)
            if view == "entity-network":
                statistics.tabs.setCurrentWidget(statistics.network)
            if screenshot is not None:
                shown.resize(*_parse_size(size))
                if view == "statistics":
                    statistics.view.wait_for_figures()  # read in a worker thread
                else:
                    statistics.network.wait_for_network()  # read in a worker thread too
        if screenshot is None:
            close_on_terminate(window)
            after_first_paint(
                window.view.viewport(),
                lambda: start_after_first_paint(app, window, store, files, instance),
            )
        if screenshot is not None:
            app.processEvents()
            if not shown.grab().save(str(screenshot), "PNG"):
                from tagdesk.core.errors import TagdeskError

                raise TagdeskError(f"{screenshot}: cannot write the screenshot")
            window.close()
            return 0
        return app.exec()


def start_after_first_paint(
    app: QApplication, window: MainWindow, store: Store, files: Sequence[Path], instance: str
) -> None:
    """What the first paint does not wait for: the rest of the window, background jobs, the
    files the window was started with, and the socket later starts hand theirs to."""
    import gc

    window.complete(painted=True)

    from tagdesk.gui.file_open import accept_opened_files

    # What is alive now (modules, the window, its panes) lives as long as the window: kept
    # out of Python's full collections, which otherwise walk it all (20 to 80 ms) during
    # opens and edits. Frozen objects are still freed when no longer referenced. The
    # collector, off while the window was made (cli.py), collects what comes from now on.
    gc.freeze()
    gc.enable()

    window.background.start_token_preparation()
    start_background_preannotation(window, store)
    importer = accept_opened_files(app, window, files)
    serve_later_starts(window, importer, instance)


def _refuse_database_file(store: Store, screenshot: Path) -> None:
    """A PNG written over the database (or its journal) would lose the analyst's work."""
    from tagdesk.core.errors import TagdeskError
    from tagdesk.store.files import database_file_role

    role = database_file_role(store.path, screenshot) if store.path is not None else None
    if role is not None:
        raise TagdeskError(
            f"{screenshot}: is {role}; a screenshot never replaces it, so name another file"
        )


def _parse_size(size: str) -> tuple[int, int]:
    from tagdesk.core.errors import TagdeskError

    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError as error:
        raise TagdeskError(
            f"--size {size}: expected WIDTHxHEIGHT, for example 1920x1080"
        ) from error
    return width, height


def serve_later_starts(window: MainWindow, importer: FileOpenImporter, name: str) -> None:
    """A later `tagdesk open FILE` on this database hands its files here and ends."""
    from tagdesk import terminal
    from tagdesk.gui.single_instance import InstanceServer, bring_forward

    server = InstanceServer(name, window)
    problem = server.listen()
    if problem:
        terminal.warn(f"{name}: {problem}; a later `tagdesk open` will open another window")
        return

    def opened(files: list[Path]) -> None:
        if files:
            importer.open_files(files)
        bring_forward(window)

    server.opened.connect(opened)


def close_on_terminate(window: MainWindow) -> None:
    """SIGTERM (a logout, `kill`) and Ctrl+C close the window as its close button does.

    Closing saves a note still being typed (notes are saved 0.7 s after the
    last key) and the window's layout; the default would end the process at
    once. Python runs a signal handler only when it gets control, so a timer
    hands it control while Qt waits for events.
    """
    import signal

    from PySide6.QtCore import QTimer

    def close(signum: int, frame: object) -> None:
        QTimer.singleShot(0, window.close)  # in the event loop, even if it has not started yet

    signal.signal(signal.SIGTERM, close)
    signal.signal(signal.SIGINT, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(200)


def start_background_preannotation(window: MainWindow, store: Store) -> None:
    """A fresh database's bundled articles get suggestions once the window is up."""
    from tagdesk.gui.preannotate_job import start_sample_preannotation

    job = start_sample_preannotation(store, window)
    if job is None:
        return
    window.background.watch_preannotation(job)
    window.statusBar().showMessage("Suggesting entities in the sample articles...")
