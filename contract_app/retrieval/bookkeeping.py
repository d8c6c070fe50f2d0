"""Which stored documents can be used as they are, and how a document is written so that it is always either
complete or absent, with several writers on one store.

On one machine (the window and a command on the same index folder) writers take turns through a lock file in the
store folder, held only while a document's rows and record are written, never while a contract is parsed or
embedded. The writer re-checks the document once it holds the lock: if another process completed it meanwhile, its
copy is kept and nothing is written.

On a shared ``chroma run`` server a local lock cannot order writers on other machines, so there every write is
idempotent instead: chunk ids are fixed by the file's bytes and the chunk's position, rows are upserted, the only
rows deleted are those past the document's last chunk (left by another chunking), and the record goes last.
Guaranteed there: two writers of the same file with the same settings write the same rows, neither removes rows
the other needs, and a document is searched only when its record is present, of this format, and its rows 0..n-1
are all stored (checked on every read); anything else is indexed again. Not guaranteed there: writers of two
different app versions or chunk settings may replace each other's copy back and forth (each copy is complete or
refused, never mixed), and rows of an ingest that crashed stay until the next ingest of that file overwrites them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from contract_app.errors import StoreError
from contract_app.model import Chunk
from contract_app.progress import ProgressCallback
from contract_app.retrieval.records import DocumentRecord, IndexFormat
from contract_app.retrieval.store import ChunkStore
from contract_app.retrieval.store_process import StoreProcess

Store = ChunkStore | StoreProcess
LOCK_POLL_SECONDS = 0.25
WAITING = "Waiting for another window or command to finish writing to the index"


@dataclass(frozen=True)
class StoredState:
    record: DocumentRecord | None
    problem: str  # why the stored copy cannot be used as it is ("" when it can, or when there is none)

    @property
    def usable(self) -> bool:
        return self.record is not None and not self.problem


def row_problem(record: DocumentRecord, indices: Sequence[int]) -> str:
    """Why the stored rows do not make the recorded document (positions 0..chunks-1, each once, nothing more)."""
    if list(indices) == list(range(record.chunks)):
        return ""
    present = len(set(indices) & set(range(record.chunks)))
    if present < record.chunks:
        return f"its stored copy was incomplete ({present} of {record.chunks} clauses)"
    return "its stored copy held clauses of another indexing"


def format_problem(record: DocumentRecord, current: IndexFormat) -> str:
    differences = current.differences(record.format)
    return f"it was indexed with {' and '.join(differences)}" if differences else ""


def stored_state(store: Store, doc_id: str, current: IndexFormat) -> StoredState:
    record = store.record(doc_id)
    if record is None:
        return StoredState(None, "")
    problem = format_problem(record, current) or row_problem(record, store.stored_indices(doc_id))
    return StoredState(record, problem)


@contextmanager
def writing(store: Store, progress: ProgressCallback) -> Iterator[None]:
    """Hold the store's write lock (waiting, with progress and so with cancel, while another writer has it)."""
    while not store.try_lock(LOCK_POLL_SECONDS):
        progress(0.0, WAITING)
    try:
        yield
    finally:
        store.unlock()


def write_document(store: Store, record: DocumentRecord, chunks: Sequence[Chunk], progress: ProgressCallback) -> bool:
    """Store the document's clauses unless a usable copy is there already (another writer finished it first: False).
    A stale or broken copy is replaced, its record removed first, its dense vectors with it (they belong to the old
    rows); the record is written last. The new rows' vectors are filled in after (``Retriever.fill_vectors``).
    Call it holding ``writing``."""
    doc_id = record.doc_id
    existing = stored_state(store, doc_id, record.format)
    if existing.usable:
        return False
    if existing.record is not None:
        store.unmark(doc_id)  # never a completion mark over rows being rewritten
    store.discard_from(doc_id, len(chunks))
    store.discard_vectors(doc_id)
    try:
        store.write_chunks(chunks, progress)
        stored = store.stored_indices(doc_id)
        if row_problem(record, stored):
            raise StoreError(
                f"{record.file_name} could not be stored completely ({len(stored)} of {record.chunks} clauses were "
                "written): try again."
            )
        store.mark_complete(record)
    except BaseException:
        if store.serialised:  # we hold the lock and there is no record: these rows are ours alone
            store.discard_partial(doc_id)
        raise
    return True
