"""The report's facts on small generated contracts: each stated as a lawyer states it, with the clauses behind it.

Rule for a term of years: it ends on the anniversary of its start (a three-year term from March 1, 2021 ends on
March 1, 2024), as contracts write it ("until the third anniversary of the Effective Date") and as CUAD's annotators
read it; the working shows the start, the period and both clauses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import write_markup_pdf

from contract_app.reports import report_from_structure
from contract_app.reports.facts import Fact, contract_facts
from contract_app.reports.results import ClauseReport
from contract_app.reports.summary import offline_summary
from contract_app.structure import load_contract

PREAMBLE = (
    'This Supply Agreement (the "Agreement") is entered into and effective as of March 1, 2021 (the "Effective '
    'Date") by and between Northwind Traders, Inc., a Delaware corporation ("Customer"), and Southpoint Foods LLC, '
    'a Texas limited liability company ("Supplier").'
)


def _contract(tmp_path: Path, *clauses: str, preamble: str = PREAMBLE) -> Path:
    markup = "\n\n".join([preamble, *clauses])
    return write_markup_pdf(tmp_path / "contract.pdf", markup)


def _facts(path: Path) -> dict[str, Fact]:
    return contract_facts(load_contract(path))


def _report(path: Path) -> ClauseReport:
    return report_from_structure(load_contract(path))


def test_a_term_of_years_from_the_effective_date_ends_on_its_anniversary_citing_both_clauses(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**1. Supply.** Supplier shall supply the Products to Customer.",
        '**2. Term.** This Agreement shall have an initial term of three (3) years (the "Initial Term").',
    )
    report = _report(path)
    expiry = report.category("Expiration Date")
    assert expiry.answer == "March 1, 2024 (the Effective Date, March 1, 2021, per the preamble, + 3 years, per § 2)"
    assert [(clause.section, clause.text[:24]) for clause in expiry.clauses] == [
        ("2", "2. Term. This Agreement "),
        ("", "This Supply Agreement (t"),
    ]
    assert report.category("Effective Date").answer == "March 1, 2021"
    assert report.category("Agreement Date").answer == "March 1, 2021"


def test_an_end_date_the_term_clause_names_is_the_expiration_not_the_start(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**3. Term.** 3.1 The Term shall commence on July 23, 2013 and shall expire on July 22, 2016, unless "
        "terminated earlier pursuant to Section 9.",
    )
    expiry = _facts(path)["Expiration Date"]
    assert (expiry.text, expiry.working) == ("July 22, 2016", "")


def test_shall_terminate_on_a_date_gives_that_date(tmp_path: Path) -> None:
    path = _contract(tmp_path, "**3. Term.** 3.1 This Agreement shall terminate on December 31, 2020.")
    assert _facts(path)["Expiration Date"].text == "December 31, 2020"


@pytest.mark.parametrize(
    "clause",
    [
        "**3. Term.** The term of this Agreement shall commence on the Effective Date and shall continue for the "
        "longer of the first anniversary of the Effective Date or the duration of the Distribution Agreement.",
        "**3. Term.** This Agreement shall expire on the later of (a) December 31, 2022 and (b) the date the last "
        "Product is delivered.",
    ],
)
def test_a_term_ending_on_the_later_of_a_date_and_an_event_states_no_expiration_date(
    tmp_path: Path, clause: str
) -> None:
    assert _facts(_contract(tmp_path, clause))["Expiration Date"].text == ""  # the term clause, and no date


def test_continuing_until_terminated_is_perpetual_not_a_notice_period(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**4. Term.** This Agreement shall commence on the Effective Date and shall continue until terminated by "
        "either party upon thirty-six (36) months' prior written notice.",
    )
    assert _facts(path)["Expiration Date"].text == "Perpetual (until terminated)"


def test_the_renewal_term_is_the_renewal_period_not_the_initial_term(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**2. Term and Renewal.** This Agreement shall remain in effect for an initial term of five (5) years and "
        "shall thereafter renew automatically for successive one (1) year periods unless either party gives notice "
        "of non-renewal at least ninety (90) days before the end of the then-current term.",
    )
    report = _report(path)
    assert report.category("Renewal Term").answer == "successive 1-year periods"
    assert report.category("Expiration Date").answer.startswith("March 1, 2026 (")
    summary = {line.topic: line.text for line in offline_summary(load_contract(path)).lines}
    assert "Renews: successive 1-year periods." in summary["Term and renewal"]
    assert summary["Dates"] == "Dated March 1, 2021; effective March 1, 2021; the initial term ends March 1, 2026."


def test_the_governing_law_clause_wins_over_an_earlier_mention_of_another_state(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**1. Organisation.** Customer is a corporation organized under the laws of the State of Delaware.",
        "**2. Governing Law.** This Agreement shall be governed by and construed in accordance with the laws of "
        "the State of New York, without regard to its conflict of laws principles.",
    )
    law = _report(path).category("Governing Law")
    assert (law.answer, [clause.section for clause in law.clauses]) == ("New York", ["2"])


def test_the_date_of_an_agreement_an_amendment_amends_is_not_its_date(tmp_path: Path) -> None:
    preamble = (
        'THIS AMENDMENT NO. 2 (this "Amendment") to the Supply Agreement dated as of December 8, 2009 (the '
        '"Existing Agreement") by and between Northwind Traders, Inc. and Southpoint Foods LLC is entered into as '
        "of June 15, 2018."
    )
    path = _contract(tmp_path, "**1. Price.** The price list is replaced by Schedule 1.", preamble=preamble)
    facts = _facts(path)
    assert (facts["Agreement Date"].text, facts["Effective Date"].text) == ("June 15, 2018", "June 15, 2018")


def test_an_effective_date_tied_to_a_closing_is_not_stated(tmp_path: Path) -> None:
    preamble = (
        'This License Agreement (this "Agreement") is made and effective as of the date of the Closing (the '
        '"Effective Date"), between Northwind Traders, Inc. and Southpoint Foods LLC.'
    )
    path = _contract(tmp_path, "**1. License.** Licensor grants a license to the Marks.", preamble=preamble)
    assert "Effective Date" not in _facts(path)


def test_a_draft_left_blank_is_dated_by_its_year_saying_so(tmp_path: Path) -> None:
    preamble = (
        'This Marketing Agreement (the "Agreement") is effective this ______ day of ____________, 2013, by and '
        "among Northwind Traders, Inc. and Southpoint Foods LLC."
    )
    path = _contract(tmp_path, "**1. Marketing.** Each party shall market the Products.", preamble=preamble)
    assert _facts(path)["Agreement Date"].text == "2013 (day and month left blank)"


def test_every_fact_the_report_states_has_a_clause_behind_it(tmp_path: Path) -> None:
    path = _contract(
        tmp_path,
        "**2. Term.** This Agreement shall continue for two (2) years from the date hereof.",
        "**9. Law.** The laws of California shall govern this Agreement.",
    )
    report = _report(path)
    stated = {r.category: r for r in report.categories if r.category in {"Expiration Date", "Governing Law"}}
    assert {name: r.answer for name, r in stated.items()} == {
        "Expiration Date": "March 1, 2023 (the date of the agreement, March 1, 2021, per the preamble, + 2 years, "
        "per § 2)",
        "Governing Law": "California",
    }
    assert all(r.clauses for r in stated.values())


@pytest.mark.parametrize(
    ("clause", "renewal"),
    [
        ("The term of this Agreement shall be two (2) years with automatic annual renewals thereafter.", "successive"),
        ("Thereafter, this Agreement shall be renewed automatically on a five (5) year basis.", "one further"),
    ],
)
def test_renewals_written_as_annual_or_as_a_basis_are_periods(tmp_path: Path, clause: str, renewal: str) -> None:
    path = _contract(tmp_path, f"**2. Term.** {clause}")
    expected = {"successive": "successive 1-year periods", "one further": "one further 5-year period"}[renewal]
    assert _facts(path)["Renewal Term"].text == expected
