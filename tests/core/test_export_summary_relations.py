"""The export summary names the relations written and those left out for a span of theirs."""

from __future__ import annotations

from tagdesk.core.exported import ExportSummary


def test_the_summary_names_relations_written_and_left_out() -> None:
    summary = ExportSummary(documents=2, spans=5, files=["out.jsonl"], relations=3)
    assert summary.describe() == "2 documents, 5 spans and 3 relations written to out.jsonl"
    summary.relations_left_out = 1
    assert summary.describe() == (
        "2 documents, 5 spans and 3 relations written to out.jsonl; "
        "1 relation left out (a span of theirs is not exported)"
    )
    plain = ExportSummary(documents=1, spans=1, files=["out.conll"])
    assert plain.describe() == "1 document and 1 span written to out.conll"
