"""Chunk headers from the section graph: each defined term a chunk uses, with a one-line meaning, and the titles of
the sections it cites."""

from __future__ import annotations

import pytest
from chunking_support import SERVICES_AGREEMENT, SMALL, chunk_with, load_markup

from contract_app.chunking import chunk_contract
from contract_app.chunking.header import is_pointer, one_line_meaning
from contract_app.model import CitedSection, ContractStructure, TermMeaning


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return load_markup(tmp_path_factory.mktemp("header"), "services", SERVICES_AGREEMENT)


def test_a_means_definition_gives_the_words_after_means_up_to_the_clause_end() -> None:
    text = '"Net Sales" shall mean gross amounts invoiced by Licensee, less returns; and "Year" means a calendar year.'
    assert one_line_meaning("Net Sales", text) == "gross amounts invoiced by Licensee, less returns"
    assert one_line_meaning("Year", text) == "a calendar year"


def test_a_parenthetical_definition_gives_the_name_before_the_parenthesis() -> None:
    text = 'This Agreement is made between Acme Corp., a Delaware corporation ("Supplier"), and Beta LLC ("Buyer").'
    assert one_line_meaning("Supplier", text) == "Acme Corp., a Delaware corporation"
    assert one_line_meaning("Buyer", text) == "Beta LLC"
    assert (
        one_line_meaning("Agreement", 'THIS LICENSE AGREEMENT (this "Agreement") is made') == "THIS LICENSE AGREEMENT"
    )


def test_the_name_is_read_back_past_a_defining_span_that_starts_at_the_parenthesis() -> None:
    text = 'The Services Agreement is made between Acme Corp. ("Provider") and Beta LLC ("Customer").'
    assert one_line_meaning("Provider", text, (text.index("("), len(text))) == "Acme Corp."


def test_a_meaning_that_only_points_elsewhere_is_recognised() -> None:
    assert is_pointer(one_line_meaning("Marks", '"Marks" shall have the meaning assigned in Section 7.'))
    assert not is_pointer("all reports that Provider prepares for Customer")


def test_a_chunk_carries_each_term_it_uses_with_its_meaning_and_the_titles_of_the_sections_it_cites(
    services: ContractStructure,
) -> None:
    chunk = chunk_with(chunk_contract(services, SMALL), "2.3 Reports.")
    assert chunk.terms == (
        TermMeaning("Provider", "Acme Corp."),
        TermMeaning("Deliverables", "all reports that Provider prepares for Customer"),
    )
    assert chunk.cited == (CitedSection("s7", "SERVICES AND PAYMENT > Payment"),)


def test_a_pointer_definition_takes_its_meaning_from_the_text_it_points_to(services: ContractStructure) -> None:
    chunk = chunk_with(chunk_contract(services, SMALL), "3.2 Late Payment.")
    assert TermMeaning("Fees", "(a) a monthly fee of $10,000") in chunk.terms


def test_a_section_citing_itself_or_one_it_holds_is_not_listed_as_cited(services: ContractStructure) -> None:
    expenses = chunk_with(chunk_contract(services, SMALL), "(b) expenses approved")  # "... and this Section 2.2."
    assert expenses.cited == (CitedSection("s4", "SERVICES AND PAYMENT > Scope"),)
