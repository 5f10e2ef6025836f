"""The baselines of the scale benchmark: the same work with the bare libraries.

Each does what Tagdesk does to the same data, written the direct way with
`sqlite3`, `orjson` and `hashlib` and nothing of Tagdesk's:

- `bare_import`: read the JSON lines, parse each with orjson, hash the text,
  and insert documents, spans and tags with `executemany` in one transaction,
  into a database with Tagdesk's tables and indexes. With `derived`, also
  the span counts (per document, per document and label), the list's sort
  keys (store.list_keys) and the search index Tagdesk keeps, so the
  database ends up holding what Tagdesk's import leaves.
- `bare_export`: read the documents, spans, tags and stored tokens with
  `sqlite3` and write the same spaCy JSON lines, byte for byte, with orjson,
  synced to disk as Tagdesk's atomic export is.
- `bare_stats`: the same counts as `tagdesk stats`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import accumulate, count
from pathlib import Path
from typing import Any

import orjson

PRAGMAS = ("foreign_keys = ON", "synchronous = FULL", "cache_size = -64000")
BATCH = 500


def connect(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(f"PRAGMA {pragma}")
    return connection


def drop_triggers(database: Path) -> None:
    """The per-row triggers Tagdesk's schema has; a bulk load goes without them."""
    connection = connect(database)
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    for (name,) in rows.fetchall():
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.close()


class Rows:
    """The rows Tagdesk's import writes for the records of a JSON lines file, a batch at a time:
    the same for SQLite and the server, which differ only in how they insert them."""

    def __init__(
        self,
        labels: dict[str, int],
        tag: Callable[[str], int],
        *,
        source: str,
        annotator: str,
        now: object,
        document_id: int,
        span_id: int,
    ) -> None:
        self.labels, self.tag, self.source, self.annotator, self.now = (
            labels, tag, source, annotator, now,
        )  # fmt: skip
        self.document_id, self.span_id = document_id, span_id
        self.documents: list[tuple[Any, ...]] = []
        self.spans: list[tuple[Any, ...]] = []
        self.document_tags: list[tuple[int, int]] = []
        self.span_tags: list[tuple[int, int]] = []
        self.counts: list[tuple[int, int, int, float | None, str]] = []
        self.labelled: list[tuple[int, int, int, int]] = []

    def add(self, record: dict[str, Any]) -> None:
        text = record["text"]
        self.document_id += 1
        document_id, now = self.document_id, self.now
        self.documents.append(
            (
                document_id,
                text,
                text[: text.index("\n")].strip(),
                self.source,
                orjson.dumps(record.get("meta", {})).decode(),
                hashlib.sha256(text.encode()).hexdigest(),
                record.get("status", "todo"),
                now,
                now,
            )
        )
        accepted = suggested = 0
        per_label: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for span in record["spans"]:
            self.span_id += 1
            status = span.get("status", "accepted")
            accepted += status == "accepted"
            suggested += status == "suggested"
            label_id = self.labels[span["label"]]
            per_label[label_id][status == "rejected"] += 1
            self.spans.append(
                (
                    self.span_id,
                    document_id,
                    span["start"],
                    span["end"],
                    label_id,
                    span.get("source", "import:auto"),
                    status,
                    span.get("note", ""),
                    # A suggestion whose file names no annotator is shared, as Tagdesk imports it.
                    span.get("annotator") or (self.annotator if status != "suggested" else ""),
                    now,
                    now,
                )
            )
            self.span_tags.extend((self.span_id, self.tag(name)) for name in span.get("tags", ()))
        tags = record.get("tags", ())
        self.document_tags.extend((document_id, self.tag(name)) for name in tags)
        # The list's kept sort keys (store.list_keys, schema 13): the least score of the open
        # suggestions (none here: the corpus's spans carry no meta), the first tag marked '#'.
        tag_key = "#" + min(tags) if tags else ""
        self.counts.append((document_id, accepted, suggested, None, tag_key))
        self.labelled.extend((label, document_id, *n) for label, n in per_label.items())

    def tables(self) -> list[tuple[str, list[Any]]]:
        """(INSERT INTO ... without VALUES, rows) for each table, in the order they refer."""
        return [
            (
                "INSERT INTO document (id, text, title, source, meta, sha256, status, "
                "created_at, updated_at)",
                self.documents,
            ),
            (
                'INSERT INTO span (id, document_id, "start", "end", label_id, source, status, '
                "note, annotator, created_at, updated_at)",
                self.spans,
            ),
            ("INSERT INTO document_tag", self.document_tags),
            ("INSERT INTO span_tag", self.span_tags),
            ("INSERT INTO document_counts", self.counts),
            ("INSERT INTO document_labels", self.labelled),
        ]

    def clear(self) -> None:
        for _, rows in self.tables():
            rows.clear()


