"""Sentence splitting and offline answer extraction: the pieces the clause finder stands on."""

from __future__ import annotations

import pytest

from contract_app.reports.extract import duration, first_date, governing_law, notice_period, parties, renewal_term
from contract_app.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_abbreviations_and_numbers_do_not_end_a_sentence() -> None:
    text = "Acme Widgets, Inc. and Beta Co. agree as set out in Section 4.2. The U.S. dollar is the currency."
    assert _sentences(text) == [
        "Acme Widgets, Inc. and Beta Co. agree as set out in Section 4.2.",
        "The U.S. dollar is the currency.",
    ]


def test_numbered_paragraphs_and_rule_lines_start_new_sentences() -> None:
    text = (
        "Distributor Agreement\n-----------\nThis Agreement is made\nbetween A and B:\n(a) first item\n(b) second item"
    )
    assert _sentences(text) == [
        "Distributor Agreement",
        "This Agreement is made\nbetween A and B:",
        "(a) first item",
        "(b) second item",
    ]


def test_a_numbered_caption_stays_with_its_sentence() -> None:
    text = "12.3 Governing Law. This Agreement is governed by Delaware law.\n12.4 Notices. Notices are in writing."
    assert _sentences(text) == [
        "12.3 Governing Law. This Agreement is governed by Delaware law.",
        "12.4 Notices. Notices are in writing.",
    ]


def test_an_all_caps_clause_is_not_cut_at_its_line_breaks() -> None:
    text = "8.1 IN NO EVENT SHALL EITHER PARTY BE LIABLE\nFOR ANY INDIRECT DAMAGES.\nNext sentence here."
    assert _sentences(text)[0] == "8.1 IN NO EVENT SHALL EITHER PARTY BE LIABLE\nFOR ANY INDIRECT DAMAGES."


def test_run_on_sentences_are_cut_at_semicolons() -> None:
    text = "; ".join(f"item {n} of the long list of obligations that never seems to end" for n in range(60)) + "."
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(end - start <= 1200 for start, end in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)


@pytest.mark.parametrize(
    ("clause", "state"),
    [
        ("shall be governed by the laws of the State of New York without regard to", "New York"),
        ("construed under the laws of the Commonwealth of Massachusetts.", "Massachusetts"),
        ("governed by the laws of England and Wales.", "England and Wales"),
        ("governed by the law of the People's Republic of China", "People's Republic of China"),
        ("governed by general principles of commercial law", None),
    ],
)
def test_governing_law_names_the_place(clause: str, state: str | None) -> None:
    assert governing_law(clause) == state


def test_dates_in_the_forms_contracts_use() -> None:
    assert first_date("made as of the 31st day of March, 2000 (the") == "March 31, 2000"
    assert first_date("dated as of June 1, 2019") == "June 1, 2019"
    assert first_date("effective 3/31/2000") == "March 31, 2000"
    assert first_date("effective 13/45/2000") is None


def test_periods_are_read_from_digits_or_words() -> None:
    renewal = "shall automatically renew for successive one (1) year terms unless either party gives notice"
    assert renewal_term(renewal) == "Successive 1-year terms"
    assert notice_period(renewal + " at least ninety (90) days prior to the end of the term") == "90 days"
    assert (
        notice_period("renewed for periods of six (6) months unless twelve (12) months written notice") == "12 months"
    )
    assert duration("for a period of twenty-four (24) months after delivery") == "24 months"
    assert duration("the warranty shall last one year") == "1 year"


def test_parties_are_entities_with_corporate_suffixes() -> None:
    preamble = "by and between Airspan Networks Inc., a Washington corporation, and GLS LLC, a company"
    assert parties(preamble) == "Airspan Networks Inc.; GLS LLC"
    assert parties("between the Seller and the Buyer") is None
