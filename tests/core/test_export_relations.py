"""Relations an export writes follow its spans, and the summary counts those left out."""

from __future__ import annotations

from tagdesk.core.export_relations import StoredRelation, exported_relations
from tagdesk.core.records import ExportSummary
from tagdesk.core.relations import ExportRelation
from tagdesk.transfer import ExportFilter

# Spans 11, 12, 13 of a document; the export writes 11 and 13 (12 is a suggestion, say).
POSITIONS = {11: 0, 13: 1}
MET = StoredRelation(11, 13, "MET", "accepted", "manual", "", "ana", directed=False)
OPEN = StoredRelation(13, 11, "COMMANDS", "suggested", "rules:m@1")
TO_UNWRITTEN = StoredRelation(11, 12, "LOCATED_IN", "accepted", "manual", "note", "ben")
REJECTED = StoredRelation(11, 12, "ATTACKED", "rejected")


def test_accepted_relations_between_written_spans_only_by_default() -> None:
    statuses = ExportFilter().relation_statuses()
    assert statuses == ("accepted",)
    written, left_out = exported_relations([MET, OPEN, TO_UNWRITTEN, REJECTED], POSITIONS, statuses)
    assert written == (ExportRelation(0, 1, "MET", "accepted", "manual", "", "ana", False, None),)
    # The suggestion is not of the statuses exported; only LOCATED_IN is left out for its span.
    assert left_out == 1


def test_with_suggestions_the_suggested_relations_come_too_rejected_never() -> None:
    statuses = ExportFilter(spans="all").relation_statuses()
    assert statuses == ("accepted", "suggested")
    written, left_out = exported_relations([MET, OPEN, TO_UNWRITTEN, REJECTED], POSITIONS, statuses)
    assert [(r.head, r.child, r.label) for r in written] == [(0, 1, "MET"), (1, 0, "COMMANDS")]
    assert left_out == 1


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
