"""What the store keeps per document, the format it was indexed in, and what ``ingest`` reports."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from contract_app.errors import IndexTooNewError
from contract_app.model import CHUNK_SCHEMA_VERSION

INDEX_SCHEMA_VERSION = 2
"""The layout of what the store keeps per document (this record and the chunk rows). Bump it whenever an older
version of the app could misread what this one writes: older versions then refuse the index instead of guessing,
and documents recorded under a lower number are indexed again. 0 is the unversioned layout of the first releases."""


@dataclass(frozen=True)
class IndexFormat:
    """What a document's stored chunks and vectors were made with: any difference means they must be rebuilt,
    never searched beside chunks or vectors made another way."""

    index_schema: int
    chunk_schema: int  # ``model.CHUNK_SCHEMA_VERSION``: what a chunk holds and what of it is embedded
    embedding_model: str
    model_fingerprint: str  # the exact weights: a re-exported or quantised model keeps its name
    chunking: str  # the chunk parameters, as sorted JSON

    def differences(self, stored: IndexFormat) -> list[str]:
        """How ``stored`` differs from this format, in words a user can read (empty when they match). An earlier
        version of the app says it all: what else it did differently is beside the point."""
        if stored.index_schema != self.index_schema or stored.chunk_schema != self.chunk_schema:
            return ["an earlier version of the app"]
        found = []
        if stored.embedding_model != self.embedding_model:
            found.append(f"another embedding model ({stored.embedding_model})")
        elif stored.model_fingerprint != self.model_fingerprint:
            found.append("another build of the embedding model")
        if stored.chunking != self.chunking:
            found.append("other chunk sizes")
        return found


@dataclass(frozen=True)
class DocumentRecord:
    """A fully indexed document: written last, once every chunk row is stored, so its presence marks completion.

    A document is usable when its record is present, of this app's format, and rows 0..chunks-1 are all stored
    (nothing more). The vectors in those rows are not part of that rule: a state where the chunks are stored and
    their dense vectors are still being filled in is complete, not broken. The format fields default to the
    unversioned layout, so a record written before they existed reads as old and its document is indexed again.
    """

    doc_id: str  # sha256 of the file bytes
    file_name: str
    path: str  # absolute path at ingest time (re-parsed for ``Retriever.structure``)
    pages: int
    sections: int
    chunks: int
    ingested_at: str  # ISO 8601, UTC
    embedding_model: str
    index_schema: int = 0
    chunk_schema: int = 0
    model_fingerprint: str = ""
    chunking: str = ""

    @property
    def format(self) -> IndexFormat:
        return IndexFormat(
            self.index_schema, self.chunk_schema, self.embedding_model, self.model_fingerprint, self.chunking
        )


RECORD_FIELDS = frozenset(field.name for field in fields(DocumentRecord))


def refuse_newer(index_schema: int, chunk_schema: int) -> None:
    """Raise when an index (or one record) was written in a format newer than this version reads."""
    if index_schema > INDEX_SCHEMA_VERSION or chunk_schema > CHUNK_SCHEMA_VERSION:
        raise IndexTooNewError(
            "This index was written by a newer version of contract-app than this one, which cannot read it safely: "
            "update contract-app, or choose another index folder in the settings."
        )


def record_from_metadata(metadata: dict[str, Any]) -> DocumentRecord:
    """The record as stored; one written by a newer version is refused rather than read with fields missing."""
    refuse_newer(int(metadata.get("index_schema", 0)), int(metadata.get("chunk_schema", 0)))
    return DocumentRecord(**{key: value for key, value in metadata.items() if key in RECORD_FIELDS})


@dataclass(frozen=True)
class IngestResult:
    doc_id: str
    file_name: str
    pages: int
    sections: int
    chunks: int
    seconds: float
    skipped: bool  # the same content was already indexed: nothing was done
    reindexed: str = ""  # why a stored copy was replaced (incomplete, older format), or "" when there was none
