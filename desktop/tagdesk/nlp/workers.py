"""Running a pipeline in several worker processes that send back only offsets.

spaCy's own `n_process` ships whole Docs back to the parent and lets Ctrl+C
print a traceback from every worker. These workers load the pipeline
themselves (spawned, so they are safe to start from any process), take
chunks of (document id, text), answer with `FoundEntities` (pre-annotation)
or with encoded tokens (an export's tokens), ignore Ctrl+C (the parent
stops them) and quit when the parent is gone.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.process import BaseProcess
from typing import Any

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.relations import RelationTypeRecord

Chunk = list[tuple[int, str]]
EncodedTokens = list[tuple[int, bytes]]  # document id, tagdesk.store.tokens.encode_tokens(...)
POLL_SECONDS = 0.5
ENTITIES = "entities"
TOKENS = "tokens"
Job = tuple[str, str, int, bool, tuple[RelationTypeRecord, ...]]


def find_entities_in_processes(
    model: str,
    chunks: Iterable[Chunk],
    *,
    processes: int,
    batch_size: int = 32,
    scores: bool = False,
    relation_types: tuple[RelationTypeRecord, ...] = (),
) -> Iterator[tuple[str, list[FoundEntities]]]:
    """(pipeline source, results) for each chunk, in the order the workers finish them.

    Each result carries its Doc's tokens, for the store to keep, and with
    `relation_types` the relations the dependency rules suggest.
    """
    job = (ENTITIES, model, batch_size, scores, relation_types)
    yield from _answers(job, chunks, processes, "tagdesk-ner")


def tokenize_in_processes(
    model: str, chunks: Iterable[Chunk], *, processes: int
) -> Iterator[tuple[str, EncodedTokens]]:
    """(name the tokens are kept under, their encoded tokens) for each chunk, as finished.

    `model` is a pipeline's name or folder, or "" for spaCy's blank English tokenizer.
    """
    yield from _answers((TOKENS, model, 0, False, ()), chunks, processes, "tagdesk-tokens")


def _answers(
    job: Job, chunks: Iterable[Chunk], processes: int, name: str
) -> Iterator[tuple[str, Any]]:
    context = multiprocessing.get_context("spawn")
    tasks: Any = context.Queue()
    results: Any = context.Queue()
    workers = [
        context.Process(
            target=serve, args=(job, tasks, results), name=f"{name}-{number}", daemon=True
        )
        for number in range(processes)
    ]
    for worker in workers:
        worker.start()
    finished = False
    try:
        pending = iter(chunks)
        in_flight = 0
        exhausted = False
        while True:
            while not exhausted and in_flight < 2 * processes:
                chunk = next(pending, None)
                if chunk is None:
                    exhausted = True
                else:
                    tasks.put(chunk)
                    in_flight += 1
            if in_flight == 0:
                break
            source, found = _receive(results, workers)
            in_flight -= 1
            yield source, found
        finished = True
    finally:
        _stop(workers, tasks, gently=finished)


def _receive(results: Any, workers: Sequence[BaseProcess]) -> tuple[str, Any]:
    while True:
        try:
            message = results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            for worker in workers:
                if worker.exitcode is not None:
                    code = worker.exitcode
                    raise TagdeskError(
                        f"a worker process stopped unexpectedly (exit code {code})"
                    ) from None
            continue
        kind, *payload = message
        if kind == "error":
            raise TagdeskError(payload[0])
        return payload[0], payload[1]


def _stop(workers: Sequence[BaseProcess], tasks: Any, *, gently: bool) -> None:
    if gently:
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join(timeout=10)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join(timeout=5)
    tasks.cancel_join_thread()  # chunks no worker took must not keep the parent waiting
    tasks.close()


def serve(job: Job, tasks: Any, results: Any) -> None:
    """A worker's life: load the pipeline, then answer chunks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        answer = _answerer(*job)
    except Exception as error:  # reported to the parent, which shows it as one line
        results.put(("error", str(error)))
        return
    parent = multiprocessing.parent_process()
    while True:
        try:
            chunk = tasks.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return
            continue
        if chunk is None:
            return
        try:
            results.put(("done", *answer(chunk)))
        except Exception as error:
            what = "pre-annotation" if job[0] == ENTITIES else "tokenizing"
            results.put(("error", f"{job[1] or 'spaCy'}: {what} failed: {error}"))
            return


def _answerer(
    kind: str,
    model: str,
    batch_size: int,
    scores: bool,
    relation_types: tuple[RelationTypeRecord, ...],
) -> Callable[[Chunk], tuple[str, Any]]:
    if kind == TOKENS:
        from tagdesk.nlp.tokens import model_tokenizer, spacy_tokenizer
        from tagdesk.store.tokens import encode_tokens

        tokenizer = model_tokenizer(model) if model else spacy_tokenizer()
        tokenizer.tokenize("")  # load it now: a failure is told before any chunk

        def tokens(chunk: Chunk) -> tuple[str, EncodedTokens]:
            made = tokenizer.tokenize
            return tokenizer.name, [(i, encode_tokens(made(text))) for i, text in chunk]

        return tokens
    from tagdesk.nlp.pipeline import find_entities, load_ner_pipeline

    pipeline = load_ner_pipeline(model, relations=bool(relation_types))

    def entities(chunk: Chunk) -> tuple[str, list[FoundEntities]]:
        found = find_entities(
            pipeline,
            chunk,
            batch_size=batch_size,
            scores=scores,
            keep_tokens=True,
            relation_types=relation_types,
        )
        return pipeline.source, list(found)

    return entities
