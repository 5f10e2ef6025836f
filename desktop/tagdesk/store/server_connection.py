"""A server connection that opens itself again after the server dropped it (a restart, say).

What is safe to do again is done again, once, on a new connection: a read
made outside a transaction, and the BEGIN of a transaction (nothing of it has
reached the server yet). What may have been done is not: a write that the
lost connection was carrying is reported (store.database.Store.atomic says
whether it can have been saved), and the next action connects again.
"""

from __future__ import annotations

from typing import Any

import peewee

from tagdesk.core.errors import StoreError
from tagdesk.paths import without_password

# Statements that only read, which are run again on a new connection if the old one was lost.
_READS = ("select", "show", "values")
# psycopg2 marks a connection that broke with closed = 2 (1: closed by us).
_BROKEN = 2


def connection_lost(db: peewee.Database) -> bool:
    """Whether the driver's connection under `db` broke (its server went away)."""
    connection = getattr(db._state, "conn", None)
    return connection is not None and getattr(connection, "closed", 0) == _BROKEN


class ServerDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database, opened again when its connection was lost outside a
    transaction."""

    location = ""  # what messages show: the URL without its password

    def cursor(self, named_cursor: Any = None) -> Any:
        if not self.in_transaction() and connection_lost(self):
            self.reopen()
        return super().cursor(named_cursor)

    def begin(self, isolation_level: Any = None) -> None:
        try:
            super().begin(isolation_level)
        except (peewee.OperationalError, peewee.InterfaceError):
            if not connection_lost(self):
                raise
            self.reopen()  # BEGIN never reached the server: nothing of the transaction did
            super().begin(isolation_level)

    def commit(self) -> None:
        # peewee commits after the transaction has left its stack: on a new connection a
        # COMMIT would find nothing to commit and succeed, the change lost without a word.
        if connection_lost(self):
            raise peewee.OperationalError("the connection was lost before the commit")
        super().commit()

    def rollback(self) -> None:
        if connection_lost(self):
            return  # the server rolled back what the dropped connection held
        super().rollback()

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if self.in_transaction():
            return super().execute_sql(sql, params)
        try:
            return super().execute_sql(sql, params)
        except (peewee.OperationalError, peewee.InterfaceError):
            if not connection_lost(self):
                raise
            self.reopen()
            if not sql.lstrip().lower().startswith(_READS):
                raise  # a write on its own, which the server may have committed: reported
            return super().execute_sql(sql, params)

    def reopen(self) -> None:
        """A new connection in place of the lost one, with the same parameters."""
        self.close()
        try:
            self.connect()
        except peewee.OperationalError as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
            raise StoreError(
                f"{self.location}: the connection to the database server was lost and "
                f"cannot be made again ({reason}); nothing was saved"
            ) from error


def connect_to(url: str) -> ServerDatabase:
    """The database at a postgresql:// URL, as playhouse.db_url reads one."""
    from playhouse.db_url import parse

    from tagdesk.store.postgres_driver import give_peewee_psycopg2

    give_peewee_psycopg2()
    params = parse(url)
    database = params.pop("database")
    if not database:
        raise StoreError(f"{without_password(url)}: names no database (postgresql://HOST/NAME)")
    db = ServerDatabase(database, **params)
    db.location = without_password(url)
    return db
