"""Import and export: formats on one side, the store on the other."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from tagdesk.core.errors import CancelledError, TagdeskError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import RelationTypeSpec
from tagdesk.core.tokens import Tokenizer
from tagdesk.core.validation import label_problem, tag_problem
from tagdesk.core.wording import counted
from tagdesk.formats import registry
from tagdesk.formats.atomic import check_owned, refuse_file, refuse_folder
from tagdesk.formats.base import UNITS, Exported, FormatOptions, Unit
from tagdesk.store import Store
from tagdesk.store.files import database_file_role
from tagdesk.store.importing import ImportSummary, import_documents
from tagdesk.store.reading import (
    GOLD_FIRST,
    count_export_documents,
    has_span_groups,
    iter_export_documents,
    label_names,
    tag_names,
)
from tagdesk.store.relation_presence import holds_relations
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.views import has_gold, known_annotators

ImportProgress = Callable[[int, int | None], None]  # documents read so far, expected (or None)
ExportProgress = Callable[[int, int], None]  # documents written so far, documents to write
TOKEN_BATCH = 200


def import_paths(
    store: Store,
    paths: list[Path],
    *,
    format_name: str | None = None,
    annotator: str,
    progress: ImportProgress | None = None,
    unit: Unit = "utf16",
    read_first: bool = False,
    text_field: str | None = None,
    label_field: str | None = None,
) -> ImportSummary:
    """Read every file and add what it holds in one transaction: all or nothing.

    `annotator` names the spans whose file names no annotator of its own
    (Prodigy's `_annotator_id`, Label Studio's `completed_by`, doccano's `user`).

    `format_name` None tells each file's format from its name and content;
    `unit` is how doccano offsets are counted, `text_field` and `label_field`
    the fields doccano's text and spans are in where a project renamed them
    (doccano's `column_data`, `column_label`). `progress(done, expected)`
    follows the documents read; `expected` is counted beforehand where that
    is quick (JSON lines, text files), else None. `read_first` parses and
    checks everything before taking the write lock, so a window that imports
    in the background keeps saving the analyst's edits meanwhile.
    """
    warnings: list[str] = []
    if text_field is not None or label_field is not None:
        format_name = _doccano_fields(format_name, text_field, label_field)
    plan = registry.expand(paths, format_name, warnings)
    options = FormatOptions(
        unit=_checked_unit(unit), text_field=text_field, label_field=label_field
    )
    report = None
    if progress is not None:
        expected = registry.estimate_documents(plan)

        def report(done: int) -> None:
            progress(done, expected)

    def documents() -> Iterator[IncomingDocument]:
        for path, reader in plan:
            tallies: dict[str, list[int]] = {}
            for document in reader(path, options):
                if document.tally:
                    _add_tally(tallies, document.tally)
                yield document
            warnings.extend(
                f"{path}: {_COUNTING.format(message, *counts)}"
                for message, counts in tallies.items()
            )

    incoming: Iterable[IncomingDocument] = documents()
    if read_first:
        incoming = list(incoming)
    summary = import_documents(
        store,
        incoming,
        annotator=annotator,
        source=f"import:{format_name or 'auto'}",
        progress=report,
        relation_scheme=options.relation_scheme,
    )
    summary.warnings = [*warnings, *options.warnings, *options.notices.lines(), *summary.warnings]
    return summary


class _Counting(string.Formatter):
    """Formats "{:span}" as counted(value, "span"): "1 span", "2 spans"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return counted(value, format_spec) if format_spec else super().format_field(value, "")


_COUNTING = _Counting()


def _add_tally(tallies: dict[str, list[int]], tally: dict[str, tuple[int, ...]]) -> None:
    """Sum what readers said of each document into one warning a file (see IncomingDocument)."""
    for message, counts in tally.items():
        sums = tallies.setdefault(message, [0] * len(counts))
        for index, value in enumerate(counts):
            sums[index] += value


def _doccano_fields(
    format_name: str | None, text_field: str | None, label_field: str | None
) -> str:
    """Named fields are doccano's: the files are read as doccano, and the names must be names."""
    if format_name not in (None, "doccano"):
        raise TagdeskError("--text-field and --label-field apply to the doccano format only")
    for option, name in (("--text-field", text_field), ("--label-field", label_field)):
        if name is not None and (not name or name != name.strip()):
            raise TagdeskError(f"{option} must name a field, got {name!r}")
    return "doccano"


@dataclass(frozen=True)
class ExportFilter:
    """Which documents and spans an export writes."""

    documents: str = "done"  # done | all
    spans: str = "accepted"  # accepted | all (accepted and suggested; rejected never)
    labels: tuple[str, ...] = ()  # only spans with these labels; empty: every label
    tags: tuple[str, ...] = ()  # only documents with one of these tags; empty: every document
    # One annotator's own view (their status of the documents given to them); None: gold
    # where a reviewer made it, else every span.
    annotator: str | None = None
    # Which relations between the spans written: accepted | all (accepted and suggested;
    # rejected never), as for spans.
    relations: str = "accepted"

    def __post_init__(self) -> None:
        if self.documents not in ("done", "all"):
            raise TagdeskError(f"documents must be done or all, got {self.documents!r}")
        if self.spans not in ("accepted", "all"):
            raise TagdeskError(f"spans must be accepted or all, got {self.spans!r}")
        if self.relations not in ("accepted", "all"):
            raise TagdeskError(f"relations must be accepted or all, got {self.relations!r}")
        problem = next(filter(None, map(label_problem, self.labels)), None)
        problem = problem or next(filter(None, map(tag_problem, self.tags)), None)
        if problem:
            raise TagdeskError(f"--labels and --tags: {problem.removeprefix('span ')}")

    def document_statuses(self) -> tuple[str, ...] | None:
        return ("done",) if self.documents == "done" else None

    def span_statuses(self) -> tuple[str, ...]:
        return ("accepted",) if self.spans == "accepted" else ("accepted", "suggested")

    def relation_statuses(self) -> tuple[str, ...]:
        return ("accepted",) if self.relations == "accepted" else ("accepted", "suggested")


def export_file(
    store: Store,
    out: Path,
    *,
    format_name: str | None = None,
    selection: ExportFilter | None = None,
    progress: ExportProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
    unit: Unit = "utf16",
    split: float | None = None,
    overlap: bool = True,
    token_progress: ExportProgress | None = None,
) -> ExportSummary:
    """Write the selected documents to `out` atomically, and say what was written.

    `format_name` None takes the format from `out`'s name (the default
    otherwise). `progress(done, total)` follows each document; when
    `cancelled()` turns true the export stops with CancelledError and nothing is
    written. Spans a format cannot express are listed in the summary's
    `problems`, by document and offset; `overlap` False (doccano only) leaves
    out, and lists there, every span that overlaps one written before it.
    """
    chosen = check_export_targets(store, out, format_name=format_name, split=split, overlap=overlap)
    assert chosen.write is not None
    selection = selection or ExportFilter()
    _check_names("label", selection.labels, label_names(store))
    _check_names("tag", selection.tags, tag_names(store))
    declared = tuple(
        RelationTypeSpec(t.name, t.colour, t.hotkey, t.directed, t.heads, t.children)
        for t in list_relation_types(store)
    )  # for the formats that declare them (brat's annotation.conf)
    options = FormatOptions(
        unit=_checked_unit(unit),
        split=split,
        overlap=overlap,
        relation_types=declared,
        with_relations=holds_relations(store, selection.relation_statuses()),
    )
    view = _export_view(store, selection.annotator)
    total = count_export_documents(
        store,
        document_statuses=selection.document_statuses(),
        document_tags=selection.tags,
        annotator=selection.annotator,
    )
    documents = iter_export_documents(
        store,
        document_statuses=selection.document_statuses(),
        span_statuses=selection.span_statuses(),
        labels=selection.labels,
        document_tags=selection.tags,
        view=view,
        relation_statuses=selection.relation_statuses(),
    )
    if not chosen.carries_groups and has_span_groups(store):
        documents = map(_one_per_group, documents)
    summary = ExportSummary()
    if chosen.needs_tokens:
        tokenizer = _filled_tokens(store, selection, token_progress, cancelled)
        items = _with_tokens(store, documents, tokenizer)
    else:
        items = _without_tokens(documents)
    chosen.write(_tracked(items, total, summary, progress, cancelled), out, options, summary)
    return summary


def _export_view(store: Store, annotator: str | None) -> str | None:
    """Whose spans an export writes: the annotator's view, gold once it exists, else all."""
    if annotator is not None:
        _check_names("annotator", (annotator,), known_annotators(store))
        return annotator
    return GOLD_FIRST if has_gold(store) else None


def check_export_targets(
    store: Store,
    out: Path,
    *,
    format_name: str | None = None,
    split: float | None = None,
    overlap: bool = True,
) -> registry.Format:
    """Refuse, before anything is read or written, an export that would replace what it must not.

    Every file the export would write is checked: never the database or a file
    of its (journal, backup), never a folder where a file is meant, never a
    file where a folder is, never a folder that is not empty and not exactly
    as an earlier export left it. Returns the format the export writes.
    """
    chosen = registry.export_format(format_name, out)
    if split is not None and not 0 < split < 1:
        raise TagdeskError(f"--split must be between 0 and 1, got {split}")
    if split is not None and "split" not in chosen.options:
        raise TagdeskError("--split applies to the docbin format only")
    if not overlap and "overlap" not in chosen.options:
        raise TagdeskError("--no-overlap applies to the doccano format only")
    database = store.path
    for target in chosen.outputs(out, FormatOptions(split=split)):
        role = database_file_role(database, target) if database is not None else None
        if role is not None:
            raise TagdeskError(
                f"{target}: is {role}; an export never replaces it, so name another file"
            )
        if chosen.folder:
            refuse_file(target)
            check_owned(target)
        else:
            refuse_folder(target)
    return chosen


def _filled_tokens(
    store: Store,
    selection: ExportFilter,
    progress: ExportProgress | None,
    cancelled: Callable[[], bool] | None,
) -> Tokenizer:
    """The pipeline's tokenizer, once every document to export has its tokens kept."""
    from tagdesk.nlp.token_filling import chosen_tokenizer, fill_tokens
    from tagdesk.store.reading import export_document_ids
    from tagdesk.store.settings import chosen_model

    model = chosen_model(store)
    ids = export_document_ids(
        store, document_statuses=selection.document_statuses(), document_tags=selection.tags
    )
    fill_tokens(
        store,
        ids,
        model,
        progress=None if progress is None else lambda _ids, done, total: progress(done, total),
        cancelled=cancelled,
    )
    return chosen_tokenizer(model)[1]


def _with_tokens(
    store: Store, documents: Iterable[ExportDocument], tokenizer: Tokenizer
) -> Iterator[Exported]:
    """Tokens from the store's cache, fetched (and, where still missing, made) a batch at a time."""
    from tagdesk.store.tokens import tokens_for

    iterator = iter(documents)
    while batch := list(islice(iterator, TOKEN_BATCH)):
        tokens = tokens_for(store, ((document.id, document.text) for document in batch), tokenizer)
        for document in batch:
            yield document, tokens[document.id]


def _one_per_group(document: ExportDocument) -> ExportDocument:
    """One span for the same text and label in several DocBin groups, for a format without groups.

    A DocBin often holds an entity in `doc.ents` and again in a span group;
    written twice to brat or doccano it would be two annotations. The
    accepted one is kept, else the first.
    """
    kept: dict[tuple[int, int, str], ExportSpan] = {}
    keys = []
    for span in document.spans:
        key = (span.start, span.end, span.label)
        keys.append(key)
        held = kept.get(key)
        if held is None or (span.status == "accepted" and held.status != "accepted"):
            kept[key] = span
    if len(kept) == len(document.spans):
        return document
    place = {key: index for index, key in enumerate(kept)}
    relations = tuple(  # a relation names the one span kept in its span's place
        relation._replace(head=place[keys[relation.head]], child=place[keys[relation.child]])
        for relation in document.relations
        if place[keys[relation.head]] != place[keys[relation.child]]
    )
    return replace(document, spans=tuple(kept.values()), relations=relations)


def _without_tokens(documents: Iterable[ExportDocument]) -> Iterator[Exported]:
    for document in documents:
        yield document, []


def _tracked(
    items: Iterable[Exported],
    total: int,
    summary: ExportSummary,
    progress: ExportProgress | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[Exported]:
    for done, item in enumerate(items, start=1):
        if cancelled is not None and cancelled():
            raise CancelledError("export cancelled; nothing was written")
        yield item
        summary.documents += 1
        summary.spans += len(item[0].spans)
        summary.relations += len(item[0].relations)
        summary.relations_left_out += item[0].relations_left_out
        if progress is not None:
            progress(done, total)


def _check_names(kind: str, wanted: tuple[str, ...], known: list[str]) -> None:
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise TagdeskError(
            f"no {kind} named {', '.join(unknown)} (known: {', '.join(known) or 'none'})"
        )


def _checked_unit(unit: str) -> Unit:
    if unit not in UNITS:
        raise TagdeskError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    return "utf16" if unit == "utf16" else "codepoint"
