"""spaCy's own command line reads Tagdesk's exports: debug data, train, convert.

tests/formats/test_spacy_train.py trains on a DocBin written in-process; these run
on what `tagdesk export` wrote for the corpus of tests/consumers/corpus.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.consumers.corpus import Corpus, squeeze
from tests.formats.test_spacy_train import spacy_command

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def plain(result: object) -> str:
    return _COLOUR.sub("", getattr(result, "stdout", "") + getattr(result, "stderr", ""))


def ner_config(folder: Path) -> Path:
    made = spacy_command(
        "init", "config", "config.cfg", "--lang", "en", "--pipeline", "ner", cwd=folder
    )
    assert made.returncode == 0, made.stderr
    return folder / "config.cfg"


def split_paths(corpus: Corpus) -> list[str]:
    train, dev = corpus.folder / "corpus-train.spacy", corpus.folder / "corpus-dev.spacy"
    return ["--paths.train", str(train), "--paths.dev", str(dev)]


def test_spacy_debug_data_finds_no_error_in_the_split_docbin_export(
    corpus: Corpus, tmp_path: Path
) -> None:
    config = ner_config(tmp_path)
    checked = spacy_command("debug", "data", str(config), *split_paths(corpus), cwd=tmp_path)
    report = plain(checked)
    assert checked.returncode == 0, report
    assert "✘" not in report, report
    train = round(len(corpus.documents) * 0.8)
    assert f"{train} training docs" in report, report
    assert f"{len(corpus.documents) - train} evaluation docs" in report, report
    for passed in (
        "Corpus is loadable",
        "No overlap between training and evaluation data",
        "0 missing value(s)",
        "No entities consisting of or starting/ending with whitespace",
        "No entities crossing sentence boundaries",
    ):
        assert passed in report, report


@pytest.mark.slow  # 8 s alone, over 20 s on a loaded machine
def test_spacy_trains_on_the_export_and_the_model_it_writes_loads(
    corpus: Corpus, tmp_path: Path
) -> None:
    import spacy

    config = ner_config(tmp_path)
    trained = spacy_command(
        "train",
        str(config),
        "--output",
        "model",
        *split_paths(corpus),
        "--training.max_steps",
        "5",
        "--training.eval_frequency",
        "5",
        cwd=tmp_path,
    )
    assert trained.returncode == 0, plain(trained)[-3000:]
    nlp = spacy.load(tmp_path / "model" / "model-last")
    labels = {s.label for d in corpus.documents for s in d.spans}
    assert set(nlp.get_pipe("ner").labels) == labels
    doc = nlp(corpus.documents[0].text)
    assert doc.text == corpus.documents[0].text


def converted(corpus: Corpus, tmp_path: Path, converter: str) -> list[object]:
    """The CoNLL export through `spacy convert`, as the Docs spaCy wrote."""
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / converter
    out.mkdir()
    result = spacy_command(
        "convert",
        str(corpus.export("conll")),
        str(out),
        "-c",
        converter,
        "-n",
        "10",
        cwd=tmp_path,
    )
    assert result.returncode == 0, plain(result)
    written = out / "corpus.spacy"
    assert f"Generated output file ({len(corpus.documents)} documents)" in plain(result)
    return list(DocBin().from_disk(written).get_docs(spacy.blank("en").vocab))


@pytest.mark.parametrize("converter", ["conll", "ner"])
def test_spacy_convert_reads_the_conll_export_as_the_documents_and_entities_stored(
    corpus: Corpus, tmp_path: Path, converter: str
) -> None:
    docs = converted(corpus, tmp_path, converter)
    assert len(docs) == len(corpus.documents)
    for doc, document in zip(docs, corpus.documents, strict=True):
        words = [token.text for token in doc]
        assert "-DOCSTART-" not in words
        assert squeeze("".join(words)) == squeeze(document.text)
        found = [(squeeze(ent.text), ent.label_) for ent in doc.ents]
        assert found == [(squeeze(s.text), s.label) for s in document.spans]


def test_tagdesk_reads_back_what_spacy_convert_wrote_with_the_same_entities(
    corpus: Corpus, tmp_path: Path
) -> None:
    from tests.consumers.corpus import read_documents, tagdesk

    converted(corpus, tmp_path, "ner")
    db = tmp_path / "back.sqlite3"
    tagdesk(tmp_path, "import", "--db", str(db), str(tmp_path / "ner" / "corpus.spacy"))
    back = read_documents(db)
    assert len(back) == len(corpus.documents)
    for document, original in zip(back, corpus.documents, strict=True):
        assert squeeze(document.text) == squeeze(original.text)
        assert [(squeeze(s.text), s.label) for s in document.spans] == [
            (squeeze(s.text), s.label) for s in original.spans
        ]
