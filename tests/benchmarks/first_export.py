"""The first export of a corpus against the second, in one run: what making the tokens costs.

    PYTHONPATH=desktop python -m tests.benchmarks.first_export [--documents 10000] \\
        [--code OTHER/desktop] [--cache /tmp/tagdesk-scale]

A spaCy JSON-lines export writes each document's tokens. The second export
reads them as kept; the first has to make those nobody made yet (documents
never pre-annotated). Measured on a fresh import of the scale corpus
(scale_corpus.py), each export a `tagdesk export` process of its own:

- first: nothing tokenized yet;
- second: the same again, every token kept;
- after `tagdesk tokenize` (what pre-annotation and the window's
  background leave): a fresh import tokenized first, then its first export.

Each figure is wall-clock seconds and, in brackets, the CPU seconds of the
process and its workers (on a shared machine the wall clock waits for
others; the CPU time does not). The ratio first / second is the figure to
compare across machines. `--code`
runs the `tagdesk` of another checkout's desktop folder (an older commit,
say), for the before and after in one session.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.scale_corpus import corpus

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "tagdesk-scale"


Timing = tuple[float, float]  # wall-clock seconds, CPU seconds


@dataclass
class Figures:
    documents: int
    first: Timing
    second: Timing
    tokenize: Timing
    after_tokenize: Timing

    @property
    def ratio(self) -> float:
        return self.first[0] / self.second[0]

    @property
    def cpu_ratio(self) -> float:
        return self.first[1] / self.second[1]

    @property
    def after_ratio(self) -> float:
        return self.after_tokenize[1] / self.second[1]

    def describe(self) -> str:
        def shown(timing: Timing) -> str:
            return f"{timing[0]:.1f} s ({timing[1]:.1f} s CPU)"

        return (
            f"{self.documents:,} articles: first export {shown(self.first)}, "
            f"second {shown(self.second)}; first / second {self.ratio:.2f} "
            f"({self.cpu_ratio:.2f} in CPU); tagdesk tokenize {shown(self.tokenize)}, "
            f"then the first export {shown(self.after_tokenize)} "
            f"({self.after_ratio:.2f} of the second in CPU)"
        )


def _timed(env: dict[str, str], *args: str) -> Timing:
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-m", "tagdesk", *args], capture_output=True, text=True, env=env
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"tagdesk {' '.join(args)} failed: {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def run(documents: int, code: Path, cache: Path) -> Figures:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code), str(REPO)])
    env.pop("TAGDESK_DB", None)
    source = corpus(cache, documents).path
    with tempfile.TemporaryDirectory(prefix="tagdesk-first-export-") as folder:
        work = Path(folder)
        db = str(work / "corpus.sqlite3")
        _timed(env, "import", str(source), "--db", db)
        out = str(work / "out.jsonl")
        first = _timed(env, "export", out, "--db", db, "--status", "all")
        second = _timed(env, "export", out, "--db", db, "--status", "all")
        other = str(work / "tokenized.sqlite3")
        _timed(env, "import", str(source), "--db", other)
        has_tokenize = subprocess.run(
            [sys.executable, "-m", "tagdesk", "tokenize", "--help"],
            capture_output=True,
            env=env,
        )
        tokenize = (
            _timed(env, "tokenize", "--db", other) if has_tokenize.returncode == 0 else (0.0, 0.0)
        )
        after = _timed(env, "export", out, "--db", other, "--status", "all")
    return Figures(documents, first, second, tokenize, after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--code", type=Path, default=REPO / "desktop")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    print(run(args.documents, args.code.resolve(), args.cache).describe())


if __name__ == "__main__":
    main()
