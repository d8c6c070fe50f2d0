"""Small contracts for matter tests: each 2 pages, each with text of its own (its goods, days and state), so what
was embedded can be told apart contract by contract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdfgen import write_markup_pdf

from contract_app.matters import CellStore, Matter, MatterRegistry
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

GOODS = ("valves", "pumps", "gaskets", "filters", "turbines", "sensors", "bearings", "hoses")
STATES = ("Vermont", "Oregon", "Nevada", "Maine", "Utah", "Idaho", "Kansas", "Ohio")
NAMES = ("Acme", "Borealis", "Cobalt", "Dunmore", "Elbrook", "Fairhaven", "Glenrock", "Harrow")


@dataclass(frozen=True)
class Terms:
    """What one generated contract says, for asserting what the app finds in it."""

    number: int
    assignable: bool  # False: an anti-assignment clause (Section 3.2)

    @property
    def goods(self) -> str:
        return GOODS[self.number % len(GOODS)]

    @property
    def state(self) -> str:
        return STATES[self.number % len(STATES)]

    @property
    def supplier(self) -> str:
        return f"{NAMES[self.number % len(NAMES)]} Industries {self.number} Inc."

    @property
    def governing_law(self) -> str:
        return f"This Agreement is governed by the laws of the State of {self.state}."


def markup(terms: Terms) -> str:
    days = 30 + terms.number
    assignment = (
        "**3.2 Assignment.** Neither party may assign this Agreement, including on a change of control, without the "
        f"prior written consent of the other party; any assignment of the {terms.goods} orders without it is void."
        if not terms.assignable
        else f"**3.2 Counterparts.** This Agreement for {terms.goods} may be signed in counterparts."
    )
    return f"""^**SUPPLY AGREEMENT FOR {terms.goods.upper()}**

This Supply Agreement (this "Agreement") is made on March {terms.number % 27 + 1}, 2025 between \
{terms.supplier} ("Supplier") and Buyer {terms.number} LLC ("Buyer").

**ARTICLE I**
**DEFINITIONS**

**1.1 Definitions.** "Products" means the {terms.goods} listed in Exhibit A to this supply of {terms.goods}.

**ARTICLE II**
**SUPPLY AND PAYMENT**

**2.1 Orders.** Buyer shall order the {terms.goods} by written purchase order at least {days} days before delivery.

**2.2 Payment.** Buyer shall pay for the {terms.goods} within {days + 15} days after the invoice date.
---
**ARTICLE III**
**GENERAL**

**3.1 Governing Law.** {terms.governing_law}

{assignment}
"""


def write_contract(folder: Path, terms: Terms) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_markup_pdf(folder / f"supply-{terms.number:02d}-{terms.goods}.pdf", markup(terms))


def write_matter_folder(folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` contracts; the even-numbered ones forbid assignment."""
    return [write_contract(folder, Terms(number, assignable=number % 2 == 1)) for number in range(first, first + count)]


@dataclass(frozen=True)
class Indexed:
    """A matter of generated contracts indexed once for a whole test module (tests that only read it share it)."""

    settings: Settings
    retriever: Retriever
    registry: MatterRegistry
    cells: CellStore
    matter: Matter
    folder: Path
