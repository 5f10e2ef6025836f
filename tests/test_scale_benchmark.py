"""The scale benchmark works: a rehearsal on 2,000 articles that checks it runs and reports.

No timing is asserted here (the machine is shared); the figures are
`python -m tests.benchmarks.scale`'s job, see BENCHMARKS.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.markdown import write_section
from tests.benchmarks.scale import report, run

MEASUREMENTS = (
    "import, JSON lines with spans",
    "export to spacy-jsonl",
    "first export",
    "`tagdesk stats`",
    "start to first paint",
    "scroll the list",
    "sort by a column",
    "filter",
    "full-text search",
    "window, peak memory",
)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_small_run_does_the_same_work_as_the_baselines_and_reports(tmp_path: Path) -> None:
    figures = run(documents=2000, repeat=1, cache=tmp_path)
    assert figures.documents == 2000
    assert figures.spans > 30_000
    assert figures.same_database
    assert figures.same_export
    assert figures.window["rows"] == 2000
    assert figures.window["search_rows"]["qasem soleimani"] > 0
    text = report(figures)
    for measurement in MEASUREMENTS:
        assert measurement in text

    benchmarks = tmp_path / "BENCHMARKS.md"
    benchmarks.write_text("# Benchmarks\n\n## Pre-annotation\n\nkept\n", encoding="utf-8")
    write_section(benchmarks, "Scale", "placeholder")
    write_section(benchmarks, "Scale", text)
    written = benchmarks.read_text(encoding="utf-8")
    assert written.count("## Scale") == 1
    assert "kept" in written
    assert "placeholder" not in written
