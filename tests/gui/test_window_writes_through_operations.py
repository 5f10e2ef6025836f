"""The window writes only through store operations that report what changed.

store.operations and store.change_sets.History return a ChangeReport for
every write; the window's modules may import no other writing function of
the store, so no write can skip the report the panes refresh from.
"""

from __future__ import annotations

import ast

from tests.conftest import REPO

GUI = REPO / "desktop" / "tagdesk" / "gui"
# The store's writing functions outside store.operations and store.change_sets.
WRITES = {
    "tagdesk.store.editing": {"apply_span_states", "apply_document_state", "create_span"},
    "tagdesk.store.labels": {"save_label", "delete_label"},
    "tagdesk.store.settings": {
        "set_setting",
        "choose_model",
        "set_preannotates_imports",
        "set_tab_suggestions_only",
    },
    "tagdesk.store.importing": {"import_documents"},
    "tagdesk.store.suggestions": {"add_suggestions"},
    "tagdesk.store.tokens": {"tokens_for", "document_tokens", "keep_data_tokens"},
    "tagdesk.store.prepared_tokens": {"prepare_tokens"},
}
# Spans a label key or "label all occurrences" creates are made inside the change-set's
# own transaction (History.do runs the controller's build), and reported with it.
ALLOWED = {("controller.py", "create_span")}


def imported_writes() -> list[tuple[str, str]]:
    """(file, name) for each writing function a gui module imports, or module it imports whole."""
    found = []
    for path in sorted(GUI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in WRITES:
                names = {alias.name for alias in node.names}
                found += [(path.name, name) for name in sorted(names & WRITES[node.module])]
            elif isinstance(node, ast.ImportFrom) and node.module == "tagdesk.store":
                whole = {f"tagdesk.store.{alias.name}" for alias in node.names}
                found += [(path.name, module) for module in sorted(whole & WRITES.keys())]
            elif isinstance(node, ast.Import):
                whole = {alias.name for alias in node.names}
                found += [(path.name, module) for module in sorted(whole & WRITES.keys())]
    return found


def test_the_window_imports_no_write_that_skips_the_change_report() -> None:
    assert set(imported_writes()) == ALLOWED
