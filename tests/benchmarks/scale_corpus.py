"""A large corpus for the scale benchmark: the seed articles varied, as JSON lines with spans.

Each article is a seed with its paragraphs shuffled, some places swapped for
others and a numbered dateline, so no two texts are equal; about 20 spans an
article land on capitalised phrases (the entities of news text). The file is
written once per size into a cache folder and reused by later runs.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[2]
VERSION = 1  # bump when the generator changes, so cached files are rebuilt
PLACES = (
    "Tikrit", "Mosul", "Baghdad", "Fallujah", "Ramadi", "Samarra", "Baiji", "Kirkuk",
    "Erbil", "Basra", "Najaf", "Karbala", "Aleppo", "Homs", "Raqqa", "Palmyra", "Damascus",
    "Tehran", "Beirut", "Amman",
)  # fmt: skip
PHRASE = re.compile(r"[A-Z][\w'’-]*(?: (?:al-|bin )?[A-Z][\w'’-]*)*")
SKIP = {"The", "A", "As", "He", "It", "In", "On", "But", "And", "I", "This", "They", "We"}
LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "FAC", "DATE")
KNOWN = dict.fromkeys(PLACES, "GPE") | {
    "Iran": "GPE", "Iraq": "GPE", "Syria": "GPE", "Iranian": "NORP", "Iraqi": "NORP",
    "Shia": "NORP", "IRGC": "ORG", "Quds Force": "ORG", "Islamic State": "ORG", "ISIS": "ORG",
}  # fmt: skip
DOCUMENT_TAGS = ("iraq", "iran", "syria", "checked", "follow-up")
MODEL = "en_core_web_sm@3.8.0"


@dataclass(frozen=True)
class CorpusInfo:
    path: Path
    documents: int
    spans: int
    text_bytes: int
    file_bytes: int


def _seeds() -> list[list[str]]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    return [[part for part in seed.split("\n\n") if part.strip()] for seed in seeds]


def _label(phrase: str) -> str:
    return KNOWN.get(phrase) or LABELS[zlib.crc32(phrase.encode()) % len(LABELS)]


def article(number: int, seeds: list[list[str]], rng: random.Random) -> dict[str, object]:
    """One varied article as a spaCy JSON-lines record."""
    paragraphs = list(seeds[number % len(seeds)])
    body = paragraphs[1:]
    rng.shuffle(body)
    swap = rng.choice(PLACES)
    text = "\n\n".join(
        [
            paragraphs[0],
            f"{swap.upper()}, {1 + number % 28} March 2015 (report {number + 1})",
            *body,
        ]
    )
    for place in rng.sample(PLACES[:4], 2):
        text = text.replace(place, rng.choice(PLACES))
    found = [m for m in PHRASE.finditer(text) if m.group() not in SKIP]
    chosen = sorted(
        rng.sample(found, min(len(found), rng.randint(15, 26))), key=lambda m: m.start()
    )
    spans = []
    for match in chosen:
        span: dict[str, object] = {
            "start": match.start(),
            "end": match.end(),
            "label": _label(match.group()),
        }
        roll = rng.random()
        if roll < 0.35:
            span["status"] = "suggested"
            span["source"] = MODEL
        elif roll < 0.40:
            span["status"] = "rejected"
            span["source"] = MODEL
        if rng.random() < 0.02:
            span["tags"] = ["checked"]
        if rng.random() < 0.01:
            span["note"] = "spelling varies across sources"
        spans.append(span)
    record: dict[str, object] = {
        "text": text,
        "meta": {"url": f"https://news.example/{number + 1}", "published": "2015-03-02"},
        "spans": spans,
    }
    roll = rng.random()
    if roll < 0.1:
        record["status"] = "done"
    elif roll < 0.2:
        record["status"] = "in_progress"
    if rng.random() < 0.2:
        record["tags"] = rng.sample(DOCUMENT_TAGS, rng.randint(1, 2))
    return record


def corpus(folder: Path, documents: int) -> CorpusInfo:
    """The corpus of `documents` articles in `folder`, generated on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{documents}-v{VERSION}.jsonl"
    info = folder / f"corpus-{documents}-v{VERSION}.json"
    if path.exists() and info.exists():
        figures = orjson.loads(info.read_bytes())
        return CorpusInfo(path, **figures)
    seeds = _seeds()
    rng = random.Random(20150302)
    spans = text_bytes = 0
    partial = path.with_suffix(".partial")
    with partial.open("wb") as stream:
        for number in range(documents):
            record = article(number, seeds, rng)
            spans += len(record["spans"])  # type: ignore[arg-type]
            text_bytes += len(str(record["text"]).encode())
            stream.write(orjson.dumps(record))
            stream.write(b"\n")
    partial.replace(path)
    figures = {
        "documents": documents,
        "spans": spans,
        "text_bytes": text_bytes,
        "file_bytes": path.stat().st_size,
    }
    info.write_bytes(orjson.dumps(figures))
    return CorpusInfo(path, **figures)
