"""The chosen relation's context menu, the same on its arc and on its row in either list:
accept, reject, swap head and child, delete, each with the key that does it too."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from tagdesk.core.relations import RelationRecord
from tagdesk.gui.icons import icon
from tagdesk.gui.relation_controller import RelationController


def relation_menu(
    parent: QWidget, relations: RelationController, relation: RelationRecord, swap: QAction
) -> QMenu:
    """A menu for this relation (it is the chosen one); `swap` is the window's action."""
    menu = QMenu(parent)
    relation_id = relation.id
    accept = menu.addAction(icon("accept"), "Accept relation\tReturn")
    accept.setEnabled(relation.status != "accepted")
    accept.triggered.connect(lambda: relations.set_status(relation_id, "accepted"))
    reject = menu.addAction(icon("reject"), "Reject relation\tBackspace")
    reject.setEnabled(relation.status != "rejected")
    reject.triggered.connect(lambda: relations.set_status(relation_id, "rejected"))
    menu.addAction(swap)  # enabled for a directed relation only
    menu.addSeparator()
    delete = menu.addAction(icon("delete"), "Delete relation\tDel")
    delete.triggered.connect(lambda: relations.delete(relation_id))
    return menu
