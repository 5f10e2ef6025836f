"""The real `tagdesk` command on a SQLite file and on the test server: the same outputs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.helpers import write_jsonl

REPO = Path(__file__).resolve().parents[2]
FORMATS = ("spacy-jsonl", "docbin", "doccano", "label-studio", "brat", "conll")


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    return subprocess.run(
        [sys.executable, "-m", "tagdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def run_all(target: str, folder: Path, spans_file: Path) -> dict[str, bytes | str]:
    """Import, pre-annotate (model and phrases), tokenize, stats and every export: the outputs."""
    folder.mkdir()
    outputs: dict[str, bytes | str] = {}
    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    for name, args in (
        ("import seeds", ["import", *seeds]),
        ("import spans", ["import", str(spans_file)]),
        ("import again", ["import", *seeds]),
        ("preannotate", ["preannotate", "--processes", "2"]),
        ("phrases", ["preannotate", "--phrases"]),
        ("tokenize", ["tokenize"]),
        ("stats", ["stats"]),
    ):
        result = tagdesk(*args, "--db", target)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert "Traceback" not in result.stderr
        outputs[name] = re.sub(r"\([\d,.]+ words/s\)", "(speed)", result.stdout)
    for format_name in FORMATS:
        out = folder / f"out-{format_name}"
        result = tagdesk(
            "export", str(out), "--format", format_name, "--status", "all", "--spans", "all",
            "--db", target,
        )  # fmt: skip
        assert result.returncode == 0, f"export {format_name}: {result.stderr}"
        files = sorted(out.rglob("*")) if out.is_dir() else [out]
        for path in files:
            if path.is_file():
                outputs[f"{format_name}:{path.relative_to(folder)}"] = path.read_bytes()
    return outputs


@pytest.mark.timeout(600)
def test_import_preannotate_tokenize_stats_and_every_export_match_on_both_engines(
    postgres_url: str, tmp_path: Path
) -> None:
    spans_file = write_jsonl(
        tmp_path / "spans.jsonl",
        [
            {
                "text": "Qasem Soleimani visited Tikrit. Café talk in Erbil.",
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON"},
                    {"start": 24, "end": 30, "label": "GPE"},
                    {"start": 45, "end": 50, "label": "GPE"},
                ],
                "meta": {"source": "wire", "score": 0.5},
            },
            {"text": "Mosul fell.", "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
        ],
    )
    on_file = run_all(str(tmp_path / "corpus.db"), tmp_path / "sqlite", spans_file)
    on_server = run_all(postgres_url, tmp_path / "server", spans_file)
    assert len(on_file) >= 5 + len(FORMATS)
    assert sorted(on_file) == sorted(on_server)
    for name, produced in on_file.items():
        assert on_server[name] == produced, f"{name} differs between the engines"
    assert "398 suggestions added" in str(on_file["preannotate"])
