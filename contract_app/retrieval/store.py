"""The Chroma store, per embedding model: the clauses, their dense vectors, and a manifest of indexed documents.

A document is indexed in two steps. Its clauses (text and metadata) are written first and its manifest entry
last: only documents in the manifest exist for search, and from then on they can be searched by their words.
Their dense vectors follow in a collection of their own, a batch at a time, so an interrupted fill resumes where it
stopped; while some are missing, search uses words alone. Clauses left behind by an interrupted ingest are
invisible and are cleared the next time that document is ingested. How writers take turns is in ``bookkeeping``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from contract_app.errors import EmbeddingModelMismatchError, StoreError
from contract_app.model import Chunk
from contract_app.progress import ProgressCallback, no_progress
from contract_app.retrieval.records import DocumentRecord, record_from_metadata, refuse_newer
from contract_app.retrieval.serialise import chunk_from_record, chunk_metadata
from contract_app.settings import Settings

if TYPE_CHECKING:
    from filelock import BaseFileLock

WRITE_BATCH = 32
VECTOR_PAGE = 2048  # vectors read back per request: all 13,305 of a 2,000-page contract at once held 90 MB more
"""Rows per Chroma write: fewest calls (each costs about 20 ms of commit) without one long hold of the interpreter
lock, which Chroma keeps while it writes (a window uses ``StoreProcess``, where that costs it nothing)."""
STORED = "Clauses stored"  # progress message once every chunk is written (the completion marker comes after)
LEXICAL_SPACE = "lexical-only"  # chunks stored without a dense model
CLAUSE_VECTOR = [1.0]
"""Chroma wants a vector with every row: clause rows carry this constant one (their dense vectors live apart, so a
clause is written once, with its metadata, and its vector once, without)."""
WRITE_LOCK = "write.lock"  # in the store folder: one writer at a time (see ``bookkeeping``)
FORMAT_KEYS = ("index_schema", "chunk_schema")  # the newest record format in a manifest, kept in its metadata


def open_client(settings: Settings) -> Any:
    """A Chroma server client when a URL is configured, else the embedded store on disk. Telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
            ssl = url.scheme == "https"
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if ssl else 8000),
                ssl=ssl,
                settings=chroma_settings,
            )
        settings.store_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.store_path), settings=chroma_settings)
    except Exception as error:
        where = f"the Chroma server at {settings.chroma_url}" if settings.chroma_url else str(settings.store_path)
        raise StoreError(f"Cannot open the index at {where}: {error}") from error


def reopened_client(settings: Settings) -> Any:
    """A client that reads the store folder as it is now. Chroma keeps one system per folder in a process, and its
    vector index in memory does not see rows another process added since: reading their vectors fails ("Error
    finding id") until that system is dropped and the folder opened afresh (the rows on disk are intact)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    stale = SharedSystemClient._identifier_to_system.pop(str(settings.store_path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(settings.store_path), None)
    if stale is not None:
        stale.stop()
    return open_client(settings)


def write_lock_path(settings: Settings) -> Path | None:
    """The lock file writers on this machine share; None for a server, where a local file cannot order writers."""
    return None if settings.chroma_url else settings.store_path / WRITE_LOCK


OPEN_TIMEOUT = 300.0
"""Seconds to wait for the write lock when opening the index: another writer holds it only while it stores a
document's rows (well under a minute even for a 2,000-page contract)."""


def open_store(settings: Settings, model: str, dimension: int) -> ChunkStore:
    """The index, opened holding its write lock: opening may create Chroma's tables and our collections, and two
    processes doing that at once collide ("table collections already exists", "database is locked")."""
    from filelock import FileLock, Timeout

    lock_path = write_lock_path(settings)
    if lock_path is None:
        return ChunkStore(open_client(settings), model, dimension)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    write_lock = FileLock(lock_path)
    try:
        with write_lock.acquire(timeout=OPEN_TIMEOUT):
            store = ChunkStore(open_client(settings), model, dimension, write_lock)
            store.reopen = lambda: reopened_client(settings)
            return store
    except Timeout as error:
        raise StoreError(
            "The index is busy: another window or command has been writing to it for minutes. Try again later."
        ) from error


def chunk_index(chunk_id: str) -> int:
    """A chunk's position from its id (``Chunk.id`` is ``<doc>:<index>``), so checking a document reads ids only."""
    return int(chunk_id.rsplit(":", 1)[1])


