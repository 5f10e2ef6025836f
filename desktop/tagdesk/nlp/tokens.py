"""Tokens from the pipeline that pre-annotates, as plain offsets, and the name kept with them.

Snapping, exports and pre-annotation all take their tokens from the chosen
pipeline's tokenizer (`pipeline_tokenizer`), so a span drawn in the window,
a token index in an export and an entity the model found agree. Only when
no pipeline is installed is spaCy's blank English tokenizer used.

The name kept with the tokens says which pipeline made them, which spaCy ran
it and a digest of the pipeline's tokenizer rules (its `tokenizer` file):
`en_core_web_sm@3.8.0|spacy-3.8.7|1a2b3c4d5e6f`. Kept tokens whose spaCy and
rules match are used as they are, whichever pipeline made them: a version
trained from a pipeline keeps its tokenizer, and its documents are not
tokenized again. All of it is read from the pipeline's files without
importing spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from tagdesk.core.tokens import Token, Tokenizer
from tagdesk.nlp.models import NoModelError, resolve_model

SEPARATOR = "|"


@lru_cache(maxsize=1)
def english_tokenizer() -> Callable[[str], Any]:
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[Token]:
    """spaCy's blank English tokenizer, for a machine with no pipeline installed."""
    return doc_tokens(english_tokenizer()(text))


def doc_tokens(doc: Any) -> list[Token]:
    """A Doc's tokens as (start, end, followed by whitespace)."""
    return [(token.idx, token.idx + len(token.text), bool(token.whitespace_)) for token in doc]


@lru_cache(maxsize=1)
def spacy_version() -> str:
    from importlib.metadata import version

    return version("spacy")


@lru_cache(maxsize=1)
def tokenizer_id() -> str:
    """Names the blank English tokenizer behind `tokenize`, without importing spaCy.

    Stored with cached tokens: a new spaCy version may split text differently.
    """
    return f"spacy-{spacy_version()}/en"


def spacy_tokenizer() -> Tokenizer:
    """spaCy's blank English tokenizer as the store takes it; spaCy comes at the first text."""
    return Tokenizer(tokenizer_id(), tokenize)


def pipeline_tokenizer(model: str | None) -> Tokenizer:
    """The tokenizer of `model` (a name or folder; None: the default pipeline) as the store
    takes it. Without any pipeline installed, the blank English one."""
    try:
        name = resolve_model(model)
    except NoModelError:
        return spacy_tokenizer()
    return model_tokenizer(name)


def model_tokenizer(model: str) -> Tokenizer:
    """The tokenizer of an installed pipeline; spaCy is loaded at the first text it tokenizes."""
    name = tokens_name(model)

    def tokenize_with_model(text: str) -> list[Token]:
        return doc_tokens(loaded_tokenizer(model)(text))

    return Tokenizer(name, tokenize_with_model, same_rules=rules_key(name))


def tokens_name(model: str) -> str:
    """What tokens made by `model`'s tokenizer are kept under (see the module's docstring)."""
    folder = pipeline_data_folder(model)
    meta = _read_meta(folder)
    lang = meta.get("lang") or "xx"
    source = f"{lang}_{meta.get('name') or 'pipeline'}@{meta.get('version') or '0.0.0'}"
    rules = folder / "tokenizer"
    digest = hashlib.sha256(rules.read_bytes()).hexdigest()[:12] if rules.is_file() else lang
    return SEPARATOR.join((source, f"spacy-{spacy_version()}", digest))


def rules_key(name: str) -> str:
    """The part of a kept name that decides whether tokens are the same: spaCy and the rules."""
    return name.partition(SEPARATOR)[2]


@lru_cache(maxsize=4)
def pipeline_data_folder(model: str) -> Path:
    """The folder with the pipeline's config.cfg: the folder given, or inside the package."""
    given = Path(model).expanduser()
    if (given / "config.cfg").is_file():
        return given
    spec = importlib.util.find_spec(model)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        package = Path(location)
        for candidate in sorted(package.iterdir()):
            if (candidate / "config.cfg").is_file():
                return candidate
        if (package / "config.cfg").is_file():
            return package
    raise NoModelError(f"{model}: cannot find the pipeline's files")


@lru_cache(maxsize=2)
def loaded_tokenizer(model: str) -> Callable[[str], Any]:
    """Only the tokenizer: every component is left out, so loading takes a third of a second."""
    import spacy

    meta = _read_meta(pipeline_data_folder(model))
    components = [*meta.get("components", []), *meta.get("pipeline", [])]
    return spacy.load(model, exclude=sorted(set(components))).tokenizer


def _read_meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}
