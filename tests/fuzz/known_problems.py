"""Strategies aimed at the reader problems another branch is fixing, one strategy each.

Each case says what must happen (`must_refuse`, `kept`, `texts`) and names its
problem in `known`, the name harness.AWAITING_FIX lists.
"""

from __future__ import annotations

import json
import zlib
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.harness import Case
from tests.fuzz.strategies import docbin_seed

TEXT = "Qasem Soleimani visited Tikrit."


def _ls(tasks: Any) -> bytes:
    return json.dumps(tasks).encode()


def _task(text: str = TEXT, **data: Any) -> dict[str, Any]:
    region = {"value": {"start": 0, "end": 15, "labels": ["PERSON"]}, "type": "labels"}
    return {"data": {"text": text, **data}, "annotations": [{"result": [region]}]}


@st.composite
def deep_nesting(draw: st.DrawFn) -> Case:
    depth = draw(st.integers(2_000, 200_000))
    open_, close = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    nested = open_ * depth + "1" + close * depth
    where = draw(st.sampled_from(["label-studio", "jsonl"]))
    if where == "jsonl":
        line = f'{{"text": "{TEXT}", "meta": {{"x": {nested}}}}}\n'
        return Case({"in.jsonl": line.encode()}, ["in.jsonl"], known="deep nesting")
    body = f'[{{"data": {{"text": "{TEXT}", "meta": {{"x": {nested}}}}}}}]'
    return Case({"tasks.json": body.encode()}, ["tasks.json"], known="deep nesting")


@st.composite
def lone_surrogates(draw: st.DrawFn) -> Case:
    surrogate = draw(st.sampled_from(["\\ud800", "\\udfff", "\\udc00x"]))
    where = draw(st.sampled_from(["text", "label", "note", "title"]))
    text = TEXT + (surrogate if where == "text" else "")
    label = "PERSON" + (surrogate if where == "label" else "")
    region = {"value": {"start": 0, "end": 15, "labels": ["LABEL"]}, "type": "labels", "id": "r"}
    note = {"id": "r", "type": "textarea", "value": {"text": ["NOTE"]}}
    task = {"data": {"text": "TEXT", "title": "TITLE"}, "annotations": [{"result": [region, note]}]}
    body = json.dumps([task]).replace('"TEXT"', f'"{text}"').replace('"LABEL"', f'"{label}"')
    body = body.replace('"NOTE"', '"n' + (surrogate if where == "note" else "") + '"')
    body = body.replace('"TITLE"', '"t' + (surrogate if where == "title" else "") + '"')
    return Case(
        {"tasks.json": body.encode()},
        ["tasks.json"],
        must_refuse="a lone surrogate is not text",
        known="lone surrogates",
    )


@st.composite
def nan_or_infinity(draw: st.DrawFn) -> Case:
    value = draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
    where = draw(st.sampled_from(["meta", "start", "score"]))
    body = json.dumps([_task(meta={"x": "VALUE"} if where == "meta" else {})])
    if where == "meta":
        body = body.replace('"VALUE"', value)
    elif where == "start":
        body = body.replace('"start": 0', f'"start": {value}')
    else:
        body = body.replace('"annotations": [{', f'"annotations": [{{"lead_time": {value}, ')
    return Case(
        {"tasks.json": body.encode()},
        ["tasks.json"],
        must_refuse=f"{value} is not JSON",
        known="NaN or Infinity",
    )


@st.composite
def big_integers(draw: st.DrawFn) -> Case:
    big = st.integers(2**64, 2**80) | st.integers(-(2**80), -(2**63) - 1)
    number = draw(big.map(str) | st.just("9" * 5000))  # text: Python refuses str() past 4300 digits
    if draw(st.booleans()):
        line = f'{{"text": "{TEXT}", "meta": {{"count": {number}}}}}\n'
        case = Case({"in.jsonl": line.encode()}, ["in.jsonl"], known="integers beyond 64 bits")
    else:
        body = json.dumps([_task(meta={"count": 0})]).replace('"count": 0', f'"count": {number}')
        case = Case({"tasks.json": body.encode()}, ["tasks.json"], known="integers beyond 64 bits")
    case.kept = [number]  # kept exactly, or refused
    return case


@st.composite
def several_top_level_values(draw: st.DrawFn) -> Case:
    first, second = _task("First article on Mosul."), _task("Second article on Raqqa.")
    shape = draw(st.sampled_from(["objects", "lists", "junk"]))
    if shape == "objects":
        body = _ls(first) + b"\n" + _ls(second)
    elif shape == "lists":
        body = _ls([first]) + b"\n" + _ls([second])
    else:
        body = _ls([first]) + draw(st.sampled_from([b" x", b"]", b",", b"{"]))
    case = Case({"tasks.json": body}, ["tasks.json"], known="several top-level values")
    case.texts = ["First article on Mosul."]
    if shape == "junk":
        case.must_refuse = "the file goes on after its task list"
    else:
        case.texts.append("Second article on Raqqa.")
    return case


WRONG_TYPES: list[Any] = [5, 1.5, True, [], {}, ["x"], {"a": 1}]


