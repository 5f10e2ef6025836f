"""The writes the window makes, each one store operation that reports what it changed.

The window never calls a writing function of the store directly: it calls
these (or store.change_sets.History for the undoable edits), and passes the
ChangeReport each returns to the one signal its panes refresh from. The
command line writes through the functions underneath, and needs no report.
"""

from __future__ import annotations

from tagdesk.core.changes import ChangeReport
from tagdesk.core.records import LabelRecord
from tagdesk.store import labels, settings
from tagdesk.store.database import Store
from tagdesk.store.importing import ImportSummary


def save_label(store: Store, record: LabelRecord) -> tuple[LabelRecord, ChangeReport]:
    """Add (id 0) or change a label of the scheme."""
    saved = labels.save_label(store, record)
    return saved, ChangeReport.of(labels=[saved.id])


def delete_label(store: Store, label_id: int) -> ChangeReport:
    """Take an unused label out of the scheme; refused (TagdeskError) while spans use it."""
    labels.delete_label(store, label_id)
    return ChangeReport.of(labels=[label_id])


def set_setting(store: Store, key: str, value: str | None) -> ChangeReport:
    settings.set_setting(store, key, value)
    return ChangeReport.of(settings=[key])


def set_tab_suggestions_only(store: Store, only: bool) -> ChangeReport:
    settings.set_tab_suggestions_only(store, only)
    return ChangeReport.of(settings=[settings.TAB_SUGGESTIONS_KEY])


def set_least_sure_first(store: Store, on: bool) -> ChangeReport:
    settings.set_least_sure_first(store, on)
    return ChangeReport.of(settings=[settings.LEAST_SURE_KEY])


def set_suggests_phrases(store: Store, on: bool) -> ChangeReport:
    settings.set_suggests_phrases(store, on)
    return ChangeReport.of(settings=[settings.PHRASES_KEY])


def set_preannotates_imports(store: Store, on: bool) -> ChangeReport:
    settings.set_preannotates_imports(store, on)
    return ChangeReport.of(settings=[settings.IMPORTS_KEY])


def choose_model(store: Store, model: str | None) -> ChangeReport:
    settings.choose_model(store, model)
    return ChangeReport.of(settings=[settings.MODEL_KEY])


def import_changes(summary: ImportSummary) -> ChangeReport:
    """What an import (run in a worker thread, see store.importing) changed."""
    return summary.changes
