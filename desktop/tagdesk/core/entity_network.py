"""Entities as a network: which ones the same documents mention, and where to draw them.

Two entities are joined when a document mentions both (a span of each, not
rejected); the edge's weight is the number of such documents. The layout is
a force layout (Fruchterman and Reingold): joined entities pull together,
every pair pushes apart, heavier edges pull harder. It starts from a circle
in id order and draws no random number, so the same network is always drawn
the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

Pair = tuple[int, int]  # two entity ids, the smaller first


@dataclass(frozen=True)
class EntityNode:
    id: int
    name: str
    label: str
    mentions: int  # spans linked to it, not rejected
    documents: int  # documents mentioning it


@dataclass(frozen=True)
class EntityNetwork:
    nodes: dict[int, EntityNode]
    edges: dict[Pair, int]  # pair -> documents mentioning both
    left_out: int = 0  # entities past the limit, the least mentioned


def co_occurrences(documents: Iterable[Iterable[int]]) -> dict[Pair, int]:
    """For each pair of entities, how many of the documents (sets of entity ids) hold both."""
    counted: dict[Pair, int] = {}
    for entity_ids in documents:
        for pair in combinations(sorted(set(entity_ids)), 2):
            counted[pair] = counted.get(pair, 0) + 1
    return counted


def force_layout(
    nodes: list[int], edges: dict[Pair, int], *, rounds: int = 120
) -> dict[int, tuple[float, float]]:
    """A position in the unit square [0, 1]² for each node."""
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.5, 0.5)}
    at = {
        node: [
            0.5 + 0.4 * math.cos(2 * math.pi * k / count),
            0.5 + 0.4 * math.sin(2 * math.pi * k / count),
        ]
        for k, node in enumerate(nodes)
    }
    ideal = math.sqrt(1.0 / count)
    heaviest = max(edges.values(), default=1)
    temperature = 0.1
    for _ in range(rounds):
        moved = {node: [0.0, 0.0] for node in nodes}
        for first, second in combinations(nodes, 2):
            dx = at[first][0] - at[second][0]
            dy = at[first][1] - at[second][1]
            distance = max(math.hypot(dx, dy), 1e-4)
            push = ideal * ideal / distance
            moved[first][0] += dx / distance * push
            moved[first][1] += dy / distance * push
            moved[second][0] -= dx / distance * push
            moved[second][1] -= dy / distance * push
        for (first, second), weight in edges.items():
            if first not in at or second not in at:
                continue
            dx = at[first][0] - at[second][0]
            dy = at[first][1] - at[second][1]
            distance = max(math.hypot(dx, dy), 1e-4)
            pull = distance * distance / ideal * (0.5 + weight / heaviest)
            moved[first][0] -= dx / distance * pull
            moved[first][1] -= dy / distance * pull
            moved[second][0] += dx / distance * pull
            moved[second][1] += dy / distance * pull
        for node in nodes:
            dx, dy = moved[node]
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            at[node][0] += dx / length * step
            at[node][1] += dy / length * step
            # a gentle pull to the middle keeps entities no edge holds on the page
            at[node][0] += (0.5 - at[node][0]) * 0.01
            at[node][1] += (0.5 - at[node][1]) * 0.01
        temperature = max(temperature * 0.96, 0.002)
    return _fitted(at)


def _fitted(at: dict[int, list[float]]) -> dict[int, tuple[float, float]]:
    """Scaled to fill the unit square, keeping the proportions."""
    xs = [p[0] for p in at.values()]
    ys = [p[1] for p in at.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    left = min(xs) - (span - (max(xs) - min(xs))) / 2
    top = min(ys) - (span - (max(ys) - min(ys))) / 2
    return {node: ((p[0] - left) / span, (p[1] - top) / span) for node, p in at.items()}
