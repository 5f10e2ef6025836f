"""The database: peewee models, opening and migrating, and the reads and writes.

The only package that speaks SQL.
"""

from __future__ import annotations

from tagdesk.store.database import Store, open_store

__all__ = ["Store", "open_store"]
