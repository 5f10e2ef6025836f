"""The document list: ids from one query, rows fetched a page at a time when shown."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from tagdesk.core.team import ALL
from tagdesk.gui.plain_text import literal
from tagdesk.gui.tasks import ThreadTaskRunner, store_task
from tagdesk.store import Store
from tagdesk.store.assignments import assignment_statuses, documents_of
from tagdesk.store.document_list import DocumentListRow, ListQuery, document_ids, document_rows
from tagdesk.store.list_pages import After, first_page, first_page_size, ids_after

COLUMNS = (
    ("title", "Title"),
    ("status", "Status"),
    ("accepted", "Spans"),
    ("suggested", "Open"),
    ("tags", "Tags"),
    ("uncertainty", "Sure"),
)
HEADER_TIPS = (
    "Document title",
    "To do, in progress or done",
    "Accepted spans in the work shown (Showing:)",
    "Open suggestions in the work shown (Showing:)",
    "Document tags",
    "How sure the model is of the open suggestion it is least sure of: "
    "sort by it to see the most uncertain documents first (no score: last)",
)
NUMBER_COLUMNS = (2, 3, 5)
STATUS_TEXT = {"todo": "To do", "in_progress": "In progress", "done": "Done"}
PAGE = 200
FEW = 4  # up to this many ids are looked up by scanning the id list
ID_ROLE = Qt.ItemDataRole.UserRole
# The rest of a server's list is read once the list has been still this long: the first page
# is painted without a second reader beside it, and sorts and filters chosen one after
# another read only the last one's rest.
REST_AFTER_MS = 150

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """The listed documents' ids, read a first page at a time (store.list_pages), and their
    rows a page at a time when shown.

    The ids after the first page are read when something needs them: the
    view scrolled to the last row read (fetchMore), `ids`, or `row_of` a
    document not among those read.
    """

    def __init__(self, store: Store, *, first_rows: int | None = -1) -> None:
        """`first_rows`: how many ids to read first (None: all at once); by default what
        suits the store's engine (store.list_pages.first_page_size)."""
        super().__init__()
        self.store = store
        self.query = ListQuery()
        self.first_rows = first_page_size(store) if first_rows == -1 else first_rows
        self._ids: list[int] = []
        self._rest: After | None = None  # where the ids not read yet begin
        self._rest_reader = ThreadTaskRunner(self)  # reads them while the first page shows
        self._rest_reader.finished.connect(self._rest_arrived)
        self._rest_soon = QTimer(self)
        self._rest_soon.setSingleShot(True)
        self._rest_soon.setInterval(REST_AFTER_MS)
        self._rest_soon.timeout.connect(self._read_rest_behind)
        self._rows: dict[int, DocumentListRow] = {}
        self._row_of: dict[int, int] | None = None  # built when first needed: 100,000 ids
        self.mine: str | None = None  # list only the documents given to this annotator
        self._given: dict[int, dict[str, str]] = {}  # document: its annotators' statuses
        self._counted: tuple[str, str] = ("", ALL)  # whose spans Spans and Open count

    # -- loading ------------------------------------------------------------

    def set_query(self, query: ListQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._read_first()
        self._rows.clear()
        self._given.clear()
        self.endResetModel()

    def list_mine(self, annotator: str | None) -> None:
        """Only the documents given to `annotator` ("my documents"), or all with None."""
        self.mine = annotator
        self.reload()

    def count_view(self, viewer: str, view: str) -> None:
        """Spans and Open count what `view` shows `viewer` (store.views), as the text does."""
        if (viewer, view) == self._counted:
            return
        self._counted = (viewer, view)
        self._rows.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._ids) - 1, 3))

    def _read_first(self) -> None:
        """The first page of ids and where the rest begins; all of them for "my documents"."""
        self._row_of = None
        if self.mine is not None:
            given = set(documents_of(self.store, self.mine))
            ids = document_ids(self.store, self.query)
            self._ids, self._rest = [i for i in ids if i in given], None
            return
        page = first_page(self.store, self.query, self.first_rows)
        self._ids, self._rest = page.ids, page.rest
        self._rest_reader.cancel()
        self._rest_soon.stop()
        if page.rest is not None:
            self._rest_soon.start()

    def _read_rest_behind(self) -> None:
        """The rest of the list read in a thread of its own, on its own connection; it
        comes as rows when it arrives, unless the list was read anew meanwhile."""
        if self._rest is None:
            return
        store, query, after = self.store, self.query, self._rest

        def work(_control: object) -> tuple[ListQuery, After, list[int]]:
            return query, after, ids_after(store, query, after)

        self._rest_reader.start(store_task(store, work))

    def _rest_arrived(self, result: tuple[ListQuery, After, list[int]]) -> None:
        query, after, more = result
        if query == self.query and after == self._rest:
            self._add_rest(more)

    def stop_reading(self) -> None:
        """No rest read behind any more (the window closes, its store with it)."""
        self._rest_soon.stop()
        self._rest_reader.cancel()
        self._rest_reader.wait()

    def read_rest(self) -> None:
        """The ids after the first page, added as rows (one rowsInserted)."""
        if self._rest is None:
            return
        self._rest_soon.stop()
        self._rest_reader.cancel()
        self._add_rest(ids_after(self.store, self.query, self._rest))

    def _add_rest(self, more: list[int]) -> None:
        self._rest = None
        if not more:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._ids.extend(more)
        if self._row_of is not None:
            self._row_of.update((document_id, first + n) for n, document_id in enumerate(more))
        self.endInsertRows()

    def loaded(self, document_id: int) -> bool:
        """Whether this document's row is among those read (no more is read to find out)."""
        return self._loaded_row_of(document_id) is not None

    @property
    def complete(self) -> bool:
        """Whether every listed id has been read."""
        return self._rest is None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._rest is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self.read_rest()

    def refresh_documents(self, ids: set[int], *, assignments_kept: bool = False) -> None:
        """Re-read the rows of changed documents that are in the list.

        A row read before is read again at once, and only the cells whose text
        changed are announced (a span edit changes one count, or the status
        with it): the header fits a column again for each cell it hears of, and
        the view repaints those cells alone. Rows not read yet are announced
        whole, one dataChanged for each run of neighbouring rows (a batch of
        pre-annotation is a run of 32), and read when shown. `assignments_kept`: the
        write is known to have changed no assignment (a span or relation edit's report
        says so), so the rows read keep who they are given to without asking again.
        """
        old = {i: self._rows.pop(i) for i in ids if i in self._rows}
        if assignments_kept:
            given = {i: self._given.get(i) for i in old}
        else:
            given = {i: self._given.pop(i, None) for i in ids}
        if old:
            viewer, view = self._counted
            self._rows.update(document_rows(self.store, list(old), viewer=viewer, view=view))
            if not assignments_kept:
                self._given.update(assignment_statuses(self.store, list(old)))
        last = len(COLUMNS) - 1
        rows = []
        for document_id, row in self._find_rows(ids).items():
            before, after = old.get(document_id), self._rows.get(document_id)
            if before is None or after is None:
                rows.append(row)
                continue
            same_given = given.get(document_id) == self._given.get(document_id)
            changed = [
                column
                for column in range(len(COLUMNS))
                if self._cell(before, column, same_given) != self._cell(after, column, same_given)
            ]
            if changed:
                self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))
        rows.sort()
        while rows:
            first = end = rows.pop(0)
            while rows and rows[0] == end + 1:
                end = rows.pop(0)
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    @staticmethod
    def _cell(row: DocumentListRow, column: int, same_given: bool) -> object:
        """What a cell shows depends on, to tell a changed cell (the status also on who
        it is given to, and with whose status: changed whenever that did)."""
        key = COLUMNS[column][0]
        if key == "status" and not same_given:
            return object()  # unequal to anything: announced
        if key == "title":
            return row.title or f"Document {row.id}"
        return getattr(row, "least_score" if key == "uncertainty" else key)

    def rows_read(self, ids: Collection[int]) -> dict[int, DocumentListRow]:
        """Those of these rows read from the store, as the list shows them."""
        return {i: self._rows[i] for i in ids if i in self._rows}

    def forget_rows(self, keep: Collection[int]) -> None:
        """Forget the rows read but not shown, but `keep`: they are read again when shown."""
        kept = set(keep)
        for document_id in [i for i in self._rows if i not in kept]:
            del self._rows[document_id]

    def _row(self, row: int) -> DocumentListRow | None:
        document_id = self._ids[row]
        cached = self._rows.get(document_id)
        if cached is None:
            first = row - row % PAGE
            page = [i for i in self._ids[first : first + PAGE] if i not in self._rows]
            viewer, view = self._counted
            self._rows.update(document_rows(self.store, page, viewer=viewer, view=view))
            self._given.update(assignment_statuses(self.store, page))
            cached = self._rows.get(document_id)
        return cached

    # -- lookups ------------------------------------------------------------

    def document_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, document_id: int) -> int | None:
        """The row of a listed document, reading the rest of the ids if it is not among
        those read yet."""
        row = self._loaded_row_of(document_id)
        if row is None and self._rest is not None:
            self.read_rest()
            row = self._loaded_row_of(document_id)
        return row

    def _loaded_row_of(self, document_id: int) -> int | None:
        if self._row_of is not None:
            return self._row_of.get(document_id)
        try:
            return self._ids.index(document_id)  # one lookup: cheaper than building the map
        except ValueError:
            return None

    def _find_rows(self, ids: Collection[int]) -> dict[int, int]:
        """Rows of these ids: a scan each for a few, else a map of every row, built once."""
        if self._row_of is None and len(ids) <= FEW:
            rows = {document_id: self._loaded_row_of(document_id) for document_id in ids}
            return {document_id: row for document_id, row in rows.items() if row is not None}
        if self._row_of is None:
            self._row_of = {document_id: row for row, document_id in enumerate(self._ids)}
        found = self._row_of
        return {document_id: found[document_id] for document_id in ids if document_id in found}

    @property
    def ids(self) -> list[int]:
        """Every listed id, in order (the rest read first if it was not)."""
        self.read_rest()
        return self._ids

    # -- Qt model API ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self._row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if key == "status":
            value = self._status_text(row, role == Qt.ItemDataRole.ToolTipRole)
        elif key == "title":
            value = row.title or f"Document {row.id}"
        elif key == "uncertainty":
            value = "" if row.least_score is None else f"{row.least_score:.0%}"
        else:
            value = getattr(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str):
            return literal(value)  # a title is article text: never markup
        return value

    def _status_text(self, row: DocumentListRow, full: bool) -> str:
        """The document's status; where it is given out, the analyst's own when only theirs
        are listed, else how many of its annotators are done (each one's in the tooltip)."""
        given = self._given.get(row.id)
        if not given:
            return STATUS_TEXT.get(row.status, row.status)
        if full:
            return " · ".join(f"{name}: {STATUS_TEXT[status]}" for name, status in given.items())
        if self.mine in given:
            return STATUS_TEXT[given[self.mine]]
        done = sum(1 for status in given.values() if status == "done")
        return f"{done} of {len(given)} done"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        query = ListQuery(
            **{
                **self.query.__dict__,
                "sort": COLUMNS[column][0],
                "descending": order == Qt.SortOrder.DescendingOrder,
            }
        )
        if not self.complete or (self.first_rows is not None and len(self._ids) > self.first_rows):
            # The sorted list starts with a first page, a number of rows of its own: the
            # list shows it anew, and the list pane finds the current document again.
            self.query = query
            self.reload()
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        persistent = self.persistentIndexList()
        self.query = query
        self._read_first()
        moved = self._find_rows({old_ids[index.row()] for index in persistent})
        for index in persistent:
            new_row = moved.get(old_ids[index.row()], -1)
            self.changePersistentIndex(
                index, self.index(new_row, index.column()) if new_row >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()
