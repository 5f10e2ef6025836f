"""`tagdesk stats --charts DIR`, run as the real command: what it draws, and what it never replaces.

The figures drawn are checked against counts of the imported file made
here; the SVG files hold each bar's total as text. The agreement matrix is
checked against `tagdesk agreement --json`; a database of one annotator
gets none (the first test's list of files).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tagdesk.store import Store
from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint, write_jsonl
from tests.team_corpus import build_team

CHARTS = (
    "annotator_spans",
    "annotators",
    "done_per_day",
    "model_quality",
    "span_positions",
    "spans_per_day",
    "spans_per_label",
)
LABELS = ("PERSON", "ORG", "GPE")


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*tagdesk_command(), *args], capture_output=True, text=True, timeout=120)


def corpus(tmp_path: Path) -> tuple[Path, Counter[str]]:
    """A file of documents whose spans per label the test counts as it writes them."""
    records, counted = [], Counter()
    for number in range(12):
        words = [f"w{number}x{index}" for index in range(30)]
        text = " ".join(words)
        spans = []
        for index in range(number % 5 + 1):
            label = LABELS[(number + index) % 3]
            start = text.index(words[index * 3])
            spans.append({"start": start, "end": start + len(words[index * 3]), "label": label})
            counted[label] += 1
        records.append({"text": text, "spans": spans, "title": f"article {number}"})
    return write_jsonl(tmp_path / "corpus.jsonl", records), counted


@pytest.fixture
def database(engine_target: str, tmp_path: Path) -> tuple[str, Counter[str]]:
    path, counted = corpus(tmp_path)
    result = tagdesk("import", str(path), "--db", engine_target)
    assert result.returncode == 0, result.stderr
    return engine_target, counted


def svg_numbers(path: Path) -> list[str]:
    return re.findall(r">\s*([\d,]+)\s*</text>", path.read_text(encoding="utf-8"))


def test_charts_are_drawn_with_the_counts_of_the_database(
    database: tuple[str, Counter[str]], tmp_path: Path
) -> None:
    target, counted = database
    out = tmp_path / "charts"
    result = tagdesk("stats", "--db", target, "--charts", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{out}: wrote 14 chart files" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".tagdesk-export.json", *(f"{n}.{e}" for n in CHARTS for e in ("png", "svg"))]
    )
    for name in CHARTS:
        image = QImage(str(out / f"{name}.png"))
        assert image.width() == 2000, name  # 1000 logical pixels at twice the density
        assert "<svg" in (out / f"{name}.svg").read_text(encoding="utf-8")
    svg = (out / "spans_per_label.svg").read_text(encoding="utf-8")
    totals = svg_numbers(out / "spans_per_label.svg")
    for label, count in counted.items():
        assert label in svg
        assert str(count) in totals
    assert (
        sum(counted.values())
        == json.loads(tagdesk("stats", "--db", target, "--json").stdout)["spans"]["total"]
    )


def test_a_folder_holding_other_files_is_refused_and_left_as_it_was(
    tmp_path: Path,
) -> None:
    path, _ = corpus(tmp_path)
    db = str(tmp_path / "t.db")
    assert tagdesk("import", str(path), "--db", db).returncode == 0
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "spans_per_label.png").write_bytes(b"a picture of mine")
    before = database_fingerprint(Path(db))
    result = tagdesk("stats", "--db", db, "--charts", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"tagdesk: error: {out}: holds files")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "spans_per_label.png"]
    assert (out / "spans_per_label.png").read_bytes() == b"a picture of mine"
    assert database_fingerprint(Path(db)) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_charts_replace_only_the_charts_an_earlier_run_left(tmp_path: Path) -> None:
    path, _ = corpus(tmp_path)
    db = str(tmp_path / "t.db")
    assert tagdesk("import", str(path), "--db", db).returncode == 0
    out = tmp_path / "charts"
    assert tagdesk("stats", "--db", db, "--charts", str(out)).returncode == 0
    again = tagdesk("stats", "--db", db, "--charts", str(out))
    assert again.returncode == 0, again.stderr  # its own charts, unchanged: replaced
    (out / "model_quality.svg").write_text("<svg>edited by hand</svg>", encoding="utf-8")
    edited = tagdesk("stats", "--db", db, "--charts", str(out))
    assert edited.returncode == 1
    assert "model_quality.svg was changed after Tagdesk wrote it" in edited.stderr
    assert (out / "model_quality.svg").read_text(encoding="utf-8") == "<svg>edited by hand</svg>"


def test_a_brat_export_or_a_file_is_not_replaced_by_charts(tmp_path: Path) -> None:
    path, _ = corpus(tmp_path)
    db = str(tmp_path / "t.db")
    assert tagdesk("import", str(path), "--db", db).returncode == 0
    brat = tmp_path / "brat"
    assert tagdesk("export", "--db", db, "--format", "brat", str(brat)).returncode == 0
    held = sorted(p.name for p in brat.iterdir())
    result = tagdesk("stats", "--db", db, "--charts", str(brat))
    assert result.returncode == 1
    assert "are not charts Tagdesk drew there" in result.stderr
    assert sorted(p.name for p in brat.iterdir()) == held
    file = tmp_path / "report.png"
    file.write_bytes(b"keep")
    result = tagdesk("stats", "--db", db, "--charts", str(file))
    assert result.returncode == 1
    assert f"{file}: is a file" in result.stderr
    assert file.read_bytes() == b"keep"


TEXT = re.compile(r'<text [^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', re.S)


def matrix_rows(svg: Path, people: list[str]) -> dict[str, list[str]]:
    """What each annotator's row of the drawn matrix says, column by column (left to right)."""
    texts = [(float(x), float(y), said.strip()) for x, y, said in TEXT.findall(svg.read_text())]
    rows: dict[str, list[str]] = {}
    for name in people:
        row_y = max(y for x, y, said in texts if said == name)  # the row's name, below the heads
        rows[name] = [said for x, y, said in sorted(texts) if y == row_y and said != name]
    return rows


def test_the_agreement_matrix_is_drawn_with_the_figures_of_tagdesk_agreement(
    store: Store, tmp_path: Path
) -> None:
    build_team(store)  # three analysts, each marking three texts done
    out = tmp_path / "charts"
    result = tagdesk("stats", "--db", store.target, "--charts", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{out}: wrote 16 chart files" in result.stderr
    assert QImage(str(out / "agreement_matrix.png")).width() == 2000
    listed = tagdesk("agreement", "--db", store.target, "--json")
    assert listed.returncode == 0, listed.stderr
    pairs = {tuple(pair["annotators"]): pair for pair in json.loads(listed.stdout)["pairs"]}
    assert sorted(pairs) == [("ana", "ben"), ("ana", "cy"), ("ben", "cy")]
    people = ["ana", "ben", "cy"]
    rows = matrix_rows(out / "agreement_matrix.svg", people)
    for first in people:
        expected = [
            "–" if first == second else f"{pairs[tuple(sorted((first, second)))]['span_f1']:.2f}"
            for second in people
        ]
        assert rows[first] == expected, first
    assert rows["ana"][1] == "0.71"  # ana 9 marks, ben 8, six the same: 2*6/17
