from __future__ import annotations

import pytest

from tests.consumers.corpus import Corpus, build


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Built once a session: importing and pre-annotating 130 articles takes some seconds."""
    return build(tmp_path_factory.mktemp("consumers"))
