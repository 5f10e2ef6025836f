"""What Tagdesk prints about a server database names it without its password.

A message goes into terminals, logs, screenshots and bug reports; the URL it
names keeps its user, host, port and database, and loses its password. The
real `tagdesk` command runs against the test server, and each case makes it
say something about the database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tagdesk.paths import without_password
from tagdesk.store import open_store
from tests.conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]


def tagdesk(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    return subprocess.run(
        [sys.executable, "-m", "tagdesk", *args, "--db", db],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def said(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def password_of(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]


def test_a_server_database_of_a_newer_schema_is_refused_without_its_password(
    postgres_url: str,
) -> None:
    with open_store(postgres_url) as store:
        store.execute("UPDATE setting SET value = '99' WHERE \"key\" = 'schema_version'")
    result = tagdesk("stats", db=postgres_url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tagdesk: error: {without_password(postgres_url)}: ")
    assert "newer Tagdesk" in result.stderr
    assert password_of(postgres_url) not in said(result)


def test_a_write_the_server_refuses_is_named_without_its_password(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        name = postgres_url.rsplit("/", 1)[1]
        store.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    result = tagdesk("import", str(next(SEEDS.glob("*.txt"))), db=postgres_url)
    assert result.returncode == 1
    assert "cannot save" in result.stderr
    assert without_password(postgres_url) in result.stderr
    assert password_of(postgres_url) not in said(result)
    assert "Traceback" not in result.stderr


def test_a_database_missing_from_the_server_is_named_without_its_password(
    postgres_url: str,
) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    for command in (["stats"], ["export", "out.jsonl", "--format", "spacy-jsonl"]):
        result = tagdesk(*command, db=missing)
        assert result.returncode == 1
        assert "no_such_database" in result.stderr
        assert password_of(missing) not in said(result)


def test_an_empty_server_database_is_named_without_its_password(postgres_url: str) -> None:
    result = tagdesk("stats", db=postgres_url)
    assert result.returncode == 1
    assert f"{without_password(postgres_url)}: is empty" in result.stderr
    assert password_of(postgres_url) not in said(result)
