"""No key press of the window is claimed twice: Qt fires neither of two shortcuts it
finds for one press ("Ambiguous shortcut overload") and only says so on the terminal."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMenuBar, QToolButton, QWidget

from tagdesk.gui.main_window import MainWindow

Context = Qt.ShortcutContext
_PRESENTATION = (QMenu, QMenuBar, QToolButton)  # show an action; its shortcut is not theirs


@dataclass(frozen=True)
class Binding:
    owner: str
    sequence: str
    key: tuple[int, ...]
    context: Context
    widgets: tuple[QWidget, ...]


def normalised(sequence: QKeySequence) -> tuple[int, ...]:
    """The key presses a sequence answers to, as Qt matches them.

    Shift+Tab arrives as Backtab (with or without Shift held); a shifted symbol
    matches its bare form ("?" is typed with Shift); the keypad flag is dropped
    when nothing on the keypad is bound.
    """
    keys = []
    for index in range(sequence.count()):
        combination: QKeyCombination = sequence[index]  # type: ignore[index]
        modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = combination.key()
        if key == Qt.Key.Key_Backtab:
            key, modifiers = Qt.Key.Key_Tab, modifiers | Qt.KeyboardModifier.ShiftModifier
        symbol = key.value < 0x01000000 and not (Qt.Key.Key_A.value <= key.value <= 0x5A)
        if symbol and not (Qt.Key.Key_0.value <= key.value <= Qt.Key.Key_9.value):
            modifiers &= ~Qt.KeyboardModifier.ShiftModifier
        keys.append(QKeyCombination(modifiers, key).toCombined())
    return tuple(keys)


def bindings(window: MainWindow) -> list[Binding]:
    found = []
    owners: list[tuple[str, QObject, list[QKeySequence], Context, tuple[QWidget, ...]]] = []
    for action in window.findChildren(QAction):
        widgets = tuple(
            o
            for o in action.associatedObjects()
            if isinstance(o, QWidget) and not isinstance(o, _PRESENTATION)
        )
        owners.append(
            (action.text(), action, action.shortcuts(), action.shortcutContext(), widgets)
        )
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        widgets = (parent,) if isinstance(parent, QWidget) else ()
        keys = list(shortcut.keys())
        owners.append((f"shortcut {keys}", shortcut, keys, shortcut.context(), widgets))
    for name, _owner, sequences, context, widgets in owners:
        for sequence in sequences:
            if not sequence.isEmpty():
                found.append(
                    Binding(name, sequence.toString(), normalised(sequence), context, widgets)
                )
    return found


def _inside(widget: QWidget, ancestor: QWidget) -> bool:
    return widget is ancestor or ancestor.isAncestorOf(widget)


def overlap(a: Binding, b: Binding, window: QWidget) -> bool:
    """Whether some focus in `window` makes both shortcuts active at once."""
    if Context.ApplicationShortcut in (a.context, b.context):
        return True
    if a.context == Context.WindowShortcut and b.context == Context.WindowShortcut:
        return True
    if Context.WindowShortcut in (a.context, b.context):
        scoped = b if a.context == Context.WindowShortcut else a
        return any(w.window() is window for w in scoped.widgets) or not scoped.widgets
    if a.context == Context.WidgetShortcut or b.context == Context.WidgetShortcut:
        return any(x is y for x in a.widgets for y in b.widgets)
    return any(_inside(x, y) or _inside(y, x) for x in a.widgets for y in b.widgets)


def clashes(window: MainWindow) -> list[str]:
    found = bindings(window)
    return [
        f"{a.owner} ({a.sequence}) and {b.owner} ({b.sequence})"
        for i, a in enumerate(found)
        for b in found[i + 1 :]
        if a.key == b.key and overlap(a, b, window)
    ]


def test_no_key_press_is_bound_twice(window: MainWindow) -> None:
    assert len(bindings(window)) > 40  # the actions and every label's keys were collected
    assert clashes(window) == []


def test_the_check_sees_the_equivalences_qt_applies(window: MainWindow) -> None:
    """A second action on Backtab, on the bare "?" of Shift+?, and on a label's key."""
    for sequence in ("Backtab", "Shift+?"):
        extra = QAction("extra", window)
        extra.setShortcut(QKeySequence(sequence))
        window.addAction(extra)
        found = clashes(window)
        extra.setParent(None)
        assert any(f"extra ({QKeySequence(sequence).toString()})" in clash for clash in found)
    for name, widget, clash_expected in (
        ("in the list", window.document_list.table, True),  # the labels' keys work there
        ("in the search box", window.document_list.search, False),  # there "3" is typed
    ):
        extra = QAction(name, window)
        extra.setShortcut(QKeySequence("3"))
        extra.setShortcutContext(Context.WidgetWithChildrenShortcut)
        widget.addAction(extra)
        found = clashes(window)
        extra.setParent(None)
        widget.removeAction(extra)
        assert any(f"{name} (3)" in clash for clash in found) is clash_expected
