"""peewee without psycopg2 until a PostgreSQL database is opened.

peewee imports psycopg2 as it loads, whatever the database: some 16 ms of every
start on a file, and of every command-line call. The store loads peewee with
psycopg2 held back (`load_peewee`, from the package's `__init__`), and gives
peewee the driver, set up as peewee sets it up itself, the first time a server
URL is opened (`give_peewee_psycopg2`, from server_connection.connect_to).
tests/store/test_postgres_driver.py checks every name peewee takes from psycopg2
against a plain `import peewee`, and the PostgreSQL tests open servers this way.
"""

from __future__ import annotations

import sys


def load_peewee() -> None:
    """Import peewee with `import psycopg2` failing, unless either is already loaded."""
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # `import psycopg2` fails
    try:
        import peewee  # noqa: F401
    finally:
        if sys.modules.get("psycopg2", False) is None:
            del sys.modules["psycopg2"]


def give_peewee_psycopg2() -> None:
    """What peewee's own import would have done with psycopg2 installed. ImportError
    without it (the store names the package to install)."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    peewee.pg_extensions = extensions
    peewee.pg_register_uuid = register_uuid
    peewee.Json_pg2 = Json
    adapter = getattr(peewee, "Psycopg2Adapter", None)  # peewee 3.18 on; before, none
    if adapter is not None:
        adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    peewee.psycopg2 = psycopg2  # last: the mark that all of the above is done
