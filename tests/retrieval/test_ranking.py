"""First-stage ranking pieces: BM25 tokenisation and scores, reciprocal rank fusion, z-score fusion."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from retrieval_support import make_chunk

from contract_app.model import Chunk, CitedSection
from contract_app.retrieval.fusion import reciprocal_rank_fusion, standardised, standardised_sum, top_indices
from contract_app.retrieval.lexical import LexicalIndex, query_facets, tokenize
from contract_app.retrieval.ranking import DocumentIndex, SearchTuning, citation_neighbours, rank, with_neighbours


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


def test_question_words_and_the_possessive_s_are_stopwords() -> None:
    assert tokenize("Does the party's licence have all of the rights from both sides?") == [
        "parti",
        "licenc",
        "right",
        "side",
    ]


def test_a_query_splits_into_sentences_but_not_at_abbreviations() -> None:
    assert query_facets("Volume Restriction. Is there a fee increase, etc. if use exceeds a threshold? Of the.") == [
        "Volume Restriction.",
        "Is there a fee increase, etc. if use exceeds a threshold?",
    ]  # the last sentence has only stopwords: nothing to search for
    assert query_facets("A licence (incl. sublicences) to affiliates") == [
        "A licence (incl. sublicences) to affiliates"
    ]


FACET_CHUNKS = [
    "Each party grants the other exclusivity in the Territory.",
    "The Supplier shall procure goods and services from approved vendors for the Customer.",
    "Fees are payable monthly in arrears.",
    "The Customer may audit the Supplier records.",
]
FACET_QUERY = (
    "Exclusivity. Must the customer procure all goods and services from the supplier or from approved vendors?"
)


def test_each_sentence_of_a_query_counts_the_same_in_bm25() -> None:
    index = LexicalIndex(FACET_CHUNKS)
    title, question = query_facets(FACET_QUERY)
    expected = (standardised(index.scores(title)) + standardised(index.scores(question))) / 2
    np.testing.assert_allclose(index.facet_scores(FACET_QUERY), expected, rtol=1e-6)
    whole = index.scores(FACET_QUERY)
    assert whole[0] < whole[3]  # as one bag of words, "customer" and "supplier" outweigh the one-word title
    faceted = index.facet_scores(FACET_QUERY)
    assert faceted[0] > faceted[3]  # as a sentence of its own, the title decides as much as the question
    np.testing.assert_array_equal(index.facet_scores("procure goods"), index.scores("procure goods"))


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


def cited_chunk(index: int, text: str, sections: tuple[str, ...], cites: tuple[str, ...] = ()) -> Chunk:
    return replace(
        make_chunk(index, text),
        section_ids=sections,
        cited=tuple(CitedSection(section, f"Title of {section}") for section in cites),
    )


CITING = (
    cited_chunk(0, "Either party may terminate under Section 9.2.", ("s1",), cites=("s9",)),
    cited_chunk(1, "Fees are payable monthly.", ("s2",)),
    cited_chunk(2, "9.2 Termination fee. The terminating party pays one month of fees.", ("s8", "s9")),
    cited_chunk(3, "The fee in Section 9.2 is due within ten days.", ("s10",), cites=("s9",)),
)


def test_each_chunk_neighbours_the_chunk_where_a_section_it_cites_starts_and_the_chunks_citing_its_sections() -> None:
    assert citation_neighbours(CITING) == [[2], [], [0, 3], [2]]


def test_neighbours_of_the_top_hits_come_right_after_them_when_they_score_well_enough() -> None:
    neighbours = [[2], [], [0], []]
    scores = np.array([1.5, 0.2, 0.1, 0.9])
    tuning = SearchTuning(neighbour_hits=1, neighbour_min_score=0.0)
    assert with_neighbours([0, 3, 1, 2], neighbours, scores, tuning) == [0, 2, 3, 1]
    too_weak = SearchTuning(neighbour_hits=1, neighbour_min_score=0.5)
    assert with_neighbours([0, 3, 1, 2], neighbours, scores, too_weak) == [0, 3, 1, 2]
    only_top = SearchTuning(neighbour_hits=1)
    assert with_neighbours([3, 0, 1, 2], neighbours, scores, only_top) == [3, 0, 1, 2]  # 0 is not a top hit


def test_a_header_field_adds_its_bm25_only_when_weighted() -> None:
    index = DocumentIndex.build(CITING, np.zeros((len(CITING), 4), dtype=np.float32), SearchTuning())
    plain = rank(index, "Title of s9", None, SearchTuning(heading_weight=0.0), 4)
    cited = rank(index, "Title of s9", None, SearchTuning(heading_weight=0.0, cited_weight=1.0), 4)
    assert plain.fused.tolist() == [0.0, 0.0, 0.0, 0.0]  # the clause texts share no word with the query
    assert cited.shortlist[:2] == [0, 3] and cited.fused[0] == cited.fused[3] > 0
