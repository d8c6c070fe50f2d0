"""A small services agreement of known structure, written as a real PDF and read through the real pipeline."""

from __future__ import annotations

from pathlib import Path

from pdfgen import write_markup_pdf

from contract_app.chunking import ChunkConfig
from contract_app.model import Chunk, ContractStructure
from contract_app.structure import load_contract

SMALL = ChunkConfig(target_tokens=40, max_tokens=50, overlap_tokens=10, min_tokens=10)
WIDE = ChunkConfig(target_tokens=200, max_tokens=240, overlap_tokens=40, min_tokens=60)

SERVICES_AGREEMENT = """^**SERVICES AGREEMENT**

This Services Agreement (this "Agreement") is made on May 1, 2024 between Acme Corp. ("Provider") and Beta LLC \
("Customer"). The parties agree as follows:

**ARTICLE I**
**DEFINITIONS**

**1.1 Definitions.** "Services" means the consulting services described in Exhibit A. "Fees" has the meaning set \
forth in Section 2.2. "Deliverables" means all reports that Provider prepares for Customer.

**ARTICLE II**
**SERVICES AND PAYMENT**

**2.1 Scope.** Provider shall perform the Services with reasonable care.

**2.2 Payment.** Customer shall pay the following amounts:
  (a) a monthly fee of $10,000 (the "Fees"), payable in advance; and
  (b) expenses approved in writing, payable within thirty days, subject to the limits in Section 2.1 and
    this Section 2.2.

**2.3 Reports.** Provider shall deliver the Deliverables each quarter, as required by Section 2.2(b).

**ARTICLE III**
**GENERAL**

**3.1 Governing Law.** This Agreement is governed by the laws of the State of New York.

**3.2 Late Payment.** Customer shall pay interest of one percent per month on Fees paid late.
"""

MILESTONES = " ".join(
    f"Provider shall complete milestone {number} within {number * 10} days after the date of this Agreement."
    for number in range(1, 25)
)

LONG_AGREEMENT = f"""^**MILESTONE AGREEMENT**

This Milestone Agreement is made between Acme Corp. and Beta LLC. The parties agree as follows:

**ARTICLE I**
**MILESTONES**

**1.1 Milestones.** {MILESTONES}

**1.2 Notice.** Provider shall notify Customer when a milestone is late.

**ARTICLE II**
**GENERAL**

**2.1 Governing Law.** This Agreement is governed by the laws of the State of New York.
"""


def load_markup(tmp_dir: Path, name: str, markup: str) -> ContractStructure:
    return load_contract(write_markup_pdf(tmp_dir / f"{name}.pdf", markup))


def span_of(structure: ContractStructure, text: str) -> tuple[int, int]:
    """Where ``text`` (written on one printed line, or across lines joined by newlines) sits in the body text."""
    start = structure.document.text.index(text)
    return start, start + len(text)


def chunk_with(chunks: tuple[Chunk, ...], text: str) -> Chunk:
    matching = [chunk for chunk in chunks if text in chunk.text]
    assert len(matching) == 1, f"{len(matching)} chunks hold {text!r}"
    return matching[0]


def squash(text: str) -> str:
    """Text with every run of blanks and line breaks read as one space, as it reads on the page."""
    return " ".join(text.split())
