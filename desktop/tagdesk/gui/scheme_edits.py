"""What the label scheme's pages share: one row edited in fields, saved with a button.

A row's edits are not written as they are typed (a half-typed name would
clash with another row, or rename one for the length of a word). Choosing
another row, New, and Close with edits not yet saved ask first: save,
discard, or stay. A save or delete the store refuses is said in a box, and a
row another window changed since is shown again as it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QListWidget, QMessageBox, QWidget

from tagdesk.core.errors import ChangedSinceError, TagdeskError
from tagdesk.core.wording import sentence

Save = Callable[[], bool]


def settled(page: QWidget, title: str, *, unsaved: bool, name: str, save: Save) -> bool:
    """True when nothing is unsaved, or the analyst saved (`save`) or discarded it; `name`
    is what to call the row whose edits are asked about."""
    if not unsaved:
        return True
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        page,
        title,
        f"Save the changes to {name}?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    if answer == buttons.Save:
        return save()
    return answer == buttons.Discard


def choose_row(
    rows: QListWidget,
    ids: Sequence[int],
    row: int,
    editing: int,
    *,
    settle: Save,
    show: Callable[[int | None], None],
) -> None:
    """Another row chosen in the list: shown once the edits are settled (`settle`); else the
    list stays on the row being edited (none, for a new one)."""
    if settle():
        show(ids[row] if 0 <= row < len(ids) else None)
        return
    rows.blockSignals(True)
    if editing in ids:
        rows.setCurrentRow(list(ids).index(editing))
    else:
        rows.clearSelection()
        rows.setCurrentRow(-1)
    rows.blockSignals(False)


def leave_rows(rows: QListWidget, *, settle: Save) -> bool:
    """New: no row chosen, once the edits are settled (False: the analyst stayed)."""
    if not settle():
        return False
    rows.blockSignals(True)
    rows.clearSelection()
    rows.setCurrentRow(-1)
    rows.blockSignals(False)
    return True


def written(
    page: QWidget, title: str, write: Callable[[], object], *, stale: Callable[[], None]
) -> bool:
    """Run a save or delete; a refusal is said in a box (False). A row changed by another
    window since it was shown is then shown as it is stored (`stale`)."""
    try:
        write()
    except ChangedSinceError as error:
        QMessageBox.warning(page, title, sentence(str(error)))
        stale()
        return False
    except TagdeskError as error:
        QMessageBox.warning(page, title, sentence(str(error)))
        return False
    return True
