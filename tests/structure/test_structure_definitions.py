"""Defined terms in every style, pointers followed, and capitalised uses recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from structure_support import analyse_markup, by_label

CONTRACT = """\
This Supply Agreement (the “Agreement”) is made by Acme Corp. (“Supplier”) and Beta LLC (hereinafter "Buyer"), \
each a "Party" and together the "Parties".
**1. DEFINITIONS**
1.1 “Products” means the goods listed in Exhibit A.
1.2 "Territory" shall mean the United States.
1.3 “Net Sales” has the meaning set forth in Section 2.2.
1.4 “Affiliate” or “Affiliates” means any entity controlling a Party.
**2. SUPPLY**
2.1 Supplier shall sell Products in the Territory to Buyer (the "Purchase Orders" being binding).
2.2 Net Sales are gross sales less returns ("Net Sales Deductions"). The Products sold to Affiliates count.
2.3 The phrase "good faith" is not defined.
"""


@pytest.fixture(scope="module")
def structure(tmp_path_factory: pytest.TempPathFactory):
    return analyse_markup(tmp_path_factory.mktemp("defs"), CONTRACT)


def test_every_definition_style_is_found_once_in_order(structure) -> None:
    found = [(definition.term, definition.style) for definition in structure.definitions]
    assert found == [
        ("Agreement", "parenthetical"),
        ("Supplier", "parenthetical"),
        ("Buyer", "parenthetical"),
        ("Party", "other"),
        ("Parties", "other"),
        ("Products", "means"),
        ("Territory", "means"),
        ("Net Sales", "means"),
        ("Affiliate", "means"),
        ("Affiliates", "means"),
        ("Purchase Orders", "parenthetical"),
        ("Net Sales Deductions", "parenthetical"),
    ]


def test_definition_records_its_section_page_and_sentence(structure) -> None:
    products = next(definition for definition in structure.definitions if definition.term == "Products")
    assert products.section_id == by_label(structure, "1.1").id
    assert products.page == 1
    assert products.text == "1.1 “Products” means the goods listed in Exhibit A."
    preamble = next(definition for definition in structure.definitions if definition.term == "Agreement")
    assert preamble.section_id is None


def test_pointer_definition_follows_the_reference(structure) -> None:
    net_sales = next(definition for definition in structure.definitions if definition.term == "Net Sales")
    assert net_sales.refers_to == by_label(structure, "2.2").id


def test_uses_are_capitalised_whole_words_longest_first(structure) -> None:
    section = by_label(structure, "2.2")
    in_section = [use.term for use in structure.uses if use.section_id == section.id]
    assert in_section == ["Net Sales", "Products", "Affiliates"]
    text = structure.document.text
    assert all(text[use.span[0] : use.span[1]] == use.term for use in structure.uses)
    products_uses = [use for use in structure.uses if use.term == "Products"]
    assert [by_label(structure, "2.1").id, section.id] == [use.section_id for use in products_uses]


def test_single_curly_quotes_define_terms_too(tmp_path: Path) -> None:
    markup = "This Agreement is made by Acme plc (the ‘Supplier’) and Beta Ltd (‘Buyer’). The Supplier’s goods.\n"
    structure = analyse_markup(tmp_path, markup)
    assert [(d.term, d.style) for d in structure.definitions] == [
        ("Supplier", "parenthetical"),
        ("Buyer", "parenthetical"),
    ]
    assert [use.term for use in structure.uses] == ["Supplier"]