@st.composite
def wrongly_typed_fields(draw: st.DrawFn) -> Case:
    value = draw(st.sampled_from(WRONG_TYPES))
    field = draw(
        st.sampled_from(["meta", "title", "status", "note", "source", "annotator", "result"])
    )
    if field == "result":
        body = json.dumps([{"data": {"text": TEXT}, "annotations": [{"result": value}]}])
        if isinstance(value, list):
            value = 5
            body = json.dumps([{"data": {"text": TEXT}, "annotations": [{"result": 5}]}])
        files = {"tasks.json": body.encode()}
        target = "tasks.json"
    else:
        if field == "meta" and isinstance(value, dict):
            value = 5
        span: dict[str, Any] = {"start": 0, "end": 15, "label": "PERSON"}
        record: dict[str, Any] = {"text": TEXT, "spans": [span]}
        (span if field in ("note", "source", "annotator") else record)[field] = value
        files = {"in.jsonl": (json.dumps(record) + "\n").encode()}
        target = "in.jsonl"
    return Case(files, [target], must_refuse=f"{field} is {value!r}", known="wrongly typed field")


@st.composite
def docbin_user_data(draw: st.DrawFn) -> Case:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["Soleimani", "in", "Tikrit"])
    shape = draw(
        st.sampled_from(
            [
                {"spans": 5},
                {"spans": [[0, 9, "PERSON", "accepted", "", "", "", 5]]},
                {"spans": [["0", 9, "PERSON", "accepted", "", "", "", []]]},
                {"spans": [[0, 9, ["PERSON"], "accepted", "", "", "", []]]},
                {"meta": [1, 2]},
                {"meta": "x"},
                {"tags": "iraq"},
                {"tags": [1, None]},
                {"status": ["done"]},
                {"title": {"a": 1}},
            ]
        )
    )
    doc.user_data["tagdesk"] = shape
    doc_bin = DocBin(store_user_data=True)
    doc_bin.add(doc)
    return Case(
        {"in.spacy": bytes(doc_bin.to_bytes())},
        ["in.spacy"],
        lines=False,
        must_refuse=f"Tagdesk's user_data is {shape!r}",
        known="DocBin user_data",
    )


@lru_cache(maxsize=2)
def _bomb(megabytes: int) -> bytes:
    """A DocBin whose zlib stream expands to `megabytes` of msgpack: a few hundred KB on disk."""
    import srsly

    message = srsly.msgpack_loads(zlib.decompress(docbin_seed()))
    message["filler"] = b"\x00" * (megabytes << 20)
    return zlib.compress(srsly.msgpack_dumps(message), 9)


@st.composite
def oversized_decompression(draw: st.DrawFn) -> Case:
    data = _bomb(draw(st.sampled_from([400, 1200])))
    return Case({"bomb.spacy": data}, ["bomb.spacy"], lines=False, known="oversized decompression")


@st.composite
def special_files(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from(["brat-fifo-txt", "brat-fifo-ann", "txt-fifo", "loop", "dangling"]))
    files = {"folder/a.txt": TEXT.encode()}
    if kind.startswith("brat"):
        files["folder/a.ann"] = b"T1\tPERSON 0 15\tQasem Soleimani\n"
    specials = {
        "brat-fifo-txt": {"folder/b.txt": "fifo", "folder/b.ann": "link:a.ann"},
        "brat-fifo-ann": {"folder/b.ann": "fifo", "folder/b.txt": "link:a.txt"},
        "txt-fifo": {"folder/b.txt": "fifo"},
        "loop": {"folder/loop": "link:.", "folder/c.txt": "link:c.txt"},
        "dangling": {"folder/gone.txt": "link:nowhere.txt"},
    }[kind]
    return Case(files, ["folder"], specials=specials, known="symlinks and FIFOs")


@st.composite
def control_characters(draw: st.DrawFn) -> Case:
    control = draw(st.sampled_from(["\x1b[31m", "\x07", "\x08", "\x7f", "\x85", "\x9b"]))
    where = draw(st.sampled_from(["label", "tag", "note", "document tag"]))
    span: dict[str, Any] = {"start": 0, "end": 15, "label": "PERSON"}
    record: dict[str, Any] = {"text": TEXT, "spans": [span]}
    if where == "label":
        span["label"] = f"PER{control}SON"
    elif where == "tag":
        span["tags"] = [f"chec{control}ked"]
    elif where == "note":
        span["note"] = f"see {control} here"
    else:
        record["tags"] = [f"ira{control}q"]
    return Case(
        {"in.jsonl": (json.dumps(record) + "\n").encode()},
        ["in.jsonl"],
        known="control characters",
    )


@st.composite
def docstart_in_text(draw: st.DrawFn) -> Case:
    before = draw(st.sampled_from(["The", "word", "Mosul"]))
    column = draw(st.sampled_from([" NN O O", " NNP B-NP O"]))
    # The word as Tagdesk's export writes it: escaped, so no reader takes it for a break.
    word = "\\-DOCSTART-"
    lines = ["-DOCSTART- -X- -X- O", "", f"{before} NN O O", f"{word}{column}", "is NN O O"]
    lines += ["quoted NN O O", ""]
    case = Case({"in.conll": ("\n".join(lines) + "\n").encode()}, ["in.conll"])
    case.texts = [f"{before} -DOCSTART- is quoted"]
    case.known = "-DOCSTART- in text"
    return case


KNOWN: dict[str, st.SearchStrategy[Case]] = {
    "deep nesting": deep_nesting(),
    "lone surrogates": lone_surrogates(),
    "NaN or Infinity": nan_or_infinity(),
    "integers beyond 64 bits": big_integers(),
    "several top-level values": several_top_level_values(),
    "wrongly typed field": wrongly_typed_fields(),
    "DocBin user_data": docbin_user_data(),
    "oversized decompression": oversized_decompression(),
    "symlinks and FIFOs": special_files(),
    "control characters": control_characters(),
    "-DOCSTART- in text": docstart_in_text(),
}
