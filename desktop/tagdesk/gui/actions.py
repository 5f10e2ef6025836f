"""Every action the window offers: text, icon, shortcuts. Menus, toolbar and the
shortcuts overlay are all built from this one list."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from tagdesk.gui.icons import icon

Spec = tuple[str, str | None, tuple[str, ...], str]  # text, icon, shortcuts, tip


class Actions:
    """The window's actions by name, each one QAction made by `build_actions` from SPECS.

    A plain class: as a dataclass its generated methods, which nothing here uses, were
    compiled at every start, before the window could paint.
    """

    import_files: QAction
    export: QAction
    edit_labels: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    label_occurrences: QAction
    accept: QAction
    reject: QAction
    delete: QAction
    next_span: QAction
    previous_span: QAction
    widen_start: QAction
    narrow_start: QAction
    widen_end: QAction
    narrow_end: QAction
    tag_span: QAction
    note_span: QAction
    accept_all: QAction
    reject_label: QAction
    tag_document: QAction
    done_next: QAction
    next_document: QAction
    previous_document: QAction
    show_rejected: QAction
    tab_suggestions_only: QAction
    least_sure_first: QAction
    preannotate: QAction
    preannotate_imports: QAction
    phrase_suggestions: QAction
    choose_model: QAction
    train: QAction
    shortcuts: QAction
    about: QAction
    # entities (gui/entity_panes.py wires them)
    link_entity: QAction
    unlink_entity: QAction
    new_entity: QAction
    link_all_entities: QAction
    show_entities: QAction
    show_statistics: QAction  # gui/statistics_view.py, imported when first shown
    # relations (gui/relation_panes.py wires them)
    new_relation: QAction
    swap_relation: QAction
    show_relations: QAction

    def __init__(self, **made: QAction) -> None:
        names = list(Actions.__annotations__)
        if sorted(made) != sorted(names):
            missing = sorted(set(names) - set(made))
            extra = sorted(set(made) - set(names))
            raise TypeError(f"Actions: missing {missing}, unknown {extra}")
        self._names = names
        for name in names:
            setattr(self, name, made[name])

    def all(self) -> list[QAction]:
        return [getattr(self, name) for name in self._names]

    def single_key(self) -> list[QAction]:
        """Actions on bare keys: active only in the text, the list and the palette."""
        return [
            action
            for action in self.all()
            if any(_is_bare(shortcut) for shortcut in action.shortcuts())
        ]


SPECS: dict[str, Spec] = {
    "import_files": ("Import…", "import", ("Ctrl+I",), "Add documents from files"),
    "export": ("Export…", "export", ("Ctrl+E",), "Write training data"),
    "edit_labels": ("Label scheme…", "labels", ("Ctrl+Shift+L",), "Add and change labels"),
    "quit": ("Quit", None, ("Ctrl+Q",), "Close Tagdesk"),
    "undo": ("Undo", "undo", ("Ctrl+Z",), "Undo the last action"),
    "redo": ("Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo"),
    "find": ("Find…", "find", ("Ctrl+F",), "Find text in this document"),
    "find_next": ("Find next", None, ("F3",), "Next hit"),
    "find_previous": ("Find previous", None, ("Shift+F3",), "Previous hit"),
    "label_occurrences": (
        "Label all occurrences…",
        "occurrences",
        ("Ctrl+L",),
        "Label every occurrence of the selected text, here or in all documents",
    ),
    "accept": ("Accept suggestion", "accept", ("Return", "Enter"), "Accept the selected span"),
    "reject": ("Reject suggestion", "reject", ("Backspace",), "Reject the selected span"),
    "delete": ("Delete span", "delete", ("Delete",), "Remove the selected span"),
    "next_span": ("Next span", "next", ("Tab",), "Select the next span"),
    # Qt reads Shift+Tab as Backtab: naming both makes one key press two ambiguous shortcuts.
    "previous_span": ("Previous span", "previous", ("Shift+Tab",), "Select the previous span"),
    "widen_start": ("Start one token left", None, ("Alt+Left",), "Widen the span at its start"),
    "narrow_start": ("Start one token right", None, ("Alt+Right",), "Narrow the span at its start"),
    "widen_end": ("End one token right", None, ("Alt+Shift+Right",), "Widen the span at its end"),
    "narrow_end": ("End one token left", None, ("Alt+Shift+Left",), "Narrow the span at its end"),
    "tag_span": ("Tag span…", None, ("Ctrl+T",), "Add a tag to the selected span"),
    "note_span": ("Note on span…", None, ("Ctrl+N",), "Write a note on the selected span"),
    "accept_all": (
        "Accept all suggestions",
        "accept-all",
        ("Ctrl+Shift+A",),
        "Accept every suggestion in this document",
    ),
    "reject_label": (
        "Reject all of a label…",
        None,
        ("Ctrl+Shift+R",),
        "Reject every suggestion of one label in this document",
    ),
    "tag_document": ("Tag document…", None, ("Ctrl+Shift+T",), "Add a tag to the document"),
    "done_next": (
        "Mark done and next",
        "done-next",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Mark this document done and open the next that is not",
    ),
    "next_document": ("Next document", None, ("Ctrl+PgDown",), "Open the next document"),
    "previous_document": ("Previous document", None, ("Ctrl+PgUp",), "Open the previous document"),
    "show_rejected": (
        "Show rejected spans and relations",
        None,
        ("Ctrl+Shift+H",),
        "Show rejected spans struck through, and rejected relations faint in the arcs and lists",
    ),
    "tab_suggestions_only": (
        "Tab steps through open suggestions only",
        None,
        (),
        "Tab and Shift+Tab skip accepted spans and stop only at suggestions still to decide",
    ),
    "least_sure_first": (
        "Open suggestions least sure first",
        None,
        (),
        "Accepting or rejecting moves on to the suggestion the model is least sure of; "
        "so does Tab when it steps through open suggestions only",
    ),
    "preannotate": (
        "Pre-annotate with spaCy",
        "preannotate",
        ("Ctrl+Shift+P",),
        "Suggest entities in documents that have none yet",
    ),
    "preannotate_imports": (
        "Pre-annotate imported documents",
        None,
        (),
        "Suggest entities in the documents an import adds, in the background",
    ),
    "phrase_suggestions": (
        "Suggest accepted texts elsewhere",
        None,
        (),
        "An accepted span's text becomes a suggestion where else it occurs, "
        "in this document at once and in the others in the background",
    ),
    "choose_model": ("spaCy model…", None, (), "Choose the pipeline that suggests entities"),
    "train": (
        "Train a model…",
        None,
        ("Ctrl+Shift+M",),
        "Fine-tune the pipeline on your decisions, in the background, as a new version",
    ),
    "shortcuts": ("Keyboard shortcuts", "help", ("F1", "?"), "Show every shortcut"),
    "about": ("About Tagdesk", None, (), "Version, licences and data folder"),
    "link_entity": (
        "Link to first candidate",
        None,
        ("Ctrl+K",),
        "Link the selected span to the entity it most likely names",
    ),
    "unlink_entity": ("Unlink from entity", None, (), "The selected span names no entity"),
    "new_entity": (
        "New entity from span",
        None,
        ("Ctrl+Shift+K",),
        "Make an entity named by the selected span and link the span to it",
    ),
    "link_all_entities": (
        "Link entities automatically",
        None,
        (),
        "Link every span the matcher is sure of and propose new entities, as one step",
    ),
    "show_entities": (
        "Entities",
        None,
        ("Ctrl+Shift+E",),
        "Every entity, its mentions, merging and splitting",
    ),
    "show_statistics": (
        "Statistics",
        "statistics",
        ("Ctrl+Shift+S",),
        "Charts of the corpus, the model's quality and the team's progress",
    ),
    "new_relation": (
        "New relation from span",
        None,
        ("R",),
        "Relate the selected span to another: then click or Tab to the other span, "
        "and press the relation type's key (or Return to choose)",
    ),
    "swap_relation": (
        "Swap head and child",
        None,
        ("Ctrl+Shift+X",),
        "The chosen relation was drawn the wrong way round: its head becomes its child",
    ),
    "show_relations": (
        "Relations",
        None,
        ("Ctrl+R",),
        "The open document's relations: Delete, Return and Backspace decide the chosen one",
    ),
}

# Keys that are no action of their own: what they do depends on where and when they
# are pressed. The shortcuts overlay lists them after the actions.
KEYS_IN_CONTEXT: tuple[tuple[str, str], ...] = (
    ("Keep exact characters (no token snapping)", "hold Alt"),
    ("Select text with the keyboard", "Shift+arrows"),
    ("Making a relation: choose the other span", "Tab, Shift+Tab, or click it"),
    ("Making a relation: give it a type", "the type's key, or Return for the list"),
    ("Making a relation: cancel", "Esc"),
    ("Chosen relation in a Relations list: delete / accept / reject", "Del / Return / Backspace"),
    ("Chosen relation in a Relations list: change its type", "the type's key"),
    (
        "A clicked arc: change its type / delete / accept / reject / leave it",
        "the type's key / Del / Return / Backspace / Esc",
    ),
    ("From a Relations list back to the text", "Esc"),
)


def window_keys() -> set[str]:
    """The bare keys the window's own actions take (R, ?): no label may have one."""
    return {s.upper() for _, _, keys, _ in SPECS.values() for s in keys if len(s) == 1}


def build_actions(parent: QObject) -> Actions:
    made = {}
    for name, (text, icon_name, shortcuts, tip) in SPECS.items():
        action = QAction(text, parent)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(f"{tip} ({shortcuts[0]})" if shortcuts else tip)
        action.setStatusTip(tip)
        made[name] = action
    actions = Actions(**made)
    actions.show_rejected.setCheckable(True)
    actions.preannotate_imports.setCheckable(True)
    actions.phrase_suggestions.setCheckable(True)
    actions.tab_suggestions_only.setCheckable(True)
    actions.least_sure_first.setCheckable(True)
    actions.swap_relation.setEnabled(False)  # until a directed relation is chosen
    actions.undo.setEnabled(False)
    actions.redo.setEnabled(False)
    for action in actions.single_key():
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return actions


_EDITING_KEYS = {
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}


def _is_bare(shortcut: QKeySequence) -> bool:
    """A key that text fields and lists use themselves: letters, digits, Return, Tab..."""
    if shortcut.isEmpty():
        return False
    combination = shortcut[0]  # type: ignore[index]
    modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
        return False
    key = combination.key()
    return key in _EDITING_KEYS or key.value < 0x01000000
