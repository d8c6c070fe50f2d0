"""Ingest in two steps: a contract is searchable by its words as soon as its clauses are stored; its dense vectors
follow, resumably, with progress, and search uses them once every one is there."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import GOVERNING_LAW, write_supply_agreement

from contract_app.chunking import ChunkConfig
from contract_app.errors import OperationCancelled
from contract_app.retrieval import Retriever
from contract_app.retrieval import retriever as retriever_module
from contract_app.retrieval.retriever import SEARCHABLE, VECTORS_PENDING_NOTICE, vectors_message
from contract_app.settings import Settings

SMALL = ChunkConfig(target_tokens=30, max_tokens=40, overlap_tokens=5, min_tokens=10)
LAW_QUESTION = "Which state's laws govern this agreement?"


def squash(text: str) -> str:
    return " ".join(text.split())


class CountingEmbedder:
    """The real MiniLM, counting the texts it is asked to embed."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name = inner.name  # type: ignore[attr-defined]
        self.embedded: list[str] = []

    @property
    def dimension(self) -> int:
        return self.inner.dimension  # type: ignore[attr-defined]

    @property
    def fingerprint(self) -> str:
        return self.inner.fingerprint  # type: ignore[attr-defined]

    def embed(self, texts: Sequence[str], progress=lambda fraction, message: None) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed(texts, progress)  # type: ignore[attr-defined]


@pytest.fixture
def counting(local_settings: Settings) -> tuple[Retriever, CountingEmbedder]:
    retriever = Retriever(local_settings, chunk_config=SMALL)
    embedder = CountingEmbedder(retriever.embedder)
    retriever.embedder = embedder  # type: ignore[assignment]
    return retriever, embedder


def test_a_contract_is_searchable_by_its_words_before_any_vector_exists(
    counting: tuple[Retriever, CountingEmbedder], tmp_path: Path
) -> None:
    retriever, embedder = counting
    steps: list[tuple[float, str]] = []
    result = retriever.ingest(
        write_supply_agreement(tmp_path), vectors=False, progress=lambda f, m: steps.append((f, m))
    )
    assert steps[-1] == (1.0, SEARCHABLE)
    assert embedder.embedded == []  # nothing embedded yet
    assert retriever.vectors_pending(result.doc_id) == result.chunks
    hits = retriever.search(result.doc_id, LAW_QUESTION, top_k=3)
    assert GOVERNING_LAW in squash(hits[0].chunk.text)
    assert all(hit.stage_scores["dense"] == 0.0 for hit in hits)
    assert retriever.notices[-1] == VECTORS_PENDING_NOTICE
    assert embedder.embedded == []  # not even the query: there is nothing to compare it with


def test_another_process_sees_the_contract_searchable_while_its_vectors_are_missing(
    counting: tuple[Retriever, CountingEmbedder], local_settings: Settings, tmp_path: Path
) -> None:
    retriever, _ = counting
    doc_id = retriever.ingest(write_supply_agreement(tmp_path), vectors=False).doc_id
    other = Retriever(local_settings, chunk_config=SMALL)
    assert GOVERNING_LAW in squash(other.search(doc_id, LAW_QUESTION, top_k=3)[0].chunk.text)
    assert other.notices[-1] == VECTORS_PENDING_NOTICE


def test_filling_the_vectors_reports_clauses_done_and_turns_dense_search_on(
    counting: tuple[Retriever, CountingEmbedder], local_settings: Settings, tmp_path: Path
) -> None:
    retriever, embedder = counting
    result = retriever.ingest(write_supply_agreement(tmp_path), vectors=False)
    steps: list[tuple[float, str]] = []
    assert retriever.fill_vectors(result.doc_id, lambda f, m: steps.append((f, m))) == result.chunks
    assert steps[0] == (0.0, vectors_message(0, result.chunks))
    assert steps[-1] == (1.0, vectors_message(result.chunks, result.chunks))
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert len(embedder.embedded) == result.chunks
    assert retriever.vectors_pending(result.doc_id) == 0
    assert retriever.fill_vectors(result.doc_id) == 0  # nothing left to do
    hits = retriever.search(result.doc_id, LAW_QUESTION, top_k=3)
    assert GOVERNING_LAW in squash(hits[0].chunk.text)
    assert hits[0].stage_scores["dense"] > 0.3
    fresh = Retriever(local_settings, chunk_config=SMALL)  # the vectors are in the store, not only in memory
    assert fresh.vectors_pending(result.doc_id) == 0
    assert fresh.search(result.doc_id, LAW_QUESTION, top_k=1)[0].stage_scores["dense"] == pytest.approx(
        hits[0].stage_scores["dense"], abs=1e-5
    )


