"""The store in a child process (what the window uses): same behaviour as ChunkStore, errors typed across the pipe,
and a child that dies is reported in a sentence and replaced, with nothing lost."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import DOC, make_chunk
from test_store import DEFINITION, record, unit_rows

from contract_app.errors import EmbeddingModelMismatchError, StoreError
from contract_app.retrieval.store import STORED, open_client, open_store
from contract_app.retrieval.store_process import CLOSED_NOTICE, STOPPED_NOTICE, StoreProcess
from contract_app.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store_dir=str(tmp_path / "store"))


@pytest.fixture
def store(settings: Settings):
    store = StoreProcess(settings, "test-model", 4)
    yield store
    store.close()


def test_chunks_and_records_round_trip_through_the_child(store: StoreProcess) -> None:
    chunks = tuple(make_chunk(i, f"Clause {i}.", context=(DEFINITION,)) for i in range(40))  # more than one batch
    reported: list[tuple[float, str]] = []
    store.write_chunks(chunks, lambda done, message: reported.append((done, message)))
    store.write_vectors(DOC, [c.id for c in chunks], np.tile(unit_rows(4), (10, 1)))
    assert store.record(DOC) is None  # no completion marker yet
    store.mark_complete(record(chunks=40))
    loaded, vectors = store.load(DOC)
    assert loaded == chunks
    np.testing.assert_array_equal(vectors, np.tile(unit_rows(4), (10, 1)))
    assert store.records() == [record(chunks=40)]
    assert reported[0] == (0.0, "Storing clauses") and reported[-1] == (1.0, STORED)
    store.delete(DOC)
    assert store.record(DOC) is None and store.load(DOC)[0] == ()


def test_errors_cross_the_pipe_with_their_type(store: StoreProcess) -> None:
    with pytest.raises(EmbeddingModelMismatchError, match="returned 8-dimensional vectors"):
        store.write_vectors(DOC, [make_chunk(0, "A.").id], np.ones((1, 8), dtype=np.float32))
    store.write_chunks((make_chunk(0, "Still works."),))
    assert store.load(DOC)[0][0].text == "Still works."


def test_an_index_built_by_another_model_is_refused_when_the_child_opens_it(settings: Settings) -> None:
    open_client(settings).create_collection(
        "vectors-test-model-4", metadata={"embedding_model": "Test Model", "dimension": 4}, embedding_function=None
    )
    with pytest.raises(EmbeddingModelMismatchError, match="built with Test Model"):
        StoreProcess(settings, "test-model", 4)


def test_a_child_that_dies_is_reported_then_replaced_with_nothing_lost(store: StoreProcess) -> None:
    store.write_chunks((make_chunk(0, "Persisted clause."),))
    store.mark_complete(record(chunks=1))
    first = store.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    with pytest.raises(StoreError) as raised:
        store.records()
    assert str(raised.value) == STOPPED_NOTICE
    assert store.record(DOC) == record(chunks=1)  # a new child, the same index
    assert store.pid not in (None, first)


def test_a_closed_store_stops_its_child_and_refuses_further_calls(store: StoreProcess) -> None:
    child = store.pid
    store.close()
    assert store.pid is None
    with pytest.raises(StoreError) as raised:
        store.records()
    assert str(raised.value) == CLOSED_NOTICE
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_the_child_holds_the_write_lock_for_the_parent_and_a_dead_child_frees_it(
    store: StoreProcess, settings: Settings
) -> None:
    other_writer = open_store(settings, "test-model", 4)  # a command on the same folder
    assert store.try_lock(0.1)
    assert not other_writer.try_lock(0.2)
    os.kill(store.pid, signal.SIGKILL)
    assert other_writer.try_lock(5.0)
    other_writer.unlock()
