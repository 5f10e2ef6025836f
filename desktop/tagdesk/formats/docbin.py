"""spaCy DocBin (.spacy): training data `spacy train` reads without a converter.

Each document becomes a Doc built from the document's tokens: the ones its
file came with (a CoNLL, Prodigy or DocBin import: words and whitespace as
they were), else the pipeline's tokenizer's, so spaCy's alignment has nothing
to fix. Document tags are `doc.cats` (1.0 for the document's tags, 0.0 for
the other tags in the export). A span that does not start and end on token
boundaries cannot be a spaCy span; it is reported by document and offset.

Each span goes back where it came from. A span read from `doc.ents` has the
group "ents" and is written to `doc.ents`; one read from `doc.spans[NAME]` has
the group NAME and is written there. A span with no group (made in the window,
or read from a format without groups) is written to `doc.ents` when accepted
and to `doc.spans["sc"]` as well, so that spancat has the overlapping ones;
but in a document whose spans came with groups it joins `doc.ents` only, and
the groups stay what they were. `doc.ents` holds accepted spans that do not
overlap: a grouped "ents" span that overlaps a kept one, or is only
suggested, is reported; an ungrouped one is in "sc" anyway.

A span linked to an entity carries the entity's key as `Span.kb_id_`, in
`doc.ents` and in the span groups alike, as spaCy's entity linker reads it.

Tagdesk's own fields (title, source, meta, status, and every span with its
status, note, tags, group and kb_id, even one that missed the token boundaries)
travel in `doc.user_data["tagdesk"]`, which spaCy keeps but does not train
on, so a DocBin round-trips through Tagdesk unchanged.

Relations travel in `doc.user_data["relations"]` and, for explosion/projects'
rel_component, as the value of `doc._.rel`, set without registering a `Doc`
extension (docbin_relations.py says how).

spaCy is imported inside the functions: it is slow to import and only an
export or import of this format needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError, TagdeskError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.formats.atomic import atomic_binaries
from tagdesk.formats.base import Exported, FormatOptions, Token
from tagdesk.formats.decoding import read_bytes
from tagdesk.formats.docbin_relations import (
    RELATIONS_KEY,
    read_relations,
    relation_entries,
    set_rel,
)
from tagdesk.formats.jsonl_lines import build_document
from tagdesk.formats.spacy_jsonl import stable_hash

SPAN_KEY = "sc"  # spaCy's default span group for the spancat component
ENTS = "ents"  # the group of spans read from, and written to, doc.ents
USER_DATA_KEY = "tagdesk"
MISALIGNED = "does not fall on spaCy token boundaries"
NOT_ACCEPTED = "is not accepted, and doc.ents holds accepted spans only"
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
# Tagdesk's span list in user_data: start, end, label, status, source, note, annotator, tags,
# group, kb_id (Tagdesk before schema 6 wrote the first eight, before schema 10 the first nine).
_SPAN_TYPES = (int, int, str, str, str, str, str, list | tuple, str, str)
_OLD_SPAN_FIELDS = (8, 9)


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
    relation_labels: set[str] = set()
    for document, tokens in items:
        docs.append(to_doc(vocab, document, tokens, summary))
        keys.append(stable_hash(document.text))
        all_tags.update(document.tags)
        relation_labels.update(relation.label for relation in document.relations)
    # doc._.rel is written when the export has relations, with every type of the scheme
    declared = [kind.name for kind in options.relation_types]
    scheme = [*declared, *sorted(relation_labels - set(declared))]
    for doc in docs:
        own = doc.user_data[USER_DATA_KEY]["tags"]
        doc.cats = {tag: 1.0 if tag in own else 0.0 for tag in sorted(all_tags)}
        if relation_labels:
            set_rel(doc, scheme)
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
    """A Doc on the document's tokens, with ents, span groups, and Tagdesk's fields."""
    from spacy.tokens import Doc

    text = document.text
    doc = Doc(vocab, words=[text[s:e] for s, e, _ in tokens], spaces=[ws for _, _, ws in tokens])
    if doc.text != text:
        raise TagdeskError(f"document {document.id}: its tokens do not rebuild its text")
    ungrouped = ENTS if any(span.group for span in document.spans) else ""
    entities: list[tuple[Any, ExportSpan, bool]] = []  # span, its record, reported if not kept
    groups: dict[str, list[Any]] = {} if ungrouped else {SPAN_KEY: []}
    for span in document.spans:
        made = doc.char_span(span.start, span.end, label=span.label, kb_id=span.kb_id)
        if made is None:
            summary.left_out(document, span, MISALIGNED)
            continue
        group = span.group or ungrouped
        if group == ENTS and span.status != "accepted":
            summary.left_out(document, span, NOT_ACCEPTED)
        elif group in ("", ENTS):
            if span.status == "accepted":
                entities.append((made, span, group == ENTS))
            if not group:
                groups.setdefault(SPAN_KEY, []).append(made)
        else:
            groups.setdefault(group, []).append(made)
    for name, spans in groups.items():
        doc.spans[name] = spans
    doc.ents = _entities(document, entities, summary)
    doc.user_data[USER_DATA_KEY] = {
        "title": document.title,
        "source": document.source,
        "meta": document.meta,
        "status": document.status,
        "tags": list(document.tags),
        "spans": [
            [
                s.start,
                s.end,
                s.label,
                s.status,
                s.source,
                s.note,
                s.annotator,
                list(s.tags),
                s.group,
                s.kb_id,
            ]
            for s in document.spans
        ],
    }
    if document.relations:
        doc.user_data[RELATIONS_KEY] = relation_entries(document)
    return doc


def _entities(
    document: ExportDocument, entities: list[tuple[Any, ExportSpan, bool]], summary: ExportSummary
) -> list[Any]:
    """The longest spans that do not overlap; a span that came from doc.ents and lost is said."""
    from spacy.util import filter_spans

    kept = filter_spans([made for made, _, _ in entities])
    taken = {(made.start_char, made.end_char, made.label_) for made in kept}
    for made, span, reported in entities:
        if reported and (span.start, span.end, span.label) not in taken:
            other = next(k for k in kept if k.start < made.end and made.start < k.end)
            summary.left_out(
                document,
                span,
                f"overlaps [{other.start_char}, {other.end_char}) {other.label_}, and doc.ents "
                "cannot hold overlapping spans",
            )
    return kept


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
    """Spans from `doc.ents` and every span group, each with its group, and the Doc's tokens.

    Where Tagdesk wrote the file, its own span list says everything; a span
    in the Doc that the list does not explain (another tool added it) is
    read too.
    """
    item = f"document {index}"
    if not doc.text:
        raise InputError(path, f"{item}: has no text")
    extra = _tagdesk_fields(doc.user_data.get(USER_DATA_KEY), path, item)
    own: dict[tuple[int, int, str, str], IncomingSpan] = {}
    for raw in extra.get("spans") or []:
        start, end, label, status, source, note, annotator, tags, *rest = raw
        group = rest[0] if rest else ""
        kb_id = rest[1] if len(rest) > 1 else ""
        own[(start, end, label, group)] = IncomingSpan(
            start, end, label, status, source, note, annotator, list(tags), group=group,
            kb_id=kb_id,
        )  # fmt: skip
    explained = set(own)
    explained.update(
        (start, end, label, where)
        for start, end, label, group in own
        if not group
        for where in (ENTS, SPAN_KEY)
    )
    spans: dict[tuple[int, int, str, str], IncomingSpan] = {}
    in_doc = [(ENTS, doc.ents), *doc.spans.items()]
    for group, members in in_doc:
        for span in members:
            key = (span.start_char, span.end_char, span.label_, group)
            if key not in explained:
                spans.setdefault(key, IncomingSpan(*key[:3], group=group, kb_id=span.kb_id_))
    spans.update(own)
    tags = [name for name, score in doc.cats.items() if score >= 0.5]
    record = {
        "title": extra.get("title"),
        "meta": {**(extra.get("meta") or {}), "source": extra.get("source") or path.name},
        "tags": list(dict.fromkeys([*tags, *(extra.get("tags") or [])])),
        "status": extra.get("status"),
    }
    tokens = [(token.idx, token.idx + len(token.text)) for token in doc]
    span_list = list(spans.values())
    relations, tally = read_relations(doc, span_list, path, item, strict=bool(extra))
    document = build_document(
        record,
        doc.text,
        span_list,
        path,
        None,
        item,
        tokens=tokens,
        tokens_from="docbin",
    )
    document.relations = relations
    document.tally = tally or None
    return document


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
            or len(raw) not in (*_OLD_SPAN_FIELDS, len(_SPAN_TYPES))
            or not all(
                isinstance(value, kind) and not isinstance(value, bool)
                for value, kind in zip(raw, _SPAN_TYPES, strict=False)
            )
            or not all(isinstance(tag, str) for tag in raw[7])
        ):
            raise damaged(
                "a span must be [start, end, label, status, source, note, annotator, tags, "
                f"group, kb_id], got {raw!r:.80}"
            )
    return extra
