"""Opening the database the user asked for, and filling a new default one with the samples."""

from __future__ import annotations

import getpass
import os

from tagdesk.paths import ANNOTATOR_ENV, Paths, choose_database, seeds_dir
from tagdesk.store import Store, open_store
from tagdesk.store.settings import SAMPLES_PENDING_KEY, set_setting

__all__ = ["ANNOTATOR_ENV", "current_annotator", "open_workspace"]


def current_annotator() -> str:
    from_env = os.environ.get(ANNOTATOR_ENV)
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def open_workspace(explicit_db: str | None, paths: Paths, *, writing: bool = True) -> Store:
    """Open `--db`, `TAGDESK_DB` or the default file; a new default file gets the samples.

    `writing` False is for commands that only read (stats, export), which work
    on a read-only file; the others are refused at once. They create no file
    the user named: `stats --db typo.db` says there is none. (The default
    file is Tagdesk's own, made with the samples on first use, whatever runs first.)
    """
    choice = choose_database(explicit_db, paths)
    store = open_store(choice.target, create=writing or choice.is_default)
    if writing:
        try:
            store.require_writable()
        except BaseException:
            store.close()
            raise
    if store.created and choice.is_default:
        add_sample_articles(store)
    return store


def add_sample_articles(store: Store) -> None:
    """Import the bundled articles; the window pre-annotates them in the background."""
    from tagdesk.transfer import import_paths

    import_paths(store, [seeds_dir()], format_name="txt", annotator=current_annotator())
    set_setting(store, SAMPLES_PENDING_KEY, "1")
