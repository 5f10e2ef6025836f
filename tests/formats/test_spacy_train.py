"""spaCy's own tools read the DocBin export: `spacy train` runs and `spacy debug data` agrees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tagdesk.store import Store
from tagdesk.transfer import export_file
from tests.formats.corpus import annotate_seeds


def spacy_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANSI_COLORS_DISABLED": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "spacy", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_spacy_trains_on_the_docbin_export_and_finds_nothing_misaligned(
    store: Store, tmp_path: Path
) -> None:
    annotate_seeds(store)
    summary = export_file(store, tmp_path / "corpus.spacy", split=0.8)
    assert summary.problems == []
    assert summary.documents == 5
    train, dev = tmp_path / "corpus-train.spacy", tmp_path / "corpus-dev.spacy"
    paths = ["--paths.train", str(train), "--paths.dev", str(dev)]

    made = spacy_command(
        "init", "config", "config.cfg", "--lang", "en", "--pipeline", "ner", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr

    trained = spacy_command(
        "train",
        "config.cfg",
        "--output",
        "model",
        *paths,
        "--training.max_steps",
        "4",
        "--training.eval_frequency",
        "2",
        cwd=tmp_path,
    )
    assert trained.returncode == 0, trained.stdout[-3000:] + trained.stderr[-3000:]
    assert (tmp_path / "model" / "model-last" / "ner").is_dir()

    checked = spacy_command("debug", "data", "config.cfg", *paths, cwd=tmp_path)
    report = checked.stdout + checked.stderr
    assert "Corpus is loadable" in report, report
    assert "misaligned" not in report.lower(), report
    assert "0 missing value(s)" in report, report
    assert "No entities consisting of or starting/ending with whitespace" in report, report
