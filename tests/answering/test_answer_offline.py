"""The offline answer: the clauses that address the question, answering sentences in bold, each cited."""

from __future__ import annotations

from dataclasses import replace

import pytest
from answering_support import hits

from contract_app.answering import NO_CLAUSE, ask, extractive_answer, term_stats
from contract_app.answering.extractive import combined_score
from contract_app.settings import Settings

GOVERNING = (
    "3.1 Governing Law. This Agreement is governed by the laws of the State of Texas, without regard to its "
    "conflict of laws principles. The courts of Travis County have exclusive jurisdiction."
)
FEES = "1.2 Fees. Client shall pay Consultant a monthly fee of $12,000 within thirty (30) days after each invoice."
COUNTERPARTS = "3.2 Counterparts. This Agreement may be signed in counterparts, each of which is an original."
CLAUSES = hits(("Article 3", COUNTERPARTS), ("3.1", GOVERNING), ("1.2", FEES))
STATS = term_stats(text for _, text in [("", COUNTERPARTS), ("", GOVERNING), ("", FEES)])


def test_the_answering_sentence_is_marked_and_cited_even_when_retrieval_ranked_it_second():
    answer = extractive_answer("Which law governs the agreement?", CLAUSES, STATS)

    sentence = "3.1 Governing Law. This Agreement is governed by the laws of the State of Texas, without regard to its "
    sentence += "conflict of laws principles."
    assert (
        answer.text
        == f"Section 3.1, p. 2 [1]:\n**{sentence}** The courts of Travis County have exclusive jurisdiction."
    )
    [citation] = answer.citations
    start = CLAUSES[1].chunk.char_span[0]
    assert (citation.chunk_id, citation.section, citation.pages) == (CLAUSES[1].chunk.id, "3.1", (2,))
    assert citation.char_span == (start, start + len(sentence))
    assert citation.quote == sentence
    assert (answer.backend, answer.grounded, answer.notices) == ("offline", True, ())


def test_a_question_no_clause_addresses_says_so():
    answer = extractive_answer("Is there a non-compete obligation?", CLAUSES, STATS)

    assert (answer.text, answer.citations, answer.grounded) == (NO_CLAUSE, (), True)


def test_on_a_generated_pdf_the_answer_cites_the_governing_law_section_and_its_page(services):
    tokens: list[str] = []

    answer = ask(services.retriever, services.doc_id, "What law governs this agreement?", Settings(), tokens.append)

    [citation] = answer.citations
    assert (citation.section, citation.pages) == ("3.1", (2,))
    assert citation.quote.startswith("3.1 Governing Law. This Agreement is governed by the laws of the State of Texas")
    document = services.retriever.structure(services.doc_id).document
    assert " ".join(document.text[citation.char_span[0] : citation.char_span[1]].split()) == citation.quote
    assert "**" in answer.text and "[1]" in answer.text
    assert tokens == [answer.text]


def test_on_a_generated_pdf_each_question_finds_its_clause(services):
    expected = {
        "How much is the monthly fee?": ("1.2", "1.2 Fees. Client shall pay Consultant a monthly fee"),
        "How can a party terminate the agreement?": ("2.2", "2.2 Termination for Convenience. Either party may"),
        "How long does the agreement last?": ("2.1", "2.1 Term. This Agreement begins on the Effective Date"),
    }
    for question, (section, quote_start) in expected.items():
        answer = ask(services.retriever, services.doc_id, question, Settings())
        assert (answer.citations[0].section, answer.citations[0].quote[: len(quote_start)]) == (section, quote_start)


def test_on_a_generated_pdf_an_unaddressed_question_gets_the_no_clause_answer(services):
    for question in ("Is there a non-compete clause?", "Who owns the intellectual property?"):
        answer = ask(services.retriever, services.doc_id, question, Settings())
        assert (answer.text, answer.citations, answer.backend) == (NO_CLAUSE, (), "offline")


def test_the_retrievers_semantic_similarity_counts_when_there_is_one():
    [hit] = hits(("3.1", GOVERNING))
    with_dense = replace(hit, stage_scores={"dense": 0.6, "lexical": 2.0})

    assert combined_score(hit, 0.3) == 0.3  # lexical-only retrieval: the sentence coverage alone
    assert combined_score(with_dense, 0.3) == pytest.approx(0.3 * 0.3 + 0.7 * 0.6)
