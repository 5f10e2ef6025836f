"""The store keeps tokens; it does not make them. The caller passes the tokenizer in."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

PROGRAM = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import tagdesk.store
    from tagdesk.core.incoming import IncomingDocument
    from tagdesk.core.tokens import Tokenizer
    from tagdesk.store import open_store
    from tagdesk.store.importing import import_documents
    from tagdesk.store.prepared_tokens import prepare_tokens, stored_tokens
    from tagdesk.store.tokens import document_tokens

    for info in pkgutil.iter_modules(tagdesk.store.__path__):
        importlib.import_module("tagdesk.store." + info.name)
    calls = []

    def by_spaces(text):
        calls.append(text)
        tokens, start = [], 0
        for word in text.split(" "):
            tokens.append((start, start + len(word), True))
            start += len(word) + 1
        tokens[-1] = (tokens[-1][0], tokens[-1][1], False)
        return tokens

    mine = Tokenizer("spaces/1", by_spaces)
    with open_store(sys.argv[1]) as store:
        import_documents(
            store, [IncomingDocument(text=t) for t in ("one two", "three four five")],
            annotator="a", source="t",
        )
        assert prepare_tokens(store, [1, 2], mine) == 2
        assert document_tokens(store, 2, mine) == [(0, 5, True), (6, 10, True), (11, 15, False)]
        assert list(stored_tokens(store, 1)) == [(0, 3, True), (4, 7, False)]
        assert len(calls) == 2  # kept, not made again
        document_tokens(store, 1, Tokenizer("spaces/2", by_spaces))  # another tokenizer: again
        assert len(calls) == 3
    wrong = ("spacy", "spacy.", "tagdesk.nlp")
    loaded = sorted(name for name in sys.modules if name.startswith(wrong))
    print(loaded)
    """
)


def test_the_store_keeps_the_callers_tokens_without_importing_spacy(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO / "desktop"), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
