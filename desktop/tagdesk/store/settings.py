"""Small named settings kept in the database, so they travel with it."""

from __future__ import annotations

from tagdesk.store.database import Store
from tagdesk.store.models import Setting

MODEL_KEY = "preannotate.model"  # the spaCy pipeline the user chose, name or folder
SAMPLES_PENDING_KEY = "preannotate.samples_pending"  # bundled articles await suggestions
IMPORTS_KEY = "preannotate.imports"  # "off": the window leaves imported documents alone
TAB_SUGGESTIONS_KEY = "window.tab_suggestions_only"  # Tab steps through open suggestions only
LEAST_SURE_KEY = "window.least_sure_first"  # decisions move on to the least sure suggestion
PHRASES_KEY = "window.phrase_suggestions"  # "off": an accept suggests nothing elsewhere


def get_setting(store: Store, key: str) -> str | None:
    row = Setting.select(Setting.value).where(Setting.key == key).tuples().first(store.db)
    return row[0] if row else None


def set_setting(store: Store, key: str, value: str | None) -> None:
    """Store `value` under `key`; None removes the setting."""
    with store.write_transaction():
        if value is None:
            Setting.delete().where(Setting.key == key).execute(store.db)
        else:
            store.execute(  # an upsert both engines speak (peewee's replace is SQLite's)
                'INSERT INTO "setting" ("key", value) VALUES (?, ?) '
                'ON CONFLICT ("key") DO UPDATE SET value = excluded.value',
                (key, value),
            )


def chosen_model(store: Store) -> str | None:
    """The pipeline name or folder the user chose for pre-annotation, if any."""
    return get_setting(store, MODEL_KEY) or None


def choose_model(store: Store, model: str | None) -> None:
    """Remember a pipeline for pre-annotation; None goes back to the default."""
    set_setting(store, MODEL_KEY, model or None)


def preannotates_imports(store: Store) -> bool:
    """Whether the window suggests entities in the documents it imports (on unless turned off)."""
    return get_setting(store, IMPORTS_KEY) != "off"


def set_preannotates_imports(store: Store, on: bool) -> None:
    set_setting(store, IMPORTS_KEY, None if on else "off")


def tab_suggestions_only(store: Store) -> bool:
    """Whether Tab and Shift+Tab skip the accepted spans and stop only at open suggestions."""
    return get_setting(store, TAB_SUGGESTIONS_KEY) == "1"


def set_tab_suggestions_only(store: Store, only: bool) -> None:
    set_setting(store, TAB_SUGGESTIONS_KEY, "1" if only else None)


def least_sure_first(store: Store) -> bool:
    """Whether Return and Backspace move on to the open suggestion the model is least sure of."""
    return get_setting(store, LEAST_SURE_KEY) == "1"


def set_least_sure_first(store: Store, on: bool) -> None:
    set_setting(store, LEAST_SURE_KEY, "1" if on else None)


def suggests_phrases(store: Store) -> bool:
    """Whether the window suggests an accepted text where else it occurs (on unless turned off)."""
    return get_setting(store, PHRASES_KEY) != "off"


def set_suggests_phrases(store: Store, on: bool) -> None:
    set_setting(store, PHRASES_KEY, None if on else "off")
