"""The index records, per document, the format it was written in (index schema, chunk schema, embedding model and
its fingerprint, chunk parameters): a stored document of another format is indexed again, never searched beside
chunks or vectors made another way, and an index written by a newer version of the app is refused."""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from pathlib import Path

import pytest
from retrieval_support import GOVERNING_LAW, write_supply_agreement
from test_retriever import stored_chunks

from contract_app.chunking import ChunkConfig, chunk_contract
from contract_app.cli.main import main
from contract_app.errors import IndexTooNewError
from contract_app.retrieval import Retriever
from contract_app.retrieval.records import INDEX_SCHEMA_VERSION, DocumentRecord
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS
from contract_app.retrieval.store import open_client, open_store
from contract_app.settings import Settings
from contract_app.structure import load_contract

SMALL = ChunkConfig(target_tokens=30, max_tokens=40, overlap_tokens=5, min_tokens=10)
NEWER_INDEX = (
    "This index was written by a newer version of contract-app than this one, which cannot read it safely: "
    "update contract-app, or choose another index folder in the settings."
)
UNVERSIONED_FIELDS = ("doc_id", "file_name", "path", "pages", "sections", "chunks", "ingested_at", "embedding_model")


def indexed_supply_agreement(settings: Settings, folder: Path) -> tuple[Path, Retriever, str]:
    pdf = write_supply_agreement(folder)
    retriever = Retriever(settings)
    return pdf, retriever, retriever.ingest(pdf).doc_id


def rewrite_record(retriever: Retriever, doc_id: str, **changes: object) -> None:
    """Change what the record says about its format, as another version of the app would have written it."""
    store = open_store(retriever.settings, retriever.embedder.name, retriever.embedder.dimension)
    store.mark_complete(replace(store.record(doc_id), **changes))


def test_a_document_indexed_with_other_chunk_sizes_is_indexed_again_when_opened(
    local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    small = Retriever(local_settings, chunk_config=SMALL).ingest(pdf)
    messages: list[str] = []
    retriever = Retriever(local_settings)  # the app's own chunk sizes
    result = retriever.ingest(pdf, progress=lambda fraction, message: messages.append(message))
    expected = chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS)
    assert small.chunks != len(expected)
    assert (result.skipped, result.chunks, result.reindexed) == (
        False,
        len(expected),
        "it was indexed with other chunk sizes",
    )
    assert messages[0] == "Indexing again: it was indexed with other chunk sizes"
    assert retriever.notices == ("supply.pdf: it was indexed with other chunk sizes, so it was indexed again.",)
    assert stored_chunks(local_settings.store_path) == len(expected)  # no row of the old chunking is left
    assert Retriever(local_settings).chunks(result.doc_id) == expected
    assert Retriever(local_settings).ingest(pdf).skipped


def test_searching_a_document_indexed_with_other_chunk_sizes_indexes_it_again_first(
    local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    doc_id = Retriever(local_settings, chunk_config=SMALL).ingest(pdf).doc_id
    retriever = Retriever(local_settings)
    (hit,) = retriever.search(doc_id, "Which law governs?", top_k=1)
    assert GOVERNING_LAW in " ".join(hit.chunk.text.split())
    assert retriever.chunks(doc_id) == chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS)
    assert retriever.notices == ("supply.pdf: it was indexed with other chunk sizes, so it was indexed again.",)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"model_fingerprint": "0" * 16}, "another build of the embedding model"),
        ({"index_schema": INDEX_SCHEMA_VERSION - 1}, "an earlier version of the app"),
        ({"chunk_schema": 0}, "an earlier version of the app"),
    ],
)
def test_a_document_of_another_format_is_indexed_again(
    changes: dict[str, object], reason: str, local_settings: Settings, tmp_path: Path
) -> None:
    pdf, retriever, doc_id = indexed_supply_agreement(local_settings, tmp_path)
    rewrite_record(retriever, doc_id, **changes)
    again = Retriever(local_settings).ingest(pdf)
    assert (again.skipped, again.reindexed) == (False, f"it was indexed with {reason}")
    assert Retriever(local_settings).ingest(pdf).skipped


def test_an_index_from_before_format_records_is_treated_as_old_and_indexed_again(
    local_settings: Settings, tmp_path: Path
) -> None:
    pdf, retriever, doc_id = indexed_supply_agreement(local_settings, tmp_path)
    store = open_store(local_settings, retriever.embedder.name, retriever.embedder.dimension)
    unversioned = {key: value for key, value in asdict(store.record(doc_id)).items() if key in UNVERSIONED_FIELDS}
    (documents,) = (c for c in open_client(local_settings).list_collections() if c.name.startswith("documents-"))
    documents.delete(ids=[doc_id])  # (an upsert would keep the keys it does not name)
    documents.add(ids=[doc_id], embeddings=[[1.0]], metadatas=[unversioned])  # what the first releases wrote
    assert {field.name for field in fields(DocumentRecord)} - set(unversioned) == {
        "index_schema",
        "chunk_schema",
        "model_fingerprint",
        "chunking",
    }
    fresh = Retriever(local_settings)
    assert fresh.record(doc_id).index_schema == 0
    again = fresh.ingest(pdf)
    assert again.reindexed == "it was indexed with an earlier version of the app"
    assert fresh.record(doc_id).index_schema == INDEX_SCHEMA_VERSION


def test_an_index_written_by_a_newer_version_is_refused_with_a_sentence(
    local_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, retriever, doc_id = indexed_supply_agreement(local_settings, tmp_path)
    rewrite_record(retriever, doc_id, index_schema=INDEX_SCHEMA_VERSION + 1)
    with pytest.raises(IndexTooNewError) as refused:
        Retriever(local_settings)
    assert str(refused.value) == NEWER_INDEX
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", local_settings.model_dir)
    assert main(["ingest", str(pdf), "--store", str(local_settings.store_path)]) == 1
    assert capsys.readouterr().err == f"contract-app: {NEWER_INDEX}\n"


def test_a_newer_record_in_an_index_of_this_version_is_refused_when_read(
    local_settings: Settings, tmp_path: Path
) -> None:
    _, retriever, doc_id = indexed_supply_agreement(local_settings, tmp_path)
    rewrite_record(retriever, doc_id, chunk_schema=99)  # written after this retriever opened the index
    with pytest.raises(IndexTooNewError, match="newer version of contract-app"):
        retriever.documents()
