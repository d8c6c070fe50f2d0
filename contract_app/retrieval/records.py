"""What the store keeps per document and what ``ingest`` reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentRecord:
    """A fully indexed document: written last, so its presence is the completion marker."""

    doc_id: str  # sha256 of the file bytes
    file_name: str
    path: str  # absolute path at ingest time (re-parsed for ``Retriever.structure``)
    pages: int
    sections: int
    chunks: int
    ingested_at: str  # ISO 8601, UTC
    embedding_model: str


@dataclass(frozen=True)
class IngestResult:
    doc_id: str
    file_name: str
    pages: int
    sections: int
    chunks: int
    seconds: float
    skipped: bool  # the same content was already indexed: nothing was done
