"""Several processes writing one database at once, on a file and on a server: two
`tagdesk import`s, a `tagdesk preannotate`, and three editors that read a span and a
document, change them and write them back as a window does (retrying a write refused
as stale). Every row each wrote is there, the kept counts match a recount, no id is
handed out twice, and no read-then-write loses another's write."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, open_store
from tagdesk.store.importing import import_documents
from tests.helpers import write_jsonl
from tests.reliability.processes import start, tagdesk

IMPORTED = 120  # documents each import adds
EDITORS = 3
ROUNDS = 12  # read-change-write rounds of each editor
SHARED = "Qasem Soleimani visited Tikrit and Baghdad with Hadi al-Amiri."

EDITOR = """
import json
import sys
from dataclasses import replace

from tagdesk.core.errors import ChangedSinceError
from tagdesk.store import open_store
from tagdesk.store.editing import (
    apply_document_state, apply_span_states, create_span, document_spans, document_state,
)

target, name, rounds, shared_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
created, refused = [], 0
with open_store(target) as store:
    for n in range(rounds):
        while True:  # what a window shows, then the analyst's edit on it
            shared = next(s for s in document_spans(store, 1) if s.id == shared_id)
            try:
                apply_span_states(
                    store,
                    [(shared.id, replace(shared, note=shared.note + f"{name}.{n} "))],
                    replacing=[(shared.id, shared)],
                )
                break
            except ChangedSinceError:
                refused += 1
        while True:
            shown = document_state(store, 1)
            try:
                apply_document_state(
                    store, replace(shown, tags=(*shown.tags, f"{name}-{n}")), replacing=shown
                )
                break
            except ChangedSinceError:
                refused += 1
        span = create_span(store, 1, 16, 23, 3, annotator=name)  # made, then deleted
        created.append(span.id)
        apply_span_states(store, [(span.id, None)], replacing=[(span.id, span)])
        created.append(create_span(store, 2, 0, 5, 1, annotator=name).id)  # made and kept
print(json.dumps({"created": created, "refused": refused}))
"""


def prepare(store: Store) -> int:
    """The shared document with one span, and another document; returns the span's id."""
    import_documents(
        store,
        [
            IncomingDocument(text=SHARED, spans=[IncomingSpan(0, 15, "PERSON")]),
            IncomingDocument(text="Mosul fell in June."),
        ],
        annotator="tester",
        source="t",
    )
    return int(store.execute("SELECT id FROM span").fetchone()[0])


def sources(folder: Path) -> list[Path]:
    """Two files of new documents; each also re-tags the shared document."""
    return [
        write_jsonl(
            folder / f"import-{which}.jsonl",
            [{"text": SHARED, "tags": [f"import-{which}"]}]
            + [
                {
                    "text": f"Dispatch {which}-{n} from Mosul",
                    "spans": [{"start": 0, "end": 8, "label": "ORG"}],
                }
                for n in range(IMPORTED)
            ],
        )
        for which in ("a", "b")
    ]


def recounted(store: Store) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The kept counts, and the same counted again from the spans."""
    kept = store.execute(
        "SELECT document_id, accepted, suggested FROM document_counts ORDER BY 1"
    ).fetchall()
    counted = store.execute(
        "SELECT d.id, COALESCE(SUM(CASE WHEN s.status = 'accepted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN s.status = 'suggested' THEN 1 ELSE 0 END), 0) "
        'FROM "document" d LEFT JOIN span s ON s.document_id = d.id GROUP BY d.id ORDER BY 1'
    ).fetchall()
    return [tuple(row) for row in kept], [tuple(row) for row in counted]


def test_imports_preannotation_and_editors_at_once_lose_nothing(
    engine_target: str, tmp_path: Path
) -> None:
    with open_store(engine_target) as store:
        shared = prepare(store)
    children = {
        f"import-{which}": start(tagdesk("import", str(path), "--db", engine_target))
        for which, path in zip("ab", sources(tmp_path), strict=True)
    }
    children["preannotate"] = start(
        tagdesk("preannotate", "--db", engine_target, "--all", "--batch-size", "1")
    )
    for number in range(EDITORS):
        name = f"editor{number}"
        children[name] = start(
            [sys.executable, "-c", EDITOR, engine_target, name, str(ROUNDS), str(shared)]
        )
    outputs = {}
    for name, child in children.items():
        out, errors = child.communicate(timeout=180)
        assert child.returncode == 0, f"{name}: {errors}"
        outputs[name] = out
    editors = [json.loads(outputs[f"editor{n}"]) for n in range(EDITORS)]

    with open_store(engine_target) as store:
        documents = store.execute('SELECT COUNT(*) FROM "document"').fetchone()[0]
        assert documents == 2 + 2 * IMPORTED  # every document of both imports, once
        for which in "ab":
            spans = store.execute(
                'SELECT COUNT(*) FROM span s JOIN "document" d ON d.id = s.document_id '
                "WHERE d.text LIKE ? AND s.source != 'manual' AND s.status = 'accepted'",
                (f"Dispatch {which}-%",),
            ).fetchone()[0]
            assert spans == IMPORTED, which
        # No read-then-write lost another's write: every editor's every round is in the note,
        # and every tag each added is on the document, beside those the imports added.
        note = store.execute("SELECT note FROM span WHERE id = ?", (shared,))
        marks = sorted(note.fetchone()[0].split())
        assert marks == sorted(f"editor{e}.{n}" for e in range(EDITORS) for n in range(ROUNDS))
        tags = {
            name
            for (name,) in store.execute(
                "SELECT t.name FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
                "WHERE dt.document_id = 1"
            )
        }
        assert tags == {f"editor{e}-{n}" for e in range(EDITORS) for n in range(ROUNDS)} | {
            "import-a",
            "import-b",
        }
        created = [span_id for editor in editors for span_id in editor["created"]]
        assert len(created) == len(set(created)) == EDITORS * ROUNDS * 2  # no id handed out twice
        kept = store.execute(
            "SELECT COUNT(*) FROM span WHERE document_id = 2 AND annotator LIKE 'editor%'"
        ).fetchone()[0]
        assert kept == EDITORS * ROUNDS
        ids = [row[0] for row in store.execute("SELECT id FROM span")]
        assert len(ids) == len(set(ids))
        assert not set(ids) & set(created[0::2])  # a deleted span's id was never taken again
        kept_counts, counted = recounted(store)
        assert kept_counts == counted
        assert store.execute("SELECT COUNT(*) FROM preannotation").fetchone()[0] >= 2
