"""Fuzzing every reader through `import_paths`, for a bounded time (the `-m slow` step).

Each reader gets BUDGET_SECONDS_PER_FORMAT, half for inputs built in its tool's
shape and bent, half for byte-mutated seed files. Every input runs in a
worker process under a memory limit and an alarm, against a real SQLite file;
see tests/fuzz/harness.py for what every input must satisfy. A failing input
is shrunk by hypothesis and saved under tests/fuzz/failures/.

Run: `python -m pytest -m slow tests/fuzz -s` (-s prints the examples judged).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import strategies as st

from tests.fuzz import strategies as fuzzed
from tests.fuzz.harness import BUDGET_SECONDS_PER_FORMAT, Worker, fuzz
from tests.fuzz.known_problems import KNOWN

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
HALF = BUDGET_SECONDS_PER_FORMAT / 2
KNOWN_BUDGET_SECONDS = 4.0  # each known problem shows on its first inputs


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    running = Worker(tmp_path_factory.mktemp("fuzz-worker"))
    running.start()
    yield running
    running.stop()


STRUCTURED = {
    "spacy-jsonl": fuzzed.prodigy_cases(),
    "doccano": fuzzed.doccano_cases(),
    "label-studio": fuzzed.label_studio_cases(),
    "brat": fuzzed.brat_cases(),
    "conll": fuzzed.conll_cases(),
    "docbin": fuzzed.docbin_cases(),
    "txt": fuzzed.txt_cases(),
}
MUTATED = {
    "spacy-jsonl": fuzzed.seed_cases("prodigy_ner_manual.jsonl"),
    "doccano": st.one_of(
        fuzzed.seed_cases("doccano_label.jsonl"), fuzzed.seed_cases("doccano_entities.jsonl")
    ),
    "label-studio": fuzzed.seed_cases("label_studio.json"),
    "brat": fuzzed.seed_cases("brat"),
    "conll": fuzzed.seed_cases("conll2003.conll"),
    "docbin": fuzzed.docbin_mutations(),
    "txt": fuzzed.seed_cases("article.txt"),
}


@pytest.mark.parametrize("name", list(STRUCTURED))
def test_records_in_the_tools_shape_bent(worker: Worker, name: str) -> None:
    stats = fuzz(f"{name}-records", worker, STRUCTURED[name], HALF)
    assert stats["examples"] > 0


@pytest.mark.parametrize("name", list(MUTATED))
def test_seed_files_with_mutated_bytes(worker: Worker, name: str) -> None:
    stats = fuzz(f"{name}-bytes", worker, MUTATED[name], HALF)
    assert stats["examples"] > 0


@pytest.mark.parametrize("problem", list(KNOWN))
def test_a_known_reader_problem(worker: Worker, problem: str) -> None:
    """Inputs aimed at one problem readers once had; every rule applies, none waived."""
    fuzz(
        f"known-{problem}",
        worker,
        KNOWN[problem],
        KNOWN_BUDGET_SECONDS,
        tolerated=frozenset(),
        shrink=False,
    )


def test_the_seed_corpus_imports_as_it_is(tmp_path: Path) -> None:
    """The control: unmutated seeds satisfy every rule and import."""
    from tests.fuzz.harness import Case, materialise, problems

    running = Worker(tmp_path / "worker")
    running.start()
    try:
        seeds = fuzzed.SEEDS
        for seed in sorted(p.name for p in seeds.iterdir()):
            files = (
                {f"{seed}/{p.name}": p.read_bytes() for p in (seeds / seed).iterdir()}
                if (seeds / seed).is_dir()
                else {seed: (seeds / seed).read_bytes()}
            )
            case = Case(files=files, targets=[seed], claims=fuzzed.lenient_claims(seed, files))
            paths = materialise(case, tmp_path / "input")
            answer = running.run(case, paths)
            assert answer["outcome"] == "imported", (seed, answer)
            assert problems(case, tmp_path / "input", paths, answer) == []
            assert case.claims or seed in ("article.txt", "conll2003.conll") or "doccano" in seed
        case = Case(files={"seed.spacy": fuzzed.docbin_seed()}, targets=["seed.spacy"])
        answer = running.run(case, materialise(case, tmp_path / "input"))
        assert answer["outcome"] == "imported", answer
    finally:
        running.stop()
