"""peewee loads without psycopg2 for a file, and gets it, as its own import sets it up,
once a server database is opened (store/postgres_driver.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# Every name peewee takes from psycopg2 at its import, as this process sees them.
DESCRIBE = """
import json, peewee
adapter = getattr(peewee, "Psycopg2Adapter", None)
from psycopg2.extensions import string_types
print(json.dumps({
    "psycopg2": peewee.psycopg2.__name__,
    "pg_extensions": peewee.pg_extensions.__name__,
    "pg_register_uuid": peewee.pg_register_uuid.__module__ + "." + peewee.pg_register_uuid.__name__,
    "Json_pg2": peewee.Json_pg2.__module__ + "." + peewee.Json_pg2.__name__,
    "adapter": None if adapter is None else [
        adapter.txn_idle, adapter.txn_inerror, adapter.txn_unknown,
        adapter().json_type.__name__, adapter().jsonb_type.__name__,
    ],
    "uuid_registered": 2950 in string_types,
}, sort_keys=True))
"""


def run(script: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_file_store_opens_without_loading_psycopg2(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from tagdesk.store import open_store\n"
        f"with open_store({str(tmp_path / 'work.sqlite3')!r}) as store:\n"
        "    store.db.execute_sql('SELECT 1')\n"
        "print('psycopg2' in sys.modules, 'peewee' in sys.modules)\n"
    )
    assert run(script).split() == ["False", "True"]


def test_peewee_gets_psycopg2_as_its_own_import_sets_it_up() -> None:
    plain = json.loads(run(DESCRIBE))
    assert plain["psycopg2"] == "psycopg2"
    assert plain["uuid_registered"] is True
    held_back = run(
        "import sys, tagdesk.store, peewee\n"
        "assert peewee.psycopg2 is None and 'psycopg2' not in sys.modules\n"
        "from tagdesk.store.postgres_driver import give_peewee_psycopg2\n"
        "give_peewee_psycopg2()\n" + DESCRIBE
    )
    assert json.loads(held_back) == plain


def test_psycopg2_loaded_first_is_given_to_peewee_as_usual() -> None:
    loaded_first = run("import psycopg2, tagdesk.store\n" + DESCRIBE)
    assert json.loads(loaded_first) == json.loads(run(DESCRIBE))
