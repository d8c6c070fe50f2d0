"""First-stage ranking pieces: BM25 tokenisation and scores, reciprocal rank fusion, z-score fusion."""

from __future__ import annotations

import numpy as np

from contract_app.retrieval.fusion import reciprocal_rank_fusion, standardised_sum, top_indices
from contract_app.retrieval.lexical import LexicalIndex, tokenize


def test_tokens_are_stemmed_lower_case_words_without_stopwords() -> None:
    assert tokenize("The Licensee shall TERMINATE this Agreement; termination fees apply.") == [
        "license",
        "termin",
        "agreement",
        "termin",
        "fee",
        "appli",
    ]


def test_bm25_scores_only_chunks_sharing_a_word_with_the_query() -> None:
    index = LexicalIndex(["Either party may terminate on notice.", "Governing law is Vermont.", "Fees are due."])
    scores = index.scores("termination of the agreement")
    assert scores[0] > 0 and scores[1] == scores[2] == 0
    assert index.scores("the of and").tolist() == [0.0, 0.0, 0.0]  # stopwords only: no evidence at all
    assert LexicalIndex([]).scores("anything").shape == (0,)


def test_rrf_adds_weighted_reciprocal_ranks() -> None:
    dense = np.array([0.9, 0.5, 0.1])
    lexical = np.array([0.0, 2.0, 1.0])
    fused = reciprocal_rank_fusion([(dense, 1.0), (lexical, 2.0)], k=60, require_positive=(False, True))
    expected = [1 / 61 + 0.0, 1 / 62 + 2 / 61, 1 / 63 + 2 / 62]  # a BM25 score of 0 casts no vote
    np.testing.assert_allclose(fused, expected, rtol=1e-6)
    assert top_indices(fused, 2) == [1, 2]
    assert top_indices(fused, 10) == [1, 2, 0]
    assert top_indices(fused, 0) == []


def test_standardised_fusion_adds_weighted_z_scores_and_ignores_flat_or_unweighted_signals() -> None:
    dense = np.array([0.9, 0.5, 0.1])  # z-scores 1.2247, 0, -1.2247
    lexical = np.array([0.0, 3.0, 0.0])  # z-scores -0.7071, 1.4142, -0.7071
    flat = np.array([2.0, 2.0, 2.0])
    fused = standardised_sum([(dense, 1.0), (lexical, 0.5), (flat, 1.0), (np.array([5.0, 0.0, 0.0]), 0.0)])
    np.testing.assert_allclose(fused, [1.2247 - 0.3536, 0.7071, -1.2247 - 0.3536], atol=1e-4)
