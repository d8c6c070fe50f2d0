"""Optional backends around the core: no local model (lexical only), OpenAI embeddings, Cohere rerank.

Remote services are our fakes on loopback, driven through the real ``openai`` and ``cohere`` SDKs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes.cohere_server import CohereBehaviour, cohere_server, overlap_score
from fakes.openai_server import serve_openai
from retrieval_support import GOVERNING_LAW, write_supply_agreement

from contract_app.chunking import ChunkConfig, text_for_embedding
from contract_app.errors import EmbeddingModelMismatchError
from contract_app.retrieval import Retriever
from contract_app.retrieval.embeddings import NO_MODEL_NOTICE
from contract_app.settings import Settings

SMALL = ChunkConfig(target_tokens=30, max_tokens=40, overlap_tokens=5, min_tokens=10)
LAW_QUESTION = "Which state's law governs this agreement?"


def squash(text: str) -> str:
    return " ".join(text.split())


def test_without_a_model_search_is_lexical_only_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no Chroma model cache either
    (tmp_path / "no-model").mkdir()
    retriever = Retriever(Settings(store_dir=str(tmp_path / "store"), model_dir=str(tmp_path / "no-model")), SMALL)
    assert retriever.notices == (NO_MODEL_NOTICE,)
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    (hit,) = retriever.search(doc_id, "governing law of the agreement", top_k=1)
    assert GOVERNING_LAW in squash(hit.chunk.text)
    assert hit.stage_scores["dense"] == 0.0 and hit.stage_scores["lexical"] > 0


def test_openai_embeddings_index_and_search_through_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with serve_openai(embedding_dim=1536) as fake:
        settings = Settings(
            store_dir=str(tmp_path / "store"), embedding_backend="openai", openai_base_url=fake.base_url
        )
        retriever = Retriever(settings, SMALL)
        doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
        hits = retriever.search(doc_id, "governed by the laws of the State", top_k=2)
        embedded = [r.json() for r in fake.server.requests if r.path == "/v1/embeddings"]
    assert GOVERNING_LAW in squash(hits[0].chunk.text)
    assert {body["model"] for body in embedded} == {"text-embedding-3-small"}
    assert embedded[-1]["input"] == ["governed by the laws of the State"]
    assert [d.embedding_model for d in retriever.documents()] == ["text-embedding-3-small"]


def test_vectors_that_do_not_fit_the_models_index_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with serve_openai(embedding_dim=8) as fake:  # a server answering with another model's vectors
        settings = Settings(
            store_dir=str(tmp_path / "store"), embedding_backend="openai", openai_base_url=fake.base_url
        )
        retriever = Retriever(settings, SMALL)
        with pytest.raises(EmbeddingModelMismatchError, match="returned 8-dimensional vectors"):
            retriever.ingest(write_supply_agreement(tmp_path))
    (document,) = retriever.documents()  # its clauses were stored: it stays searchable by their words
    assert retriever.vectors_pending(document.doc_id) == document.chunks  # and none of the wrong vectors were


@pytest.fixture
def indexed(local_settings: Settings, tmp_path: Path) -> tuple[Settings, str, list[str]]:
    """A store holding the supply agreement, its doc id, and the local top-5 chunk ids for the law question."""
    retriever = Retriever(local_settings, SMALL)
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    return local_settings, doc_id, [h.chunk.id for h in retriever.search(doc_id, LAW_QUESTION)]


def cohere_settings(settings: Settings, url: str, monkeypatch: pytest.MonkeyPatch, timeout: float = 5.0) -> Settings:
    monkeypatch.setenv("COHERE_API_KEY", "co-test")
    return replace(settings, rerank_backend="cohere", cohere_base_url=url, request_timeout=timeout)


def test_cohere_reranks_the_twenty_candidates(
    indexed: tuple[Settings, str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, doc_id, _ = indexed
    with cohere_server() as (server, behaviour):
        retriever = Retriever(cohere_settings(settings, server.url, monkeypatch), SMALL)
        hits = retriever.search(doc_id, LAW_QUESTION, top_k=3)
    (call,) = behaviour.calls
    texts = [text_for_embedding(chunk) for chunk in retriever.chunks(doc_id)]
    assert call["model"] == "rerank-v3.5" and call["top_n"] == 3
    assert sorted(call["documents"]) == sorted(texts)  # every chunk of this small contract is a candidate
    sent = call["documents"]  # the fake breaks ties by the order it was sent (the first stage's)
    expected = sorted(sent, key=lambda text: -overlap_score(LAW_QUESTION, text))[:3]
    assert [texts[h.chunk.index] for h in hits] == expected
    assert [h.score for h in hits] == [overlap_score(LAW_QUESTION, text) for text in expected]
    assert retriever.notices == ()


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (CohereBehaviour(fail_with=429), "HTTP 429"),
        (CohereBehaviour(fail_with=500), "HTTP 500"),
        (CohereBehaviour(delay=3.0), "timed out"),
    ],
    ids=["rate-limited", "server-error", "timeout"],
)
def test_a_failing_cohere_falls_back_to_local_ranking_with_a_notice(
    indexed: tuple[Settings, str, list[str]], monkeypatch: pytest.MonkeyPatch, behaviour: CohereBehaviour, reason: str
) -> None:
    settings, doc_id, local_top = indexed
    with cohere_server(behaviour) as (server, _):
        retriever = Retriever(cohere_settings(settings, server.url, monkeypatch, timeout=1.0), SMALL)
        hits = retriever.search(doc_id, LAW_QUESTION)
    assert [h.chunk.id for h in hits] == local_top
    assert retriever.notices == (f"Cohere rerank is unavailable ({reason}): results use local ranking.",)


def test_cohere_selected_without_a_key_uses_local_ranking_and_says_so(indexed: tuple[Settings, str, list[str]]) -> None:
    settings, doc_id, local_top = indexed
    retriever = Retriever(replace(settings, rerank_backend="cohere"), SMALL)
    assert [h.chunk.id for h in retriever.search(doc_id, LAW_QUESTION)] == local_top
    assert retriever.notices == ("Cohere rerank is selected but no Cohere API key is set: results use local ranking.",)
