"""Trained pipelines kept as numbered versions, in the database's settings.

The settings table travels with the database and needs no new schema: each
version is one row, `training.version.N`, holding a JSON object, and
`training.last_version` counts the numbers handed out, so a number is never
given twice even if a row were removed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from tagdesk.core.reviewed import TrainedModel
from tagdesk.store.database import Store

LAST_VERSION_KEY = "training.last_version"
VERSION_PREFIX = "training.version."


def reserve_version(store: Store) -> int:
    """The next version number, taken for good in its own transaction."""
    with store.write_transaction():
        row = store.execute(
            'SELECT value FROM "setting" WHERE "key" = ?', (LAST_VERSION_KEY,)
        ).fetchone()
        number = (int(row[0]) if row and row[0].isdigit() else 0) + 1
        _put(store, LAST_VERSION_KEY, str(number))
    return number


def record_trained_model(store: Store, model: TrainedModel) -> None:
    with store.write_transaction():
        _put(store, f"{VERSION_PREFIX}{model.version}", json.dumps(asdict(model), sort_keys=True))


def trained_models(store: Store) -> list[TrainedModel]:
    """Every recorded version, oldest first; a row that does not read as one is skipped."""
    known = {field.name for field in fields(TrainedModel)}
    models: list[TrainedModel] = []
    for (value,) in store.execute(
        'SELECT value FROM "setting" WHERE "key" LIKE ?', (VERSION_PREFIX + "%",)
    ):
        try:
            data = json.loads(value)
            models.append(TrainedModel(**{name: data[name] for name in known}))
        except (ValueError, TypeError, KeyError):
            continue
    return sorted(models, key=lambda model: model.version)


def _put(store: Store, key: str, value: str) -> None:
    store.execute(
        'INSERT INTO "setting" ("key", value) VALUES (?, ?) '
        'ON CONFLICT ("key") DO UPDATE SET value = excluded.value',
        (key, value),
    )