def read_into(source: Path, rows: Rows, flush: Callable[[Rows], None]) -> None:
    """Parse each line with orjson into `rows`, and hand them to `flush` a batch at a time."""
    with source.open("rb") as stream:
        for line in stream:
            rows.add(orjson.loads(line))
            if len(rows.documents) >= BATCH:
                flush(rows)
                rows.clear()
    flush(rows)
    rows.clear()


def bare_import(source: Path, database: Path, *, derived: bool, annotator: str) -> None:
    connection = connect(database)
    labels = dict(connection.execute("SELECT name, id FROM label").fetchall())
    tags = dict(connection.execute("SELECT name, id FROM tag").fetchall())
    cursor = connection.cursor()
    cursor.execute("BEGIN IMMEDIATE")
    document_id = cursor.execute("SELECT COALESCE(MAX(id), 0) FROM document").fetchone()[0]
    first_id = document_id + 1
    span_id = cursor.execute("SELECT COALESCE(MAX(id), 0) FROM span").fetchone()[0]

    def tag(name: str) -> int:
        if name not in tags:
            cursor.execute("INSERT INTO tag (name) VALUES (?)", (name,))
            tags[name] = cursor.lastrowid
        return int(tags[name])

    def flush(rows: Rows) -> None:
        for insert, values in rows.tables()[: None if derived else 4]:
            if values:
                cursor.executemany(f"{insert} VALUES ({', '.join('?' * len(values[0]))})", values)

    now = str(datetime.now(UTC).replace(tzinfo=None))
    read_into(
        source,
        Rows(labels, tag, source=source.name, annotator=annotator, now=now,
             document_id=document_id, span_id=span_id),
        flush,
    )  # fmt: skip
    if derived:
        cursor.execute(
            "INSERT INTO document_fts (rowid, text) SELECT id, text FROM document WHERE id >= ?",
            (first_id,),
        )
    cursor.execute("COMMIT")
    connection.close()


def _stable_hash(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=4)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _tokens(data: bytes) -> tuple[list[int], list[int], list[bool]]:
    """Tagdesk's stored tokens: byte 1, uint16 lengths, one whitespace byte a token."""
    n = (len(data) - 1) // 3
    lengths = array("H")
    lengths.frombytes(data[1 : 1 + 2 * n])
    spaces = data[1 + 2 * n :]
    steps = [0] * (2 * n)
    steps[0::2] = lengths
    steps[1::2] = spaces
    bounds = list(accumulate(steps, initial=0))
    return bounds[0 : 2 * n : 2], bounds[1 : 2 * n : 2], list(map(bool, spaces))


def _record(
    row: tuple[Any, ...],
    spans: list[tuple[Any, ...]],
    tags: list[str],
    tokens: tuple[list[int], list[int], list[bool]],
) -> dict[str, Any]:
    _id, text, title, source, meta_json, status = row
    meta = orjson.loads(meta_json)
    meta["title"] = title
    if source:
        meta["source"] = source
    starts, ends, spaces = tokens
    entries = []
    for start, end, label, span_status, span_source, note, annotator, span_tags in spans:
        entry: dict[str, Any] = {"start": start, "end": end, "label": label}
        first = bisect_left(starts, start)
        last = bisect_left(ends, end)
        if (
            first < len(starts)
            and starts[first] == start
            and last < len(ends)
            and ends[last] == end
        ):
            entry["token_start"], entry["token_end"] = first, last  # only on token boundaries
        entry["text"] = text[start:end]
        entry["source"] = span_source
        entry["status"] = span_status
        if annotator:
            entry["annotator"] = annotator
        if span_tags:
            entry["tags"] = sorted(span_tags)
        if note:
            entry["note"] = note
        entries.append(entry)
    input_hash = _stable_hash(text)
    task_key = "|".join(f"{e['start']}:{e['end']}:{e['label']}" for e in entries)
    return {
        "text": text,
        "meta": meta,
        "tokens": [
            {"text": text[s:e], "start": s, "end": e, "id": i, "ws": w}
            for i, s, e, w in zip(count(), starts, ends, spaces, strict=False)
        ],
        "spans": entries,
        "relations": [],  # the scale corpus has none; Tagdesk writes the key on every line
        "answer": "accept",
        "_input_hash": input_hash,
        "_task_hash": _stable_hash(str(input_hash), task_key),
        "tags": sorted(tags),
        "status": status,
    }


