"""brat's relations, one-argument events and equivalences, read and written by the brat format.

fixtures/brat/relations/ is in the shape of nlplab/brat's tutorial data: R
lines with brat's trailing tab (one with its own role names, Commander and
Unit), an event of one argument, a `*` equivalence of three spans, a
Status, a valued and a binary attribute and a note on relations, a note on
an event, and an annotation.conf with a macro, a type on two lines,
symmetric and symmetric-transitive types and an <OVERLAP> rule. These tests
read and write the files alone; test_brat_corpora.py runs them through
`tagdesk import` and `export`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import ExportRelation, RelationTypeSpec
from tagdesk.formats import brat
from tagdesk.formats.base import FormatOptions
from tagdesk.formats.brat_conf import parse_conf

FIXTURES = Path(__file__).parent / "fixtures" / "brat"
RELATIONS = FIXTURES / "relations"
ANN = RELATIONS / "001-soleimani.ann"
TEXT = (RELATIONS / "001-soleimani.txt").read_text(encoding="utf-8")

Said = tuple[str, str, str, bool, str, str, object]


def said(document: IncomingDocument | ExportDocument) -> list[Said]:
    """(type, head text, child text, directed, status, note, meta) of each relation."""
    text = document.text
    return [
        (
            r.label,
            text[document.spans[r.head].start : document.spans[r.head].end],
            text[document.spans[r.child].start : document.spans[r.child].end],
            r.directed,
            r.status,
            r.note,
            r.meta,
        )
        for r in document.relations
    ]


EQUIVALENCE = {"brat": {"equivalence": True}}
EXPECTED: list[Said] = [
    ("Person-Arg", "died", "The general", True, "accepted", "date not given",
     {"brat": {"event": "Die"}}),
    ("Commands", "Qasem Soleimani", "Quds Force", True, "accepted", "per the wire",
     {"brat": {"roles": ["Commander", "Unit"]}}),
    ("Met", "Qasem Soleimani", "Hadi al-Amiri", False, "suggested", "", None),
    ("Located", "Hadi al-Amiri", "Baghdad", True, "accepted", "",
     {"brat": {"attributes": {"Confidence": "High", "Speculated": True}}}),
    ("Alias", "Qasem Soleimani", "The general", False, "accepted", "", EQUIVALENCE),
    ("Alias", "The general", "Soleimani", False, "accepted", "", EQUIVALENCE),
]  # fmt: skip


def exported(document: IncomingDocument, number: int = 1) -> ExportDocument:
    """The document as an export sees it once stored: spans and relations as they came."""
    spans = tuple(
        ExportSpan(s.start, s.end, s.label, s.status, s.source, s.note, s.annotator, tuple(s.tags))
        for s in document.spans
    )
    relations = tuple(
        ExportRelation(
            r.head, r.child, r.label, r.status, r.source, r.note, r.annotator, r.directed, r.meta
        )
        for r in document.relations
    )
    return ExportDocument(
        number, document.text, document.title, document.source, {}, "done", (), spans, relations
    )


def read_folder(folder: Path) -> tuple[list[IncomingDocument], FormatOptions]:
    options = FormatOptions()
    return list(brat.read(folder, options)), options


def test_relations_events_and_equivalences_are_read_with_heads_children_and_directions() -> None:
    (document,), options = read_folder(RELATIONS)
    assert said(document) == EXPECTED
    assert options.notices.lines() == []
    assert [s.label for s in document.spans] == [
        "Person", "Organization", "Person", "GPE", "Person", "Die", "Person",
    ]  # fmt: skip


def test_the_conf_declares_the_relation_types_with_their_labels_and_direction() -> None:
    _, options = read_folder(RELATIONS)
    types = {spec.name: spec for spec in options.relation_scheme.types}
    assert sorted(types) == ["Alias", "Commands", "Located", "Met"]
    assert (types["Commands"].heads, types["Commands"].children) == (("Person",), ("Organization",))
    assert types["Commands"].directed
    assert types["Met"].heads == ("GPE", "Organization", "Person")  # the <POG> macro
    assert not types["Met"].directed
    assert not types["Alias"].directed
    assert types["Located"].heads == ("Organization", "Person")  # two lines, one type
    assert types["Located"].children == ("GPE",)


def test_the_news_tutorial_conf_and_the_rel_corpus_conf_are_read_as_brat_reads_them() -> None:
    scheme = parse_conf(
        "[spans]\nProtein\nEntity\n[relations]\n"
        "Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive\n"
        "# a comment\n"
        "ENTITY-NESTING\tArg1:Protein, Arg2:Entity\nENTITY-NESTING\tArg1:Entity, Arg2:Entity\n"
        "acomp Arg1:<ENTITY>, Arg2:<ENTITY>\n"
        "[events]\nDie   Person-Arg:Person\n"
    )
    types = {spec.name: spec for spec in scheme.scheme.types}
    assert sorted(types) == ["ENTITY-NESTING", "Equiv", "acomp"]
    assert types["ENTITY-NESTING"].heads == ("Entity", "Protein")
    assert (types["acomp"].heads, types["acomp"].children) == ((), ())
    assert not types["Equiv"].directed
    assert types["acomp"].directed


def test_the_export_writes_the_relations_back_as_the_file_had_them() -> None:
    (document,), _ = read_folder(RELATIONS)
    ann = brat.to_ann(exported(document), ExportSummary())
    lines = ann.splitlines()
    relation_lines = [line for line in lines if line[0] in "ER*"]
    assert relation_lines == [
        "E1\tDie:T6 Person-Arg:T5",
        "R1\tCommands Commander:T1 Unit:T2\t",
        "R2\tMet Arg1:T1 Arg2:T3\t",
        "R3\tLocated Arg1:T3 Arg2:T4\t",
        "*\tAlias T1 T5 T7",
    ]
    on_relations = sorted(line.split("\t", 1)[1] for line in lines if line[0] in "A#")
    assert on_relations == [
        "AnnotatorNotes E1\tdate not given",
        "AnnotatorNotes R1\tper the wire",
        "Confidence R3 High",
        "Speculated R3",
        "Status R2 suggested",
    ]


def test_the_export_folder_reads_back_with_the_same_relations(tmp_path: Path) -> None:
    (document,), _ = read_folder(RELATIONS)
    out = tmp_path / "out"
    brat.write([(exported(document), ())], out, FormatOptions(), ExportSummary())
    (again,), options = read_folder(out)
    assert said(again) == EXPECTED
    assert options.notices.lines() == []
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "Commands Commander:<ENTITY>, Unit:<ENTITY>" in conf
    assert "Met Arg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric\n" in conf
    assert "Alias Arg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n" in conf
    assert "Die Person-Arg:Person" in conf.split("[events]")[1]
    assert "Die" not in conf.split("[relations]")[0]
    assert "Confidence Arg:<RELATION>, Value:High" in conf
    assert "Speculated Arg:<RELATION>\n" in conf


def test_the_conf_written_declares_the_databases_constraints_widened_by_what_was_written(
    tmp_path: Path,
) -> None:
    (document,), _ = read_folder(RELATIONS)
    types = (
        RelationTypeSpec("Commands", "#c0392b", heads=("ORG",), children=("NORP",)),
        RelationTypeSpec("Met", "#1e8449", directed=False),
        RelationTypeSpec("Located", "#7d3c98", children=("GPE", "LOC")),
    )
    out = tmp_path / "out"
    brat.write(
        [(exported(document), ())], out, FormatOptions(relation_types=types), ExportSummary()
    )
    read = {s.name: s for s in parse_conf((out / "annotation.conf").read_text()).scheme.types}
    assert (read["Commands"].heads, read["Commands"].children) == (
        ("ORG", "Person"),
        ("NORP", "Organization"),
    )
    assert (read["Located"].heads, read["Located"].children) == ((), ("GPE", "LOC"))
    assert not read["Met"].directed


def test_a_symmetric_relation_with_a_note_is_an_r_line_the_conf_calls_symmetric(
    tmp_path: Path,
) -> None:
    (document,), _ = read_folder(RELATIONS)
    stored = exported(document)
    alias = stored.relations[4]._replace(note="same man")
    stored = ExportDocument(**{**stored.__dict__, "relations": (alias,)})
    ann = brat.to_ann(stored, ExportSummary())
    assert "R1\tAlias Arg1:T1 Arg2:T5\t\n#1\tAnnotatorNotes R1\tsame man\n" in ann
    out = tmp_path / "out"
    brat.write([(stored, ())], out, FormatOptions(), ExportSummary())
    (again,), _ = read_folder(out)
    assert said(again) == [
        ("Alias", "Qasem Soleimani", "The general", False, "accepted", "same man", None)
    ]


def test_a_relation_of_a_span_left_out_is_named_with_it() -> None:
    text = "\nIraq and Iran"
    spans = (
        ExportSpan(0, 5, "GPE", "accepted", "", "", "", ()),
        ExportSpan(10, 14, "GPE", "accepted", "", "", "", ()),
    )
    relation = ExportRelation(0, 1, "MET", "accepted", "", "", "", False)
    document = ExportDocument(3, text, "t", "", {}, "done", (), spans, (relation,))
    summary = ExportSummary()
    ann = brat.to_ann(document, summary)
    assert ann == "T1\tGPE 10 14\tIran\n"
    (problem,) = summary.problems
    assert problem.reason.endswith("which brat cannot hold; so 1 relation of it")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("R1\tLocated Arg1:T1 Arg2:T9\t", "R1 names 'T9', which this file does not define"),
        ("R1\tLocated Arg1:T1\t", "R1: a relation must be 'TYPE Arg1:ID Arg2:ID'"),
        ("*\tAlias T1", "an equivalence needs two or more ids"),
        ("E1\tDie:T7 Person-Arg:T1", "E1 names 'T7', which this file does not define"),
        ("A1\tConfidence R7 High", "attribute Confidence for 'R7', which this file does not"),
    ],
)
def test_a_reference_to_nothing_or_a_malformed_relation_names_the_line(
    tmp_path: Path, line: str, message: str
) -> None:
    (tmp_path / "doc.txt").write_text("Iraq and Iran")
    (tmp_path / "doc.ann").write_text(f"T1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\n{line}\n")
    with pytest.raises(InputError) as caught:
        read_folder(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'doc.ann'}:3: {message}")


def test_what_is_no_relation_of_two_spans_is_counted(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Iraq attacked Iran")
    (tmp_path / "doc.ann").write_text(
        "T1\tGPE 0 4\tIraq\nT2\tAttack 5 13\tattacked\nT3\tGPE 14 18\tIran\n"
        "E1\tAttack:T2 Attacker:T1 Target:T3\nE2\tAttack:T2\nR1\tCause Arg1:E1 Arg2:T1\t\n"
        "R2\tSame Arg1:T1 Arg2:T1\t\nA1\tConfidence E1 High\n#1\tAnnotatorNotes R1\tsure\n"
    )
    (document,), options = read_folder(tmp_path)
    assert document.relations == []
    assert options.notices.lines() == [
        f"{tmp_path / 'doc.ann'}: 2 events that are no relations of two spans (their triggers "
        "kept as spans), 1 relation of events, 1 relation of a span to itself, 1 attribute of "
        "an event or relation and 1 note on an event or relation not imported: Tagdesk holds "
        "spans and relations between two of them"
    ]


def test_a_relation_to_a_discontinuous_span_joins_its_first_part(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("North and South America, and Canada")
    (tmp_path / "doc.ann").write_text(
        "T1\tLocation 0 5;16 23\tNorth America\nT2\tGPE 29 35\tCanada\nR1\tPart Arg1:T2 Arg2:T1\t\n"
    )
    (document,), options = read_folder(tmp_path)
    assert said(document) == [("Part", "Canada", "North", True, "accepted", "", None)]
    assert options.notices.lines()[-1] == (
        f"{tmp_path / 'doc.ann'}: 1 relation joined to the first part of a discontinuous span "
        "(each part is a span of its own)"
    )


def test_in_a_document_of_several_annotators_each_relation_names_its_own(tmp_path: Path) -> None:
    text = "Iraq and Iran met"
    spans = (
        ExportSpan(0, 4, "GPE", "accepted", "", "", "ana", ()),
        ExportSpan(9, 13, "GPE", "accepted", "", "", "ben", ()),
    )
    relation = ExportRelation(0, 1, "MET", "accepted", "", "", "carla ruiz", False)
    document = ExportDocument(1, text, "t", "", {}, "done", (), spans, (relation,))
    out = tmp_path / "out"
    brat.write([(document, ())], out, FormatOptions(), ExportSummary())
    ann = next(out.glob("*.ann")).read_text(encoding="utf-8")
    assert "R1\tMET Arg1:T1 Arg2:T2\t\nA3\tAnnotator R1 carla%20ruiz\n" in ann
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "Annotator Arg:<ENTITY>|<RELATION>, Value:ana|ben|carla%20ruiz" in conf
    (again,), _ = read_folder(out)
    assert [(r.label, r.annotator, r.directed) for r in again.relations] == [
        ("MET", "carla ruiz", False)
    ]


def test_a_normalisation_of_a_relation_is_counted(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Iraq and Iran")
    (tmp_path / "doc.ann").write_text(
        "T1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\nR1\tBorders Arg1:T1 Arg2:T2\t\n"
        "N1\tReference R1 Wikidata:Q1\tborder\n"
    )
    (document,), options = read_folder(tmp_path)
    assert [r.label for r in document.relations] == ["Borders"]
    assert options.notices.lines() == [
        f"{tmp_path / 'doc.ann'}: 1 normalisation of an event or relation not imported: "
        "Tagdesk holds spans and relations between two of them"
    ]


def test_the_conf_nearest_above_within_the_folder_imported_is_the_one_read(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "part").mkdir(parents=True)
    (tmp_path / "annotation.conf").write_text("[relations]\nOutside Arg1:A, Arg2:B\n")
    (corpus / "annotation.conf").write_text(
        "[relations]\nMet Arg1:GPE, Arg2:GPE, <REL-TYPE>:symmetric\n"
    )
    (corpus / "part" / "doc.txt").write_text("Iraq and Iran")
    (corpus / "part" / "doc.ann").write_text(
        "T1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\nR1\tMet Arg1:T2 Arg2:T1\t\n"
    )
    (document,), options = read_folder(corpus)
    assert [(r.label, r.directed) for r in document.relations] == [("Met", False)]
    assert [spec.name for spec in options.relation_scheme.types] == ["Met"]
    (alone,), options = read_folder(corpus / "part")  # the folder imported is the limit
    assert [(r.label, r.directed) for r in alone.relations] == [("Met", True)]
    assert options.relation_scheme.types == []
