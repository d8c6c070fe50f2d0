"""Hand-built chunks for retrieval tests that do not need the parser."""

from __future__ import annotations

from pathlib import Path

from pdfgen import write_markup_pdf

from contract_app.model import Chunk, LinkedContext

DOC = "d" * 64


def make_chunk(index: int, text: str, doc_id: str = DOC, context: tuple[LinkedContext, ...] = ()) -> Chunk:
    start = index * 1000
    return Chunk(
        id=f"{doc_id[:16]}:{index}",
        doc_id=doc_id,
        index=index,
        text=text,
        char_span=(start, start + len(text)),
        pages=(index + 1,),
        section_ids=(f"s{index + 1}",),
        section_label=f"{index + 1}.1",
        heading_path=(f"Article {index + 1}", f"{index + 1}.1 Heading"),
        context=context,
    )


SUPPLY_AGREEMENT = """^**SUPPLY AGREEMENT**

This Supply Agreement (this "Agreement") is made on March 3, 2025 between Acme Corp. ("Supplier") and Beta LLC \
("Buyer").

**ARTICLE I**
**DEFINITIONS**

**1.1 Definitions.** "Products" means the valves listed in Exhibit A. "Price" means the unit price in Section 2.2.

**ARTICLE II**
**SUPPLY AND PAYMENT**

**2.1 Orders.** Buyer shall order the Products by written purchase order at least thirty days before delivery.

**2.2 Payment.** Buyer shall pay the Price within forty-five days after the invoice date.

**2.3 Late Payment.** Unpaid invoices bear interest at one percent per month, as set out in Section 2.2.

**ARTICLE III**
**GENERAL**

**3.1 Governing Law.** This Agreement is governed by the laws of the State of Vermont.

**3.2 Assignment.** Neither party may assign this Agreement without the written consent of the other party.
"""

GOVERNING_LAW = "This Agreement is governed by the laws of the State of Vermont."


def write_supply_agreement(folder: Path, name: str = "supply.pdf", markup: str = SUPPLY_AGREEMENT) -> Path:
    return write_markup_pdf(folder / name, markup)