class ServerConnection:
    """What the export asks of sqlite3, answered by psycopg2 (`?` as `%s`, bytea as bytes)."""

    def __init__(self, url: str) -> None:
        import psycopg2

        self.connection = psycopg2.connect(url)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]

    def close(self) -> None:
        self.connection.close()


def reader(database: Path | str) -> Any:
    """A connection to read with: sqlite3 for a file, psycopg2 for a server URL."""
    if str(database).startswith("postgresql://"):
        return ServerConnection(str(database))
    return connect(Path(database))


def bare_export(database: Path | str, out: Path) -> None:
    """Every document with accepted and suggested spans: `export --status all --spans all`,
    from a file or a server."""
    connection = reader(database)
    labels = dict(connection.execute("SELECT id, name FROM label"))
    tag_names = dict(connection.execute("SELECT id, name FROM tag"))
    last_id = 0
    with out.open("wb") as stream:
        while True:
            rows = list(
                connection.execute(
                    "SELECT id, text, title, source, meta, status FROM document WHERE id > ? "
                    "ORDER BY id LIMIT ?",
                    (last_id, BATCH),
                )
            )
            if not rows:
                break
            bounds = (rows[0][0], rows[-1][0])
            last_id = bounds[1]
            span_tags: dict[int, list[str]] = defaultdict(list)
            for span_id, tag_id in connection.execute(
                "SELECT st.span_id, st.tag_id FROM span_tag st JOIN span s ON s.id = st.span_id "
                "WHERE s.document_id BETWEEN ? AND ?",
                bounds,
            ):
                span_tags[span_id].append(tag_names[tag_id])
            spans: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            for (
                span_id,
                document_id,
                start,
                end,
                label_id,
                status,
                source,
                note,
                who,
            ) in connection.execute(
                'SELECT id, document_id, "start", "end", label_id, status, source, note, '
                "annotator FROM span WHERE document_id BETWEEN ? AND ? "
                "AND status IN ('accepted', 'suggested') "
                'ORDER BY document_id, "start", "end", id',
                bounds,
            ):
                spans[document_id].append(
                    (start, end, labels[label_id], status, source, note, who, span_tags[span_id])
                )
            tags: dict[int, list[str]] = defaultdict(list)
            for document_id, tag_id in connection.execute(
                "SELECT document_id, tag_id FROM document_tag WHERE document_id BETWEEN ? AND ?",
                bounds,
            ):
                tags[document_id].append(tag_names[tag_id])
            tokens = dict(
                connection.execute(
                    "SELECT document_id, data FROM document_tokens "
                    "WHERE document_id BETWEEN ? AND ?",
                    bounds,
                )
            )
            for row in rows:
                record = _record(row, spans[row[0]], tags[row[0]], _tokens(tokens[row[0]]))
                stream.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        stream.flush()
        os.fsync(stream.fileno())
    connection.close()


def bare_stats(database: Path) -> dict[str, Any]:
    connection = connect(database)
    documents = dict(
        connection.execute("SELECT status, COUNT(*) FROM document GROUP BY status").fetchall()
    )
    labels = dict(connection.execute("SELECT id, name FROM label").fetchall())
    spans = connection.execute(
        "SELECT label_id, status, COUNT(*) FROM span GROUP BY label_id, status"
    ).fetchall()
    connection.close()
    by_label: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for label_id, status, number in spans:
        by_label[labels[label_id]] += number
        by_status[status] += number
    return {"documents": documents, "by_label": dict(by_label), "by_status": dict(by_status)}


if __name__ == "__main__":  # pragma: no cover - run through tests.benchmarks.scale
    sys.exit("run python -m tests.benchmarks.scale")
