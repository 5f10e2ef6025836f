"""Reads of single documents for the window."""

from __future__ import annotations

from dataclasses import dataclass

from tagdesk.store.database import Store
from tagdesk.store.models import Document


@dataclass(frozen=True)
class DocumentRow:
    id: int
    title: str
    status: str


def list_documents(store: Store) -> list[DocumentRow]:
    query = Document.select(Document.id, Document.title, Document.status).order_by(Document.id)
    return [DocumentRow(*row) for row in query.tuples()]


def document_text(store: Store, document_id: int) -> str:
    row = Document.select(Document.text).where(Document.id == document_id).tuples().first()
    return row[0] if row else ""
