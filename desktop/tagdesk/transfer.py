"""Import and export: formats on one side, the store on the other."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tagdesk.core.errors import TagdeskError
from tagdesk.core.records import ExportDocument, IncomingDocument
from tagdesk.formats import registry, spacy_jsonl
from tagdesk.formats.atomic import atomic_binary
from tagdesk.store import Store
from tagdesk.store.importing import ImportSummary, import_documents
from tagdesk.store.reading import iter_export_documents

Progress = Callable[[int], None]


def import_paths(
    store: Store,
    paths: list[Path],
    *,
    format_name: str | None = None,
    annotator: str,
    progress: Progress | None = None,
) -> ImportSummary:
    """Read every file and add what it holds in one transaction: all or nothing."""
    plan = registry.expand(paths, format_name)

    def documents() -> Iterator[IncomingDocument]:
        for path, reader in plan:
            yield from reader(path)

    return import_documents(
        store,
        documents(),
        annotator=annotator,
        source=f"import:{format_name or 'auto'}",
        progress=progress,
    )


@dataclass(frozen=True)
class ExportFilter:
    documents: str = "done"  # done | all
    spans: str = "accepted"  # accepted | all (adds suggestions and rejections)

    def document_statuses(self) -> tuple[str, ...] | None:
        return ("done",) if self.documents == "done" else None

    def span_statuses(self) -> tuple[str, ...]:
        if self.spans == "accepted":
            return ("accepted",)
        return ("accepted", "suggested", "rejected")


def export_file(
    store: Store,
    out: Path,
    *,
    format_name: str = registry.DEFAULT_EXPORT,
    selection: ExportFilter | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the selected documents to `out` atomically; returns how many were written."""
    if format_name not in registry.exportable():
        known = ", ".join(registry.exportable())
        raise TagdeskError(f"{format_name}: Tagdesk cannot export this format (known: {known})")
    selection = selection or ExportFilter()
    documents = iter_export_documents(
        store,
        document_statuses=selection.document_statuses(),
        span_statuses=selection.span_statuses(),
    )
    from tagdesk.nlp.tokens import tokenize

    def with_tokens() -> Iterator[tuple[ExportDocument, list[tuple[int, int, bool]]]]:
        for count, document in enumerate(documents, start=1):
            yield document, tokenize(document.text)
            if progress is not None:
                progress(count)

    with atomic_binary(out) as stream:
        return spacy_jsonl.write(with_tokens(), stream)
