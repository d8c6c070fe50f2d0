"""Server mode: a team shares one index on a real ``chroma run`` server (here on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from chroma_server import chroma_server, free_port
from retrieval_support import GOVERNING_LAW, write_supply_agreement

import contract_app.retrieval.store as store_module
from contract_app.chunking import chunk_contract
from contract_app.errors import OperationCancelled, StoreError
from contract_app.retrieval import Retriever
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS
from contract_app.settings import Settings, load_settings
from contract_app.structure import load_contract

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def test_two_users_share_one_index_on_the_server(
    chroma_url: str, model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTRACT_APP_CHROMA_URL", chroma_url)
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(model_dir))
    alice = Retriever(load_settings())
    pdf = write_supply_agreement(tmp_path)
    result = alice.ingest(pdf)
    bob = Retriever(replace(load_settings(), store_dir=str(tmp_path / "bob-local")))  # the URL wins over a local store
    assert [record.doc_id for record in bob.documents()] == [result.doc_id]
    assert bob.ingest(pdf).skipped
    (hit,) = bob.search(result.doc_id, "Which state's law governs this agreement?", top_k=1)
    assert GOVERNING_LAW in " ".join(hit.chunk.text.split())
    assert not (tmp_path / "bob-local").exists()
    bob.delete(result.doc_id)
    assert alice.documents() == []


def test_an_unreachable_server_is_a_plain_store_error(model_dir: Path) -> None:
    settings = Settings(chroma_url=f"http://127.0.0.1:{free_port()}", model_dir=str(model_dir))
    with pytest.raises(StoreError, match=r"Cannot open the index at the Chroma server at http://127\.0\.0\.1"):
        Retriever(settings)


def test_on_a_server_a_writer_that_fails_after_another_completed_the_document_leaves_it_complete(
    chroma_url: str, model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two machines: no lock file orders them, so the late writer's rows must be the same rows and its failure must
    not clear them (the idempotent writes ``bookkeeping`` describes)."""
    monkeypatch.setattr(store_module, "WRITE_BATCH", 1)
    settings = Settings(chroma_url=chroma_url, model_dir=str(model_dir))
    pdf = write_supply_agreement(tmp_path, "late-writer.pdf")
    alice, bob = Retriever(settings), Retriever(settings)
    batches: list[float] = []

    def alice_finishes_while_bob_writes(fraction: float, message: str) -> None:
        if message == "Storing clauses":
            batches.append(fraction)
            if len(batches) == 1:  # bob looked (nothing there) and is about to write his first row
                assert not alice.ingest(pdf).skipped
            elif len(batches) == 2:  # bob wrote one row over alice's, then fails
                raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        bob.ingest(pdf, progress=alice_finishes_while_bob_writes)
    carol = Retriever(settings)
    again = carol.ingest(pdf)
    assert again.skipped
    assert carol.chunks(again.doc_id) == chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS)
    carol.delete(again.doc_id)
