"""Which clauses the offline answer shows: among the first retrieved, those scoring nearly as well as the best one,
in retrieval order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from answering_support import hits

from contract_app.answering import ask, extractive_answer, term_stats
from contract_app.answering.extractive import (
    CANDIDATE_HITS,
    DENSE_WEIGHT,
    MAX_CLAUSES,
    RELATIVE_FLOOR,
    candidates,
    select,
)
from contract_app.model import Hit
from contract_app.settings import Settings

QUESTION = "Which law governs the agreement?"
SENTENCE = "This Agreement is governed by the laws of the State of {}."  # full term coverage: the score is set by dense


def _clauses(*states_and_dense: tuple[str, float]) -> list[Hit]:
    """Equally worded governing-law clauses that differ only in the retriever's cosine similarity."""
    plain = hits(*((f"3.{n}", SENTENCE.format(state)) for n, (state, _) in enumerate(states_and_dense, 1)))
    return [
        replace(hit, stage_scores={"dense": dense, "lexical": 1.0})
        for hit, (_, dense) in zip(plain, states_and_dense, strict=True)
    ]


def _dense_for(share: float, best_dense: float) -> float:
    """The cosine that makes a fully covered clause score ``share`` of one with ``best_dense``."""
    best = (1 - DENSE_WEIGHT) + DENSE_WEIGHT * best_dense
    return (share * best - (1 - DENSE_WEIGHT)) / DENSE_WEIGHT


def test_a_further_clause_is_shown_only_when_it_scores_at_least_the_floor_share_of_the_best():
    clauses = _clauses(
        ("Texas", 0.6),
        ("Ohio", _dense_for(RELATIVE_FLOOR + 0.02, 0.6)),
        ("Utah", _dense_for(RELATIVE_FLOOR - 0.05, 0.6)),  # 80%: the former floor (0.75) showed it
    )
    stats = term_stats(hit.chunk.text for hit in clauses)

    answer = extractive_answer(QUESTION, clauses, stats)

    assert [c.section for c in answer.citations] == ["3.1", "3.2"]
    assert "Utah" not in answer.text


def test_only_the_first_retrieved_clauses_are_candidates_and_at_most_max_clauses_are_shown():
    states = ("Texas", "Ohio", "Utah", "Iowa", "Maine")
    clauses = _clauses(*((state, 0.6 - n / 1000) for n, state in enumerate(states)))
    stats = term_stats(hit.chunk.text for hit in clauses)

    ranked = candidates(QUESTION, clauses, stats)

    assert [m.hit.chunk.section_label for m in ranked] == [f"3.{n}" for n in range(1, CANDIDATE_HITS + 1)]
    assert len(select(ranked)) == min(MAX_CLAUSES, CANDIDATE_HITS)
    assert [m.hit.chunk.section_label for m in select(ranked, limit=2)] == ["3.1", "3.2"]


def test_retrieval_order_decides_which_clause_comes_first():
    clauses = _clauses(("Texas", 0.55), ("Ohio", 0.6))  # the second retrieved scores a little higher here
    stats = term_stats(hit.chunk.text for hit in clauses)

    answer = extractive_answer(QUESTION, clauses, stats)

    assert [c.section for c in answer.citations] == ["3.1", "3.2"]


def test_on_the_sample_contract_with_the_embedding_model_the_law_question_cites_only_the_governing_law(
    sample_pdf: Path, model_dir: Path, tmp_path: Path
):
    from contract_app.retrieval import Retriever

    retriever = Retriever(Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir)))
    doc_id = retriever.ingest(sample_pdf).doc_id
    assert retriever.notices == ()  # dense scores are in play: the case the floor was measured for

    answer = ask(retriever, doc_id, "What law governs this agreement?", Settings(model_dir=str(model_dir)))

    [citation] = answer.citations  # 9.1 Assignment and 9.4 Entire Agreement scored ~80% of it: not shown
    assert citation.section == "9.2"
    assert citation.quote.startswith("9.2 Governing Law. This Agreement is governed by the laws of the State of")
