"""System programs the packaging tests run (Debian packages that .ci/run installs)."""

from __future__ import annotations

import os
import shutil

import pytest

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
