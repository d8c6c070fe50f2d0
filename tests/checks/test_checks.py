"""Drafting checks on small contracts of known drafting: each kind of finding where the drafting is wrong, and
silence where a lawyer would say it is right (a statute, another agreement's section, a term that is used)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import write_markup_pdf

from contract_app.checks import check_contract
from contract_app.cli.main import main
from contract_app.model import Finding
from contract_app.structure import load_contract

SUPPLY = """^**SUPPLY AGREEMENT**

This Supply Agreement (this “Agreement”) is made between Acme Corp. (“Buyer”) and Birch Industries LLC (“Seller”).

**ARTICLE 1**

**DEFINITIONS**

**1.1 Definitions.** “Products” means the goods listed in Exhibit A. “Price” means the price set out in Exhibit C. \
“Territory” means the United States. “Warranty Period” means twelve months after delivery.

**1.2 Products Defined Again.** “Products” means the goods Buyer orders.

**ARTICLE 2**

**SUPPLY**

**2.1 Orders.** Buyer shall order the Products from Seller at the Price. Each order for the Products names the \
Delivery Point.

**2.2 Delivery.** Seller shall deliver the Products to the Delivery Point, subject to Section 9.9. The Delivery \
Point may change on notice.

**2.4 Acceptance.** Buyer may reject any Products delivered to the wrong Delivery Point.

**2.5 Title.** Title passes on delivery at that point.
"""

CLEAN = """^**SERVICES AGREEMENT**

This Services Agreement (this “Agreement”) is made between Acme Corp. (“Client”) and Birch LLC (“Provider”).

**1. SERVICES**

1.1 “Services” means the services in Exhibit A. Provider shall perform the Services as set out in Section 2.

1.2 Provider shall comply with Section 409A of the Internal Revenue Code and Section 4.04 of the Master \
Services Agreement.

**2. FEES**

2.1 “Fees” means the amounts payable for the Services. Client shall pay the Fees monthly.

2.2 Fees are due under Section 1.1.
---
**EXHIBIT A**

**SERVICES**

The Services are consulting services.
"""


def _findings(tmp_path: Path, markup: str) -> tuple[Finding, ...]:
    return check_contract(load_contract(str(write_markup_pdf(tmp_path / "contract.pdf", markup))))


def _summary(findings: tuple[Finding, ...]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(finding.kind, finding.label, finding.term, finding.section) for finding in findings]


def test_each_drafting_problem_is_found_once_in_kind_order(tmp_path: Path) -> None:
    assert _summary(_findings(tmp_path, SUPPLY)) == [
        ("dangling_reference", "9.9", None, "2.2"),
        ("missing_attachment", "Exhibit A", None, "1.1"),
        ("missing_attachment", "Exhibit C", None, "1.1"),
        ("undefined_term", None, "Delivery Point", "2.1"),
        ("unused_definition", None, "Territory", "1.1"),
        ("unused_definition", None, "Warranty Period", "1.1"),
        ("duplicate_definition", None, "Products", "1.2"),
        ("numbering_gap", "2.3", None, "Article 2"),
    ]


def test_a_finding_points_at_the_words_it_is_about(tmp_path: Path) -> None:
    structure = load_contract(str(write_markup_pdf(tmp_path / "contract.pdf", SUPPLY)))
    findings = {finding.kind: finding for finding in check_contract(structure)}
    assert structure.text_of(findings["dangling_reference"].span) == "Section 9.9"
    assert structure.text_of(findings["undefined_term"].span) == "Delivery Point"
    assert findings["dangling_reference"].message == "Section 9.9 is cited here, but this document has no Section 9.9."
    twice = findings["duplicate_definition"]
    assert twice.message == "“Products” is defined twice: in Section 1.1 (page 1) and in Section 1.2 (page 1)."
    (first,) = twice.related
    assert structure.text_of(first).startswith("“Products” means the goods listed in Exhibit A")


def test_a_well_drafted_contract_has_no_findings(tmp_path: Path) -> None:
    """A statute, another agreement's section, an attached exhibit, a whole article cited by its number and terms
    that are all used: nothing to report."""
    assert _findings(tmp_path, CLEAN) == ()


def test_check_json_has_the_documented_shape_and_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "supply.pdf", SUPPLY)
    assert main(["check", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == "supply.pdf"
    assert len(data["findings"]) == 8
    first = data["findings"][0]
    assert set(first) == {"kind", "label", "term", "section", "page", "span", "message"}
    assert (first["kind"], first["label"], first["term"], first["section"], first["page"]) == (
        "dangling_reference",
        "9.9",
        None,
        "2.2",
        1,
    )
    assert first["span"][1] - first["span"][0] == len("Section 9.9")


def test_check_prints_findings_under_a_heading_per_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "supply.pdf", SUPPLY)
    assert main(["check", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "Dangling references (1)\n  p. 1, Section 2.2: Section 9.9 is cited here" in out
    assert "Terms defined twice (1)\n" in out


def test_check_of_a_clean_contract_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "clean.pdf", CLEAN)
    assert main(["check", str(pdf)]) == 0
    assert capsys.readouterr().out == "No drafting issues found.\n"


WRAPPED = """**1. SERVICES**

**1.1 Performance.** Provider shall perform the Services with due care and skill.

**1.2 Changes.** Any change to the Services requires a written amendment signed by both parties, subject to \
Section 9.9.
"""


def test_a_citation_wrapped_onto_its_own_line_is_not_read_as_the_unit_printed(tmp_path: Path) -> None:
    """``... subject to`` / ``Section 9.9.``: the second line opens like a heading, but it carries on the sentence."""
    structure = load_contract(str(write_markup_pdf(tmp_path / "contract.pdf", WRAPPED)))
    assert "subject to\nSection 9.9." in structure.document.text
    assert _summary(check_contract(structure)) == [("dangling_reference", "9.9", None, "1.2")]
