"""Tokens that came with the data are the document's tokens: kept, exported, never re-split.

Through the real command line: a CoNLL-2003-shaped file and a WNUT17-shaped
one, a Prodigy file with its own `tokens`, and a DocBin spaCy wrote, each
imported and exported again; spaCy reads the DocBin exports.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import tagdesk_command

# CoNLL-2003's shape: -DOCSTART- lines, 4 columns, a blank line between sentences; the words
# spaCy's tokenizer splits (1996-08-30, Chester-le-Street, dont, U.S.) are one token each.
CONLL_2003 = """\
-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

CRICKET NNP B-NP O
- : O O
LEICESTERSHIRE NNP B-NP B-ORG
AT NNP I-NP O
Chester-le-Street NNP I-NP B-LOC
1996-08-30 CD I-NP O
( ( O O
U.S. NNP B-NP B-LOC
) ) O O
dont VB B-VP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC

-DOCSTART- -X- -X- O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
"""

# WNUT17's shape: two tab-separated columns, and the file ends with a lone U+FEFF.
WNUT17 = (
    "@paulwalk\tO\nIt\tO\n's\tO\nthe\tO\nview\tO\nfrom\tO\nwhere\tO\ndont\tO\n"
    "Empire\tB-location\nState\tI-location\nBuilding\tI-location\n\n"
    "so\u200bft\tO\nco\u00adop\tO\n\n\ufeff\n"
)


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=110, env=os.environ
    )
    assert result.returncode == 0, result.stderr
    return result


def token_lines(conll: str) -> list[tuple[str, ...]]:
    """Each line as (word, tag), blank lines and -DOCSTART- as they are: what CoNLL carries."""
    lines = []
    for line in conll.split("\n"):
        columns = line.replace("\t", " ").split(" ")
        lines.append(() if not line.strip() else (columns[0], columns[-1]))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def round_trip(tmp_path: Path, name: str, content: str) -> subprocess.CompletedProcess[str]:
    db = tmp_path / "t.db"
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = tagdesk("import", "--format", "conll", str(source), "--db", str(db))
    tagdesk("export", "--db", str(db), "--status", "all", str(tmp_path / "out.conll"))
    return result


def test_a_conll_2003_file_exported_again_has_exactly_its_token_lines(tmp_path: Path) -> None:
    round_trip(tmp_path, "eng.train", CONLL_2003)  # CoNLL-2003's own name: --format conll
    exported = (tmp_path / "out.conll").read_text(encoding="utf-8")
    assert token_lines(exported) == [
        ("-DOCSTART-", "O") if line and line[0] == "-DOCSTART-" else line
        for line in token_lines(CONLL_2003)
    ]
    assert "Chester-le-Street -X- _ B-LOC\n1996-08-30 -X- _ O\n" in exported


def test_a_wnut17_file_keeps_its_tokens_and_names_the_invisible_characters(
    tmp_path: Path,
) -> None:
    result = round_trip(tmp_path, "wnut17train.conll", WNUT17)
    exported = (tmp_path / "out.conll").read_text(encoding="utf-8")
    words = [line[0] for line in token_lines(exported) if line and line[0] != "-DOCSTART-"]
    assert words == [
        line.split("\t")[0] for line in WNUT17.split("\n") if "\t" in line
    ]  # "dont" stays one token; the zero-width space and the soft hyphen stay in theirs
    assert "dont -X- _ O\nEmpire -X- _ B-location\n" in exported
    warnings = result.stderr.splitlines()
    assert (
        f"tagdesk: warning: {tmp_path / 'wnut17train.conll'}:16: the line holds only "
        "U+FEFF ZERO WIDTH NO-BREAK SPACE; read as a blank line"
    ) in warnings
    assert (
        f"tagdesk: warning: {tmp_path / 'wnut17train.conll'}:13: token 'so\\u200bft' holds "
        "U+200B ZERO WIDTH SPACE; kept in the token (2 tokens hold such characters in the file)"
    ) in warnings


def test_a_conll_import_gives_spacy_the_same_words_through_a_docbin(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    db = tmp_path / "t.db"
    (tmp_path / "in.conll").write_text(CONLL_2003, encoding="utf-8")
    tagdesk("import", str(tmp_path / "in.conll"), "--db", str(db))
    tagdesk("export", "--db", str(db), "--status", "all", str(tmp_path / "out.spacy"))
    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab))
    words = [token.text for doc in docs for token in doc if not token.is_space]
    expected = [line[0] for line in token_lines(CONLL_2003) if line and line[0] != "-DOCSTART-"]
    assert words == expected
    assert [(e.text, e.label_) for e in docs[0].ents][-2:] == [("U.S.", "LOC"), ("New York", "LOC")]


def prodigy_tokens(text: str, words: list[str]) -> list[dict[str, object]]:
    tokens, position = [], 0
    for number, word in enumerate(words):
        start = text.index(word, position)
        position = start + len(word)
        ws = text[position : position + 1] == " "
        tokens.append({"text": word, "start": start, "end": position, "id": number, "ws": ws})
    return tokens


def test_a_prodigy_file_with_its_own_tokens_gets_them_back(tmp_path: Path) -> None:
    text = "I dont think Chester-le-Street was wet on 1996-08-30.\n\nSo said the U.S. office."
    words = ["I", "dont", "think", "Chester-le-Street", "was", "wet", "on", "1996-08-30", "."]
    words += ["\n\n", "So", "said", "the", "U.S.", "office."]
    tokens = prodigy_tokens(text, words)
    start = text.index("Chester")
    record = {
        "text": text,
        "tokens": tokens,
        "spans": [
            {"start": start, "end": start + 17, "label": "GPE", "token_start": 3, "token_end": 3}
        ],
        "answer": "accept",
    }
    source = tmp_path / "ner.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    tagdesk("export", "--db", str(db), "--status", "all", str(tmp_path / "out.jsonl"))
    (exported,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert exported["tokens"] == tokens
    assert exported["spans"][0]["token_start"] == exported["spans"][0]["token_end"] == 3


def test_tokens_with_gaps_and_crlf_tile_the_text_and_keep_their_bounds(tmp_path: Path) -> None:
    """A gap other than one space becomes a token, as spaCy makes one; CRLF becomes LF."""
    text = "Mosul  won't\r\ntoday"
    tokens = prodigy_tokens(text, ["Mosul", "won't", "today"])
    source = tmp_path / "gaps.jsonl"
    source.write_text(json.dumps({"text": text, "tokens": tokens}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    tagdesk("import", str(source), "--db", str(db))
    tagdesk("export", "--db", str(db), "--status", "all", str(tmp_path / "out.jsonl"))
    exported = json.loads((tmp_path / "out.jsonl").read_text())
    assert [(t["text"], t["ws"]) for t in exported["tokens"]] == [
        ("Mosul", True),
        (" ", False),
        ("won't", False),
        ("\n", False),
        ("today", False),
    ]


def test_tokens_that_overlap_are_refused_in_one_line(tmp_path: Path) -> None:
    from tests.helpers import database_fingerprint

    db = tmp_path / "t.db"
    text = "Tikrit fell"
    tokens = [{"start": 0, "end": 6}, {"start": 4, "end": 11}]
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps({"text": text, "tokens": tokens}) + "\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Mosul\n", encoding="utf-8")
    tagdesk("import", str(tmp_path / "ok.txt"), "--db", str(db))
    before = database_fingerprint(db)
    result = subprocess.run(
        [*tagdesk_command(), "import", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=110,
        env=os.environ,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"tagdesk: error: {source}:1: token 1 [4, 11) starts before the token before it ends; "
        "tokens must be in order and must not overlap"
    )
    assert database_fingerprint(db) == before


def exported_words(tmp_path: Path, db: Path) -> list[list[str]]:
    out = tmp_path / "words.jsonl"
    tagdesk("export", "--db", str(db), "--status", "all", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return [[token["text"] for token in record["tokens"]] for record in records]


def test_data_tokens_replace_the_tokenizers_and_the_first_data_tokens_stay(tmp_path: Path) -> None:
    """A text first imported without tokens takes a file's; a second file's tokens are said."""
    text = "They dont visit 1996-08-30"
    db = tmp_path / "t.db"
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    tagdesk("import", str(plain), "--db", str(db))
    assert exported_words(tmp_path, db) == [
        ["They", "do", "nt", "visit", "1996", "-", "08", "-", "30"]
    ]

    conll = tmp_path / "first.conll"
    conll.write_text("They O\ndont O\nvisit O\n1996-08-30 B-DATE\n", encoding="utf-8")
    result = tagdesk("import", str(conll), "--db", str(db))
    assert result.stderr == ""
    assert exported_words(tmp_path, db) == [["They", "dont", "visit", "1996-08-30"]]

    other = tmp_path / "other.jsonl"
    tokens = prodigy_tokens(text, ["They", "do", "nt", "visit", "1996-08-30"])
    other.write_text(json.dumps({"text": text, "tokens": tokens}) + "\n", encoding="utf-8")
    result = tagdesk("import", str(other), "--db", str(db))
    assert result.stderr.splitlines() == [
        "tagdesk: warning: 1 document already present kept the tokens an earlier file gave "
        f"them; the other tokens given for them were passed over (first: {other}:1)"
    ]
    assert exported_words(tmp_path, db) == [["They", "dont", "visit", "1996-08-30"]]
    same = tmp_path / "same.jsonl"
    tokens = prodigy_tokens(text, ["They", "dont", "visit", "1996-08-30"])
    same.write_text(json.dumps({"text": text, "tokens": tokens}) + "\n", encoding="utf-8")
    assert tagdesk("import", str(same), "--db", str(db)).stderr == ""  # the same tokens: no word
