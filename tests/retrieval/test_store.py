"""The Chroma store on its own: chunk round trip, completion markers, deletion and model identity."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import DOC, make_chunk

from contract_app.errors import EmbeddingModelMismatchError
from contract_app.model import CitedSection, LinkedContext, TermMeaning
from contract_app.retrieval import store as store_module
from contract_app.retrieval.records import DocumentRecord
from contract_app.retrieval.store import WRITE_LOCK, ChunkStore, open_client, open_store, write_lock_path
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
    store.write_chunks(chunks)
    store.write_vectors(DOC, [c.id for c in chunks], unit_rows(2))
    loaded, vectors = store.load(DOC)
    assert loaded == chunks
    np.testing.assert_array_equal(vectors, unit_rows(2))


def test_clauses_load_without_vectors_until_every_one_is_stored(store: ChunkStore) -> None:
    chunks = tuple(make_chunk(i, f"Clause {i}.") for i in range(3))
    store.write_chunks(chunks)
    assert store.load(DOC) == (chunks, None)
    store.write_vectors(DOC, [chunks[2].id, chunks[0].id], unit_rows(2))
    assert store.vector_indices(DOC) == [0, 2]
    assert store.load(DOC) == (chunks, None)
    store.write_vectors(DOC, [chunks[1].id], unit_rows(3)[2:])
    assert store.vector_indices(DOC) == [0, 1, 2]
    np.testing.assert_array_equal(store.load(DOC)[1], unit_rows(3)[[1, 2, 0]])


def test_vectors_are_read_back_page_by_page_in_clause_order(store: ChunkStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "VECTOR_PAGE", 2)  # 5 clauses: three pages, the last one short
    chunks = tuple(make_chunk(i, f"Clause {i}.") for i in range(5))
    store.write_chunks(chunks)
    rows = np.arange(20, dtype=np.float32).reshape(5, 4)
    order = [3, 0, 4, 1]
    store.write_vectors(DOC, [chunks[i].id for i in order], rows[order])
    assert store.vectors(DOC, 5) is None  # clause 2 has none yet
    store.write_vectors(DOC, [chunks[2].id], rows[[2]])
    np.testing.assert_allclose(store.vectors(DOC, 5), rows, rtol=1e-6)
    assert store.vectors(DOC, 4) is None  # more vectors stored than the document has clauses


def test_a_document_exists_only_once_its_completion_marker_is_written(store: ChunkStore) -> None:
    store.write_chunks((make_chunk(0, "Clause."),))
    assert store.record(DOC) is None
    assert store.records() == []
    store.mark_complete(record(chunks=1))
    assert store.record(DOC) == record(chunks=1)
    assert store.records() == [record(chunks=1)]


def test_delete_removes_the_record_and_every_chunk(store: ChunkStore) -> None:
    other = "e" * 64
    store.write_chunks((make_chunk(0, "A."), make_chunk(1, "B.")))
    store.write_vectors(DOC, [make_chunk(0, "A.").id, make_chunk(1, "B.").id], unit_rows(2))
    store.write_chunks((make_chunk(0, "Other.", doc_id=other),))
    store.write_vectors(other, [make_chunk(0, "Other.", doc_id=other).id], unit_rows(1))
    store.mark_complete(record())
    store.mark_complete(record(other, chunks=1, path="/contracts/b.pdf"))
    store.delete(DOC)
    assert store.record(DOC) is None
    assert store.load(DOC)[0] == ()
    assert store.vector_indices(DOC) == []
    assert [c.text for c in store.load(other)[0]] == ["Other."]
    assert store.vector_indices(other) == [0]


def test_the_store_persists_across_clients(tmp_path: Path) -> None:
    settings = Settings(store_dir=str(tmp_path / "store"))
    first = ChunkStore(open_client(settings), "test-model", 4)
    first.write_chunks((make_chunk(0, "Persisted clause."),))
    first.mark_complete(record(chunks=1))
    del first
    second = ChunkStore(open_client(settings), "test-model", 4)
    assert second.record(DOC) == record(chunks=1)
    assert second.load(DOC)[0][0].text == "Persisted clause."


def test_vectors_of_another_dimension_are_refused(store: ChunkStore) -> None:
    with pytest.raises(EmbeddingModelMismatchError, match="returned 8-dimensional vectors"):
        store.write_vectors(DOC, [make_chunk(0, "A.").id], np.ones((1, 8), dtype=np.float32))


def test_a_collection_built_by_another_model_is_refused(tmp_path: Path) -> None:
    client = open_client(Settings(store_dir=str(tmp_path / "store")))
    client.create_collection(
        "vectors-test-model-4", metadata={"embedding_model": "Test Model", "dimension": 4}, embedding_function=None
    )
    with pytest.raises(EmbeddingModelMismatchError, match="built with Test Model"):
        ChunkStore(client, "test-model", 4)


def test_stored_indices_list_the_rows_present_and_discard_from_drops_those_past_the_end(store: ChunkStore) -> None:
    store.write_chunks(tuple(make_chunk(i, f"Clause {i}.") for i in range(4)))
    assert store.stored_indices(DOC) == [0, 1, 2, 3]
    store.discard_from(DOC, 2)
    assert store.stored_indices(DOC) == [0, 1]
    assert [c.text for c in store.load(DOC)[0]] == ["Clause 0.", "Clause 1."]


def test_unmark_removes_the_completion_marker_and_keeps_the_rows(store: ChunkStore) -> None:
    store.write_chunks((make_chunk(0, "Clause."),))
    store.mark_complete(record(chunks=1))
    store.unmark(DOC)
    assert store.record(DOC) is None
    assert store.stored_indices(DOC) == [0]


def test_only_one_store_on_a_folder_holds_the_write_lock_at_a_time(tmp_path: Path) -> None:
    settings = Settings(store_dir=str(tmp_path / "store"))
    first, second = open_store(settings, "test-model", 4), open_store(settings, "test-model", 4)
    assert first.try_lock(0.1)
    assert not second.try_lock(0.2)
    first.unlock()
    assert second.try_lock(0.1)
    second.close()  # closing releases it
    assert first.try_lock(0.1)


def test_a_store_on_a_server_has_no_lock_file_and_says_its_writers_are_not_serialised() -> None:
    assert write_lock_path(Settings(chroma_url="http://127.0.0.1:8000")) is None
    assert write_lock_path(Settings(store_dir="/somewhere/store")) == Path("/somewhere/store") / WRITE_LOCK
