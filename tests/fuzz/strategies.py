"""Hypothesis strategies for fuzzed inputs: records in each tool's shape, and mutated bytes.

Structure-aware strategies build valid-ish files the way Prodigy, doccano,
Label Studio, brat, CoNLL-2003 and spaCy write them, then bend them: wrong
types, out-of-range, negative and huge numbers, floats, odd Unicode (NUL,
U+2028, astral characters, RLM, BOMs, CRLF and lone CR). Each case records
what the input says (the documents' texts, each span's label and covered
text) and whether it must be refused. Byte-level strategies flip, insert,
delete, repeat and truncate bytes of the seed files under tests/fuzz/seeds.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.harness import Case

SEEDS = Path(__file__).parent / "seeds"
VALID_LABELS = ["PERSON", "GPE", "ORG", "NORP", "LOC", "DATE", "x", "État", "الشخص", "😀", "A" * 64]
INVALID_LABELS: list[Any] = ["", "two words", "A" * 65, " GPE", "GPE\n", "a\u2028b", "\u00a0", 5]
WORDS = [
    "Iraq", "Tikrit", "Soleimani", "Kurdish", "forces", "said", "the", "Mosul", "IRGC",
    "قاسم", "سليماني", "al-Abadi", "Peshmerga", "😀", "👩‍👩‍👧", "𝐀", "𠀀", "e\u0301", "\u00a0",
    "\u200f", "\ufeff", "\u2028", "\u2029", "\t", ".", '"', "\\", "{", "}", "%", "<p>",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\r", "", "\u2028"]
ODD_NUMBERS: list[Any] = [-1, 2**31, 2**63 - 1, -(2**63), 1.5, 2.0, -0.0, True, None, "3"]
_LABEL = re.compile(r"^\S{1,64}$")
_NO_SURROGATES = st.characters(exclude_categories=("Cs",))
_NAME_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp"))


def label_is_valid(label: object) -> bool:
    return isinstance(label, str) and bool(_LABEL.match(label))


# -- pieces ----------------------------------------------------------------------------------

pieces = st.one_of(
    st.sampled_from(WORDS),
    st.text(_NO_SURROGATES, min_size=1, max_size=4).filter(lambda t: "\x00" not in t),
)
texts = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), min_size=1, max_size=25).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)
names = st.text(_NAME_CHARACTERS, min_size=1, max_size=12)  # tags: printable, no spaces
notes = st.text(
    st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=30
)
labels = st.sampled_from(VALID_LABELS * 4 + INVALID_LABELS)  # mostly names that import
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(_NO_SURROGATES, max_size=10),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
meta_values = st.dictionaries(st.text(_NO_SURROGATES, max_size=8), json_values, max_size=4)


@st.composite
def span_offsets(draw: st.DrawFn, length: int) -> tuple[Any, Any, bool]:
    """(start, end, fits): mostly a span inside a text of `length`, sometimes not."""
    if length > 0 and draw(st.integers(0, 4)):
        start = draw(st.integers(0, length - 1))
        return start, draw(st.integers(start + 1, length)), True
    start = draw(st.integers(-3, length + 3) | st.sampled_from(ODD_NUMBERS))
    end = draw(st.integers(-3, length + 3) | st.sampled_from(ODD_NUMBERS))
    fits = type(start) is int and type(end) is int and 0 <= start < end <= length
    return start, end, fits


def utf16_offset(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def json_lines(records: list[Any], draw: st.DrawFn) -> bytes:
    ascii_only = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [json.dumps(r, ensure_ascii=ascii_only) for r in records]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "  ", "\t"])))
    data = (newline.join(lines) + draw(st.sampled_from([newline, ""]))).encode("utf-8")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data


# -- Prodigy / spaCy JSON lines --------------------------------------------------------------


@st.composite
def prodigy_record(draw: st.DrawFn, case: Case) -> dict[str, Any]:
    text = draw(texts)
    record: dict[str, Any] = {"text": text}
    if "\x00" in text:
        case.must_refuse = "the text holds NUL"
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start, end, fits = draw(span_offsets(len(text)))
        label = draw(labels)
        span: dict[str, Any] = {"start": start, "end": end, "label": label}
        if not fits or not label_is_valid(label):
            case.must_refuse = case.must_refuse or f"span [{start!r}, {end!r}) {label!r} is bad"
        elif draw(st.integers(0, 3)):
            claimed = text[start:end] if draw(st.integers(0, 5)) else draw(texts)
            span["text"] = claimed
            case.claims.append((label, claimed))
        else:
            case.claims.append((label, text[start:end]))
        if draw(st.booleans()):
            span["token_start"], span["token_end"] = (
                draw(st.integers(0, 9)),
                draw(st.integers(0, 9)),
            )
        status = draw(st.sampled_from(["accepted", "accepted", "suggested", "rejected", "maybe"]))
        if status == "maybe":
            case.must_refuse = case.must_refuse or "a span status is maybe"
        if draw(st.booleans()) or status == "maybe":
            span["status"] = status
        if draw(st.booleans()):
            span["note"] = draw(notes)
        if draw(st.booleans()):
            span["tags"] = draw(st.lists(names, max_size=3))
        if draw(st.booleans()):
            span["source"] = draw(st.sampled_from(["en_core_web_sm@3.8.0", "manual", ""]))
        spans.append(span)
    if spans or draw(st.booleans()):
        record["spans"] = spans
    if draw(st.booleans()):
        record["meta"] = draw(meta_values)
    if draw(st.booleans()):
        record["tokens"] = [
            {"text": w, "start": i, "end": i + 1, "id": i, "ws": True}
            for i, w in enumerate(text.split()[:5])
        ]
    if draw(st.booleans()):
        record["_input_hash"] = draw(st.integers(-(2**31), 2**31 - 1))
        record["_task_hash"] = draw(st.integers(-(2**31), 2**31 - 1))
        record["answer"] = draw(st.sampled_from(["accept", "reject", "ignore"]))
    if draw(st.booleans()):
        record["tags"] = draw(st.lists(names, max_size=3))
    if draw(st.booleans()):
        record["status"] = draw(st.sampled_from(["todo", "in_progress", "done"]))
    if draw(st.booleans()):
        record["title"] = draw(
            st.text(_NO_SURROGATES, max_size=20).filter(lambda t: "\x00" not in t)
        )
    if not draw(st.integers(0, 15)):
        record["spnas"] = []
        case.must_refuse = case.must_refuse or 'a misspelt field "spnas"'
    if text:
        case.texts.append(text)
    else:
        case.must_refuse = case.must_refuse or "the text is empty"
    return record


@st.composite
def prodigy_cases(draw: st.DrawFn) -> Case:
    case = Case(files={}, targets=["in.jsonl"])
    records = [draw(prodigy_record(case)) for _ in range(draw(st.integers(1, 4)))]
    case.files["in.jsonl"] = json_lines(records, draw)
    case.format_name = draw(st.sampled_from([None, None, "spacy-jsonl"]))
    return case


# -- doccano ---------------------------------------------------------------------------------


@st.composite
def doccano_cases(draw: st.DrawFn) -> Case:
    case = Case(files={}, targets=["in.jsonl"])
    records = []
    for number in range(draw(st.integers(1, 4))):
        text = draw(texts)
        if "\x00" in text:
            case.must_refuse = "the text holds NUL"
        if text:
            case.texts.append(text)
        else:
            case.must_refuse = "the text is empty"
        entities = []
        for _ in range(draw(st.integers(0, 4))):
            start, end, fits = draw(span_offsets(len(text)))
            label = draw(labels)
            if fits and label_is_valid(label):
                case.claims.append((label, text[start:end]))
            if fits:  # drawn in doccano's editor: UTF-16 units
                start, end = utf16_offset(text, start), utf16_offset(text, end)
            elif not (type(start) is int and type(end) is int and 0 <= start < end) or (
                end > len(text.encode("utf-16-le")) // 2
            ):
                case.must_refuse = case.must_refuse or f"span [{start!r}, {end!r}) is bad"
            if not label_is_valid(label):
                case.must_refuse = case.must_refuse or f"label {label!r} is bad"
            entities.append((start, end, label))
        record: dict[str, Any] = {"id": number + 1}
        record[draw(st.sampled_from(["text", "text", "data"]))] = text
        if draw(st.integers(0, 3)):
            record[draw(st.sampled_from(["label", "label", "labels"]))] = [
                list(e) for e in entities
            ]
        else:
            record["entities"] = [
                {"id": n, "start_offset": s, "end_offset": e, "label": lab}
                for n, (s, e, lab) in enumerate(entities)
            ]
        if draw(st.booleans()):
            record["Comments"] = []
        if draw(st.booleans()):
            record["source_url"] = draw(st.text(_NO_SURROGATES, max_size=12))
        if draw(st.booleans()):
            record["meta"] = draw(meta_values)
        records.append(record)
    case.files["in.jsonl"] = json_lines(records, draw)
    case.format_name = draw(st.sampled_from([None, None, "doccano"]))
    return case


# -- Label Studio ----------------------------------------------------------------------------


@st.composite
def label_studio_regions(draw: st.DrawFn, text: str, case: Case, keep: bool) -> list[Any]:
    result: list[Any] = []
    for number in range(draw(st.integers(0, 3))):
        start, end, fits = draw(span_offsets(len(text)))
        label = draw(labels)
        value: dict[str, Any] = {"start": start, "end": end, "labels": [label]}
        if fits and draw(st.integers(0, 3)):
            value["text"] = text[start:end] if draw(st.integers(0, 5)) else draw(texts)
            if keep and value["text"] != text[start:end]:
                case.must_refuse = case.must_refuse or "a region's text is not what it covers"
        if keep and fits and label_is_valid(label):
            case.claims.append((label, text[start:end]))
        elif keep:
            case.must_refuse = case.must_refuse or f"region [{start!r}, {end!r}) {label!r} is bad"
        region = f"r{number}"
        result.append(
            {
                "id": region,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": value,
            }
        )
        if draw(st.booleans()):
            result.append(
                {
                    "id": region,
                    "from_name": "note",
                    "to_name": "text",
                    "type": "textarea",
                    "value": {"text": [draw(notes)]},
                }
            )
        if draw(st.booleans()):
            result.append(
                {
                    "id": region,
                    "from_name": "span_tags",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": draw(st.lists(names, max_size=2))},
                }
            )
    if draw(st.booleans()):
        result.append(
            {
                "id": "doc",
                "from_name": "doc_tags",
                "to_name": "text",
                "type": "choices",
                "value": {"choices": draw(st.lists(names, max_size=2))},
            }
        )
    return result


@st.composite
def label_studio_cases(draw: st.DrawFn) -> Case:
    case = Case(files={}, targets=["tasks.json"])
    tasks = []
    for number in range(draw(st.integers(1, 3))):
        text = draw(texts)
        if "\x00" in text:
            case.must_refuse = "the text holds NUL"
        if text:
            case.texts.append(text)
        else:
            case.must_refuse = "the text is empty"
        data: dict[str, Any] = {"text": text}
        if draw(st.booleans()):
            data["title"] = draw(st.text(_NO_SURROGATES, max_size=12))
        if draw(st.booleans()):
            data["meta"] = draw(meta_values)
        cancelled = draw(st.booleans())
        annotations = [
            {
                "id": number,
                "was_cancelled": cancelled,
                "result": draw(label_studio_regions(text, case, not cancelled)),
            }
        ]
        predictions = []
        if draw(st.booleans()):
            predictions.append(
                {
                    "model_version": draw(st.sampled_from(["en_core_web_sm@3.8.0", ""])),
                    "result": draw(label_studio_regions(text, case, True)),
                }
            )
        tasks.append(
            {
                "id": number + 100,
                "data": data,
                "annotations": annotations,
                "predictions": predictions,
            }
        )
    value: Any = tasks[0] if len(tasks) == 1 and draw(st.booleans()) else tasks
    indent = draw(st.sampled_from([None, 1, 2]))
    data_bytes = json.dumps(value, indent=indent, ensure_ascii=draw(st.booleans())).encode()
    if draw(st.booleans()):
        data_bytes = data_bytes.replace(b"\n", b"\r\n")
    case.files["tasks.json"] = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data_bytes
    case.format_name = draw(st.sampled_from([None, "label-studio"]))
    return case


# -- brat ------------------------------------------------------------------------------------


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, begun = [], None
    for index in range(start, end):
        if text[index] in "\r\n":
            if begun is not None:
                pieces.append((begun, index))
                begun = None
        elif begun is None:
            begun = index
    if begun is not None:
        pieces.append((begun, end))
    return pieces


@st.composite
def brat_cases(draw: st.DrawFn) -> Case:
    text = draw(texts)
    case = Case(files={}, targets=["pairs"])
    if "\x00" in text or not text.strip(" \t\n\r\x0b\x0c"):
        case.must_refuse = "the text is empty or holds NUL"
    else:
        case.texts.append(text.removeprefix("\ufeff"))
    lines = []
    number = 0
    for _ in range(draw(st.integers(0, 4))):
        start, end, fits = draw(span_offsets(len(text)))
        label = draw(labels)
        if not isinstance(label, str) or "\t" in label:
            label = "GPE"
        if fits and (text[start] in "\r\n" or text[end - 1] in "\r\n"):
            continue
        number += 1
        key = f"T{number}"
        if fits:
            fragments = _fragments(text, start, end)
            where = ";".join(f"{s} {e}" for s, e in fragments)
            covered = " ".join(text[s:e] for s, e in fragments)
            if not draw(st.integers(0, 6)):
                covered = draw(texts).replace("\n", " ").replace("\r", " ")
                if covered != " ".join(text[s:e] for s, e in fragments):
                    case.must_refuse = case.must_refuse or "an .ann text is not what it covers"
            if label_is_valid(label) and len(fragments) == 1:
                case.claims.append((label, text[start:end]))
            elif not label_is_valid(label) or " " in label:
                case.must_refuse = case.must_refuse or f"label {label!r} is bad"
        else:
            where, covered = f"{start} {end}", "x"
            case.must_refuse = case.must_refuse or f"span {where} does not fit"
        lines.append(f"{key}\t{label} {where}\t{covered}")
        if draw(st.booleans()):
            lines.append(
                f"A{number}\tStatus {key} {draw(st.sampled_from(['suggested', 'accepted']))}"
            )
        if draw(st.booleans()):
            lines.append(f"A{number + 50}\tTag {key} {draw(names).replace('%', '%25')}")
        if draw(st.booleans()):
            lines.append(f"A{number + 90}\tNegated {key}")
        if draw(st.booleans()):
            note = draw(notes).replace("\n", " ").replace("\r", " ")
            lines.append(f"#{number}\tAnnotatorNotes {key}\t{note}")
    if number >= 2 and draw(st.booleans()):
        lines.append("R1\tLocated Arg1:T1 Arg2:T2")
    if draw(st.booleans()):
        lines += ["E1\tAttack:T1 Agent:T1", "N1\tReference T1 Wikidata:Q1\tx", "*\tEquiv T1 T1"]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    case.files["pairs/article.txt"] = text.encode()
    case.files["pairs/article.ann"] = (newline.join(lines) + newline).encode()
    if draw(st.booleans()):
        case.files["pairs/annotation.conf"] = b"[entities]\nGPE\n"
    if draw(st.booleans()):
        case.targets = ["pairs/article.ann"]
    case.format_name = draw(st.sampled_from([None, None, "brat"]))
    return case


# -- CoNLL-2003 ------------------------------------------------------------------------------

conll_words = st.one_of(
    st.sampled_from(WORDS), st.text(_NO_SURROGATES, min_size=1, max_size=6)
).filter(lambda w: bool(w) and w.split() == [w] and "\x00" not in w and w != "-DOCSTART-")


@st.composite
def conll_cases(draw: st.DrawFn) -> Case:
    case = Case(files={}, targets=[draw(st.sampled_from(["in.conll", "in.iob", "in.txt"]))])
    lines: list[str] = []
    tab = draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        lines += ["-DOCSTART- -X- -X- O", ""]
        sentences = []
        for _ in range(draw(st.integers(1, 3))):
            words = []
            tokens = draw(
                st.lists(
                    st.tuples(
                        conll_words,
                        st.sampled_from(["O", "B", "I", "S", "bad"]),
                        st.sampled_from(VALID_LABELS),
                    ),
                    min_size=1,
                    max_size=8,
                )
            )
            entity: list[str] = []
            label = ""
            for word, kind, tag_label in tokens:
                if kind == "I" and entity:
                    tag, tag_label = f"I-{label}", label
                    entity.append(word)
                elif kind in ("B", "S", "I"):
                    if entity:
                        case.claims.append((label, " ".join(entity)))
                    tag, label, entity = f"{kind}-{tag_label}", tag_label, [word]
                elif kind == "bad":
                    tag = draw(st.sampled_from(["B-", "X-GPE", "GPE"]))
                    case.must_refuse = f"the tag {tag!r} is not IOB"
                    if entity:
                        case.claims.append((label, " ".join(entity)))
                    entity = []
                else:
                    tag = "O"
                    if entity:
                        case.claims.append((label, " ".join(entity)))
                    entity = []
                if kind == "S" and entity:
                    case.claims.append((label, " ".join(entity)))
                    entity = []
                words.append(word)
                lines.append(f"{word}\t{tag}" if tab else f"{word} NNP B-NP {tag}")
            if entity:
                case.claims.append((label, " ".join(entity)))
            sentences.append(" ".join(words))
            lines.append("")
        case.texts.append("\n".join(sentences))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    case.files[case.targets[0]] = (newline.join(lines) + newline).encode()
    if case.targets[0] == "in.iob" or draw(st.booleans()):
        case.format_name = "conll"
    return case


# -- plain text ------------------------------------------------------------------------------


@st.composite
def txt_cases(draw: st.DrawFn) -> Case:
    case = Case(files={}, targets=["articles"])
    for number in range(draw(st.integers(1, 3))):
        text = draw(texts)
        data = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode()
        case.files[f"articles/{number}.txt"] = data
        controls = sum(text.count(chr(c)) for c in range(32) if c not in (9, 10, 12, 13))
        if not text.strip(" \t\n\r\x0b\x0c") or "\x00" in text or controls > 8:
            case.must_refuse = case.must_refuse or "a text is empty or binary"
        elif controls == 0:
            case.texts.append(data.decode("utf-8-sig"))
    if len(case.files) == 1 and draw(st.booleans()):
        case.targets = ["articles/0.txt"]
    return case


# -- spaCy DocBin ----------------------------------------------------------------------------


@st.composite
def docbin_cases(draw: st.DrawFn) -> Case:
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans
    from spacy.vocab import Vocab

    vocab = Vocab()
    case = Case(files={}, targets=["train.spacy"], lines=False)
    doc_bin = DocBin(store_user_data=True)
    for _ in range(draw(st.integers(1, 3))):
        words = draw(st.lists(conll_words | st.sampled_from(["\n", " ", "\r\n"]), max_size=10))
        spaces = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
        doc = Doc(vocab, words=words, spaces=spaces)
        if not doc.text:
            case.must_refuse = "a document has no text"
        elif "\x00" in doc.text:
            case.must_refuse = "a document holds NUL"
        else:
            case.texts.append(doc.text)
        spans = []
        for _ in range(draw(st.integers(0, 3)) if len(doc) else 0):
            start = draw(st.integers(0, len(doc) - 1))
            label = draw(st.sampled_from(VALID_LABELS) | st.sampled_from(["two words", "GPE\n"]))
            span = doc[start : draw(st.integers(start + 1, len(doc)))]
            span.label_ = label
            spans.append(span)
            if label_is_valid(label):
                case.claims.append((label, span.text))
            else:
                case.must_refuse = case.must_refuse or f"label {label!r} is bad"
        if draw(st.booleans()):
            try:
                doc.ents = filter_spans(spans)
            except ValueError:  # spaCy refuses some entities; a test input, not a finding
                doc.ents = []
        doc.spans[draw(st.sampled_from(["sc", "other"]))] = spans
        if draw(st.booleans()):
            doc.cats = {
                name: draw(st.sampled_from([0.0, 1.0, 0.5]))
                for name in draw(st.lists(names, max_size=2))
            }
        if draw(st.booleans()):
            extra = []
            for _ in range(draw(st.integers(0, 2))):
                start, end, fits = draw(span_offsets(len(doc.text)))
                label = draw(labels)
                if fits and label_is_valid(label):
                    case.claims.append((label, doc.text[start:end]))
                else:
                    case.must_refuse = case.must_refuse or f"span [{start!r}, {end!r}) is bad"
                extra.append(
                    [
                        start,
                        end,
                        label,
                        "accepted",
                        "",
                        draw(notes),
                        "",
                        draw(st.lists(names, max_size=2)),
                    ]
                )
            doc.user_data["tagdesk"] = {
                "title": draw(st.text(_NO_SURROGATES, max_size=10)),
                "source": "",
                "meta": draw(meta_values),
                "status": "done",
                "tags": draw(st.lists(names, max_size=2)),
                "spans": extra,
            }
        if draw(st.booleans()):
            doc.user_data["other_tool"] = draw(json_values)
        doc_bin.add(doc)
    case.files["train.spacy"] = bytes(doc_bin.to_bytes())
    case.format_name = draw(st.sampled_from([None, "docbin"]))
    return case


# -- byte-level mutation ---------------------------------------------------------------------

INTERESTING = [
    b"\x00", b"\xff", b"\xfe", b"\xc3", b"\xed\xa0\x80", b'"', b"\\", b"{", b"}", b"[", b"]",
    b",", b":", b"\n", b"\r", b"\r\n", b"\t", b" ", b"-", b"0", b"9" * 20, b"1e999", b"-1",
    b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\xf0\x9f\x98\x80", b"null", b"true", b"NaN", b"T1\t",
    b"-DOCSTART-", b"B-", b"I-GPE", b"\\n", b"\\u2028", b"\\u001b", b"\\t", b"\\u0000",
]  # fmt: skip
operations = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "repeat", "truncate", "replace"]),
    st.integers(0, 1 << 20),
    st.integers(0, 1 << 20),
    st.sampled_from(INTERESTING) | st.binary(min_size=1, max_size=4),
)


def mutate(data: bytes, steps: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, where, size, payload in steps:
        position = where % (len(data) + 1)
        if kind == "flip" and data:
            position %= len(data)
            data = (
                data[:position] + bytes([data[position] ^ (1 << size % 8)]) + data[position + 1 :]
            )
        elif kind == "insert":
            data = data[:position] + payload + data[position:]
        elif kind == "delete":
            data = data[:position] + data[position + 1 + size % 16 :]
        elif kind == "repeat":
            piece = data[position : position + 1 + size % 64]
            data = data[:position] + piece * (2 + size % 3) + data[position:]
        elif kind == "truncate":
            data = data[:position]
        elif kind == "replace":
            data = data[:position] + payload + data[position + len(payload) :]
    return data


mutations = st.lists(operations, min_size=1, max_size=6)


@lru_cache(maxsize=1)
def docbin_seed() -> bytes:
    """A DocBin as spaCy writes it: ents, two span groups, cats and Tagdesk's user_data."""
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

    vocab = Vocab()
    doc_bin = DocBin(store_user_data=True)
    words = ["Gen", "Qasem", "Soleimani", "visited", "Tikrit", "😀", "in", "March", "."]
    doc = Doc(vocab, words=words, spaces=[True] * 8 + [False])
    doc.ents = [Span(doc, 1, 3, "PERSON"), Span(doc, 4, 5, "GPE"), Span(doc, 7, 8, "DATE")]
    doc.spans["sc"] = [Span(doc, 0, 3, "PERSON"), Span(doc, 4, 5, "GPE")]
    doc.spans["other"] = [Span(doc, 3, 4, "EVENT")]
    doc.cats = {"iraq": 1.0, "syria": 0.0}
    doc.user_data["tagdesk"] = {
        "title": "Soleimani in Tikrit",
        "source": "wire.txt",
        "meta": {"desk": "middle-east"},
        "status": "done",
        "tags": ["iraq"],
        "spans": [[4, 19, "PERSON", "accepted", "manual", "the general", "ana", ["checked"]]],
    }
    doc_bin.add(doc)
    doc_bin.add(Doc(vocab, words=["Ankara", "replied", "."], spaces=[True, False, False]))
    return bytes(doc_bin.to_bytes())


