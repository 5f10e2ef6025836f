"""Opening the database the user asked for, and filling a new default one with the samples."""

from __future__ import annotations

import getpass
import json
import os

from tagdesk.core.errors import TagdeskError
from tagdesk.core.team import annotator_problem
from tagdesk.paths import ANNOTATOR_ENV, Paths, choose_database, seeds_dir
from tagdesk.store import Store, open_store
from tagdesk.store.settings import SAMPLES_PENDING_KEY, set_setting

__all__ = ["ANNOTATOR_ENV", "current_annotator", "open_workspace"]
ANNOTATOR_KEY = "annotator"  # in the user's settings.json: who they are in a team


def current_annotator(paths: Paths | None = None) -> str:
    """Who the analyst is: their settings, then $TAGDESK_ANNOTATOR, then their login name.

    The name is the person's, kept in their own config folder, never in the
    database: on a shared server every analyst has a name of their own.
    """
    name = _from_settings(paths) if paths is not None else None
    name = name or os.environ.get(ANNOTATOR_ENV)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "analyst"
    problem = annotator_problem(name.strip())
    if problem is not None:
        raise TagdeskError(f"annotator {problem}")
    return name.strip()


def _from_settings(paths: Paths) -> str | None:
    path = paths.settings_file
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise TagdeskError(f"{path}: cannot be read: {error}") from error
    try:
        settings = json.loads(raw)
    except ValueError as error:
        raise TagdeskError(f"{path}: is not valid JSON: {error}") from error
    if not isinstance(settings, dict):
        raise TagdeskError(f"{path}: must hold a JSON object")
    name = settings.get(ANNOTATOR_KEY)
    if name is not None and not isinstance(name, str):
        raise TagdeskError(f'{path}: "{ANNOTATOR_KEY}" must be a string')
    return name or None


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
        add_sample_articles(store, paths)
    return store


def add_sample_articles(store: Store, paths: Paths | None = None) -> None:
    """Import the bundled articles; the window pre-annotates them in the background."""
    from tagdesk.transfer import import_paths

    import_paths(store, [seeds_dir()], format_name="txt", annotator=current_annotator(paths))
    set_setting(store, SAMPLES_PENDING_KEY, "1")
