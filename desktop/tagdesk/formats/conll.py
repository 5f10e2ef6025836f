"""CoNLL-2003 style columns: `word -X- _ TAG` a token, IOB2 tags, `-DOCSTART-` between documents.

Tokens are the document's: the ones its file came with (a CoNLL, Prodigy or
DocBin import), else the pipeline's tokenizer's. Whitespace tokens are not
written, and a line break starts a new sentence (a blank line) unless it
falls inside an entity. One label per token: overlapping spans cannot be
expressed, so all but one of each overlapping group (the longer, then the
earlier) are reported, as are spans that do not fall on token boundaries.

Not carried: the exact whitespace between tokens (on import, tokens are
joined by spaces and sentences by line breaks), the middle columns (part of
speech, chunk), titles, notes, tags, status. On import the first column is
the word and the last the tag, columns split by spaces or tabs (a no-break
space is part of a word); IOB1, IOB2, BIOES and BILUO tags are all read. The
words are kept as the document's tokens, so an export writes them again as
they came. An invisible character (U+FEFF, U+200B, U+00AD, any format
character) or a space other than the column separators in a word is kept in
it and said in a warning with its code point; a line of nothing else is read
as a blank line, also with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.formats.atomic import atomic_binary
from tagdesk.formats.base import Exported, FormatOptions, Token
from tagdesk.formats.decoding import read_text_file
from tagdesk.formats.jsonl_lines import build_document

DOCSTART = "-DOCSTART-"
# The document break as `spacy convert` looks for it: the whole line, not the word. With
# CoNLL-2003's own "-DOCSTART- -X- -X- O" spaCy keeps the documents together (or regroups
# them by sentence count) and trains on "-DOCSTART-" as a word. Readers that look at
# the first column only (this one, flair, Hugging Face's conll2003) split on either.
DOCSTART_LINE = f"{DOCSTART} -X- O O"
MISALIGNED = "does not fall on spaCy token boundaries"
# A word -DOCSTART- in the text would be taken for a document break: by this
# reader, and by flair and Hugging Face's conll2003 loader, which look at the
# first column only, whatever the tag (spaCy's converter splits on the whole
# line "-DOCSTART- -X- O O"). It is written with a backslash before it, and the
# reader takes one away, so `\-DOCSTART-` (any number of backslashes) round-trips.
_DOCSTART_WORD = re.compile(r"\\*-DOCSTART-")
_SENTENCE_BREAKS = ("\n", "\u2028", "\u2029")
_COLUMNS = re.compile(r"[ \t]+")


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    with atomic_binary(out) as stream:
        for document, tokens in items:
            stream.write(to_conll(document, tokens, summary).encode("utf-8"))
    summary.files.append(str(out))


def to_conll(document: ExportDocument, tokens: Sequence[Token], summary: ExportSummary) -> str:
    text = document.text
    tags = token_tags(document, tokens, summary)
    lines = [DOCSTART_LINE, ""]
    for (start, end, _), tag in zip(tokens, tags, strict=True):
        word = text[start:end]
        if word.isspace():
            inside = tag.startswith("I-")
            if any(b in word for b in _SENTENCE_BREAKS) and not inside and lines[-1]:
                lines.append("")
            continue
        clean = "".join("_" if ch.isspace() else ch for ch in word)
        if _DOCSTART_WORD.fullmatch(clean):
            clean = "\\" + clean
        lines.append(f"{clean} -X- _ {tag}")
    if lines[-1]:
        lines.append("")
    return "\n".join(lines) + "\n"


def token_tags(
    document: ExportDocument, tokens: Sequence[Token], summary: ExportSummary
) -> list[str]:
    """IOB2 tags a token; spans that overlap a kept one or miss token edges are reported."""
    starts = {start: index for index, (start, _, _) in enumerate(tokens)}
    ends = {end: index for index, (_, end, _) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    owner: list[ExportSpan | None] = [None] * len(tokens)
    for span in sorted(document.spans, key=lambda s: (s.start - s.end, s.start)):
        first, last = starts.get(span.start), ends.get(span.end)
        if first is None or last is None:
            summary.left_out(document, span, MISALIGNED)
            continue
        taken = next((o for o in owner[first : last + 1] if o is not None), None)
        if taken is not None:
            summary.left_out(
                document,
                span,
                f"overlaps [{taken.start}, {taken.end}) {taken.label}, and CoNLL gives a token "
                "one label",
            )
            continue
        for index in range(first, last + 1):
            owner[index] = span
            tags[index] = f"{'B' if index == first else 'I'}-{span.label}"
    return tags


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    lines = read_text_file(path).split("\n")
    block: list[tuple[int, str]] = []
    started_at = 1
    documents = 0
    unseen = _Unseen(path)
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if line.split(" ", 1)[0] == DOCSTART or line.split("\t", 1)[0] == DOCSTART:
            if any(text for _, text in block):
                documents += 1
                yield _document(block, path, started_at, unseen)
            block, started_at = [], number
            continue
        block.append((number, line))
    if any(text.strip() for _, text in block):
        documents += 1
        yield _document(block, path, started_at, unseen)
    if not documents:  # an import that adds nothing must not look like one that worked
        raise InputError(path, "holds no tokens, only -DOCSTART- and blank lines")
    options.warnings.extend(unseen.warnings())


class _Unseen:
    """Characters a reader does not see in a word: said once a file, with the first place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.in_words: list[tuple[int, str, str]] = []  # line, word, character
        self.lines: list[tuple[int, str]] = []  # line, character

    def check(self, number: int, word: str) -> None:
        if word.isprintable():  # the common case costs one call
            return
        found = next((ch for ch in word if _unseen(ch)), None)
        if found is not None:
            self.in_words.append((number, word, found))

    def warnings(self) -> list[str]:
        said = []
        if self.lines:
            number, ch = self.lines[0]
            said.append(
                f"{self.path}:{number}: the line holds only {_named(ch)}; read as a blank line"
                + _more(len(self.lines), "such lines")
            )
        if self.in_words:
            number, word, ch = self.in_words[0]
            said.append(
                f"{self.path}:{number}: token {word!r} holds {_named(ch)}; kept in the token"
                + _more(len(self.in_words), "tokens hold such characters")
            )
        return said


