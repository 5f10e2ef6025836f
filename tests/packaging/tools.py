"""Shared by the packaging tests: the system programs they run, and what Tagdesk opens."""

from __future__ import annotations

import os
import shutil

import pytest

from tagdesk.formats.registry import FORMATS

DEBIAN_PACKAGE = {
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "update-mime-database": "shared-mime-info",
}


def system_tool(name: str) -> str:
    """The program's path; skipped on a developer machine without it, a failure in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (Debian: apt-get install {DEBIAN_PACKAGE[name]})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def imported_extensions() -> set[str]:
    """Extensions of the files (not folders) `tagdesk import` and `tagdesk open` read."""
    return {
        extension
        for format_ in FORMATS.values()
        if format_.can_import and not format_.folder
        for extension in format_.extensions
    }
