"""brat corpora as brat itself writes them, through the real `tagdesk import` and `export`.

The fixtures under fixtures/brat/ are in the shapes of nlplab/brat's own
example-data: `news/` that of its tutorials (entities, events with their
triggers, relations with brat's trailing tab, an equivalence, attributes and
notes on spans, events and relations, normalisations, a discontinuous span,
an empty .ann), `relations/` that of its relations, one-argument events and
equivalences (test_brat_relations.py), `bionlp/` that of its BioNLP-ST 2011
corpora (events before the spans they name, `M` modifiers, `*` Equiv, the 2013 normalisation
spelling before its target).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import tagdesk_command
from tests.formats.stored_relations import stored_relations, stored_types
from tests.helpers import database_fingerprint, query, span_texts

FIXTURES = Path(__file__).parent / "fixtures" / "brat"
NEWS = FIXTURES / "news"
BIONLP = FIXTURES / "bionlp"


def tagdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tagdesk_command(), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line.removeprefix("tagdesk: warning: ")
        for line in result.stderr.splitlines()
        if line.startswith("tagdesk: warning: ")
    ]


def span_rows(db_path: Path | str) -> list[tuple[str, str, str, str, str]]:
    """(label, covered text, status, note, tags joined by |) for each span, in text order."""
    tags: dict[int, list[str]] = {}
    for span_id, name in query(
        db_path, "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id"
    ):
        tags.setdefault(span_id, []).append(name)
    rows = query(
        db_path,
        'SELECT s.id, d.text, s."start", s."end", l.name, s.status, s.note '
        "FROM span s JOIN document d ON d.id = s.document_id "
        'JOIN label l ON l.id = s.label_id ORDER BY d.id, s."start", s."end"',
    )
    return [
        (label, text[start:end], status, note, "|".join(sorted(tags.get(span_id, []))))
        for span_id, text, start, end, label, status, note in rows
    ]


def test_brats_news_tutorial_shape_imports_its_spans_and_warns_of_the_rest(
    db_path: Path,
) -> None:
    result = tagdesk("import", NEWS, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "2 documents added" in result.stdout
    assert "11 spans added" in result.stdout
    ann = NEWS / "001-merger.ann"
    assert warnings(result) == [
        f"{ann}: 1 discontinuous span imported as one span per part, the parts of each tagged "
        "fragment-of=ID (a Tagdesk span is one stretch of text)",
        f"{ann}: 2 events that are no relations of two spans (their triggers kept as spans), "
        "1 note on an event or relation and 2 attributes of events or relations not imported: "
        "Tagdesk holds spans and relations between two of them",
    ]
    assert span_rows(db_path) == [
        ("Organization", "Reuters", "accepted", "", ""),
        ("Report", "reported", "accepted", "", ""),
        (
            "Organization",
            "Exxon",
            "accepted",
            "Wikipedia:7654321 Exxon",
            "Reference=Wikipedia:7654321",
        ),
        ("Merge-org", "merged", "accepted", "", ""),
        ("Organization", "Mobil", "accepted", "Mobil Oil Corporation", ""),
        (
            "Person",
            "Lee Raymond",
            "accepted",
            "Wikipedia:1234567 Lee Raymond",
            "Individual|Mention=Name|Reference=Wikipedia:1234567",
        ),
        ("Person", "the chief executive", "accepted", "", "Mention=Nominal"),
        ("GPE", "Irving", "accepted", "", ""),
        ("GPE", "Texas", "accepted", "", ""),
        ("Location", "North", "accepted", "", "fragment-of=T10"),
        ("Location", "America", "accepted", "", "fragment-of=T10"),
    ]
    assert span_texts(db_path)[-1] == ("Location", "America")


def test_bionlp_shape_with_events_first_and_modifiers_imports(db_path: Path) -> None:
    result = tagdesk("import", BIONLP, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "1 document added, 7 spans added" in result.stdout
    assert warnings(result) == [
        f"{BIONLP / 'PMID-1000001.ann'}: 2 events that are no relations of two spans (their "
        "triggers kept as spans) and 2 attributes of events or relations not imported: "
        "Tagdesk holds spans and relations between two of them"
    ]
    rows = span_rows(db_path)
    assert ("Protein", "STAT3", "accepted", "", "Reference=UniProt:P40763") in rows
    assert ("Protein", "RNF85", "accepted", "alias given in brackets", "") in rows
    assert [row[:2] for row in rows if row[0] != "Protein"] == [
        ("Phosphorylation", "Phosphorylation"),
        ("Binding", "bind"),
    ]


def test_a_txt_named_alone_with_its_ann_beside_it_is_read_as_brat(db_path: Path) -> None:
    result = tagdesk("import", NEWS / "001-merger.txt", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "1 document added, 11 spans added" in result.stdout
    assert len(warnings(result)) == 2


def test_format_txt_on_brat_pairs_reads_plain_text_and_says_so(
    db_path: Path, tmp_path: Path
) -> None:
    result = tagdesk("import", NEWS, "--format", "txt", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "2 documents added, 0 spans added" in result.stdout
    assert warnings(result) == [
        f"{NEWS}: 2 .txt files with an .ann beside them read as --format txt says, so their "
        "brat annotations are not imported (import without --format to read them as brat)"
    ]
    one = tagdesk("import", NEWS / "001-merger.txt", "--format", "txt", "--db", db_path)
    assert one.returncode == 0, one.stderr
    assert warnings(one) == [
        f"{NEWS / '001-merger.txt'}: has 001-merger.ann beside it, but is read as --format "
        "txt says, so their brat annotations are not imported (import without --format to "
        "read them as brat)"
    ]


def test_a_txt_without_its_ann_in_a_brat_folder_is_named(db_path: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(NEWS, corpus)
    (corpus / "README.txt").write_text("How this corpus was made.\n")
    result = tagdesk("import", corpus, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "2 documents added" in result.stdout
    assert warnings(result)[0] == (
        f"{corpus}: read as brat, so skipped 1 .txt file with no .ann beside it: README.txt "
        "(--format txt imports them as documents without spans)"
    )


def test_format_brat_on_a_txt_without_an_ann_is_refused(db_path: Path, tmp_path: Path) -> None:
    lone = tmp_path / "lone.txt"
    lone.write_text("Iraq and Iran\n")
    assert tagdesk("import", BIONLP, "--db", db_path).returncode == 0
    before = database_fingerprint(db_path)
    result = tagdesk("import", lone, "--format", "brat", "--db", db_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"tagdesk: error: {lone}: has no annotation file lone.ann beside it, so it is not "
        "brat; import it with --format txt\n"
    )
    assert database_fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("T3\tGPE 0 4\tIraq", "T3 is already defined above"),
        ("R1\tLocated Arg1:T1 Arg2:T2\t", "R1 is already defined above"),
        (
            "A9\tConfidence E9 High",
            "attribute Confidence for 'E9', which this file does not define",
        ),
    ],
)
def test_an_id_defined_twice_or_a_target_missing_stops_the_import(
    db_path: Path, tmp_path: Path, line: str, message: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text("Iraq and Iran")
    ann = (
        "T1\tGPE 0 4\tIraq\nT2\tGPE 9 13\tIran\nT3\tGPE 9 13\tIran\nR1\tLocated Arg1:T1 Arg2:T2\t\n"
    )
    if line.startswith("T3"):
        ann = "T1\tGPE 0 4\tIraq\nT3\tGPE 9 13\tIran\n"
    (corpus / "doc.ann").write_text(ann + line + "\n")
    assert tagdesk("import", BIONLP, "--db", db_path).returncode == 0
    before = database_fingerprint(db_path)
    result = tagdesk("import", corpus, "--db", db_path)
    assert result.returncode == 1
    lines = ann.count("\n") + 1
    assert result.stderr == f"tagdesk: error: {corpus / 'doc.ann'}:{lines}: {message}\n"
    assert database_fingerprint(db_path) == before


def test_the_import_exported_again_keeps_spans_tags_and_notes(
    db_path: Path, tmp_path: Path
) -> None:
    assert tagdesk("import", NEWS, "--db", db_path).returncode == 0
    out = tmp_path / "out"
    exported = tagdesk("export", out, "--format", "brat", "--status", "all", "--db", db_path)
    assert exported.returncode == 0, exported.stderr
    again = tmp_path / "again.sqlite3"
    result = tagdesk("import", out, "--db", again)
    assert result.returncode == 0, result.stderr
    assert warnings(result) == []
    assert span_rows(again) == span_rows(db_path)


RELATIONS = FIXTURES / "relations"


def test_relations_come_in_with_their_types_and_go_out_as_the_file_had_them(
    db_path: Path, tmp_path: Path
) -> None:
    result = tagdesk("import", RELATIONS, "--annotator", "ana", "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert "1 document added, 7 spans added" in result.stdout
    assert "6 relations added" in result.stdout
    assert warnings(result) == []
    assert stored_relations(db_path) == [
        ("Person-Arg", "died", "The general", True, "accepted", "date not given", "ana"),
        ("Commands", "Qasem Soleimani", "Quds Force", True, "accepted", "per the wire", "ana"),
        # a suggestion the file names nobody for is shared, as its spans are
        ("Met", "Qasem Soleimani", "Hadi al-Amiri", False, "suggested", "", ""),
        ("Located", "Hadi al-Amiri", "Baghdad", True, "accepted", "", "ana"),
        ("Alias", "Qasem Soleimani", "The general", False, "accepted", "", "ana"),
        ("Alias", "The general", "Soleimani", False, "accepted", "", "ana"),
    ]
    types = stored_types(db_path)
    assert types["Commands"] == (True, ["Person"], ["Organization"])
    assert types["Located"] == (True, ["Organization", "Person"], ["GPE"])
    assert types["Met"] == (
        False,
        ["GPE", "Organization", "Person"],
        ["GPE", "Organization", "Person"],
    )
    assert types["Alias"] == (False, ["Person"], ["Person"])
    assert types["Person-Arg"] == (True, [], [])
    out = tmp_path / "out"
    exported = tagdesk(
        "export", out, "--format", "brat", "--status", "all", "--relations", "all",
        "--db", db_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert warnings(exported) == []
    (ann,) = out.glob("*.ann")
    given = (RELATIONS / "001-soleimani.ann").read_text(encoding="utf-8").splitlines()
    written = ann.read_text(encoding="utf-8").splitlines()
    assert sorted(line for line in written if line[0] in "TER*") == sorted(
        line for line in given if line[0] in "TER*"
    )
    target = {line.split("\t")[1]: line.split("\t", 2)[2:] for line in given if line[0] in "A#"}
    assert {
        line.split("\t")[1]: line.split("\t", 2)[2:] for line in written if line[0] in "A#"
    } == target
    again = tmp_path / "again.sqlite3"
    reread = tagdesk("import", out, "--annotator", "ana", "--db", again)
    assert reread.returncode == 0, reread.stderr
    assert warnings(reread) == []
    assert stored_relations(again) == stored_relations(db_path)


def test_accepted_relations_only_are_exported_unless_all_are_asked_for(
    db_path: Path, tmp_path: Path
) -> None:
    assert tagdesk("import", RELATIONS, "--db", db_path).returncode == 0
    out = tmp_path / "out"
    assert (
        tagdesk("export", out, "--format", "brat", "--status", "all", "--db", db_path).returncode
        == 0
    )
    (ann,) = out.glob("*.ann")
    written = ann.read_text(encoding="utf-8")
    assert "\tMet " not in written
    assert "R2\tLocated Arg1:T3 Arg2:T4\t\n" in written
