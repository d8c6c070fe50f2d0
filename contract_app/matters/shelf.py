"""A Chroma collection of small metadata rows kept beside the index: matters and filled grid cells.

It lives where the index lives, so a team on a Chroma server shares it: every user sees the same matters and the
same filled cells. Rows have ids derived from what they describe, so writing one twice is writing it once: two
processes adding the same contract to a matter leave one row, and two adding different contracts lose neither
(there is no list read, changed and written back). On this machine writes take turns with the index's writers
through its lock file, as the index's own writes do (``retrieval/bookkeeping.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from contract_app.errors import StoreError
from contract_app.retrieval.store import OPEN_TIMEOUT, open_client, write_lock_path
from contract_app.settings import Settings

ROW_VECTOR = [1.0]  # Chroma wants a vector with every row; these rows are only ever read by id or metadata
WRITE_BATCH = 256  # rows per upsert: one commit each (about 20 ms locally)
Row = tuple[str, dict[str, Any]]


class Shelf:
    def __init__(self, settings: Settings, name: str) -> None:
        self._lock = self._file_lock(settings)
        with self._writing():  # creating a collection while another process does collides
            client = open_client(settings)
            try:
                self._collection = client.get_or_create_collection(name, embedding_function=None)
            except Exception as error:
                raise StoreError(f"Cannot open the index collection {name}: {error}") from error

    @staticmethod
    def _file_lock(settings: Settings) -> Any:
        from filelock import FileLock

        path = write_lock_path(settings)
        if path is None:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(path)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        from filelock import Timeout

        if self._lock is None:  # a server: writes are idempotent instead
            yield
            return
        try:
            with self._lock.acquire(timeout=OPEN_TIMEOUT):
                yield
        except Timeout as error:
            raise StoreError(
                "The index is busy: another window or command has been writing to it for minutes. Try again later."
            ) from error

    def _call(self, what: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._collection, what)(*args, **kwargs)
        except Exception as error:  # a server that went away, a damaged store: one sentence
            raise StoreError(f"The index failed: {error}") from error

    def put(self, rows: Sequence[Row]) -> None:
        with self._writing():
            for start in range(0, len(rows), WRITE_BATCH):
                batch = rows[start : start + WRITE_BATCH]
                self._call(
                    "upsert",
                    ids=[row_id for row_id, _ in batch],
                    embeddings=[ROW_VECTOR] * len(batch),
                    metadatas=[metadata for _, metadata in batch],
                )

    def find(self, where: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None) -> list[Row]:
        found = self._call(
            "get",
            where=dict(where) if where else None,
            ids=list(ids) if ids is not None else None,
            include=["metadatas"],
        )
        return list(zip(found["ids"], found["metadatas"], strict=True))

    def remove(self, where: Mapping[str, Any]) -> None:
        with self._writing():
            self._call("delete", where=dict(where))
