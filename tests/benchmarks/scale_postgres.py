"""The scale benchmark on PostgreSQL, beside SQLite and beside the bare driver, in one run.

    PYTHONPATH=desktop python -m tests.benchmarks.scale_postgres [--documents 100000] \\
        [--repeat 1] [--cache /tmp/tagdesk-scale] [--write BENCHMARKS.md]

Starts a PostgreSQL server of its own on loopback (tests/postgres_server.py:
the test server, fsync off), and measures on the same corpus as
tests.benchmarks.scale:

- import: `tagdesk import corpus.jsonl` into a file and into a server
  database, against scale_bare's rows (documents, spans, tags and counts,
  parsed with orjson) inserted with psycopg2's `execute_values` in one
  transaction (the per-row triggers set aside, as Tagdesk's bulk import sets
  them aside), and the words search reads filled in one statement;
- `tagdesk copy` of the imported file, its tokens kept, to a new server database;
- export (spacy-jsonl, tokens stored) from both, against scale_bare's export
  reading the server through psycopg2 (the same bytes, checked);
- the window's document list on both: sort, filter, search (scale_window).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.markdown import write_section
from tests.benchmarks.scale import (
    ANNOTATOR,
    DEFAULT_CACHE,
    Run,
    _environment,
    _json_output,
    _run,
    file_digest,
)
from tests.benchmarks.scale_bare import Rows, ServerConnection, read_into

SECTION = "Scale on PostgreSQL"
PAGE = 1000


def bare_server_import(source: Path, url: str) -> None:
    """scale_bare's rows, the same Tagdesk's import writes (documents, spans, tags, counts),
    through execute_values in one transaction, and the search words filled in one statement.

    The per-row triggers are set aside for the transaction, as Tagdesk's bulk
    import sets them aside; before the words had a table of their own, an index
    over the texts filled them for every insert (store.server_schema).
    """
    from datetime import UTC, datetime

    import psycopg2
    from psycopg2.extras import execute_values

    connection = psycopg2.connect(url)
    cursor = connection.cursor()
    cursor.execute("SELECT set_config('tagdesk.bulk_import', 'on', true)")
    cursor.execute("SELECT name, id FROM label")
    labels = dict(cursor.fetchall())
    cursor.execute("SELECT name, id FROM tag")
    tags = dict(cursor.fetchall())
    cursor.execute("SELECT nextval('document_id_seq'), nextval('span_id_seq')")
    document_id, span_id = (value - 1 for value in cursor.fetchone())

    def tag(name: str) -> int:
        if name not in tags:
            cursor.execute("INSERT INTO tag (name) VALUES (%s) RETURNING id", (name,))
            tags[name] = cursor.fetchone()[0]
        return int(tags[name])

    def flush(rows: Rows) -> None:
        for insert, values in rows.tables():
            if values:
                execute_values(cursor, f"{insert} VALUES %s", values, page_size=PAGE)

    rows = Rows(labels, tag, source=source.name, annotator=ANNOTATOR,
                now=datetime.now(UTC).replace(tzinfo=None), document_id=document_id,
                span_id=span_id)  # fmt: skip
    read_into(source, rows, flush)
    cursor.execute(
        "INSERT INTO document_words (document_id, words) "
        "SELECT id, tagdesk_search_vector(text) FROM document"
    )
    cursor.execute("ANALYZE document_words")
    cursor.execute("SELECT setval('document_id_seq', %s), setval('span_id_seq', %s)",
                   (rows.document_id, rows.span_id))  # fmt: skip
    connection.commit()
    connection.close()


ROW_TABLES = ("document", "span", "tag", "document_tag", "span_tag", "document_counts",
              "document_labels", "document_words")  # fmt: skip


def row_counts(url: str) -> dict[str, int]:
    """How many rows each table holds: the bare import and Tagdesk's must agree."""
    connection = ServerConnection(url)
    try:
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"')[0][0] for t in ROW_TABLES}
    finally:
        connection.close()


