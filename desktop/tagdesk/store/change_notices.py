"""Colleagues' changes on a server, as the server announces them (LISTEN/NOTIFY).

The server's triggers (store.server_schema) announce every committed change
to what a window shows, whoever made it. A window listens on a connection
of its own (`NoticeListener`), which only waits: it never holds a lock or a
transaction, and reading what arrived never blocks. Each notice names one
document (its spans and relations among them), label, setting, tag or
relation type; what one commit announced becomes one ChangeReport, and
"many" a report that says anything may have changed.

Every connection of a Store carries the Store's `origin` (the server
setting `tagdesk.origin`, given when the connection opens), and so does
every notice its writes cause: the window skips those, because its own
writes come back to it as reports already, its worker threads' and its
`tagdesk preannotate` child's (given the origin through ORIGIN_ENV) too.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError

if TYPE_CHECKING:
    from tagdesk.store.database import Store

ORIGIN_ENV = "TAGDESK_ORIGIN"  # a child process writes under its window's origin
ORIGIN_SETTING = "tagdesk.origin"
# A listening connection only waits; TCP keepalives find a peer that went away unannounced.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 60,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


def new_origin() -> str:
    """This process's origin when its parent gave one (a window's job), else a new one."""
    given = os.environ.get(ORIGIN_ENV, "")
    return given if given.isalnum() and len(given) <= 32 else secrets.token_hex(8)


def with_origin(connect_params: dict[str, Any], origin: str) -> None:
    """Every connection opened with these parameters names `origin` to the server."""
    option = f"-c {ORIGIN_SETTING}={origin}"
    given = str(connect_params.get("options") or "")
    connect_params["options"] = f"{given} {option}".strip()


def report_of(payloads: Iterable[str], *, schema: str, origin: str) -> ChangeReport:
    """What the notices of other writers in this database's schema say changed, together."""
    documents: set[int] = set()
    added: set[int] = set()
    labels: set[int] = set()
    settings: set[str] = set()
    tags: set[str] = set()
    relation_types: set[int] = set()
    everything = False
    for payload in payloads:
        try:
            notice = json.loads(payload)
        except ValueError:
            continue  # not one of ours: someone else's NOTIFY on the channel
        if not isinstance(notice, dict) or notice.get("schema") != schema:
            continue
        if notice.get("origin") == origin:
            continue
        try:
            if notice.get("many") or "x" in notice:
                everything = True
            if "d" in notice:
                documents.add(int(notice["d"]))
            if "n" in notice:
                added.add(int(notice["n"]))
            if "l" in notice:
                labels.add(int(notice["l"]))
            if "s" in notice:
                settings.add(str(notice["s"]))
            if "t" in notice:
                tags.add(str(notice["t"]))
            if "r" in notice:
                relation_types.add(int(notice["r"]))
        except (TypeError, ValueError):
            everything = True  # a notice we cannot read: read everything again
    return ChangeReport.of(
        documents=documents,
        new_documents=added,
        labels=labels,
        settings=settings,
        tags=tags,
        relation_types=relation_types,
        outside=everything,
    )


class NoticeListener:
    """A connection of its own that listens for the server's change notices.

    `connect()` opens it and returns the socket to watch; when the socket is
    readable, `read()` takes what arrived without waiting. A lost connection
    (the server restarted, the network went) raises StoreError from either;
    `connect()` again later, and read everything once, since notices sent
    meanwhile are gone.
    """

    def __init__(self, store: Store) -> None:
        from tagdesk.store.server_schema import NOTIFY_CHANNEL

        self.channel = NOTIFY_CHANNEL
        self.origin = store.origin
        self.location = store.location
        self._database = store.db.database
        self._params = dict(store.db.connect_params)
        for name, value in KEEPALIVES.items():  # a network gone quiet is noticed, too
            self._params.setdefault(name, value)
        self.schema = str(store.execute("SELECT current_schema()").fetchone()[0])
        self._connection: Any = None

    def connect(self) -> int:
        import psycopg2

        self.close()
        try:
            connection = psycopg2.connect(database=self._database, **self._params)
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'LISTEN "{self.channel}"')
        except psycopg2.Error as error:
            raise StoreError(f"{self.location}: cannot listen for changes: {error}") from error
        self._connection = connection
        return int(connection.fileno())

    def fileno(self) -> int:
        """The socket to wait on (select, QSocketNotifier); -1 while not connected."""
        return -1 if self._connection is None else int(self._connection.fileno())

    def read(self) -> ChangeReport:
        """What the notices that arrived say (NOTHING when they were this window's own)."""
        import psycopg2

        connection = self._connection
        if connection is None:
            return ChangeReport()
        try:
            connection.poll()
        except psycopg2.Error as error:
            self.close()
            raise StoreError(f"{self.location}: lost the connection: {error}") from error
        notices = [notice.payload for notice in connection.notifies]
        connection.notifies.clear()
        return report_of(notices, schema=self.schema, origin=self.origin)

    def close(self) -> None:
        import psycopg2

        if self._connection is not None:
            with contextlib.suppress(psycopg2.Error):  # gone already: closed as well as it can be
                self._connection.close()
            self._connection = None


def listens(store: Store) -> bool:
    """A server database whose triggers announce changes: a window can listen to it."""
    if store.is_sqlite:
        return False
    from tagdesk.store.server_schema import change_notices_current

    return change_notices_current(store)
