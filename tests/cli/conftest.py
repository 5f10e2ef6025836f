"""The command-line tests run on both engines: the real `tagdesk` on a SQLite file and on a
fresh database on the test server (tests/engines.py)."""

from __future__ import annotations

import pytest

from tests.engines import parametrize_engines

# Tests whose subject is not the database: spaCy's training and the folders it writes, run
# on a file alone, for time; on the server, a training reads its documents and keeps its
# version (test_train_writes_a_loadable_pipeline_whose_figures_are_spacys) and refuses too
# few of them with nothing changed.
SQLITE_ONLY = {
    "test_train::test_suggestions_of_a_trained_version_name_it": "spaCy's version naming",
    "test_train::test_status_all_learns_from_the_decided_spans_of_documents_not_done": (
        "which spans spaCy learns from; the same rows are read on the server by the first"
    ),
    "test_train::test_train_never_writes_into_what_is_there": "the output folder on disk",
    "test_train::test_a_stopped_training_leaves_no_folder_and_no_version": (
        "a signal and the output folder"
    ),
    "test_train::test_a_base_without_an_entity_recogniser_is_refused": "the base model",
    "test_pipeline_tokens::*": (
        "reads the token table with sqlite3; the store keeps tokens alike on both engines"
    ),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc, sqlite_only=SQLITE_ONLY)