def collection_suffix(model: str, dimension: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")[:48] or "model"
    return f"{slug}-{dimension}"


class ChunkStore:
    """Chunks and document records for one embedding model."""

    def __init__(self, client: Any, model: str, dimension: int, write_lock: BaseFileLock | None = None) -> None:
        self.model = model
        self.dimension = dimension
        self.serialised = write_lock is not None  # writers take turns (else they must be idempotent: a server)
        self._write_lock = write_lock
        self.reopen: Callable[[], Any] | None = None  # a fresh client for a local folder (see ``reopened_client``)
        self._open_collections(client)
        suffix = collection_suffix(model, dimension)
        stored = self._vectors.metadata or {}
        if stored.get("embedding_model", model) != model or int(stored.get("dimension", dimension)) != dimension:
            raise EmbeddingModelMismatchError(
                f"The index collection vectors-{suffix} was built with {stored.get('embedding_model')} "
                f"({stored.get('dimension')} dimensions), not {model} ({dimension}): re-index with the same model."
            )
        manifest = self._manifest()
        refuse_newer(*(int(manifest.get(key, 0)) for key in FORMAT_KEYS))

    def _open_collections(self, client: Any) -> None:
        suffix = collection_suffix(self.model, self.dimension)
        meta = {"embedding_model": self.model, "dimension": self.dimension}
        self._client = client
        try:
            self._chunks = client.get_or_create_collection(f"clauses-{suffix}", metadata=meta, embedding_function=None)
            self._vectors = client.get_or_create_collection(
                f"vectors-{suffix}",
                metadata=meta,
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
            self._documents = client.get_or_create_collection(
                f"documents-{suffix}", metadata=meta, embedding_function=None
            )
        except Exception as error:
            raise StoreError(f"Cannot open the index collections: {error}") from error

    def _manifest(self) -> dict[str, Any]:
        """The manifest collection's metadata as stored now (another process may have changed it)."""
        return dict(self._client.get_collection(self._documents.name, embedding_function=None).metadata or {})

    # -- writers on this machine take turns ------------------------------------------------------------------

    def try_lock(self, timeout: float) -> bool:
        """Take the store's write lock within ``timeout`` seconds; always True where there is none (a server)."""
        from filelock import Timeout

        if self._write_lock is None:
            return True
        try:
            self._write_lock.acquire(timeout=timeout)
        except Timeout:
            return False
        except OSError as error:
            raise StoreError(f"Cannot lock the index for writing ({error.strerror or error}).") from error
        return True

    def unlock(self) -> None:
        if self._write_lock is not None and self._write_lock.is_locked:
            self._write_lock.release()

    # -- documents (the completion markers) ------------------------------------------------------------------

    def record(self, doc_id: str) -> DocumentRecord | None:
        found = self._documents.get(ids=[doc_id], include=["metadatas"])
        return record_from_metadata(found["metadatas"][0]) if found["ids"] else None

    def records(self) -> list[DocumentRecord]:
        found = self._documents.get(include=["metadatas"])
        return sorted((record_from_metadata(meta) for meta in found["metadatas"]), key=lambda r: r.ingested_at)

    def mark_complete(self, record: DocumentRecord) -> None:
        self._documents.upsert(ids=[record.doc_id], embeddings=[[1.0]], metadatas=[asdict(record)])
        manifest = self._manifest()
        newest = {key: max(int(manifest.get(key, 0)), getattr(record, key)) for key in FORMAT_KEYS}
        if any(int(manifest.get(key, 0)) != value for key, value in newest.items()):  # older versions now refuse
            self._documents.modify(metadata={**manifest, **newest})

    def unmark(self, doc_id: str) -> None:
        """Remove a document's completion marker only (its rows are about to be rewritten)."""
        self._documents.delete(ids=[doc_id])

    # -- chunks ----------------------------------------------------------------------------------------------

    def _check_dimension(self, vectors: np.ndarray) -> None:
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension:
            raise EmbeddingModelMismatchError(
                f"The embedding model {self.model} returned {vectors.shape[-1]}-dimensional vectors but its index "
                f"holds {self.dimension}-dimensional ones: check the embedding model setting."
            )

    def write_chunks(self, chunks: Sequence[Chunk], progress: ProgressCallback = no_progress) -> None:
        """The clauses' rows (text and metadata), without their dense vectors (``write_vectors``)."""
        write_in_batches(len(chunks), lambda rows: self._upsert(chunks[rows]), progress)

    def _upsert(self, batch: Sequence[Chunk]) -> None:
        self._chunks.upsert(
            ids=[c.id for c in batch],
            embeddings=np.tile(np.float32(CLAUSE_VECTOR), (len(batch), 1)),
            documents=[c.text for c in batch],
            metadatas=[chunk_metadata(c) for c in batch],
        )

    def write_vectors(self, doc_id: str, chunk_ids: Sequence[str], vectors: np.ndarray) -> None:
        """Dense vectors of some of a document's clauses (rows aligned with ``chunk_ids``); writing one again
        replaces it."""
        self._check_dimension(vectors)
        for start in range(0, len(chunk_ids), WRITE_BATCH):
            ids = list(chunk_ids[start : start + WRITE_BATCH])
            self._vectors.upsert(
                ids=ids,
                embeddings=vectors[start : start + WRITE_BATCH],
                metadatas=[{"doc_id": doc_id, "index": chunk_index(chunk_id)} for chunk_id in ids],
            )

    def stored_indices(self, doc_id: str) -> list[int]:
        """The positions of the document's stored chunk rows, ascending (ids only: cheap even for big documents)."""
        found = self._chunks.get(where={"doc_id": doc_id}, include=[])
        return sorted(chunk_index(chunk_id) for chunk_id in found["ids"])

    def vector_indices(self, doc_id: str) -> list[int]:
        """Positions of the document's clauses whose dense vectors are stored (ids only: cheap)."""
        found = self._vectors.get(where={"doc_id": doc_id}, include=[])
        return sorted(chunk_index(chunk_id) for chunk_id in found["ids"])

    def load(self, doc_id: str) -> tuple[tuple[Chunk, ...], np.ndarray | None]:
        """A document's chunks in order, with their dense vectors (rows aligned) once every one is stored."""
        found = self._chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        rows = sorted(
            zip(found["ids"], found["documents"], found["metadatas"], strict=True), key=lambda row: int(row[2]["index"])
        )
        chunks = tuple(chunk_from_record(chunk_id, text, meta) for chunk_id, text, meta in rows)
        return chunks, self.vectors(doc_id, len(chunks))

    def vectors(self, doc_id: str, count: int) -> np.ndarray | None:
        """The document's ``count`` dense vectors in clause order, or None while any is missing."""
        from chromadb.errors import InternalError

        vectors = np.zeros((count, self.dimension), dtype=np.float32)
        seen = np.zeros(count, dtype=bool)
        for offset in range(0, count, VECTOR_PAGE):
            try:
                found = self._vector_page(doc_id, offset)
            except InternalError:  # vectors another process added since this one opened the folder
                if self.reopen is None:
                    raise
                self._open_collections(self.reopen())
                found = self._vector_page(doc_id, offset)
            positions = [chunk_index(chunk_id) for chunk_id in found["ids"]]
            if not positions or max(positions) >= count:
                return None
            vectors[positions] = np.asarray(found["embeddings"], dtype=np.float32)
            seen[positions] = True
        return vectors if seen.all() else None

    def _vector_page(self, doc_id: str, offset: int) -> Any:
        return self._vectors.get(where={"doc_id": doc_id}, include=["embeddings"], limit=VECTOR_PAGE, offset=offset)

    def delete(self, doc_id: str) -> None:
        """Manifest entry first, so a crash half-way leaves only invisible chunks."""
        self._documents.delete(ids=[doc_id])
        self.discard_partial(doc_id)

    def discard_partial(self, doc_id: str) -> None:
        self._chunks.delete(where={"doc_id": doc_id})
        self.discard_vectors(doc_id)

    def discard_vectors(self, doc_id: str) -> None:
        self._vectors.delete(where={"doc_id": doc_id})

    def discard_from(self, doc_id: str, first: int) -> None:
        """Delete the document's rows at positions ``first`` and beyond: what another chunking left past its end."""
        past = {"$and": [{"doc_id": doc_id}, {"index": {"$gte": first}}]}
        self._chunks.delete(where=past)
        self._vectors.delete(where=past)

    def close(self) -> None:
        """Release the write lock if held; the client closes with the process (``StoreProcess`` has a child)."""
        if self._write_lock is not None:
            self._write_lock.release(force=True)


def write_in_batches(
    count: int, write: Callable[[slice], None], progress: ProgressCallback = no_progress, message: str = STORED
) -> None:
    """``write`` each WRITE_BATCH rows in turn, reporting progress (and so honouring a cancel) between batches."""
    for start in range(0, count, WRITE_BATCH):
        progress(start / max(count, 1), "Storing clauses")
        write(slice(start, start + WRITE_BATCH))
    progress(1.0, message)
