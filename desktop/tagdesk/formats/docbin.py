"""spaCy DocBin (.spacy): training data `spacy train` reads without a converter.

Each document becomes a Doc built from the same tokens the pipeline's
tokenizer produces, so spaCy's alignment has nothing to fix: accepted spans
that do not overlap are `doc.ents`, every span is in `doc.spans["sc"]`, and
document tags are `doc.cats` (1.0 for the document's tags, 0.0 for the other
tags in the export). A span that does not start and end on token boundaries
cannot be a spaCy span; it is reported by document and offset.

Tagdesk's own fields (title, source, meta, status, and every span with its
status, note and tags, even one that missed the token boundaries) travel in
`doc.user_data["tagdesk"]`, which spaCy keeps but does not train on, so a
DocBin round-trips through Tagdesk unchanged.

spaCy is imported inside the functions: it is slow to import and only an
export or import of this format needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError, TagdeskError
from tagdesk.core.records import ExportDocument, ExportSummary, IncomingDocument, IncomingSpan
from tagdesk.formats.atomic import atomic_binaries
from tagdesk.formats.base import Exported, FormatOptions, Token
from tagdesk.formats.decoding import read_bytes
from tagdesk.formats.jsonl_lines import build_document
from tagdesk.formats.spacy_jsonl import stable_hash

SPAN_KEY = "sc"  # spaCy's default span group for the spancat component
USER_DATA_KEY = "tagdesk"
MISALIGNED = "does not fall on spaCy token boundaries"
# A DocBin is zlib-compressed msgpack, about 21 times the size of its text once
# expanded (token attributes, and Tagdesk's own copy of the spans). The largest
# article Tagdesk promises to import is 50 MB; at 30 times that, with room to
# spare, a file that expands further is refused before it is held in memory.
MAX_EXPANDED_BYTES = 1536 * 1024 * 1024
# spaCy's DocBins shrink 7 to 9 times under zlib (measured on the seeds, one copy and
# twenty); a file past this size that expands a hundred times is filler, not documents.
MAX_RATIO = 100
_RATIO_FROM_BYTES = 64 * 1024 * 1024
_CHUNK = 16 * 1024 * 1024
# Tagdesk's span list in user_data: start, end, label, status, source, note, annotator, tags.
_SPAN_TYPES = (int, int, str, str, str, str, str, list | tuple)


def split_targets(out: Path) -> tuple[Path, Path]:
    """Where --split writes: NAME-train.spacy and NAME-dev.spacy beside OUT."""
    suffix = out.suffix or ".spacy"
    return out.with_name(f"{out.stem}-train{suffix}"), out.with_name(f"{out.stem}-dev{suffix}")


def outputs(out: Path, options: FormatOptions) -> list[Path]:
    """The files an export to `out` writes: OUT, or both halves of a --split."""
    return [out] if options.split is None else list(split_targets(out))


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    from spacy.vocab import Vocab

    vocab = Vocab()
    docs: list[Any] = []
    keys: list[int] = []
    all_tags: set[str] = set()
    for document, tokens in items:
        docs.append(to_doc(vocab, document, tokens, summary))
        keys.append(stable_hash(document.text))
        all_tags.update(document.tags)
    for doc in docs:
        own = doc.user_data[USER_DATA_KEY]["tags"]
        doc.cats = {tag: 1.0 if tag in own else 0.0 for tag in sorted(all_tags)}
    if options.split is None:
        parts, targets = [docs], [out]
    else:
        if len(docs) < 2:
            raise TagdeskError("--split needs at least two documents, one for each file")
        # Ordered by a hash of the text: the same document lands in the same file every time.
        ordered = [doc for _, doc in sorted(zip(keys, docs, strict=True), key=lambda p: p[0])]
        cut = min(max(round(len(ordered) * options.split), 1), len(ordered) - 1)
        parts, targets = [ordered[:cut], ordered[cut:]], outputs(out, options)
    payloads = [_doc_bin_bytes(part) for part in parts]
    with atomic_binaries(targets) as streams:
        for stream, payload in zip(streams, payloads, strict=True):
            stream.write(payload)
    summary.files.extend(str(target) for target in targets)


def _doc_bin_bytes(docs: list[Any]) -> bytes:
    from spacy.tokens import DocBin

    doc_bin = DocBin(store_user_data=True)
    for doc in docs:
        doc_bin.add(doc)
    return bytes(doc_bin.to_bytes())


def to_doc(
    vocab: Any, document: ExportDocument, tokens: Sequence[Token], summary: ExportSummary
) -> Any:
    """A Doc on the pipeline's tokens, with ents, the span group, and Tagdesk's fields."""
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    text = document.text
    doc = Doc(vocab, words=[text[s:e] for s, e, _ in tokens], spaces=[ws for _, _, ws in tokens])
    if doc.text != text:
        raise TagdeskError(f"document {document.id}: its tokens do not rebuild its text")
    group = []
    accepted = []
    for span in document.spans:
        made = doc.char_span(span.start, span.end, label=span.label)
        if made is None:
            summary.left_out(document, span, MISALIGNED)
            continue
        group.append(made)
        if span.status == "accepted":
            accepted.append(made)
    doc.spans[SPAN_KEY] = group
    doc.ents = filter_spans(accepted)
    doc.user_data[USER_DATA_KEY] = {
        "title": document.title,
        "source": document.source,
        "meta": document.meta,
        "status": document.status,
        "tags": list(document.tags),
        "spans": [
            [s.start, s.end, s.label, s.status, s.source, s.note, s.annotator, list(s.tags)]
            for s in document.spans
        ],
    }
    return doc


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    data = read_bytes(path)
    expanded_size(data, path)  # before spaCy expands it whole
    try:
        doc_bin = DocBin(store_user_data=True).from_bytes(data)
    except Exception as error:  # zlib, msgpack and spaCy all raise their own
        raise InputError(path, f"is not a spaCy DocBin file ({type(error).__name__})") from error
    try:
        docs = list(doc_bin.get_docs(Vocab()))
    except KeyError as error:  # spaCy's E018: a hash whose string the file does not hold
        raise InputError(
            path,
            "is a spaCy DocBin that needs strings from another vocabulary (it was saved "
            "without them); save it again from the pipeline that made it, with "
            "DocBin(docs=...).to_disk(...)",
        ) from error
    except Exception as error:
        raise InputError(path, f"is a damaged spaCy DocBin ({type(error).__name__})") from error
    if not docs:
        raise InputError(path, "holds no documents")
    for index, doc in enumerate(docs):
        yield from_doc(doc, path, index)


def expanded_size(data: bytes, path: Path, limit: int | None = None) -> int:
    """How large `data` is once decompressed, found without holding more than `limit` of it."""
    import zlib

    bound = MAX_EXPANDED_BYTES if limit is None else limit
    stream = zlib.decompressobj()
    size = 0
    pending = data
    try:
        while pending and not stream.eof:
            size += len(stream.decompress(pending, _CHUNK))
            pending = stream.unconsumed_tail
            if size > _RATIO_FROM_BYTES and size > MAX_RATIO * len(data):
                raise InputError(
                    path,
                    f"expands more than {MAX_RATIO} times, as no DocBin spaCy writes does; "
                    "it is refused unread",
                )
            if size > bound:
                raise InputError(
                    path,
                    f"expands to more than {bound // (1024 * 1024)} MB, more than any DocBin "
                    "of documents Tagdesk imports; it is refused unread",
                )
        size += len(stream.flush())
    except zlib.error as error:
        raise InputError(path, "is not a spaCy DocBin file (not zlib data)") from error
    return size


def from_doc(doc: Any, path: Path, index: int) -> IncomingDocument:
    """Spans from `doc.ents` and every span group, with Tagdesk's fields where it left them."""
    item = f"document {index}"
    if not doc.text:
        raise InputError(path, f"{item}: has no text")
    extra = _tagdesk_fields(doc.user_data.get(USER_DATA_KEY), path, item)
    spans: dict[tuple[int, int, str], IncomingSpan] = {}
    for span in [*doc.ents, *(s for group in doc.spans.values() for s in group)]:
        key = (span.start_char, span.end_char, span.label_)
        spans.setdefault(key, IncomingSpan(*key))
    for raw in extra.get("spans") or []:
        start, end, label, status, source, note, annotator, tags = raw
        spans[(start, end, label)] = IncomingSpan(
            start, end, label, status, source, note, annotator, list(tags)
        )
    tags = [name for name, score in doc.cats.items() if score >= 0.5]
    record = {
        "title": extra.get("title"),
        "meta": {**(extra.get("meta") or {}), "source": extra.get("source") or path.name},
        "tags": list(dict.fromkeys([*tags, *(extra.get("tags") or [])])),
        "status": extra.get("status"),
    }
    return build_document(record, doc.text, list(spans.values()), path, None, item)


