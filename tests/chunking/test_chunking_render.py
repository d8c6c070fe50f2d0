"""What is embedded (heading path + clause) and what the language model reads (clause + its linked context)."""

from __future__ import annotations

import pytest
from chunking_support import SERVICES_AGREEMENT, SMALL, WIDE, chunk_with, load_markup

from contract_app.chunking import chunk_contract, text_for_embedding, text_for_llm
from contract_app.chunking.render import PREAMBLE_HEADING, pages_phrase, search_fields
from contract_app.model import ContractStructure


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return load_markup(tmp_path_factory.mktemp("services"), "services", SERVICES_AGREEMENT)


def test_the_embedded_text_is_the_heading_path_then_the_clause(services: ContractStructure) -> None:
    chunks = chunk_contract(services, SMALL)
    expenses = chunk_with(chunks, "(b) expenses approved")
    assert text_for_embedding(expenses) == "Article II SERVICES AND PAYMENT > 2.2 Payment > (b)\n" + expenses.text


def test_the_model_reads_the_clause_then_each_definition_and_cited_section_delimited(
    services: ContractStructure,
) -> None:
    chunk = chunk_with(chunk_contract(services, SMALL), "2.3 Reports.")
    provider, deliverables, reference = chunk.context
    assert text_for_llm(chunk) == "\n".join(
        [
            "=== Clause 2.3 | Article II SERVICES AND PAYMENT > 2.3 Reports | page 1 ===",
            chunk.text,
            '--- Definition of "Provider" (page 1) ---',
            provider.text,
            '--- Definition of "Deliverables" (page 1) ---',
            deliverables.text,
            "--- Referenced section 2.2(b) (page 1) ---",
            reference.text,
            "=== End of clause 2.3 ===",
        ]
    )


def test_terms_defined_by_one_sentence_share_one_entry_for_the_model(services: ContractStructure) -> None:
    chunk = chunk_with(chunk_contract(services, WIDE), "1.1 Definitions.")
    parties, reference = chunk.context[0], chunk.context[2]
    assert [item.label for item in chunk.context] == ["Provider", "Customer", "2.2"]
    assert chunk.context[1].text == parties.text
    assert text_for_llm(chunk) == "\n".join(
        [
            "=== Clause Article I | Article I DEFINITIONS | page 1 ===",
            chunk.text,
            '--- Definition of "Provider", "Customer" (page 1) ---',
            parties.text,
            "--- Referenced section 2.2 (page 1) ---",
            reference.text,
            "=== End of clause Article I ===",
        ]
    )


def test_page_phrases_read_as_a_citation() -> None:
    assert [pages_phrase(pages) for pages in [(3,), (3, 4), (3, 4, 5), (3, 5)]] == [
        "page 3",
        "pages 3-4",
        "pages 3-5",
        "pages 3, 5",
    ]


def test_the_opening_text_is_embedded_under_the_preamble_heading(services: ContractStructure) -> None:
    preamble = chunk_contract(services, SMALL)[0]
    assert preamble.section_label == "Preamble"
    assert text_for_embedding(preamble) == f"{PREAMBLE_HEADING}\n{preamble.text}"


def test_a_lexical_search_sees_the_clause_its_heading_its_terms_and_the_titles_it_cites_as_fields(
    services: ContractStructure,
) -> None:
    chunk = chunk_with(chunk_contract(services, SMALL), "2.3 Reports.")
    assert search_fields(chunk) == {
        "text": text_for_embedding(chunk),
        "heading": "Article II SERVICES AND PAYMENT > 2.3 Reports",
        "terms": "Provider: Acme Corp. ; Deliverables: all reports that Provider prepares for Customer",
        "cited": "SERVICES AND PAYMENT > Payment",
    }


def test_a_chunk_opening_an_article_names_the_titled_sections_that_begin_inside_it_in_its_heading_field(
    services: ContractStructure,
) -> None:
    article = chunk_with(chunk_contract(services, SMALL), "3.1 Governing Law.")
    assert article.heading_path == ("Article III GENERAL",)
    assert article.inner_headings[0] == "3.1 Governing Law"
    assert search_fields(article)["heading"].startswith("Article III GENERAL > 3.1 Governing Law")
    assert text_for_embedding(article) == "Article III GENERAL\n" + article.text  # the embedded text is unchanged
