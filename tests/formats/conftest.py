"""The format tests run on both engines: each import and export on a SQLite file and on a
fresh database on the test server (tests/engines.py)."""

from __future__ import annotations

import pytest

from tests.engines import parametrize_engines

# Tests whose subject is the file read or what spaCy makes of an export, not the database,
# run on a file alone, for time.
SQLITE_ONLY = {
    "test_docbin_hostile::test_a_compressed_bomb_is_refused_before_memory_blows_up": (
        "refused while the file is read, before the database is written; the server's "
        "refusals that change nothing are the damaged DocBins beside it"
    ),
    "test_spacy_train::test_spacy_trains_on_the_docbin_export_and_finds_nothing_misaligned": (
        "spaCy on the export's bytes, which are the same from either engine "
        "(tests/postgres/test_commands_on_both_engines.py)"
    ),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc, sqlite_only=SQLITE_ONLY)
