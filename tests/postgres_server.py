"""A real PostgreSQL server for the tests, started in a temporary folder and removed after.

initdb and pg_ctl run as the `postgres` user when the tests run as root
(initdb refuses root). The server listens on a free loopback port only, and
asks every connection for a password (scram-sha-256): the tests connect as a
role of their own, as a team's Tagdesk would, never as the superuser.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROLE = "tagdesk_test"
ADMIN = "tagdesk_admin"
_RUN_AS = "postgres"


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: pg_config's answer, else Debian's places."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    candidates.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One server: `start()`, then `create_database()` per test, `stop()` at the end."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="tagdesk-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.admin_password = secrets.token_hex(12)
        self._as_other_user = os.geteuid() == 0
        self._counter = 0
        self.running = False

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bindir / command[0]), *command[1:]]
        if self._as_other_user:
            argv = ["runuser", "-u", _RUN_AS, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")
        return result

    def start(self) -> None:
        password_file = self.folder / "admin-password"
        password_file.write_text(self.admin_password + "\n", encoding="utf-8")
        if self._as_other_user:
            shutil.chown(self.folder, _RUN_AS)
            shutil.chown(password_file, _RUN_AS)
        self.folder.chmod(0o700)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        password_file.unlink()
        (self.data / "pg_hba.conf").write_text(
            "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n",
            encoding="utf-8",
        )
        self._start_server()
        with self._admin() as cursor:
            cursor.execute(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD %s", (self.password,))

    def _start_server(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        )
        self.running = True

    def restart(self) -> None:
        """Stop the server (every connection to it dropped) and start it again on the same
        port, its databases kept, as an administrator restarting a team's server would."""
        with self.down():
            pass

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """The server stopped for the block, and started again after it."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False
        try:
            yield
        finally:
            self._start_server()

    def stop(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)  # the folder this class made

    @contextlib.contextmanager
    def _admin(self) -> Iterator[object]:
        import psycopg2

        connection = psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            user=ADMIN,
            password=self.admin_password,
            dbname="postgres",
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                yield cursor
        finally:
            connection.close()

    def url(self, database: str, *, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{ROLE}:{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str = "template0") -> str:
        """A new database owned by the test role, a copy of `template` (empty by default);
        its name."""
        self._counter += 1
        name = f"tagdesk_{os.getpid()}_{self._counter}"
        with self._admin() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}" OWNER {ROLE} TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
