"""The database: peewee models, opening and migrating, and the reads and writes.

The only package that speaks SQL.
"""

from __future__ import annotations

from tagdesk.store.postgres_driver import load_peewee

load_peewee()  # before any module here imports peewee: psycopg2 waits for a server URL

from tagdesk.store.database import Store, open_store  # noqa: E402

__all__ = ["Store", "open_store"]
