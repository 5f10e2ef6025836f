"""The spacy-jsonl export holds every field explosion/projects' rel_component reads.

tutorials/rel_component/scripts/parse_data.py (and parse_data_generic.py) read each
line with json.loads and take: `answer` (only "accept" lines), `tokens` (`text`, `ws`)
to build the Doc, `spans` (`start`, `end`, `label` for doc.char_span, `token_start`
and `token_end` to map a span's last token to its first), `relations` (`head` and
`child`, each the last token of a span, and `label`) and `meta.source`. The script
cannot be fetched in CI; this asserts each of those fields on the bytes `tagdesk
export` writes after `tagdesk import` of rel.manual lines, and that they build the
Doc, entities and relation keys the script builds.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tagdesk.formats import spacy_jsonl
from tagdesk.formats.base import FormatOptions
from tests.conftest import tagdesk_command
from tests.formats.relation_records import export_of

REL_MANUAL = Path(__file__).parents[1] / "formats" / "fixtures" / "prodigy" / "rel_manual.jsonl"


def test_each_field_parse_data_reads_is_there_and_builds_its_doc(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import Doc

    documents = list(spacy_jsonl.read(REL_MANUAL, FormatOptions()))
    accepted = [d for d in documents if {s.status for s in d.spans} == {"accepted"}]
    rows = [json.loads(line) for line in REL_MANUAL.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        # A relation between plain tokens, kept from Prodigy and written back, names no
        # span: the script skips such a line, as it skips Prodigy's own.
        row["relations"] = [r for r in row["relations"] if r.get("label") != "DOBJ"]
    given = tmp_path / "rel_manual.jsonl"
    given.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out, db = tmp_path / "rel.jsonl", tmp_path / "rel.db"
    for command in (("import", str(given)), ("export", str(out), "--status", "all")):
        result = subprocess.run(
            [*tagdesk_command(), *command, "--db", str(db)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    vocab = spacy.blank("en").vocab
    examples = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(examples) == 4
    assert all(isinstance(example["relations"], list) for example in examples)
    by_text = {example["text"]: example for example in examples if example["relations"]}
    assert len(by_text) == len(accepted) == 3  # the ignored task's relation is suggested
    for document in accepted:
        example = by_text[document.text]
        assert example["answer"] == "accept"
        assert isinstance(example["meta"]["source"], str)
        words = [t["text"] for t in example["tokens"]]
        spaces = [t["ws"] for t in example["tokens"]]
        doc = Doc(vocab, words=words, spaces=spaces)
        assert doc.text == document.text
        entities, end_to_start = [], {}
        for span in example["spans"]:
            entity = doc.char_span(span["start"], span["end"], label=span["label"])
            assert entity is not None
            assert (entity.start, entity.end - 1) == (span["token_start"], span["token_end"])
            end_to_start[span["token_end"]] = span["token_start"]
            entities.append(entity)
        doc.ents = entities  # the script sets them so: no two may overlap
        keys = {
            (end_to_start[r["head"]], end_to_start[r["child"]], r["label"])
            for r in example["relations"]
        }
        spans = document.spans
        assert keys == {
            (
                doc.char_span(spans[r.head].start, spans[r.head].end).start,
                doc.char_span(spans[r.child].start, spans[r.child].end).start,
                r.label,
            )
            for r in document.relations
        }
        assert keys  # each line the script keeps has a relation


def test_a_document_without_relations_still_has_the_relations_list(tmp_path: Path) -> None:
    (document, *_) = spacy_jsonl.read(REL_MANUAL, FormatOptions())
    document.relations = []
    record = spacy_jsonl.to_record(*export_of(document))
    assert record["relations"] == []  # parse_data.py reads example["relations"] on every line
