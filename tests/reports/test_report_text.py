"""Sentence splitting and offline answer extraction: the pieces the clause finder stands on."""

from __future__ import annotations

from datetime import date

import pytest

from contract_app.reports.dates import Period, add_period, find_dates, find_periods
from contract_app.reports.extract import duration, notice_period, parties
from contract_app.reports.facts import governing_place
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
        ("governed by the law of the People's Republic of China", "the People's Republic of China"),
        ("shall be governed by the laws of PRC.", "the People's Republic of China"),
        ("governed by the laws ofthe State ofTexas and that actions", "Texas"),
        ("governed by the laws of the United States of America and of the State of Texas.", "Texas"),
        ("the laws of the Province of British Columbia and the federal laws of Canada", "British Columbia"),
        ("governed by general principles of commercial law", None),
    ],
)
def test_governing_law_names_the_place(clause: str, state: str | None) -> None:
    assert governing_place(clause) == state


def test_dates_in_the_forms_contracts_use() -> None:
    def dates(text: str) -> list[date | None]:
        return [mention.value for mention in find_dates(text)]

    assert dates("made as of the 31st day of March, 2000 (the") == [date(2000, 3, 31)]
    assert dates("dated as of June 1, 2019 and Dec. 8, 2005") == [date(2019, 6, 1), date(2005, 12, 8)]
    assert dates("effective 3/31/2000, signed 7/18/11 and 13/07/05") == [
        date(2000, 3, 31),
        date(2011, 7, 18),
        date(2005, 7, 13),
    ]
    assert dates("this 14t h day of April, 2015 and June 1s t 2020") == [date(2015, 4, 14), date(2020, 6, 1)]
    assert dates("effective 13/45/2000") == []
    blank = find_dates("is effective this ______ day of ________________, 2013, by and among")
    assert [(d.value, d.year, d.text) for d in blank] == [(None, 2013, "2013 (day and month left blank)")]


def test_a_term_of_years_ends_on_its_anniversary() -> None:
    assert add_period(date(2021, 3, 1), Period(3, "year")) == date(2024, 3, 1)
    assert add_period(date(2020, 1, 31), Period(1, "month")) == date(2020, 2, 29)  # the month's last day
    assert add_period(date(1999, 4, 1), Period(6, "month")) == date(1999, 10, 1)
    assert add_period(date(2018, 4, 25), Period(90, "day")) == date(2018, 7, 24)


def test_periods_are_read_from_digits_or_words() -> None:
    renewal = "shall automatically renew for successive one (1) year terms unless either party gives notice"
    assert [(p.count, p.unit) for p in find_periods(renewal)] == [(1, "year")]
    assert [(p.count, p.unit) for p in find_periods("a FIVE (5) year period and twelve (12) full calendar months")] == [
        (5, "year"),
        (12, "month"),
    ]
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