def seed_cases(
    seed: str, target: str | None = None, format_name: str | None = None
) -> st.SearchStrategy[Case]:
    """Byte-mutated copies of one seed file (or one file of a seed folder)."""
    root = SEEDS / seed
    if root.is_dir():
        files = {f"{seed}/{p.name}": p.read_bytes() for p in sorted(root.iterdir())}
    else:
        files = {seed: root.read_bytes()}

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        chosen = target or draw(st.sampled_from(sorted(files)))
        mutated = dict(files)
        mutated[chosen] = mutate(files[chosen], draw(mutations))
        case = Case(files=mutated, targets=[seed], format_name=format_name)
        case.claims = lenient_claims(seed, mutated)
        if seed.endswith(".txt"):
            case.texts = lenient_text(mutated[seed])
        return case

    return build()


@st.composite
def docbin_mutations(draw: st.DrawFn) -> Case:
    """The DocBin seed mutated inside its zlib layer (the msgpack) or as compressed bytes."""
    data = docbin_seed()
    if draw(st.booleans()):
        data = zlib.compress(mutate(zlib.decompress(data), draw(mutations)))
    else:
        data = mutate(data, draw(mutations))
    return Case(files={"seed.spacy": data}, targets=["seed.spacy"], lines=False)


def lenient_claims(seed: str, files: dict[str, bytes]) -> list[tuple[str, str]]:
    """What a mutated file still says a span covers, read as forgivingly as possible."""
    claims: list[tuple[str, str]] = []
    if seed.endswith(".jsonl"):
        for raw in files[seed].splitlines():
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError):
                continue
            spans = record.get("spans") if isinstance(record, dict) else None
            for span in spans if isinstance(spans, list) else []:
                if isinstance(span, dict) and isinstance(span.get("text"), str):
                    claims.append((str(span.get("label")), span["text"]))
    elif seed.endswith(".json"):
        try:
            tasks = json.loads(files[seed].decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return claims
        for task in tasks if isinstance(tasks, list) else [tasks]:
            if not isinstance(task, dict):
                continue
            for key in ("annotations", "predictions"):
                entries = task.get(key)
                for entry in entries if isinstance(entries, list) else []:
                    if not isinstance(entry, dict) or (
                        key == "annotations" and entry.get("was_cancelled")
                    ):
                        continue
                    result = entry.get("result")
                    for item in result if isinstance(result, list) else []:
                        value = item.get("value") if isinstance(item, dict) else None
                        if isinstance(value, dict) and isinstance(value.get("text"), str):
                            for label in value.get("labels") or []:
                                claims.append((str(label), value["text"]))
    elif seed == "brat":
        ann = files.get("brat/tikrit.ann", b"").decode("utf-8", "replace")
        for line in ann.split("\n"):
            fields = line.rstrip("\r").split("\t")
            if line.startswith("T") and len(fields) >= 3 and ";" not in fields[1]:
                claims.append((fields[1].split(" ")[0], "\t".join(fields[2:])))
    return claims


def lenient_text(data: bytes) -> list[str]:
    """The document a .txt file holds; none when it starts -DOCSTART- (then it is CoNLL)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    return [] if text.startswith("-DOCSTART-") else [text]
