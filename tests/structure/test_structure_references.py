"""Cross-references: one entry per target, resolved to sections, relative ones against where they stand."""

from __future__ import annotations

from pathlib import Path

import pytest
from structure_support import analyse_markup, references

CONTRACT = """\
**ARTICLE I**
**GENERAL**
**1.1 Scope.** This Agreement covers supply. See Sections 2.1 through 2.3 and Article II.
**1.2 Fees.** Fees are set out in Exhibit A and Schedule 3.
**ARTICLE II**
**OPERATIONS**
**2.1 Orders.** Orders follow Sections 1.1 and 1.2.
  (a) Orders are placed in writing.
  (b) Orders are confirmed within five days.
  (c) Orders may be rejected only as provided in subsection (a) above.
**2.2 Delivery.** Delivery is governed by this Section 2.2 and by Section 2.1(b).
**2.3 Returns.** Returns under paragraph (c) of Section 2.1 are free. This Section survives.
**2.4 Law.** Section 365 of the Bankruptcy Code and Section 3 of the Supply Agreement apply. Section 9.9 governs.
---
^**EXHIBIT A**
^**PRICES**
1. Prices are in dollars.
"""


@pytest.fixture(scope="module")
def structure(tmp_path_factory: pytest.TempPathFactory):
    return analyse_markup(tmp_path_factory.mktemp("refs"), CONTRACT)


def test_ranges_and_lists_give_one_reference_per_target(structure) -> None:
    found = references(structure)
    assert found[:4] == [
        ("1.1", "Sections 2.1 through 2.3", "2.1", False, False),
        ("1.1", "Sections 2.1 through 2.3", "2.2", False, False),
        ("1.1", "Sections 2.1 through 2.3", "2.3", False, False),
        ("1.1", "Article II", "Article II", False, False),
    ]
    assert ("2.1", "Sections 1.1 and 1.2", "1.1", False, False) in found
    assert ("2.1", "Sections 1.1 and 1.2", "1.2", False, False) in found


def test_attachments_resolve_and_missing_ones_dangle(structure) -> None:
    found = references(structure)
    assert ("1.2", "Exhibit A", "Exhibit A", False, False) in found
    assert ("1.2", "Schedule 3", None, False, True) in found


def test_relative_references_resolve_against_the_enclosing_section(structure) -> None:
    found = references(structure)
    assert ("2.1(c)", "subsection (a)", "2.1(a)", False, False) in found
    assert ("2.2", "this Section 2.2", "2.2", False, False) in found
    assert ("2.2", "Section 2.1(b)", "2.1(b)", False, False) in found
    assert ("2.3", "paragraph (c) of Section 2.1", "2.1(c)", False, False) in found
    assert ("2.3", "This Section", "2.3", False, False) in found


def test_citations_into_other_documents_are_external_and_unknown_labels_dangle(structure) -> None:
    found = references(structure)
    assert ("2.4", "Section 365", None, True, False) in found
    assert ("2.4", "Section 3", None, True, False) in found
    assert ("2.4", "Section 9.9", None, False, True) in found


def test_headings_are_not_references_and_pages_are_recorded(structure) -> None:
    texts = [reference.text for reference in structure.cross_references]
    assert "ARTICLE II" not in texts and "EXHIBIT A" not in texts
    assert {reference.page for reference in structure.cross_references} == {1}
    assert len(structure.cross_references) == 16


def test_lettered_lists_statutes_and_leading_zero_labels(tmp_path: Path) -> None:
    markup = (
        "Section 1.01 Scope. This Agreement covers supply.\n  (a) Goods are supplied.\n  (b) Services are supplied.\n"
        "Section 1.02 Exclusions. Sections 1.1(a) and (b) exclude persons debarred under 21 U.S.C. § 335(a).\n"
    )
    found = references(analyse_markup(tmp_path, markup))
    assert found == [
        ("1.02", "Sections 1.1(a) and (b)", "1.01(a)", False, False),
        ("1.02", "Sections 1.1(a) and (b)", "1.01(b)", False, False),
        ("1.02", "§ 335(a)", None, True, False),
    ]
