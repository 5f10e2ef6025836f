"""The menu bar and the toolbar: which actions each shows, in what order.

None draws a separator. The Labels menu is filled by the window, one entry a label.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from tagdesk.gui.actions import Actions

LABELS_MENU = "Labels"


def menu_entries(a: Actions) -> dict[str, list[QAction | None]]:
    return {
        "File": [
            a.import_files,
            a.export,
            None,
            a.preannotate,
            a.preannotate_imports,
            a.phrase_suggestions,
            a.choose_model,
            a.train,
            None,
            a.edit_labels,
            None,
            a.quit,
        ],
        "Edit": [
            a.undo,
            a.redo,
            None,
            a.find,
            a.find_next,
            a.find_previous,
            None,
            a.label_occurrences,
        ],
        "Span": [
            a.accept,
            a.reject,
            a.delete,
            None,
            a.next_span,
            a.previous_span,
            None,
            a.widen_start,
            a.narrow_start,
            a.widen_end,
            a.narrow_end,
            None,
            a.tag_span,
            a.note_span,
            None,
            a.new_relation,
            a.swap_relation,
        ],
        "Document": [
            a.accept_all,
            a.reject_label,
            a.tag_document,
            None,
            a.done_next,
            a.next_document,
            a.previous_document,
        ],
        "Labels": [],
        "Entities": [a.link_entity, a.unlink_entity, a.new_entity, None, a.link_all_entities],
        "View": [
            a.show_rejected,
            a.tab_suggestions_only,
            a.least_sure_first,
            a.show_entities,
            a.show_relations,
            a.show_statistics,
        ],
        "Help": [a.shortcuts, a.about],
    }


def toolbar_entries(a: Actions) -> list[QAction | None]:
    return [
        a.import_files,
        a.export,
        None,
        a.undo,
        a.redo,
        None,
        a.accept,
        a.reject,
        a.delete,
        a.accept_all,
        None,
        a.done_next,
        None,
        a.find,
        a.label_occurrences,
        a.preannotate,
        None,
        a.edit_labels,
        a.show_statistics,
        a.shortcuts,
    ]


def add_menus(window: QMainWindow, actions: Actions) -> QMenu:
    """Every menu, in order; returns the Labels menu for the window to fill."""
    labels_menu = None
    for title, entries in menu_entries(actions).items():
        menu = window.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry)
        if title == LABELS_MENU:
            labels_menu = menu
    assert labels_menu is not None
    return labels_menu


def add_toolbar(window: QMainWindow, actions: Actions) -> None:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    for entry in toolbar_entries(actions):
        if entry is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(entry)
