"""Terms defined without quotes (a sentence opening with the term, a bold caption, a definitions table), with
quote marks as extraction leaves them, in lists, and with a redaction inside; and what is not a definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import Line, write_contract_pdf
from structure_support import analyse_markup, by_label

from contract_app.model import ContractStructure
from contract_app.structure import load_contract

UNQUOTED = """\
**1. SERVICES**
1.1 The Broker shall service the contracts. Servicing agent means the broker appointed by the Issuer.
1.2 A Technology Content Provider is defined as a company providing product reviews. AFFILIATE MEANS ANY ENTITY \
controlled by a party. MANNER & MEANS OF WORK are free.
1.3 Sponsor content shall be defined as any content controlled by the Sponsor. This means that it is not Content.
1.4 ”PRC” means the People’s Republic of China, and the rights (the ''Covenants'') bind the Parties.
1.5 "Preload," "Preloading," and "Preloaded" refer to the loading of the software.
1.6 “[* * *] Product” means the product described in Exhibit A.
1.7 The activities of all agents (“producers”) are supervised, and a "specific search page" is a page of results.
1.8 The parties agree that the "spot" shall be prominent.
"""


@pytest.fixture(scope="module")
def unquoted(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return analyse_markup(tmp_path_factory.mktemp("unquoted"), UNQUOTED)


def _terms(structure: ContractStructure) -> list[str]:
    return [definition.term for definition in structure.definitions]


def test_a_sentence_opening_with_a_term_and_means_or_is_defined_as_defines_it(unquoted) -> None:
    definitions = {definition.term: definition for definition in unquoted.definitions}
    assert definitions["Servicing agent"].text == "Servicing agent means the broker appointed by the Issuer."
    assert definitions["Technology Content Provider"].style == "means"
    assert "Sponsor content" not in definitions  # "is defined as" needs a capitalised term
    assert "This" not in definitions
    assert "MANNER &" not in definitions  # "MEANS OF WORK": a heading's words, not a definition


def test_quote_marks_as_extracted_lists_and_redactions_define_terms(unquoted) -> None:
    assert _terms(unquoted) == [
        "Servicing agent",
        "Technology Content Provider",
        "AFFILIATE",
        "PRC",
        "Covenants",
        "Preload",
        "Preloading",
        "Preloaded",
        "[* * *] Product",
        "producers",
        "specific search page",
    ]  # the quoted word "spot" is not a definition


def _write_table(path: Path) -> Path:
    lines = [
        Line("1. DEFINITIONS", bold=True),
        Line("In this Agreement the following terms have these meanings:"),
    ]
    rows = [
        ("Affiliate", ["any entity that controls, is controlled by or is under", "common control with a party;"]),
        ("Business Day", ["A day on which banks in London are open;"]),
        ("Products", ["the goods listed in Schedule 1, as amended from time", "to time by written agreement."]),
    ]
    y = 140.0
    for term, meaning in rows:
        lines.append(Line(term, bold=True, x=72, y=y))
        lines.extend(Line(text, x=200, y=y + 14 * number) for number, text in enumerate(meaning))
        y += 14 * len(meaning) + 8
    lines.append(Line("Sale: the sale of all or substantially all of the assets of the Supplier.", bold=True, y=y + 10))
    lines.append(Line("2. SUPPLY", bold=True, x=72, y=y + 34))
    lines.append(Line("2.1 The Supplier shall supply the Products to each Affiliate on every Business Day.", y=y + 48))
    return write_contract_pdf(path, [lines])


def test_a_definitions_table_and_a_bold_caption_define_their_terms_with_their_spans(tmp_path: Path) -> None:
    structure = load_contract(_write_table(tmp_path / "table.pdf"))
    found = {definition.term: structure.text_of(definition.span) for definition in structure.definitions}
    assert found == {
        "Affiliate": "Affiliate any entity that controls, is controlled by or is under\ncommon control with a party;",
        "Business Day": "Business Day A day on which banks in London are open;",
        "Products": "Products the goods listed in Schedule 1, as amended from time\nto time by written agreement.",
        "Sale": "Sale: the sale of all or substantially all of the assets of the Supplier.",
    }
    supply = by_label(structure, "2.1").id
    assert [use.term for use in structure.uses if use.section_id == supply] == ["Products", "Affiliate", "Business Day"]


def test_a_table_of_levels_is_no_definitions_table(tmp_path: Path) -> None:
    lines = [Line("1. SUPPORT", bold=True), Line("Support requests are answered as follows:")]
    y = 140.0
    for level, answer in (
        ("Severity One", "Targeted Response Time: fifteen minutes after"),
        ("Severity Two", "Targeted Response Time: eight hours after"),
    ):
        lines.append(Line(f"{level}", bold=True, x=72, y=y))
        lines.append(Line(answer, x=200, y=y))
        lines.append(Line("the request is received.", x=200, y=y + 14))
        y += 36
    structure = load_contract(write_contract_pdf(tmp_path / "levels.pdf", [lines]))
    assert structure.definitions == ()


def test_names_given_without_quotes_or_by_other_defining_words_are_terms(tmp_path: Path) -> None:
    markup = (
        "^CREMER OLEO GmbH & Co KG, Hamburg, Germany\n"
        "^— hereinafter referred to as Cremer —\n"
        "^and Ultragenyx Inc, Novato, California\n"
        "^— hereinafter referred to as Ultragenyx —\n"
        "^each party also referred to as a “Party” and jointly as the “Parties”\n"
        "**1. Fees.** Ultragenyx shall pay Cremer the amounts set forth on Exhibit A as the “Up-Front Fee” in "
        "consideration of the development work.\n"
        "**2. Conduct.** The Affiliate shall not engage in factoring. Factoring or laundering, for purposes of this "
        "Agreement, means processing a transaction through an account other than the merchant's own.\n"
        "**3. Termination.** Either party may terminate for cause. For purposes hereof “cause” shall consist of "
        "fraud or gross negligence. Examples such as the “Listed Products” are not definitions.\n"
    )
    assert _terms(analyse_markup(tmp_path, markup)) == [
        "Cremer",
        "Ultragenyx",
        "Party",
        "Parties",
        "Up-Front Fee",
        "Factoring or laundering",
        "cause",
    ]