def _worker(name: str, args: list[str]) -> dict[str, Any]:
    import resource

    from tests.benchmarks import scale_bare

    started = time.perf_counter()
    if name == "import-bare-server":
        bare_server_import(Path(args[0]), args[1])
    elif name == "export-bare-server":
        scale_bare.bare_export(args[0], Path(args[1]))
    elif name == "copy-tagdesk":
        from tagdesk.cli import main

        if main(["copy", "--from", args[0], "--to", args[1]]):
            raise SystemExit(1)
    else:
        raise SystemExit(f"no worker {name}")
    return {
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _own(env: dict[str, str], name: str, *args: str) -> Run:
    report = _json_output(env, ["-m", "tests.benchmarks.scale_postgres", "--worker", name, *args],
                          name)  # fmt: skip
    return Run(report["seconds"], report["peak_rss_mb"])


def _window(env: dict[str, str], target: str, folder: Path) -> dict[str, Any]:
    code = (
        "import json, sys; from pathlib import Path; "
        "from tests.benchmarks.scale_window import measure; "
        "print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))"
    )
    return _json_output(env, ["-c", code, target, str(folder)], f"the window on {target}")


def run(documents: int, repeat: int, cache: Path) -> dict[str, Any]:
    from tagdesk.store import open_store
    from tests.benchmarks.scale_corpus import corpus
    from tests.postgres_server import PostgresServer, find_bindir

    info = corpus(cache, documents)
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl)")
    figures: dict[str, Any] = {"documents": info.documents, "spans": info.spans, "repeat": repeat}
    with (
        PostgresServer(bindir) as server,
        tempfile.TemporaryDirectory(prefix="tagdesk-scale-pg-", dir=cache) as name,
    ):
        folder = Path(name)
        env = _environment(folder)
        imports: dict[str, list[Run]] = {"sqlite": [], "server": [], "bare": []}
        for turn in range(repeat):
            bare = server.url(server.create_database())
            open_store(bare).close()
            imports["bare"].append(_own(env, "import-bare-server", str(info.path), bare))
            file = folder / f"tagdesk-{turn}.sqlite3"
            imports["sqlite"].append(_run(env, "import-tagdesk", str(info.path), str(file)))
            url = server.url(server.create_database())
            imports["server"].append(_run(env, "import-tagdesk", str(info.path), url))
        figures["imports"] = imports
        figures["same_rows"] = row_counts(bare) == row_counts(url)
        out = folder / "out.jsonl"
        _run(env, "export-tagdesk", str(file), str(out))  # tokenizes once, keeps the tokens
        copied = server.url(server.create_database())
        figures["copy"] = _own(env, "copy-tagdesk", str(file), copied)
        exports: dict[str, list[Run]] = {"sqlite": [], "server": [], "bare": []}
        same = True
        for _ in range(repeat):
            exports["sqlite"].append(_run(env, "export-tagdesk", str(file), str(out)))
            reference = file_digest(out)
            exports["server"].append(_run(env, "export-tagdesk", copied, str(out)))
            same = same and file_digest(out) == reference
            exports["bare"].append(_own(env, "export-bare-server", copied, str(out)))
            same = same and file_digest(out) == reference
        out.unlink()
        figures["exports"] = exports
        figures["same_export"] = same
        figures["window"] = {
            "sqlite": _window(env, str(file), folder),
            "server": _window(env, copied, folder),
        }
    return figures


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def report(figures: dict[str, Any]) -> str:
    imports = {kind: _median(runs) for kind, runs in figures["imports"].items()}
    exports = {kind: _median(runs) for kind, runs in figures["exports"].items()}
    window = figures["window"]
    same_found = window["sqlite"]["search_rows"] == window["server"]["search_rows"]
    lines = [
        f"Corpus: the scale corpus at {figures['documents']:,} articles, "
        f"{figures['spans']:,} spans; medians of {figures['repeat']} run(s), each in a fresh "
        "process. PostgreSQL 15 on loopback on the same machine, the test server's settings "
        "(fsync off: the ratios compare Tagdesk with the bare driver on the same server).",
        "",
        "| measurement | SQLite file | PostgreSQL | bare psycopg2, same work | "
        "PostgreSQL ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    ratio = imports["bare"] / imports["server"]
    lines.append(
        f"| import, JSON lines with spans | {imports['sqlite']:.1f} s | {imports['server']:.1f} s "
        f"| {imports['bare']:.1f} s: orjson + `execute_values`, one transaction, the same rows "
        "(documents, spans, tags, counts) and search words | "
        f"**{ratio:.2f}** | at least 0.5: {_verdict(ratio >= 0.5)} |"
    )
    ratio = exports["bare"] / exports["server"]
    lines.append(
        f"| export to spacy-jsonl, tokens stored | {exports['sqlite']:.1f} s | "
        f"{exports['server']:.1f} s | {exports['bare']:.1f} s: scale_bare's export through "
        f"psycopg2, same bytes | **{ratio:.2f}** | at least 0.5: {_verdict(ratio >= 0.5)} |"
    )
    lines.append(
        f"| `tagdesk copy` of the file, tokens included, to a new server database | | "
        f"{figures['copy'].seconds:.1f} s | | | |"
    )
    for kind, limit in (("sort", 100), ("filter", 100), ("search", 200)):
        slowest = {
            engine: max(window[engine][kind].items(), key=lambda item: item[1])
            for engine in ("sqlite", "server")
        }
        lines.append(
            f"| list, {kind} (slowest) | {slowest['sqlite'][1]:.0f} ms ({slowest['sqlite'][0]}) "
            f"| {slowest['server'][1]:.0f} ms ({slowest['server'][0]}) | | | under {limit} ms: "
            f"{_verdict(slowest['server'][1] < limit)} |"
        )
    lines.append(
        f"| list, scroll to the end | {window['sqlite']['scroll_to_end']:.0f} ms | "
        f"{window['server']['scroll_to_end']:.0f} ms | | | under 100 ms: "
        f"{_verdict(window['server']['scroll_to_end'] < 100)} |"
    )
    lines += [
        "",
        f"Same work checked: both server imports hold the same numbers of rows in every "
        f"table: **{'yes' if figures['same_rows'] else 'NO'}**; "
        f"the three exports are the same bytes: "
        f"**{'yes' if figures['same_export'] else 'NO'}**; both lists find the same numbers "
        f"of documents: **{'yes' if same_found else 'NO'}**.",
        "",
        "PostgreSQL list, every measurement (ms): "
        + "; ".join(
            f"{kind} {k} {v:.0f}"
            for kind in ("sort", "filter", "search")
            for k, v in window["server"][kind].items()
        )
        + ".",
        "",
        "PostgreSQL list, until the rest of the list, read behind the first page it shows "
        "at once, has come as rows too (ms): "
        + "; ".join(f"{k} {v:.0f}" for k, v in window["server"].get("whole_list", {}).items())
        + ".",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--write", type=Path, help="also put the figures into this Markdown file")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker[0], args.worker[1:])))
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    text = report(run(args.documents, args.repeat, args.cache))
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
