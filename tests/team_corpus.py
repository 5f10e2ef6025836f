"""Three analysts' spans in three small texts, given to all three and marked done by each.

Used by the agreement tests of the store and the statistics view: the
marks are planned here, so the expected figures and rankings are counted
from the plan.
"""

from __future__ import annotations

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents, set_assignment_status
from tagdesk.store.importing import import_documents

TEXTS = (
    "Ana Lopez met Omar in Basra on Monday.",
    "Hadi spoke to Sara in Mosul.",
    "Karim left Erbil for Baghdad.",
)
PLAN: dict[str, tuple[tuple[tuple[str, str], ...], ...]] = {
    "ana": (
        (("Ana Lopez", "PERSON"), ("Omar", "PERSON"), ("Basra", "GPE")),
        (("Hadi", "PERSON"), ("Sara", "PERSON"), ("Mosul", "GPE")),
        (("Karim", "PERSON"), ("Erbil", "GPE"), ("Baghdad", "GPE")),
    ),
    "ben": (
        (("Ana", "PERSON"), ("Omar", "PERSON"), ("Basra", "ORG")),
        (("Hadi", "PERSON"), ("Sara", "PERSON"), ("Mosul", "GPE")),
        (("Karim", "PERSON"), ("Erbil", "GPE")),
    ),
    "cy": (
        (("Ana Lopez", "PERSON"),),
        (("Hadi", "PERSON"), ("Mosul", "ORG")),
        (("Karim", "PERSON"), ("Erbil", "GPE"), ("Baghdad", "GPE")),
    ),
}


def marks(name: str, number: int) -> set[tuple[int, int, str]]:
    text = TEXTS[number]
    return {
        (text.index(word), text.index(word) + len(word), label)
        for word, label in PLAN[name][number]
    }


def build_team(store: Store) -> list[int]:
    """Write the plan; returns the documents' ids, in the order of TEXTS."""
    for name, documents in PLAN.items():
        incoming = [
            IncomingDocument(
                text,
                title=f"text {number}",
                spans=[IncomingSpan(s, e, label) for s, e, label in sorted(marks(name, number))],
            )
            for number, (text, _) in enumerate(zip(TEXTS, documents, strict=True))
        ]
        import_documents(store, incoming, annotator=name, source="file")
    ids = [
        store.execute('SELECT id FROM "document" WHERE text = ?', (text,)).fetchone()[0]
        for text in TEXTS
    ]
    assign_documents(store, list(PLAN), 3)
    for name in PLAN:
        for document_id in ids:
            set_assignment_status(store, document_id, name, "done")
    return ids


def expected_ranking(first: str, second: str, label: str | None = None) -> list[int]:
    """Positions in TEXTS where the two differ, most differing marks first, then lowest F1."""
    found = []
    for number in range(len(TEXTS)):
        a = {m for m in marks(first, number) if label is None or m[2] == label}
        b = {m for m in marks(second, number) if label is None or m[2] == label}
        if a ^ b:
            f1 = 2 * len(a & b) / (len(a) + len(b))
            found.append((-len(a ^ b), f1, number))
    return [number for *_, number in sorted(found)]
