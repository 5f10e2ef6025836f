"""A child process that imports one fuzzed input at a time into a real SQLite file.

Run as `python -m tests.fuzz.worker FOLDER`. It reads one JSON request a line
on stdin (`{"paths": [...], "format": null, "unit": "utf16"}`) and answers one
JSON line on the stdout it was started with. Each request gets a fresh copy
of a template database (seeded, so imports also merge into documents already
there), imported into through `import_paths` as `tagdesk import` does, under:

- an address-space limit (RLIMIT_AS): an input that would expand without bound
  fails the allocation here, not the machine, and the peak resident memory of
  every call is measured and reported;
- an alarm: a reader still running after HANG_SECONDS is interrupted and its
  stack reported (the parent also kills a worker that does not answer at all).

Anything the readers print goes to stderr, so stdout carries only answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HANG_SECONDS = 10.0  # one input, however odd, is read in well under this
ADDRESS_SPACE_HEADROOM = 1 << 30  # bytes of address space beyond what the worker holds idle
MEMORY_GROWTH_LIMIT = 256 << 20  # peak resident growth of one call that counts as a blow-up


class Hung(BaseException):
    """Raised by the alarm; a BaseException, so a reader's `except Exception` does not hide it."""


def _alarm(signum: int, frame: object) -> None:
    raise Hung


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux 4.0+)


def _memory_error_in(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 50:
        if isinstance(error, MemoryError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def make_template(folder: Path) -> Path:
    """The database every request starts from: the seed articles and one annotated file."""
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths
    from tests.conftest import SEEDS

    template = folder / "template.sqlite3"
    with open_store(template) as store:
        seeds = Path(__file__).parent / "seeds"
        import_paths(store, [SEEDS, seeds / "prodigy_ner_manual.jsonl"], annotator="fuzz-template")
    return template


def stored(path: Path) -> dict[str, Any]:
    """What the database holds, for the parent's checks on a successful import."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        spans = connection.execute(
            'SELECT d.text, s."start", s."end", l.name, s.note, s.status, s.source, s.annotator '
            "FROM span s JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id"
        ).fetchall()
        return {
            "spans": [
                {
                    "length": len(text),
                    "start": start,
                    "end": end,
                    "label": label,
                    "covered": text[start:end] if isinstance(start, int) else None,
                    "note": note,
                    "strings": [status, source, annotator],
                }
                for text, start, end, label, note, status, source, annotator in spans
            ],
            "texts": [row[0] for row in connection.execute("SELECT text FROM document")],
            "titles": [row[0] for row in connection.execute("SELECT title FROM document")],
            "metas": [row[0] for row in connection.execute("SELECT meta FROM document")],
            "labels": [row[0] for row in connection.execute("SELECT name FROM label")],
            "tags": [row[0] for row in connection.execute("SELECT name FROM tag")],
        }
    finally:
        connection.close()


def handle(request: dict[str, Any], template: Path, work: Path, before: str) -> dict[str, Any]:
    from tagdesk.core.errors import TagdeskError
    from tagdesk.store import open_store
    from tagdesk.transfer import import_paths
    from tests.helpers import database_fingerprint

    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(template, work)
    paths = [Path(p) for p in request["paths"]]
    resident = _status_kib("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    answer: dict[str, Any]
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        with open_store(work) as store:
            summary = import_paths(
                store,
                paths,
                format_name=request.get("format"),
                annotator="fuzz",
                unit=request.get("unit", "utf16"),
            )
        answer = {"outcome": "imported", "added": summary.documents_added}
    except Hung:
        answer = {"outcome": "hang", "traceback": traceback.format_exc(limit=-8)}
    except TagdeskError as error:
        answer = {
            "outcome": "refused",
            "error": type(error).__name__,
            "message": str(error),
            "memory_error": _memory_error_in(error),
        }
    except BaseException as error:  # the fuzzer's finding: a traceback the user would see
        answer = {
            "outcome": "crashed",
            "error": type(error).__name__,
            "message": str(error)[:500],
            "memory_error": _memory_error_in(error),
            "traceback": traceback.format_exc(limit=-12),
        }
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    answer["seconds"] = round(time.perf_counter() - started, 3)
    answer["growth"] = max(0, _status_kib("VmHWM") - resident) * 1024
    if answer["outcome"] == "refused":
        answer["unchanged"] = database_fingerprint(work) == before
    elif answer["outcome"] == "imported":
        answer["database"] = stored(work)
    return answer


def main() -> None:
    folder = Path(sys.argv[1])
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever a library prints goes to stderr
    sys.stdout = sys.stderr
    import spacy.tokens  # noqa: F401  (the DocBin reader's import, paid once)

    from tests.helpers import database_fingerprint

    template = make_template(folder)
    before = database_fingerprint(template)
    work = folder / "work.sqlite3"
    signal.signal(signal.SIGALRM, _alarm)
    idle = _status_kib("VmSize") * 1024
    limit = idle + ADDRESS_SPACE_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    answers.write(json.dumps({"ready": True, "address_space_limit": limit}) + "\n")
    answers.flush()
    for line in sys.stdin:
        request = json.loads(line)
        answer = handle(request, template, work, before)
        answers.write(json.dumps(answer, ensure_ascii=True) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
