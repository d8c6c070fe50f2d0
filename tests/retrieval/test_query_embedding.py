"""How a search embeds its query: once per question for many documents (a matter), afresh every time when a timing
asks for it, and by a single-threaded session of the same model when configured so."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from retrieval_support import GOVERNING_LAW, write_supply_agreement
from test_vector_fill import LAW_QUESTION, SMALL, CountingEmbedder, squash

from contract_app.retrieval import Retriever
from contract_app.retrieval.embeddings import OnnxMiniLM
from contract_app.settings import Settings


def counting_retriever(settings: Settings, **options: int) -> tuple[Retriever, CountingEmbedder]:
    retriever = Retriever(settings, chunk_config=SMALL, **options)
    embedder = CountingEmbedder(retriever.embedder)
    retriever.embedder = embedder  # type: ignore[assignment]
    return retriever, embedder


def test_a_question_asked_again_is_embedded_once(local_settings: Settings, tmp_path: Path) -> None:
    retriever, embedder = counting_retriever(local_settings)
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    embedder.embedded.clear()
    retriever.search(doc_id, LAW_QUESTION)
    retriever.search(doc_id, LAW_QUESTION)
    assert embedder.embedded.count(LAW_QUESTION) == 1


def test_a_retriever_keeping_no_query_vectors_embeds_every_search_afresh(
    local_settings: Settings, tmp_path: Path
) -> None:
    retriever, embedder = counting_retriever(local_settings, cached_queries=0)
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    embedder.embedded.clear()
    first = retriever.search(doc_id, LAW_QUESTION)
    second = retriever.search(doc_id, LAW_QUESTION)
    assert embedder.embedded.count(LAW_QUESTION) == 2
    assert [hit.chunk.id for hit in first] == [hit.chunk.id for hit in second]


def test_a_single_threaded_query_session_ranks_as_the_shared_session_does(
    local_settings: Settings, tmp_path: Path
) -> None:
    shared = Retriever(local_settings, chunk_config=SMALL)
    doc_id = shared.ingest(write_supply_agreement(tmp_path)).doc_id
    single = Retriever(local_settings, chunk_config=SMALL, query_threads=1)
    assert isinstance(single.embedder, OnnxMiniLM)
    session = single._query_embedder()
    assert isinstance(session, OnnxMiniLM) and session is not single.embedder
    assert single._query_embedder() is session  # made once, then kept
    assert np.allclose(session.embed([LAW_QUESTION]), single.embedder.embed([LAW_QUESTION]), atol=1e-5)
    hits = single.search(doc_id, LAW_QUESTION, top_k=3)
    assert [hit.chunk.id for hit in hits] == [hit.chunk.id for hit in shared.search(doc_id, LAW_QUESTION, top_k=3)]
    assert GOVERNING_LAW in squash(hits[0].chunk.text)
