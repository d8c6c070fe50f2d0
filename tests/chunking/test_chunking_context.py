"""Linked context: each chunk carries the definitions of the terms it uses and the sections it cites (one hop)."""

from __future__ import annotations

import pytest
from chunking_support import SERVICES_AGREEMENT, SMALL, WIDE, chunk_with, load_markup, squash

from contract_app.chunking import ChunkConfig, chunk_contract
from contract_app.model import Chunk, ContractStructure


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return load_markup(tmp_path_factory.mktemp("services"), "services", SERVICES_AGREEMENT)


def defining_text(structure: ContractStructure, term: str) -> str:
    """The sentence the structure stage found defining ``term`` (the parties clause for "Provider")."""
    (definition,) = [item for item in structure.definitions if item.term == term]
    return structure.text_of(definition.span)


def context_of(chunk: Chunk) -> list[tuple[str, str, str]]:
    return [(item.kind, item.label, squash(item.text)) for item in chunk.context]


def test_a_clause_carries_the_definitions_of_its_terms_and_the_section_it_cites(services: ContractStructure) -> None:
    chunk = chunk_with(chunk_contract(services, SMALL), "2.3 Reports.")
    assert chunk.section_label == "2.3"
    assert context_of(chunk) == [
        ("definition", "Provider", squash(defining_text(services, "Provider"))),
        ("definition", "Deliverables", '"Deliverables" means all reports that Provider prepares for Customer.'),
        (
            "reference",
            "2.2(b)",
            "(b) expenses approved in writing, payable within thirty days, subject to the limits in Section 2.1 and"
            " this Section 2.2.",
        ),
    ]
    deliverables, reference = chunk.context[1], chunk.context[2]
    assert (deliverables.section_id, deliverables.pages) == ("s2", (1,))
    assert deliverables.text == services.text_of(deliverables.span)
    assert (reference.section_id, reference.pages) == ("s7", (1,))
    assert reference.span == services.section("s7").span


def test_a_pointer_definition_is_followed_to_the_sentence_it_points_at(services: ContractStructure) -> None:
    (pointer,) = [item for item in services.definitions if item.term == "Fees"]
    assert pointer.refers_to == "s5"  # "Fees" has the meaning set forth in Section 2.2.
    chunk = chunk_with(chunk_contract(services, WIDE), "3.2 Late Payment.")
    fees = [item for item in chunk.context if item.label == "Fees"]
    assert [(item.kind, squash(item.text), item.section_id) for item in fees] == [
        ("definition", '(a) a monthly fee of $10,000 (the "Fees"), payable in advance;', "s6")
    ]


def test_terms_defined_inside_the_chunk_get_no_attached_definition(services: ContractStructure) -> None:
    chunks = chunk_contract(services, WIDE)
    definitions = chunk_with(chunks, "1.1 Definitions.")
    assert [item.label for item in definitions.context if item.kind == "definition"] == ["Provider", "Customer"]
    payment = chunk_with(chunks, "2.2 Payment.")  # uses "Fees" in 2.2(a), where its pointer leads
    assert [item.label for item in payment.context] == ["Provider", "Services", "Customer", "Deliverables"]


def test_references_skip_the_chunks_own_sections_and_attach_one_hop_only(services: ContractStructure) -> None:
    chunks = chunk_contract(services, SMALL)
    expenses = chunk_with(chunks, "(b) expenses approved")
    assert expenses.section_label == "2.2(b)"
    # "Section 2.1" is attached; "this Section 2.2" is the clause's own parent; 2.1's own terms are not followed.
    assert context_of(expenses) == [
        ("reference", "2.1", "2.1 Scope. Provider shall perform the Services with reasonable care.")
    ]
    article = chunk_with(chunk_contract(services, WIDE), "2.1 Scope.")
    assert [item.kind for item in article.context] == ["definition"] * 4  # 2.1 and 2.2(b) are inside it


def test_definitions_come_first_and_everything_is_cut_to_the_budget(services: ContractStructure) -> None:
    full = chunk_with(chunk_contract(services, SMALL), "2.3 Reports.")
    sizes = {"target_tokens": 40, "max_tokens": 50, "overlap_tokens": 10, "min_tokens": 10}
    just_definitions = ChunkConfig(**sizes, context_budget_tokens=30, min_context_tokens=8)
    chunk = chunk_with(chunk_contract(services, just_definitions), "2.3 Reports.")
    assert chunk.context == full.context[:2]

    tight = ChunkConfig(**sizes, context_budget_tokens=16, min_context_tokens=8)
    chunk = chunk_with(chunk_contract(services, tight), "2.3 Reports.")
    assert [item.label for item in chunk.context] == ["Provider", "Deliverables"]
    for cut, whole in zip(chunk.context, full.context, strict=False):
        assert cut.text.endswith(" …")
        assert cut.text == services.text_of(cut.span) + " …"
        assert whole.text.startswith(services.text_of(cut.span))
    assert squash(chunk.context[1].text) == '"Deliverables" means all reports that …'


def test_context_is_kept_apart_from_the_clause_text(services: ContractStructure) -> None:
    for chunk in chunk_contract(services, SMALL):
        assert chunk.text == services.text_of(chunk.char_span)
        for item in chunk.context:
            assert not (chunk.char_span[0] <= item.span[0] and item.span[1] <= chunk.char_span[1])
