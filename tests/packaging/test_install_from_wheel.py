"""Installing as an analyst does: a wheel built from a clean clone, and pipx, in fresh environments.

Slow (PySide6 and spaCy are installed from the package index each time):
.ci/run runs it in a step of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagdesk import __version__
from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed tree alone, as a release is built: nothing from this working copy."""
    target = tmp_path_factory.mktemp("clone") / "tagdesk"
    run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)])
    return target


@pytest.fixture(scope="module")
def pip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by this module's installs, so the second one downloads nothing again."""
    return tmp_path_factory.mktemp("pip-cache")


def user_env(home: Path, pip_cache: Path) -> dict[str, str]:
    """A user's environment: their own empty home, no PYTHONPATH into the source tree."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PIP_CACHE_DIR": str(pip_cache),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }


def first_run_documents(tagdesk: Path, env: dict[str, str], cwd: Path) -> int:
    stats = json.loads(run([str(tagdesk), "stats", "--json"], env=env, cwd=cwd))
    return int(stats["documents"]["total"])


def test_wheel_from_a_clean_clone_works_in_a_fresh_venv(
    clone: Path, pip_cache: Path, tmp_path: Path
) -> None:
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(clone)])
    wheel = next((tmp_path / "dist").glob("tagdesk-*.whl"))
    assert wheel.name == f"tagdesk-{__version__}-py3-none-any.whl"
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    env = user_env(tmp_path / "home", pip_cache)
    run([str(venv / "bin" / "pip"), "install", "--quiet", f"{wheel}[model]"], env=env)
    tagdesk = venv / "bin" / "tagdesk"
    elsewhere = tmp_path / "elsewhere"  # not the clone: files must come from the installed wheel
    elsewhere.mkdir()

    assert first_run_documents(tagdesk, env, elsewhere) == 5
    run([str(tagdesk), "preannotate"], env=env, cwd=elsewhere)
    stats = json.loads(run([str(tagdesk), "stats", "--json"], env=env, cwd=elsewhere))
    assert stats["spans"]["by_status"]["suggested"] > 100
    shot = tmp_path / "shot.png"
    run([str(tagdesk), "--screenshot", str(shot)], env=env, cwd=elsewhere)
    assert shot.stat().st_size > 10_000


def test_pipx_install_from_a_clean_clone(clone: Path, pip_cache: Path, tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    run([sys.executable, "-m", "venv", str(tools)])
    env = user_env(tmp_path / "home", pip_cache)
    run([str(tools / "bin" / "pip"), "install", "--quiet", "pipx"], env=env)
    bin_dir = tmp_path / "home" / ".local" / "bin"
    pipx_env = {**env, "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(bin_dir)}
    run([str(tools / "bin" / "pipx"), "install", str(clone)], env=pipx_env, cwd=tmp_path)

    assert first_run_documents(bin_dir / "tagdesk", env, tmp_path) == 5
    version = run([str(bin_dir / "tagdesk"), "--version"], env=env, cwd=tmp_path)
    assert version.strip() == f"tagdesk {__version__}"
