"""Counts read as English: "1 document", "2 documents", in the window and on the command line."""

from __future__ import annotations

import ast
import re
from itertools import pairwise
from pathlib import Path

from tagdesk.core.exported import ExportSummary
from tagdesk.core.wording import counted, plural, sentence
from tagdesk.store.importing import ImportSummary

PACKAGE = Path(__file__).resolve().parents[2] / "desktop" / "tagdesk"
# A number written straight before a plural noun, in an f-string: "{n} documents".
PLURAL_AFTER_NUMBER = re.compile(
    r"^\s*(unlabelled |new |open )?(documents|spans|suggestions|occurrences|items|characters"
    r"|labels|tags|files|entities|tokens|lines|annotators|records|rows|hits|errors)\b"
)


def test_counted_says_one_and_many() -> None:
    assert counted(1, "document") == "1 document"
    assert counted(0, "document") == "0 documents"
    assert counted(2, "span") == "2 spans"
    assert counted(1, "GPE suggestion") == "1 GPE suggestion"
    assert counted(3, "GPE suggestion") == "3 GPE suggestions"
    assert counted(2, "entity") == "2 entities"
    assert counted(2, "match") == "2 matches"
    assert counted(4164, "character", grouped=True) == "4,164 characters"
    assert plural("unlabelled occurrence") == "unlabelled occurrences"


def test_summaries_use_the_singular_for_one() -> None:
    summary = ExportSummary(documents=1, spans=2, files=["out.conll"])
    summary.problems.append(object())  # type: ignore[arg-type]
    assert (
        summary.describe()
        == "1 document and 1 span written to out.conll; 1 span left out (listed above)"
    )
    assert ImportSummary(documents_added=1, spans_added=1).describe() == (
        "1 document added, 1 span added"
    )


def test_sentence_capitalises_only_the_first_letter() -> None:
    assert sentence("a label named GPE already exists") == "A label named GPE already exists"
    assert sentence("") == ""


def test_no_message_writes_a_number_straight_before_a_plural_noun() -> None:
    """Every count in a message goes through counted(); this finds any that does not."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            parts = node.values
            for value, following in pairwise(parts):
                if (
                    isinstance(value, ast.FormattedValue)
                    and isinstance(following, ast.Constant)
                    and isinstance(following.value, str)
                    and PLURAL_AFTER_NUMBER.match(following.value)
                ):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_sentence_leaves_a_leading_file_name_alone() -> None:
    assert sentence("data.jsonl:3: is not valid JSON") == "data.jsonl:3: is not valid JSON"
    assert sentence("/tmp/in: no such file") == "/tmp/in: no such file"
    assert sentence("the hotkey U already belongs to PERSON") == (
        "The hotkey U already belongs to PERSON"
    )