def _unseen(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs")


def _named(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _more(count: int, what: str) -> str:
    return f" ({count} {what} in the file)" if count > 1 else ""


def _document(
    block: list[tuple[int, str]], path: Path, started_at: int, unseen: _Unseen
) -> IncomingDocument:
    pieces: list[str] = []
    length = 0
    spans: list[IncomingSpan] = []
    tokens: list[tuple[int, int]] = []
    open_span: IncomingSpan | None = None
    sentence_open = False
    for number, line in block:
        stripped = line.strip(" \t")
        if stripped and all(_unseen(ch) for ch in stripped):
            unseen.lines.append((number, stripped[0]))
            stripped = ""
        if not stripped:
            if sentence_open:
                pieces.append("\n")
                length += 1
                sentence_open = False
            open_span = None
            continue
        columns = _COLUMNS.split(stripped)
        if len(columns) < 2:
            raise InputError(path, "a token line needs at least a word and a tag", number)
        word, tag = columns[0], columns[-1]
        if word.startswith("\\") and _DOCSTART_WORD.fullmatch(word):
            word = word[1:]
        unseen.check(number, word)
        if sentence_open:
            pieces.append(" ")
            length += 1
        start, end = length, length + len(word)
        pieces.append(word)
        tokens.append((start, end))
        length = end
        sentence_open = True
        open_span = _tag(tag, start, end, open_span, spans, path, number)
    text = "".join(pieces).rstrip("\n")
    record = {"meta": {"source": path.name}}
    return build_document(record, text, spans, path, started_at, tokens=tokens, tokens_from="conll")


def _tag(
    tag: str,
    start: int,
    end: int,
    open_span: IncomingSpan | None,
    spans: list[IncomingSpan],
    path: Path,
    line: int,
) -> IncomingSpan | None:
    """Extend or open a span for one token's tag; returns the span still open."""
    if tag == "O":
        return None
    prefix, _, label = tag.partition("-")
    if prefix not in ("B", "I", "E", "L", "S", "U") or not label:
        raise InputError(path, f"tag {tag!r} is not O, B-LABEL or I-LABEL", line)
    continues = prefix in ("I", "E", "L") and open_span is not None and open_span.label == label
    if continues:
        assert open_span is not None
        open_span.end = end
        current = open_span
    else:
        current = IncomingSpan(start, end, label)
        spans.append(current)
    return None if prefix in ("E", "L", "S", "U") else current