def _tagdesk_fields(extra: object, path: Path, item: str) -> dict[str, Any]:
    """Tagdesk's entry in `user_data`, checked field by field: another tool may have written it."""

    def damaged(what: str) -> InputError:
        return InputError(path, f"{item}: Tagdesk's fields in user_data are damaged: {what}")

    if extra is None:
        return {}
    if not isinstance(extra, dict):
        raise damaged(f"an object was expected, got {type(extra).__name__}")
    for key, kind in (("title", str), ("source", str), ("status", str), ("meta", dict)):
        if extra.get(key) is not None and not isinstance(extra[key], kind):
            raise damaged(f'"{key}" must be {kind.__name__}, got {type(extra[key]).__name__}')
    tags = extra.get("tags")
    # spaCy reads user_data back with msgpack's use_list=False: lists arrive as tuples.
    if tags is not None and not (
        isinstance(tags, list | tuple) and all(isinstance(t, str) for t in tags)
    ):
        raise damaged('"tags" must be a list of names')
    spans = extra.get("spans")
    if spans is not None and not isinstance(spans, list | tuple):
        raise damaged('"spans" must be a list')
    for raw in spans or []:
        if (
            not isinstance(raw, list | tuple)
            or len(raw) != len(_SPAN_TYPES)
            or not all(
                isinstance(value, kind) and not isinstance(value, bool)
                for value, kind in zip(raw, _SPAN_TYPES, strict=True)
            )
            or not all(isinstance(tag, str) for tag in raw[-1])
        ):
            raise damaged(
                f"a span must be [start, end, label, status, source, note, annotator, tags], "
                f"got {raw!r:.80}"
            )
    return extra
