"""Clause presence decided by what a clause says, on small generated contracts (the cues of
resources/cuad_categories.json at their calibrated thresholds, as the clause report applies them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import write_markup_pdf

from contract_app.reports import report_from_structure
from contract_app.structure import load_contract

PREAMBLE = (
    'This Distribution Agreement (the "Agreement") is entered into as of March 1, 2021 by and between Northwind '
    'Traders, Inc. ("Company") and Southpoint Foods LLC ("Distributor").'
)
NON_COMPETE = (
    "**5. Non-Competition.** During the term of this Agreement, Distributor shall not compete with Company or "
    "engage in any business that sells products competitive with the Products."
)


def _found(tmp_path: Path, category: str, *clauses: str) -> bool:
    path = write_markup_pdf(tmp_path / "contract.pdf", "\n\n".join([PREAMBLE, *clauses]))
    return report_from_structure(load_contract(path)).category(category).found


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        (
            "**6. Exceptions.** The foregoing restrictions shall not apply to the ownership of less than two percent "
            "(2%) of the shares of a company listed on a stock exchange.",
            True,
        ),
        (
            "**6. Relief.** Notwithstanding the foregoing, either party may seek interim relief from any court of "
            "competent jurisdiction.",
            False,
        ),
        (
            "**6. Waiver.** The failure of either party to enforce any provision shall not prevent or preclude its "
            "later enforcement of that provision.",
            False,
        ),
    ],
)
def test_an_exception_to_a_competitive_restriction_is_a_carve_out_from_it_not_any_notwithstanding(
    tmp_path: Path, clause: str, found: bool
) -> None:
    assert _found(tmp_path, "Competitive Restriction Exception", NON_COMPETE, clause) is found


def test_a_promise_not_to_sell_competitive_products_in_a_long_sentence_is_a_non_compete(tmp_path: Path) -> None:
    clause = (
        "**5. Products.** The Distributor shall not, during the term of this Agreement, directly or indirectly "
        "market, sell, distribute or solicit orders within the Territory for any products which are competitive "
        "with the Products unless Company consents thereto in writing."
    )
    assert _found(tmp_path, "Non-Compete", clause) is True


def test_a_representation_that_no_non_compete_binds_a_party_is_not_a_non_compete(tmp_path: Path) -> None:
    clause = (
        "**7. Representations.** Neither party is subject to any noncompete, nondisclosure or similar agreement "
        "that would be violated by its performance of this Agreement."
    )
    assert _found(tmp_path, "Non-Compete", clause) is False


def test_a_promise_not_to_approach_the_other_partys_clients_is_a_no_solicit_of_customers(tmp_path: Path) -> None:
    clause = (
        "**8. After Termination.** Upon termination of this Agreement for any reason, Distributor shall not "
        "approach, pursue or contract with any current client of Company for the purpose of obtaining its business."
    )
    assert _found(tmp_path, "No-Solicit of Customers", clause) is True


def test_a_use_limited_to_a_number_of_servers_is_a_volume_restriction(tmp_path: Path) -> None:
    clause = (
        "**2. License.** Company grants Distributor a non-exclusive right to install and run the Software on up to "
        "three (3) designated servers."
    )
    assert _found(tmp_path, "Volume Restriction", clause) is True


def test_a_promise_never_to_contest_the_marks_is_a_covenant_not_to_sue(tmp_path: Path) -> None:
    clause = (
        "**9. Marks.** Distributor shall not at any time during the term of this Agreement or after its "
        "termination, contest the validity or ownership of any of the Marks."
    )
    assert _found(tmp_path, "Covenant Not to Sue", clause) is True


def test_a_definition_mentioning_the_price_is_not_a_price_restriction(tmp_path: Path) -> None:
    clause = (
        '**1. Definitions.** "Net Price" means the price Company invoices for a Product, which may not increase '
        "except as set out in Schedule 2, less returns and rebates."
    )
    assert _found(tmp_path, "Price Restrictions", clause) is False
