"""The fuzz tests' side of the worker: sending inputs, judging answers, running on a budget.

Every input is judged by the same rules (`problems`): reading either succeeds
or refuses with Tagdesk's own error in one printable line that names the file
(and, for formats with lines, the line); it finishes in time and within the
memory bound; a refusal leaves the database as it was; an import leaves only
spans inside their document's text, covering what the input said they cover,
and labels, tags and notes without control characters.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.fuzz.worker import HANG_SECONDS, MEMORY_GROWTH_LIMIT

# Seconds of fuzzing for each reader, split between its structure-aware and its
# byte-level test; seven readers keep the whole `-m slow` fuzz step near four minutes.
BUDGET_SECONDS_PER_FORMAT = 30.0
BATCH = 25  # examples per hypothesis run; runs repeat, each with a new seed, until the budget
FAILURES = REPO / "tests" / "fuzz" / "failures"  # failing inputs are saved here, shrunk
WHOLE_FILE_REASONS = (
    "is empty",
    "is UTF-16 or UTF-32",
    "is a binary file",
    "looks like a binary file",
    "cannot be read",
    "holds no",
    "has no text file",
    "is a folder",
    "is not a spaCy DocBin",
    "is a damaged spaCy DocBin",
    "is a spaCy DocBin that needs",
    "document ",  # a DocBin's documents are numbered, not lined
)

# Problems a general fuzz test may count and go on past, rather than fail on: none. The
# problems once fixed on their own (KNOWN in known_problems.py) keep tests of their own.
AWAITING_FIX: frozenset[str] = frozenset()


@dataclass
class Case:
    """One fuzzed input: its files, which of them to import, and what the input itself says."""

    files: dict[str, bytes]  # relative path -> content
    targets: list[str]  # the relative paths given to the import (files or folders)
    format_name: str | None = None
    specials: dict[str, str] = field(default_factory=dict)  # path -> "fifo" or "link:TARGET"
    lines: bool = True  # the format has lines, so a refusal names one
    texts: list[str] = field(default_factory=list)  # documents an import must hold
    claims: list[tuple[str, str]] = field(default_factory=list)  # (label, covered text)
    kept: list[str] = field(default_factory=list)  # what a document's stored meta must hold
    must_refuse: str = ""  # why this input cannot import (a wrongly typed field, ...)
    known: str = ""  # the AWAITING_FIX problem this input was built to provoke


class Worker:
    """One `tests.fuzz.worker` child, restarted after it hangs or dies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[str] | None = None
        self.counts: Counter[str] = Counter()

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        self.log = (self.folder / "worker.log").open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker", str(self.folder)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        ready = self._answer(120)
        assert ready is not None, "the fuzz worker did not start"
        assert ready.get("ready"), ready

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
            self.log.close()

    def run(self, case: Case, paths: list[Path]) -> dict[str, Any]:
        if self.process is None:
            self.start()
        assert self.process is not None
        assert self.process.stdin is not None
        request = {"paths": [str(p) for p in paths], "format": case.format_name}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self._answer(HANG_SECONDS + 15)
        if answer is None:
            died = self.process.poll()
            self.stop()
            if died is None:
                return {"outcome": "hang", "traceback": "no answer; the worker was killed"}
            return {"outcome": "died", "returncode": died}
        self.counts[answer["outcome"]] += 1
        return answer

    def _answer(self, timeout: float) -> dict[str, Any] | None:
        assert self.process is not None
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None


def squashed(text: str) -> str:
    """Text without line breaks: import normalises line endings, so only the rest must match."""
    return text.replace("\r", "").replace("\n", "")


def _printable(text: str) -> bool:
    return text.replace("\t", " ").isprintable()


