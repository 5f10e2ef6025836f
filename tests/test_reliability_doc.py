"""RELIABILITY.md names the tests behind each guarantee: every one it names exists."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_test_file_reliability_names_exists() -> None:
    text = (REPO / "RELIABILITY.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(tests/[\w/]+\.(?:py|sql))`", text))
    assert len(named) > 20
    missing = sorted(path for path in named if not (REPO / path).is_file())
    assert not missing


def test_every_guarantee_has_a_row_of_tests() -> None:
    text = (REPO / "RELIABILITY.md").read_text(encoding="utf-8")
    guarantees = {int(n) for n in re.findall(r"^(\d+)\. \*\*", text, flags=re.M)}
    rows = re.findall(r"^\| ([\d, ]+) \| (.+) \|$", text, flags=re.M)
    covered = {int(n) for numbers, _ in rows for n in numbers.split(",")}
    assert guarantees == set(range(1, len(guarantees) + 1))
    assert covered == guarantees
