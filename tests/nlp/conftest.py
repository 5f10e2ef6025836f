from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def ruler_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny pipeline folder whose entity ruler knows a few names: fast and predictable."""
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = "ruler_test"
    nlp.meta["version"] = "1.2.3"
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Qasem Soleimani"},
            {"label": "GPE", "pattern": "Tikrit"},
            {"label": "GPE", "pattern": "Baghdad"},
            {"label": "ORG", "pattern": "IRGC"},
        ]
    )
    folder = tmp_path_factory.mktemp("models") / "ruler_test"
    nlp.to_disk(folder)
    return folder
