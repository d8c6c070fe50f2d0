"""The chunk store in a child process, for a window.

Embedded Chroma holds the interpreter lock for the whole of every call: a 32-row write costs 25-40 ms of CPU, and on
a busy machine 100-200 ms in which no other Python thread runs, so the window cannot paint
(``benchmarks/ui_startup.py --stalls``). In a child process those calls cost the window nothing: the parent only
pickles the request and waits on a pipe, which releases the lock. The child is this app's only client of the store; a
command run meanwhile on the same folder is another, and the two take turns to write through the store's lock file,
which the child holds for the parent (``bookkeeping``). The child exits when the parent does. It is spawned, not
forked, so a script that uses it needs the usual ``if __name__ == "__main__":`` guard (the console script has it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from contract_app.errors import ContractAppError, StoreError
from contract_app.model import Chunk
from contract_app.progress import ProgressCallback, no_progress
from contract_app.retrieval.records import DocumentRecord
from contract_app.retrieval.store import ChunkStore, open_store, write_in_batches, write_lock_path
from contract_app.settings import Settings

READY, STOP = "ready", "stop"
SERVED = frozenset(
    {
        "try_lock",
        "unlock",
        "record",
        "records",
        "mark_complete",
        "unmark",
        "write_chunks",
        "write_vectors",
        "stored_indices",
        "vector_indices",
        "vectors",
        "load",
        "delete",
        "discard_partial",
        "discard_from",
        "discard_vectors",
    }
)
CLOSED_NOTICE = "The index was closed while this step ran (the settings changed?): try it again."
STOPPED_NOTICE = "The index process stopped unexpectedly; it restarts on the next step. Try that step again."


class StoreProcess:
    """``ChunkStore``'s interface, served by a ``ChunkStore`` in a child process; one call at a time."""

    def __init__(self, settings: Settings, model: str, dimension: int) -> None:
        self.model = model
        self.dimension = dimension
        self.serialised = write_lock_path(settings) is not None  # the child holds the lock file for the parent
        self._settings = settings
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Any = None
        self._closed = False
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork: the parent may be running Qt and ONNX threads
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=serve, args=(child, self._settings, self.model, self.dimension), name="contract-app-store"
        )
        self._process.daemon = True
        self._process.start()
        child.close()
        self._exchange(READY, ())  # raises if the child cannot open the store

    @property
    def pid(self) -> int | None:
        """The child's process id (diagnostics), or None while there is none."""
        return self._process.pid if self._process is not None else None

    def _call(self, method: str, *args: Any) -> Any:
        with self._lock:
            if self._closed:
                raise StoreError(CLOSED_NOTICE)
            if self._process is None or not self._process.is_alive():
                self._start()
            return self._exchange(method, args)

    def _exchange(self, method: str, args: tuple[Any, ...]) -> Any:
        try:
            self._connection.send((method, args))
            succeeded, value = self._connection.recv()
        except (EOFError, OSError) as error:
            process, self._process = self._process, None
            if process is not None:
                process.join(timeout=1)  # reap it
            self._connection.close()
            raise StoreError(STOPPED_NOTICE) from error
        if not succeeded:
            raise value
        return value

    # -- ChunkStore's interface ------------------------------------------------------------------------------

    def try_lock(self, timeout: float) -> bool:
        """Taken by the child, so it is released if either process dies (the child exits with its parent)."""
        return self._call("try_lock", timeout)

    def unlock(self) -> None:
        self._call("unlock")

    def record(self, doc_id: str) -> DocumentRecord | None:
        return self._call("record", doc_id)

    def records(self) -> list[DocumentRecord]:
        return self._call("records")

    def mark_complete(self, record: DocumentRecord) -> None:
        self._call("mark_complete", record)

    def unmark(self, doc_id: str) -> None:
        self._call("unmark", doc_id)

    def write_chunks(self, chunks: Sequence[Chunk], progress: ProgressCallback = no_progress) -> None:
        """In batches, so progress (and cancellation) reach the parent between them."""
        write_in_batches(len(chunks), lambda rows: self._call("write_chunks", tuple(chunks[rows])), progress)

    def write_vectors(self, doc_id: str, chunk_ids: Sequence[str], vectors: np.ndarray) -> None:
        self._call("write_vectors", doc_id, tuple(chunk_ids), vectors)

    def discard_vectors(self, doc_id: str) -> None:
        self._call("discard_vectors", doc_id)

    def stored_indices(self, doc_id: str) -> list[int]:
        return self._call("stored_indices", doc_id)

    def vector_indices(self, doc_id: str) -> list[int]:
        return self._call("vector_indices", doc_id)

    def vectors(self, doc_id: str, count: int) -> np.ndarray | None:
        return self._call("vectors", doc_id, count)

    def load(self, doc_id: str) -> tuple[tuple[Chunk, ...], np.ndarray | None]:
        return self._call("load", doc_id)

    def delete(self, doc_id: str) -> None:
        self._call("delete", doc_id)

    def discard_partial(self, doc_id: str) -> None:
        self._call("discard_partial", doc_id)

    def discard_from(self, doc_id: str, first: int) -> None:
        self._call("discard_from", doc_id, first)

    def close(self) -> None:
        """Stop the child once the call in flight (if any) has finished; later calls are refused."""
        with self._lock:
            self._closed = True
            process, self._process = self._process, None
            if process is None:
                return
            with contextlib.suppress(OSError):
                self._connection.send((STOP, ()))
            process.join(timeout=5)
            if process.is_alive():  # stopped, and waited for: a caller may rely on the child being gone
                process.terminate()
                process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
            self._connection.close()


def serve(connection: Any, settings: Settings, model: str, dimension: int) -> None:
    """The child's loop: open the store, then answer (method, args) requests until told to stop or orphaned."""
    try:
        store: ChunkStore | None = open_store(settings, model, dimension)
        failure: BaseException | None = None
    except Exception as error:
        store, failure = None, _sendable(error)
    while True:
        try:
            method, args = connection.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if method == STOP:
            if store is not None:
                store.close()
            return
        try:
            if store is None:
                raise failure or StoreError("The index could not be opened.")
            if method != READY and method not in SERVED:
                raise StoreError(f"The index process does not serve {method!r}.")
            reply: tuple[bool, Any] = (True, None if method == READY else getattr(store, method)(*args))
        except Exception as error:
            reply = (False, _sendable(error))
        connection.send(reply)


def _sendable(error: BaseException) -> BaseException:
    """Our own errors cross the pipe as they are; anything else (Chroma's) as a StoreError with its message."""
    if isinstance(error, ContractAppError):
        return error
    return StoreError(f"The index failed: {error}")
