"""How sure spaCy's entity recogniser is of each entity it found: the span's probability.

The recogniser reads a text token by token and takes one action at each
(`B-ORG`, `I-ORG`, `L-ORG`, `U-GPE`, `O`), the one its network scores highest
among those the transition system allows there. An entity's score is the
probability of its own actions along that path: the product, over its tokens,
of the softmax of the network's scores over the allowed actions. A score near
1 means the model saw no alternative; 0.4 means it chose against others.

Why not spaCy's beam (`beam_parse` and `scored_ents`): it ranks parses by
summed raw scores, not log-probabilities, so with the English pipelines
(trained greedily) it wanders into parses with entities running on over half
a sentence. On the bundled articles a beam of 16 left about half the greedy
entities out of every parse it kept (a quarter, sentence by sentence): a
score of 0 for entities the model itself found. The entities always
come from the ordinary greedy pass: scoring follows the actions that pass
took and never changes what is found. It costs about half the time of the
pass itself (tests/benchmarks/preannotate.py, (b3) / (b1)), most of it
the network's embedding run again.

spaCy is imported by the caller; only the component's own objects are used here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy

ASK_AT_ONCE = 4096  # states scored in one call to the network


@dataclass(frozen=True)
class ActionTable:
    """The recogniser's actions by column, and which are allowed in which situation."""

    column: dict[str, int]  # action name ("B-ORG", "O") -> column of the network's scores
    allowed: Any  # numpy bool array: situation row x action column
    situation: dict[str, int]  # "open:ORG", "open-last:ORG", "free", "free-last", "space"

    @classmethod
    def of(cls, moves: Any) -> ActionTable:
        names = [moves.get_class_name(index) for index in range(moves.n_moves)]
        column = {name: index for index, name in enumerate(names)}
        labels = sorted({name[2:] for name in names if name[:2] in ("B-", "U-") and name[2:]})
        rows: dict[str, list[str]] = {
            "free": ["O"] + [f"{m}-{label}" for label in labels for m in ("B", "U")],
            "free-last": ["O"] + [f"U-{label}" for label in labels],
            "space": ["O"],
        }
        for label in labels:
            rows[f"open:{label}"] = [f"I-{label}", f"L-{label}"]
            rows[f"open-last:{label}"] = [f"L-{label}"]
        allowed = numpy.zeros((len(rows), len(names)), dtype=bool)
        situation = {}
        for row, (key, actions) in enumerate(rows.items()):
            situation[key] = row
            allowed[row, [column[action] for action in actions if action in column]] = True
        return cls(column, allowed, situation)


def is_scorable(component: Any) -> bool:
    """spaCy's transition-based entity recogniser (BILUO actions); rulers and spancat are not."""
    moves = getattr(component, "moves", None)
    return type(moves).__name__ == "BiluoPushDown" and hasattr(component, "model")


def entity_scores(component: Any, docs: Sequence[Any], table: ActionTable) -> list[list[float]]:
    """For each Doc the recogniser has annotated, the score of each of its `doc.ents`.

    The greedy path is walked again without asking the network (its actions
    are known), and the network is asked only about the states at entity
    tokens, all in one batch: about a tenth of the tokens of a news article.
    """
    actions = [_actions(doc) for doc in docs]
    fresh = []
    for doc in docs:
        copy = doc.copy()  # keeps what upstream components left (a shared tok2vec's tensor)
        copy.set_ents([], default="missing")  # else the entities found would be forced
        fresh.append(copy)
    logs = [numpy.zeros(len(doc)) for doc in docs]
    asked: list[tuple[int, int]] = []  # (doc, token) of each state the network scores
    states_asked: list[Any] = []
    moves = component.moves
    if any(doc.ents for doc in docs):
        step = component.model.predict(fresh)
        for number, (state, names) in enumerate(zip(moves.init_batch(fresh), actions, strict=True)):
            if not any(name != "O" for name in names):
                continue
            for position, name in enumerate(names):
                if name != "O":
                    asked.append((number, position))
                    states_asked.append(state.copy())
                moves.apply_transition(state, name)
        for first in range(0, len(states_asked), ASK_AT_ONCE):
            chunk = asked[first : first + ASK_AT_ONCE]
            scores = numpy.asarray(
                step.predict(states_asked[first : first + ASK_AT_ONCE]), dtype="float64"
            )
            rows = [_situation(docs[k], actions[k], position, table) for k, position in chunk]
            masked = numpy.where(table.allowed[rows], scores, -numpy.inf)
            top = masked.max(axis=1, keepdims=True)
            total = numpy.log(numpy.exp(masked - top).sum(axis=1)) + top[:, 0]
            chosen = [table.column[actions[k][position]] for k, position in chunk]
            taken = scores[numpy.arange(len(chunk)), chosen] - total
            for (k, position), log in zip(chunk, taken, strict=True):
                logs[k][position] = log
        step.clear_memory()
    return [
        [round(math.exp(float(log[ent.start : ent.end].sum())), 4) for ent in doc.ents]
        for doc, log in zip(docs, logs, strict=True)
    ]


def _actions(doc: Any) -> list[str]:
    """The action the greedy pass took at each token, read back from its entities."""
    names = ["O"] * len(doc)
    for ent in doc.ents:
        label = ent.label_
        if ent.end - ent.start == 1:
            names[ent.start] = f"U-{label}"
            continue
        names[ent.start] = f"B-{label}"
        for index in range(ent.start + 1, ent.end - 1):
            names[index] = f"I-{label}"
        names[ent.end - 1] = f"L-{label}"
    return names


def _situation(doc: Any, actions: list[str], index: int, table: ActionTable) -> int:
    """Which actions spaCy's BILUO system allows at a token (nothing preset).

    Inside an entity only its own I and L, and no I before the last token or a
    sentence start; outside, O, and B and U of any label, but no entity
    starting on whitespace and no B before the last token or a sentence start.
    """
    closing = index == len(doc) - 1 or doc[index + 1].is_sent_start is True
    before = actions[index - 1] if index else "O"
    if before[:2] in ("B-", "I-"):
        return table.situation[f"{'open-last' if closing else 'open'}:{before[2:]}"]
    if doc[index].is_space:
        return table.situation["space"]
    return table.situation["free-last" if closing else "free"]
