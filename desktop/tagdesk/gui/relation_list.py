"""A list of relations with the chosen one's type and note below it, all keyboard-reachable.

In the list: Delete deletes the chosen relation, Return accepts a suggested
one, Backspace rejects it, and a relation type's key gives it that type. The
type box and the note field below change the same relation. The list asks
(`*_requested`); the relation controller writes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.relation_rows import RelationRow
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.gui.icons import icon
from tagdesk.gui.relation_model import RELATION_ID_ROLE, SPANS_COLUMN, RelationListModel
from tagdesk.gui.relation_sides import RelationSidesDelegate

_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
ROWS_SHOWN = 4  # the list's height in rows before it scrolls
FITTED_ROWS = 100  # the rows whose contents the columns are as wide as


class RelationTable(QTableView):
    """The list itself: the keys that decide a relation act on the chosen row."""

    key_pressed = Signal(object)  # QKeyEvent the table does not use itself
    left = Signal()  # Escape: back to the text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.left.emit()
            return
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        bare = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        navigation = key in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        )
        if bare and not navigation and self.currentIndex().isValid():
            self.key_pressed.emit(event)
            if event.isAccepted():
                return
        super().keyPressEvent(event)


class RelationList(QWidget):
    relation_chosen = Signal(object)  # relation id, or None
    delete_requested = Signal(int)
    status_requested = Signal(int, str)  # relation id, status
    type_requested = Signal(int, int)  # relation id, type id
    note_requested = Signal(int, str)  # relation id, note
    menu_requested = Signal(int, QPoint)  # relation id (now the chosen one), global position

    def __init__(
        self, *, of_span: bool, fields: bool = True, parent: QWidget | None = None
    ) -> None:
        """`fields`: the type box, note field and buttons below the list (or its keys only)."""
        super().__init__(parent)
        self.model = RelationListModel(of_span=of_span)
        self.table = RelationTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        # Cut in the middle when narrow: both spans' ends stay, so rows stay told apart; a
        # document's rows are cut on each side of their arrow, which always shows.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        if not of_span:
            self.table.setItemDelegateForColumn(SPANS_COLUMN, RelationSidesDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(24)
        # Columns fitted to the first rows, not to each of a document's thousands.
        header.setResizeContentsPrecision(FITTED_ROWS)
        for column in range(self.model.columnCount()):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column == SPANS_COLUMN:
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        self._fitted = not fields  # the span's list is as tall as its rows, up to ROWS_SHOWN
        self._fit_height(2)
        self.table.setToolTip(
            "Delete deletes the chosen relation, Return accepts it, Backspace rejects it; "
            "a relation type's key changes its type"
        )
        self.type_box = QComboBox()
        self.type_box.setToolTip("The chosen relation's type")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note on this relation")
        self.note.installEventFilter(self)
        self.accept_button = QPushButton(icon("accept"), "Accept")
        self.reject_button = QPushButton(icon("reject"), "Reject")
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self._types: list[RelationTypeRecord] = []
        self._shown: RelationRow | None = None  # the relation the fields below are of
        self._later: tuple[Callable[[], list[RelationRow]], int | None] | None = None
        self._none_chosen = False  # choose(None) came while the rows waited

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.accept_button, self.reject_button, self.delete_button):
            buttons.addWidget(button)
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Type", self.type_box)
        form.addRow("Note", self.note)
        form.addRow(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.editor)
        self.editor.setVisible(fields)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        self.table.key_pressed.connect(self._key)
        self.type_box.activated.connect(self._type_chosen)
        self.note.editingFinished.connect(self._note_done)
        self.accept_button.clicked.connect(lambda: self._status("accepted"))
        self.reject_button.clicked.connect(lambda: self._status("rejected"))
        self.delete_button.clicked.connect(self._delete)
        self._show_chosen(None)

    # -- what it shows ------------------------------------------------------------

    def set_types(self, types: list[RelationTypeRecord]) -> None:
        self._types = list(types)
        self.type_box.clear()
        for kind in types:
            shown = f"{kind.name}  [{kind.hotkey.upper()}]" if kind.hotkey else kind.name
            self.type_box.addItem(shown, kind.id)
        self._show_chosen(self.chosen())

    def set_rows_later(
        self, rows: Callable[[], list[RelationRow]], chosen: int | None = None
    ) -> None:
        """As set_rows; a list not on screen makes its rows once it is shown or read (a tab
        not chosen holds a document's thousands of relations for nothing)."""
        if self.isVisible():
            self.set_rows(rows(), chosen)
            return
        self._later = (rows, chosen)
        self._none_chosen = False

    @property
    def waiting(self) -> bool:
        """True while the rows set last are not made yet (set_rows_later)."""
        return self._later is not None

    def _catch_up(self) -> None:
        if self._later is not None:
            rows, chosen = self._later
            self.set_rows(rows(), chosen)
            if self._none_chosen:
                self.choose(None)

    def showEvent(self, event: QShowEvent) -> None:
        self._catch_up()
        super().showEvent(event)

    def set_rows(self, rows: list[RelationRow], chosen: int | None = None) -> None:
        """The rows, the chosen relation kept chosen if it is still there."""
        self._later = None
        keep = chosen if chosen is not None else self.chosen_id()
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.selectionModel().blockSignals(False)
        self._fit_height(len(rows))
        self._show_chosen(self.chosen())

    def _fit_height(self, rows: int) -> None:
        row = self.table.verticalHeader().defaultSectionSize()
        top = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        if self._fitted:
            self.table.setFixedHeight(top + row * max(1, min(rows, ROWS_SHOWN)))
        else:  # the document's list takes the height its tab is given
            self.table.setMinimumHeight(top + row * 2)

    def height_for_rows(self, rows: int) -> int:
        """The height this list asks to show that many whole rows, its fields included."""
        row = self.table.verticalHeader().defaultSectionSize()
        top = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        fields = self.editor.sizeHint().height() if self.editor.isVisibleTo(self) else 0
        layout = self.layout()
        spacing = max(0, layout.spacing()) if layout is not None else 0
        return top + row * rows + spacing + fields

    def choose(self, relation_id: int | None) -> None:
        """Make this relation the chosen row (or none), without asking anything."""
        if self._later is not None:  # chosen once the rows are made
            self._later = (self._later[0], relation_id)
            self._none_chosen = relation_id is None
            return
        self.set_rows(self.model.rows, relation_id)
        if relation_id is None:
            self.table.selectionModel().blockSignals(True)
            self.table.clearSelection()
            self.table.setCurrentIndex(self.model.index(-1, -1))
            self.table.selectionModel().blockSignals(False)
            self._show_chosen(None)

    def chosen(self) -> RelationRow | None:
        self._catch_up()
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.rows[index.row()]

    def chosen_id(self) -> int | None:
        row = self.chosen()
        return row.relation.id if row is not None else None

    def row_count(self) -> int:
        self._catch_up()
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> str:
        self._catch_up()
        return str(self.model.index(row, column).data() or "")

    def _show_chosen(self, row: RelationRow | None) -> None:
        shown = self._shown
        same = row is not None and shown is not None and row.relation.id == shown.relation.id
        self._shown = row
        self.editor.setEnabled(row is not None)
        self.type_box.blockSignals(True)
        self.note.blockSignals(True)
        if row is None:
            self.type_box.setCurrentIndex(-1)
            self.note.clear()
        else:
            self.type_box.setCurrentIndex(self.type_box.findData(row.relation.type_id))
            if not (same and self._typing(shown)):  # a note being typed is kept
                self.note.setText(row.relation.note)
            self.accept_button.setEnabled(row.relation.status != "accepted")
            self.reject_button.setEnabled(row.relation.status != "rejected")
        self.type_box.blockSignals(False)
        self.note.blockSignals(False)

    def _typing(self, row: RelationRow | None) -> bool:
        """The note field holds text typed and not written yet."""
        return row is not None and self.note.hasFocus() and self.note.text() != row.relation.note

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z and redo in the note field: the field's own while a note is being typed
        (the typing is undone), the window's once it is written (the note's change-set is)."""
        if (
            watched is self.note
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _UNDO_KEYS)
            and not self._typing(self._shown)
        ):
            event.ignore()  # not the field's: the window's undo shortcut gets the key
            return True
        return False

    # -- what the analyst does ------------------------------------------------------

    def _chosen(self) -> None:
        self._note_done()  # a note typed for the relation being left is kept
        row = self.chosen()
        self._show_chosen(row)
        self.relation_chosen.emit(row.relation.id if row is not None else None)

    def _key(self, event: QKeyEvent) -> None:
        row = self.chosen()
        key = Qt.Key(event.key())
        if row is None:
            event.ignore()
            return
        relation_id = row.relation.id
        if key == Qt.Key.Key_Delete:
            self.delete_requested.emit(relation_id)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.status_requested.emit(relation_id, "accepted")
        elif key == Qt.Key.Key_Backspace:
            self.status_requested.emit(relation_id, "rejected")
        else:
            kind = type_for_key(self._types, event)
            if kind is None:
                event.ignore()
                return
            if kind.id != row.relation.type_id:
                self.type_requested.emit(relation_id, kind.id)
        event.accept()

    def _type_chosen(self, index: int) -> None:
        relation_id, type_id = self.chosen_id(), self.type_box.itemData(index)
        row = self.chosen()
        if relation_id is not None and row is not None and type_id != row.relation.type_id:
            self.type_requested.emit(relation_id, type_id)

    def _note_done(self) -> None:
        row = self._shown
        if row is not None and self.note.text() != row.relation.note:
            self.note_requested.emit(row.relation.id, self.note.text())

    def _status(self, status: str) -> None:
        relation_id = self.chosen_id()
        if relation_id is not None:
            self.status_requested.emit(relation_id, status)

    def _delete(self) -> None:
        relation_id = self.chosen_id()
        if relation_id is not None:
            self.delete_requested.emit(relation_id)

    def _menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        relation_id = self.relation_at(index.row())
        if relation_id is not None:
            self.menu_requested.emit(relation_id, self.table.viewport().mapToGlobal(point))

    def relation_at(self, row: int) -> int | None:
        self._catch_up()
        data = self.model.index(row, 0).data(RELATION_ID_ROLE)
        return int(data) if data is not None else None


def type_for_key(types: list[RelationTypeRecord], event: QKeyEvent) -> RelationTypeRecord | None:
    """The relation type whose hotkey this bare key press is, case aside."""
    modifiers = event.modifiers() & ~(
        Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
    )
    if modifiers != Qt.KeyboardModifier.NoModifier:
        return None
    pressed = event.key()
    for kind in types:
        sequence = QKeySequence(kind.hotkey.upper())
        if kind.hotkey and not sequence.isEmpty() and sequence[0].key() == pressed:  # type: ignore[index]
            return kind
    return None
