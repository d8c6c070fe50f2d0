"""The section graph: typed edges, and the lookups every stage asks of it (section at an offset, who cites a section,
where a term is defined, what a section depends on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from structure_support import analyse_markup, by_label

from contract_app.model import ContractStructure
from contract_app.structure.graph import DOCUMENT, term_node

CONTRACT = """\
This Agreement (the “Agreement”) is made by Acme Corp. (“Supplier”) and Beta LLC (“Buyer”).
**1. DEFINITIONS**
1.1 “Products” means the goods of Supplier listed in Section 3.1.
1.2 “Price” has the meaning set forth in Section 2.2.
**2. SUPPLY**
2.1 Supplier sells Products to Buyer as set out in Section 1.1 and Section 7.7.
  (a) Section 365 of the Bankruptcy Code applies to Products.
2.2 Buyer pays for Products a price of ten dollars each (the “Price”), as Section 2.1 requires.
**3. DELIVERY**
3.1 Supplier delivers the goods to Buyer at its warehouse.
"""


@pytest.fixture(scope="module")
def structure(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return analyse_markup(tmp_path_factory.mktemp("graph"), CONTRACT)


def ids(structure: ContractStructure, *labels: str) -> list[str]:
    return [by_label(structure, label).id for label in labels]


def test_graph_has_section_and_term_nodes_and_typed_edges(structure: ContractStructure) -> None:
    graph = structure.graph.graph
    s1, s11, s12, s2, s21, s21a, s22, s3, s31 = ids(
        structure, "1", "1.1", "1.2", "2", "2.1", "2.1(a)", "2.2", "3", "3.1"
    )
    assert graph.nodes[s21]["kind"] == "section"
    assert graph.nodes[s21]["label"] == "2.1"
    assert graph.nodes["term:Products"]["kind"] == "term"

    def edges(kind: str) -> set[tuple[str, str]]:
        return {(u, v) for u, v, data in graph.edges(data=True) if data["kind"] == kind}

    assert edges("contains") == {(s1, s11), (s1, s12), (s2, s21), (s21, s21a), (s2, s22), (s3, s31)}
    assert edges("cites") == {(s11, s31), (s12, s22), (s21, s11), (s22, s21)}
    assert edges("defines") == {
        (DOCUMENT, "term:Agreement"),
        (DOCUMENT, "term:Supplier"),
        (DOCUMENT, "term:Buyer"),
        (s11, "term:Products"),
        (s12, "term:Price"),  # the pointer, in the definitions section
        (s22, "term:Price"),  # and the definition it points at
    }
    assert (s21a, "term:Products") in edges("uses")
    assert (s31, "term:Buyer") in edges("uses")
    citation = next(data for u, v, data in graph.edges(data=True) if data["kind"] == "cites" and u == s21)
    assert (citation["text"], citation["page"], structure.document.text[slice(*citation["span"])]) == (
        "Section 1.1",
        1,
        "Section 1.1",
    )
    assert [ref.target_label for ref in graph.nodes[s21]["dangling_references"]] == ["7.7"]
    assert [ref.text for ref in graph.nodes[s21a]["external_references"]] == ["Section 365"]
    assert graph.nodes[term_node("Supplier")]["section"] is None


def test_graph_is_built_once_per_structure(structure: ContractStructure) -> None:
    assert structure.graph is structure.graph


def test_section_at_gives_the_most_specific_section_holding_an_offset(structure: ContractStructure) -> None:
    text = structure.document.text
    assert structure.section_at(text.index("Bankruptcy Code")).label == "2.1(a)"
    assert structure.section_at(text.index("to Buyer as set out")).label == "2.1"
    assert structure.section_at(text.index("warehouse")).label == "3.1"
    assert structure.section_at(text.index("Acme Corp.")) is None


def test_referenced_by_lists_every_citation_of_a_section(structure: ContractStructure) -> None:
    s11, s21, s22, s3 = ids(structure, "1.1", "2.1", "2.2", "3")
    assert [(ref.source, ref.text) for ref in structure.referenced_by(s11)] == [(s21, "Section 1.1")]
    assert [(ref.source, ref.text) for ref in structure.referenced_by(s21)] == [(s22, "Section 2.1")]
    assert [ref.source for ref in structure.referenced_by(s22)] == [by_label(structure, "1.2").id]
    assert structure.referenced_by(s3) == ()


def test_definition_of_prefers_a_full_definition_to_a_pointer(structure: ContractStructure) -> None:
    products = structure.definition_of("Products")
    assert (products.section_id, products.style) == (by_label(structure, "1.1").id, "means")
    s12, s22 = ids(structure, "1.2", "2.2")
    assert [(item.section_id, item.refers_to) for item in structure.graph.definitions_of("Price")] == [
        (s12, s22),
        (s22, None),
    ]
    assert structure.definition_of("Price").section_id == s22
    assert structure.definition_of("Warehouse") is None


def test_first_definition_is_where_the_term_is_first_defined_even_a_pointer(structure: ContractStructure) -> None:
    """What the chunker attaches: the first place defining the term (the pointer in 1.2 for "Price", which the
    chunker follows to 2.2), the same place the structure stage lists first."""
    s12, s11 = ids(structure, "1.2", "1.1")
    price = structure.graph.first_definition("Price")
    assert (price.section_id, price.refers_to) == (s12, by_label(structure, "2.2").id)
    assert structure.graph.first_definition("Products").section_id == s11
    assert structure.graph.first_definition("Warehouse") is None
    first = {definition.term: definition for definition in structure.definitions}
    assert all(structure.graph.first_definition(term) is first[term] for term in structure.graph.terms())


def test_definition_of_falls_back_to_a_pointer_when_nothing_else_defines_the_term(tmp_path: Path) -> None:
    structure = analyse_markup(
        tmp_path,
        "**1. DEFINITIONS**\n1.1 “Delivery Date” has the meaning set forth in Section 2.1.\n"
        "**2. DELIVERY**\n2.1 Goods are delivered thirty days after the order.\n",
    )
    pointer = structure.definition_of("Delivery Date")
    assert (pointer.section_id, pointer.refers_to) == (by_label(structure, "1.1").id, by_label(structure, "2.1").id)


def test_depends_on_follows_definitions_and_citations_to_the_given_depth(structure: ContractStructure) -> None:
    s21 = by_label(structure, "2.1").id
    direct = structure.depends_on(s21, depth=1)
    assert [definition.term for definition in direct.definitions] == ["Supplier", "Buyer", "Products"]
    assert [section.label for section in direct.sections] == ["1.1"]
    deeper = structure.depends_on(s21)
    assert [definition.term for definition in deeper.definitions] == ["Supplier", "Buyer", "Products"]
    assert [section.label for section in deeper.sections] == ["1.1", "3.1"]


def test_depends_on_leaves_out_what_the_section_holds_itself(tmp_path: Path) -> None:
    structure = analyse_markup(
        tmp_path,
        "**1. SUPPLY**\n1.1 “Goods” means steel.\n1.2 Seller ships the Goods under Section 1.1 and Section 2.1.\n"
        "**2. PAYMENT**\n2.1 Buyer pays for the Goods.\n",
    )
    dependencies = structure.depends_on(by_label(structure, "1").id)
    assert dependencies.definitions == ()
    assert [section.label for section in dependencies.sections] == ["2.1"]