def test_an_interrupted_fill_resumes_without_embedding_finished_clauses_again(
    counting: tuple[Retriever, CountingEmbedder], local_settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(retriever_module, "FILL_WINDOW", 2)
    retriever, embedder = counting
    result = retriever.ingest(write_supply_agreement(tmp_path), vectors=False)
    assert result.chunks >= 5

    reports: list[str] = []

    def cancel_after_two_windows(fraction: float, message: str) -> None:
        reports.append(message)  # each window reports once embedded, and again once stored
        if reports.count(vectors_message(4, result.chunks)) == 2:
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        retriever.fill_vectors(result.doc_id, cancel_after_two_windows)
    first_texts = list(embedder.embedded)
    assert len(first_texts) == 4
    assert retriever.vectors_pending(result.doc_id) == result.chunks - 4
    assert retriever.search(result.doc_id, LAW_QUESTION)[0].stage_scores["dense"] == 0.0  # still words only

    resumed = Retriever(local_settings, chunk_config=SMALL)  # as after closing the window
    counter = CountingEmbedder(resumed.embedder)
    resumed.embedder = counter  # type: ignore[assignment]
    assert resumed.ingest(tmp_path / "supply.pdf").skipped  # ingesting it again fills in what is missing
    assert len(counter.embedded) == result.chunks - 4
    assert not set(counter.embedded) & set(first_texts)
    assert resumed.vectors_pending(result.doc_id) == 0
    assert resumed.search(result.doc_id, LAW_QUESTION)[0].stage_scores["dense"] > 0.3


def test_identical_clause_texts_are_embedded_once_and_share_the_vector(
    counting: tuple[Retriever, CountingEmbedder], tmp_path: Path, monkeypatch
) -> None:
    retriever, embedder = counting
    result = retriever.ingest(write_supply_agreement(tmp_path), vectors=False)
    index = retriever._index(result.doc_id)
    index.texts[1] = index.texts[0]  # as a repeated boilerplate clause would read
    monkeypatch.setattr(retriever_module, "FILL_WINDOW", 1)  # even across windows
    retriever.fill_vectors(result.doc_id)
    assert len(embedder.embedded) == result.chunks - 1
    np.testing.assert_array_equal(index.vectors[0], index.vectors[1])


def test_the_command_line_ingest_fills_the_vectors_in_one_go(
    counting: tuple[Retriever, CountingEmbedder], tmp_path: Path
) -> None:
    retriever, embedder = counting
    steps: list[str] = []
    result = retriever.ingest(write_supply_agreement(tmp_path), progress=lambda f, m: steps.append(m))
    assert retriever.vectors_pending(result.doc_id) == 0
    assert vectors_message(result.chunks, result.chunks) in steps
    assert steps[-1] == "Indexed"
    assert len(embedder.embedded) == result.chunks


def test_an_answer_given_before_the_vectors_exist_says_it_matched_words_only(
    counting: tuple[Retriever, CountingEmbedder], local_settings: Settings, tmp_path: Path
) -> None:
    from contract_app.answering import ask

    retriever, _ = counting
    doc_id = retriever.ingest(write_supply_agreement(tmp_path), vectors=False).doc_id
    before = ask(retriever, doc_id, LAW_QUESTION, local_settings)
    assert before.notices[0] == VECTORS_PENDING_NOTICE
    assert "Vermont" in before.text
    retriever.fill_vectors(doc_id)
    assert VECTORS_PENDING_NOTICE not in ask(retriever, doc_id, LAW_QUESTION, local_settings).notices