def _controls(text: str) -> bool:
    """Whether stored text holds C0/C1 controls (escape, bell, ...), which no name needs."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def problems(
    case: Case, folder: Path, paths: list[Path], answer: dict[str, Any]
) -> list[tuple[str, str]]:
    """(kind, description) for every rule the answer breaks; kind names a known problem.

    A refusal may name any file of the input (a brat .ann names the .txt beside it).
    """
    outcome = answer["outcome"]
    found: list[tuple[str, str]] = []
    if answer.get("memory_error") or answer.get("growth", 0) > MEMORY_GROWTH_LIMIT:
        found.append(("memory", f"memory grew by {answer.get('growth', 0) >> 20} MiB"))
    if outcome in ("hang", "died", "crashed"):
        kind = _known_crash(answer) or outcome
        found.append((kind, f"{outcome}: {answer.get('traceback') or answer}"))
        return found
    if outcome == "refused":
        message = answer["message"]
        if not answer["unchanged"]:
            found.append(("database changed", f"a refused import changed the database: {message}"))
        if "\n" in message or "\r" in message or not _printable(message):
            found.append(("message", f"the message is not one printable line: {message!r}"))
        named = [str(p) for p in paths] + [str(folder / name) for name in case.files]
        if not any(message.startswith(name) for name in named):
            found.append(("message", f"the message does not start with the file: {message!r}"))
        elif (
            case.lines
            and not re.match(r"^[^:]+:\d+: ", message)
            and not any(f": {reason}" in message for reason in WHOLE_FILE_REASONS)
        ):
            found.append(("message", f"the message names no line: {message!r}"))
        return found
    database = answer["database"]
    if case.must_refuse:
        found.append((case.known or "should refuse", f"imported, but {case.must_refuse}"))
    for span in database["spans"]:
        if not (
            isinstance(span["start"], int)
            and isinstance(span["end"], int)
            and 0 <= span["start"] < span["end"] <= span["length"]
        ):
            found.append(("offsets", f"a span lies outside its text: {span}"))
        if _controls(span["note"].replace("\n", " ").replace("\t", " ")):
            found.append(("control characters", f"a note holds control characters: {span}"))
        if any(_controls(s) for s in span["strings"]):
            found.append(("control characters", f"span fields hold control characters: {span}"))
    for name in (*database["labels"], *database["tags"]):
        if _controls(name):
            found.append(("control characters", f"a label or tag name is {name!r}"))
    covered = {(s["label"], squashed(s["covered"] or "")) for s in database["spans"]}
    for label, text in case.claims:
        if (label, squashed(text)) not in covered:
            found.append(("claim", f"no span {label} covering {text!r}; spans: {covered}"))
    metas = "\n".join(database["metas"])
    for value in case.kept:
        if value not in metas:
            found.append((case.known or "changed meta", f"the meta lost {value[:80]!r}"))
    texts = {squashed(text) for text in database["texts"]}
    for text in case.texts:
        if squashed(text) not in texts:
            found.append(("lost document", f"the document {text[:80]!r} was not imported"))
    return found


def _known_crash(answer: dict[str, Any]) -> str | None:
    """Which AWAITING_FIX problem a traceback is, by the error the reader let through."""
    error, message = answer.get("error", ""), answer.get("message", "")
    trace = answer.get("traceback", "")
    if error == "RecursionError":
        return "deep nesting"
    if "surrogate" in message:
        return "lone surrogates"
    if "Exceeds the limit" in message or "integer string conversion" in message:
        return "integers beyond 64 bits"
    if "docbin.py" in trace and "from_doc" in trace:
        return "DocBin user_data"
    return None


def materialise(case: Case, folder: Path) -> list[Path]:
    """Write the case's files into an empty `folder`; the paths to import."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name, kind in case.specials.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(kind.removeprefix("link:"))
    return [folder / target for target in case.targets]


def save_failure(name: str, case: Case, found: list[tuple[str, str]]) -> Path:
    """Write the failing input where a person finds it, with what was wrong."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name)
    target = FAILURES / f"{slug}-{time.strftime('%Y%m%d-%H%M%S')}"
    materialise(case, target / "input")
    (target / "problems.txt").write_text(
        f"targets: {case.targets}, format: {case.format_name}\n"
        + "\n".join(f"{kind}: {text}" for kind, text in found)
        + "\n",
        encoding="utf-8",
        errors="backslashreplace",
    )
    return target


def fuzz(
    name: str,
    worker: Worker,
    cases: st.SearchStrategy[Case],
    budget: float,
    *,
    tolerated: frozenset[str] = AWAITING_FIX,
    shrink: bool = True,
) -> dict[str, Any]:
    """Judge inputs drawn from `cases` for `budget` seconds; fail on the first broken rule.

    Problems of a `tolerated` kind are counted, not failed on. Hypothesis shrinks a failing
    input before it is reported, and the shrunk input is saved under FAILURES.
    """
    stop = time.monotonic() + budget
    stats: Counter[str] = Counter()
    last_failure: list[tuple[Case, list[tuple[str, str]]]] = []
    folder = worker.folder / "input"

    @settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        phases=(Phase.generate, Phase.shrink) if shrink else (Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(cases)
    def run_batch(case: Case) -> None:
        paths = materialise(case, folder)
        answer = worker.run(case, paths)
        stats["examples"] += 1
        stats[answer["outcome"]] += 1
        found = problems(case, folder, paths, answer)
        for kind, _ in found:
            if kind in tolerated:
                stats[f"known: {kind}"] += 1
        failing = [(kind, text) for kind, text in found if kind not in tolerated]
        if failing:
            last_failure[:] = [(case, failing)]
            raise AssertionError("\n".join(f"{kind}: {text}" for kind, text in failing))

    while time.monotonic() < stop:
        try:
            run_batch()
        except AssertionError as error:
            saved = save_failure(name, *last_failure[-1])
            raise AssertionError(f"{name}: {error}\n(input saved in {saved})") from None
    print(f"\n{name}: {dict(stats)}")
    return dict(stats)
