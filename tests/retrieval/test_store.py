"""The Chroma store on its own: chunk round trip, completion markers, deletion and model identity."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import DOC, make_chunk

from contract_app.errors import EmbeddingModelMismatchError
from contract_app.model import CitedSection, LinkedContext, TermMeaning
from contract_app.retrieval.records import DocumentRecord
from contract_app.retrieval.store import ChunkStore, open_client
from contract_app.settings import Settings

DEFINITION = LinkedContext(
    "definition", "Licensed Product", '"Licensed Product" means the software.', "s2", (1,), (10, 48)
)
REFERENCE = LinkedContext("reference", "4.2", "4.2 Late payments bear interest.", "s9", (3, 4), (900, 933))


def record(doc_id: str = DOC, chunks: int = 2, path: str = "/contracts/a.pdf") -> DocumentRecord:
    return DocumentRecord(doc_id, Path(path).name, path, 3, 7, chunks, "2026-01-01T00:00:00+00:00", "test-model")


@pytest.fixture
def store(tmp_path: Path) -> ChunkStore:
    return ChunkStore(open_client(Settings(store_dir=str(tmp_path / "store"))), "test-model", 4)


def unit_rows(count: int) -> np.ndarray:
    return np.eye(count, 4, dtype=np.float32)


def test_chunks_round_trip_with_their_linked_context_and_header(store: ChunkStore) -> None:
    first = replace(
        make_chunk(0, "Royalties are due quarterly.", context=(DEFINITION, REFERENCE)),
        terms=(TermMeaning("Licensed Product", "the software"),),
        cited=(CitedSection("s9", "PAYMENT > Late Payments"),),
    )
    chunks = (first, make_chunk(1, "Term."))
    store.write_chunks(chunks, unit_rows(2))
    loaded, vectors = store.load(DOC)
    assert loaded == chunks
    np.testing.assert_array_equal(vectors, unit_rows(2))


def test_a_document_exists_only_once_its_completion_marker_is_written(store: ChunkStore) -> None:
    store.write_chunks((make_chunk(0, "Clause."),), unit_rows(1))
    assert store.record(DOC) is None
    assert store.records() == []
    store.mark_complete(record(chunks=1))
    assert store.record(DOC) == record(chunks=1)
    assert store.records() == [record(chunks=1)]


def test_delete_removes_the_record_and_every_chunk(store: ChunkStore) -> None:
    other = "e" * 64
    store.write_chunks((make_chunk(0, "A."), make_chunk(1, "B.")), unit_rows(2))
    store.write_chunks((make_chunk(0, "Other.", doc_id=other),), unit_rows(1))
    store.mark_complete(record())
    store.mark_complete(record(other, chunks=1, path="/contracts/b.pdf"))
    store.delete(DOC)
    assert store.record(DOC) is None
    assert store.load(DOC)[0] == ()
    assert [c.text for c in store.load(other)[0]] == ["Other."]


def test_the_store_persists_across_clients(tmp_path: Path) -> None:
    settings = Settings(store_dir=str(tmp_path / "store"))
    first = ChunkStore(open_client(settings), "test-model", 4)
    first.write_chunks((make_chunk(0, "Persisted clause."),), unit_rows(1))
    first.mark_complete(record(chunks=1))
    del first
    second = ChunkStore(open_client(settings), "test-model", 4)
    assert second.record(DOC) == record(chunks=1)
    assert second.load(DOC)[0][0].text == "Persisted clause."


def test_vectors_of_another_dimension_are_refused(store: ChunkStore) -> None:
    with pytest.raises(EmbeddingModelMismatchError, match="returned 8-dimensional vectors"):
        store.write_chunks((make_chunk(0, "A."),), np.ones((1, 8), dtype=np.float32))


def test_a_collection_built_by_another_model_is_refused(tmp_path: Path) -> None:
    client = open_client(Settings(store_dir=str(tmp_path / "store")))
    client.create_collection(
        "chunks-test-model-4", metadata={"embedding_model": "Test Model", "dimension": 4}, embedding_function=None
    )
    with pytest.raises(EmbeddingModelMismatchError, match="built with Test Model"):
        ChunkStore(client, "test-model", 4)
