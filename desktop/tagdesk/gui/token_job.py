"""Tokens for the documents the analyst is about to read, kept before they are needed.

`tagdesk tokenize` runs in its own process: loading spaCy's tokenizer takes
most of a second and tokenizing a long document holds the interpreter lock,
so neither may happen in the window's process. The window reads the kept
tokens with one query when a selection snaps (store.prepared_tokens).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from tagdesk.gui.preannotate_job import tagdesk_command
from tagdesk.gui.tasks import ProcessTaskRunner
from tagdesk.paths import child_database
from tagdesk.store import Store
from tagdesk.store.prepared_tokens import documents_without_tokens

AHEAD = 50  # documents after the open one in the list, tokenized in the same run


class TokenJob(QObject):
    ready = Signal(list)  # ids of documents whose tokens are now kept

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._pending: set[int] = set()  # what the running process has still to do
        self._runner = ProcessTaskRunner(self)
        self._runner.progress.connect(self._progress)
        self._runner.finished.connect(self._ended)
        self._runner.failed.connect(self._ended)

    def prepare(self, document_id: int, listed: Sequence[int]) -> None:
        """The open document first, then the ones after it in the list."""
        try:
            position = list(listed).index(document_id)
        except ValueError:
            position = -1
        following = listed[position + 1 : position + 1 + AHEAD] if position >= 0 else []
        missing = documents_without_tokens(self.store, [document_id, *following])
        if not missing:
            return
        if self._runner.is_running() and missing[0] in self._pending:
            return  # the run in hand reaches it in a moment: a new one would load spaCy again
        self._pending = set(missing)
        program, *prefix = tagdesk_command()
        database, environment = child_database(self.store.target)
        self._runner.start(
            program,
            [
                *prefix,
                "tokenize",
                *database,
                "--progress",
                "json",
                "--documents",
                *map(str, missing),
            ],
            environment,
        )

    def is_running(self) -> bool:
        return self._runner.is_running()

    def shutdown(self, msecs: int = 2000) -> None:
        """On closing the window: the tokens done so far are kept, the rest can wait."""
        self._runner.cancel()
        self._runner.wait(msecs)

    def _progress(self, message: dict[str, Any]) -> None:
        ids = [int(i) for i in message.get("documents", [])]
        self._pending.difference_update(ids)
        if ids:
            self.ready.emit(ids)

    def _ended(self, _result: object) -> None:
        self._pending = set()  # a failed run leaves the rough word boundaries, which work
