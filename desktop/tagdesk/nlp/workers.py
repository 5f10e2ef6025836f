"""Running a pipeline in several worker processes that send back only offsets.

spaCy's own `n_process` ships whole Docs back to the parent and lets Ctrl+C
print a traceback from every worker. These workers load the pipeline
themselves (spawned, so they are safe to start from any process), take
chunks of (document id, text), answer with `FoundEntities`, ignore Ctrl+C
(the parent stops them) and quit when the parent is gone.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.process import BaseProcess
from typing import Any

from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import FoundEntities

Chunk = list[tuple[int, str]]
POLL_SECONDS = 0.5


def find_entities_in_processes(
    model: str,
    chunks: Iterable[Chunk],
    *,
    processes: int,
    batch_size: int = 32,
    scores: bool = False,
) -> Iterator[tuple[str, list[FoundEntities]]]:
    """(pipeline source, results) for each chunk, in the order the workers finish them."""
    context = multiprocessing.get_context("spawn")
    tasks: Any = context.Queue()
    results: Any = context.Queue()
    workers = [
        context.Process(
            target=serve,
            args=(model, batch_size, tasks, results, scores),
            name=f"tagdesk-ner-{number}",
            daemon=True,
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


def _receive(results: Any, workers: Sequence[BaseProcess]) -> tuple[str, list[FoundEntities]]:
    while True:
        try:
            message = results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            for worker in workers:
                if worker.exitcode is not None:
                    code = worker.exitcode
                    raise TagdeskError(
                        f"a pre-annotation worker stopped unexpectedly (exit code {code})"
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


def serve(model: str, batch_size: int, tasks: Any, results: Any, scores: bool = False) -> None:
    """A worker's life: load the pipeline, then answer chunks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from tagdesk.nlp.pipeline import find_entities, load_ner_pipeline

    try:
        pipeline = load_ner_pipeline(model)
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
            found = list(find_entities(pipeline, chunk, batch_size=batch_size, scores=scores))
        except Exception as error:
            results.put(("error", f"{model}: pre-annotation failed: {error}"))
            return
        results.put(("done", pipeline.source, found))
