"""The store tests run on both engines: a SQLite file, and a database on the test server.

A test that reads SQLite's own insides (its file through a second sqlite3
connection, PRAGMAs, AUTOINCREMENT) is listed in SQLITE_ONLY, by module and
name (or `module::*` for a whole module), and runs on SQLite alone
(tests/engines.py). `store` and `db_path` are tests/conftest.py's.
"""

from __future__ import annotations

import pytest

from tests.engines import parametrize_engines

SQLITE_ONLY = {
    "test_editing::test_a_lock_held_too_long_is_a_clear_error_and_changes_nothing",
    "test_editing::test_span_table_ids_are_autoincrement",
    "test_editing::test_undo_never_takes_over_a_span_another_writer_added",
    "test_span_ids::test_sqlite_advances_the_sequence_for_ids_the_import_chose",
    "test_span_ids::test_undo_of_a_delete_whose_label_was_deleted_since_is_refused",
    "test_span_ids::test_undo_refuses_to_put_a_span_back_over_another_one",
    "test_span_ids::test_writers_interleaved_never_share_an_id",
    "test_transactions::test_a_transaction_holds_the_write_lock_from_its_first_read",
    "test_transactions::test_a_write_refused_for_too_long_is_one_line",
    # Compares the file's rows before and after through a second sqlite3 connection,
    # which is also the other writer; the server's turn-taking is in tests/postgres.
    "test_change_sets::*",
    # Another writer holding SQLite's lock through a second sqlite3 connection.
    "test_editing::test_an_edit_waits_for_another_writer_instead_of_failing",
    # A file's versions: PRAGMA user_version, the backup beside the file, files of
    # versions 1 to 5 built with sqlite3; a server's are in
    # tests/postgres/test_server_migrations.py.
    "test_backup_names::*",
    "test_schema::test_new_file_is_wal_versioned_and_has_the_default_scheme",
    "test_schema::test_file_from_a_newer_tagdesk_is_refused",
    "test_schema::test_older_file_is_migrated_after_a_backup",
    "test_schema::test_a_failing_migration_leaves_the_file_as_it_was",
    "test_schema::test_a_version_1_file_migrates_keeps_its_rows_and_leaves_a_backup",
    "test_schema::test_a_version_1_file_migrates_keeping_every_row_and_leaves_a_backup",
    "test_schema::test_a_read_only_version_1_file_is_refused_not_half_migrated",
    "test_schema::test_the_command_line_opens_a_version_1_file_after_a_backup",
    "test_schema::test_a_version_3_file_gets_counts_and_the_search_index",
    "test_span_meta_migration::*",
    "test_token_origin_migration::*",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc, sqlite_only=SQLITE_ONLY)
