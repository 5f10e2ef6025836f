"""Where Tagdesk keeps its data, and where its bundled files are found."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

APP_DIR_NAME = "tagdesk"
DB_ENV = "TAGDESK_DB"
ANNOTATOR_ENV = "TAGDESK_ANNOTATOR"  # who the analyst is, when not their login name
DB_FILE_NAME = "tagdesk.sqlite3"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(target: str) -> bool:
    return target.startswith(SERVER_SCHEMES)


@dataclass(frozen=True)
class Paths:
    """The user's folders; built in main() (or a test) and passed down."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def from_platform(cls) -> Paths:
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
        )

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @property
    def settings_file(self) -> Path:
        """The person's own settings (who they are in a team): not the database's."""
        return self.config_dir / "settings.json"


@dataclass(frozen=True)
class DatabaseChoice:
    target: str  # a file path or a postgresql:// URL
    is_default: bool


def choose_database(explicit: str | None, paths: Paths) -> DatabaseChoice:
    """`--db` wins, then `TAGDESK_DB`, then the file in the user data folder."""
    if explicit:
        return DatabaseChoice(explicit, is_default=False)
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return DatabaseChoice(from_env, is_default=False)
    return DatabaseChoice(str(paths.default_db), is_default=True)


def without_password(target: str) -> str:
    """A database as messages name it: a server URL's password left out."""
    if not is_server_url(target):
        return target
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(target)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def child_database(target: str) -> tuple[list[str], dict[str, str]]:
    """How a `tagdesk` child process is told the database: its arguments and environment.

    A file is named with `--db`. A server's URL may hold a password, and any
    user of the machine can read a command line (/proc/PID/cmdline), so it
    goes in `TAGDESK_DB`, which only the child's own user can read.
    """
    if is_server_url(target):
        return [], {DB_ENV: target}
    return ["--db", target], {}


@cache  # the same for the life of the process: asked once, not once a file (every icon)
def _bundle_roots() -> tuple[Path, ...]:
    package_dir = Path(__file__).resolve().parent
    roots = [package_dir]  # installed wheel: tagdesk/resources, tagdesk/seeds
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.insert(0, Path(frozen) / "tagdesk")
    roots.append(package_dir.parent.parent)  # source checkout: repo/resources, repo/seeds
    return tuple(roots)


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with Tagdesk (resources/..., seeds/...), wherever it runs from."""
    for root in _bundle_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled file missing: {'/'.join(parts)}")


def resource_path(*parts: str) -> Path:
    return bundled_path("resources", *parts)


def seeds_dir() -> Path:
    return bundled_path("seeds")
