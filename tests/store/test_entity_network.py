"""The entity network on both engines, against co-occurrences the test counts from its plan."""

from __future__ import annotations

from itertools import combinations

from tagdesk.core.entity_network import force_layout
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.entity_network import entity_network
from tagdesk.store.importing import import_documents

ENTITIES = {
    "soleimani": "PERSON",
    "iran": "GPE",
    "irgc": "ORG",
    "baghdad": "GPE",
    "abadi": "PERSON",
}
# per document: its tag, and the entities mentioned (a key twice: two mentions), "-key" rejected
PLAN = [
    ("east", ["soleimani", "iran", "iran", "irgc"]),
    ("east", ["soleimani", "baghdad"]),
    ("west", ["iran", "baghdad", "-soleimani"]),
    ("west", ["abadi", "baghdad", "iran"]),
    ("east", ["irgc"]),
    ("west", ["-abadi", "-iran"]),
]


def build(store: Store) -> None:
    documents = []
    for number, (tag, keys) in enumerate(PLAN):
        words = [f"{key.lstrip('-')}{number}x{k}" for k, key in enumerate(keys)]
        text = " ".join(words)
        spans, at = [], 0
        for word, key in zip(words, keys, strict=True):
            name = key.lstrip("-")
            status = "rejected" if key.startswith("-") else "accepted"
            spans.append(
                IncomingSpan(at, at + len(word), ENTITIES[name], status=status, kb_id=name)
            )
            at += len(word) + 1
        documents.append(IncomingDocument(text=text, tags=[tag], spans=spans))
    import_documents(store, documents, annotator="", source="test")


def expected(tag: str | None, labels: set[str] | None):
    mentions: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for document_tag, keys in PLAN:
        if tag is not None and document_tag != tag:
            continue
        present = {
            key
            for key in keys
            if not key.startswith("-") and (labels is None or ENTITIES[key] in labels)
        }
        for key in keys:
            if key in present:
                mentions[key] = mentions.get(key, 0) + 1
        for pair in combinations(sorted(present), 2):
            pairs[pair] = pairs.get(pair, 0) + 1
    return mentions, pairs


def named(store: Store, network) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    keys = dict(store.execute("SELECT id, key FROM entity").fetchall())
    mentions = {keys[i]: node.mentions for i, node in network.nodes.items()}
    pairs = {tuple(sorted((keys[a], keys[b]))): n for (a, b), n in network.edges.items()}
    return mentions, pairs


def test_the_network_counts_documents_that_mention_both(store: Store) -> None:
    build(store)
    for tag, labels in ((None, None), ("east", None), ("west", None), (None, {"GPE", "ORG"})):
        network = entity_network(store, labels=labels, tag=tag)
        assert named(store, network) == expected(tag, labels), (tag, labels)
    assert entity_network(store, labels=[]).nodes == {}
    assert entity_network(store, tag="nowhere").nodes == {}


def test_past_the_limit_the_least_mentioned_are_left_out_with_their_edges(store: Store) -> None:
    build(store)
    network = entity_network(store, limit=2)
    mentions, _ = named(store, network)
    assert mentions == {"iran": 4, "baghdad": 3}  # soleimani 2, irgc 2, abadi 1
    assert network.left_out == 3
    assert len(network.edges) == 1


def test_the_layout_is_the_same_every_time_and_fills_the_square() -> None:
    nodes = list(range(1, 9))
    edges = {(1, 2): 3, (2, 3): 1, (1, 3): 1, (4, 5): 2, (6, 7): 1}
    first = force_layout(nodes, edges)
    assert first == force_layout(nodes, edges)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())

    def apart(a: int, b: int) -> float:
        return ((first[a][0] - first[b][0]) ** 2 + (first[a][1] - first[b][1]) ** 2) ** 0.5

    assert apart(1, 2) < apart(1, 6)  # joined ones closer than strangers
    assert min(apart(a, b) for a, b in combinations(nodes, 2)) > 0.02
    assert force_layout([], {}) == {}
