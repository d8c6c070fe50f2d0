"""Where sentences end in contract text laid out in lines: the unit clauses are found, scored and quoted at."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from contract_app.parsing import parse_pdf
from contract_app.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_a_sentence_runs_on_across_plain_line_breaks() -> None:
    text = "Licensee shall pay each invoice\nwithin the period stated in the\norder form. Late payments bear interest."
    assert _sentences(text) == [
        "Licensee shall pay each invoice\nwithin the period stated in the\norder form.",
        "Late payments bear interest.",
    ]


def test_a_parenthesised_number_continuing_a_sentence_does_not_split_it() -> None:
    text = "Licensee shall pay each invoice within thirty\n(30) days after receipt. Interest accrues thereafter."
    assert _sentences(text) == [
        "Licensee shall pay each invoice within thirty\n(30) days after receipt.",
        "Interest accrues thereafter.",
    ]


def test_an_item_label_starts_a_sentence_after_a_sentence_end_or_as_the_next_item() -> None:
    text = "Supplier shall deliver:\n(a) the goods; and\n(b) the manuals\n(c) the spare parts.\n(d) Training is extra."
    assert _sentences(text) == [
        "Supplier shall deliver:",
        "(a) the goods; and",
        "(b) the manuals",
        "(c) the spare parts.",
        "(d) Training is extra.",
    ]


def test_an_item_label_opening_a_capitalised_sentence_starts_one_after_a_caption() -> None:
    text = "7. Duration and Termination of this Agreement\n(a) This Agreement takes effect on signature."
    assert _sentences(text) == [
        "7. Duration and Termination of this Agreement",
        "(a) This Agreement takes effect on signature.",
    ]


def test_an_item_label_inside_a_sentence_does_not_split_it() -> None:
    text = "(a) the Licensee shall pay within thirty\n(30) days the fees set out in Section 4.2\n(b) of the order."
    assert _sentences(text) == [text]


def test_a_numbered_heading_starts_a_sentence_but_a_section_number_inside_one_does_not() -> None:
    text = "the amount set out in Section\n4.2 above shall be paid by Licensee\n4.3 Taxes. Each Party pays its taxes."
    assert _sentences(text) == [
        "the amount set out in Section\n4.2 above shall be paid by Licensee",
        "4.3 Taxes. Each Party pays its taxes.",
    ]


def test_an_article_heading_starts_a_unit_but_an_article_reference_does_not() -> None:
    text = "The obligations under\nARTICLE IV shall survive termination\nARTICLE V\nTERM AND TERMINATION"
    assert _sentences(text) == [
        "The obligations under\nARTICLE IV shall survive termination",
        "ARTICLE V\nTERM AND TERMINATION",
    ]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Acme Inc. and Beta Ltd. and Gamma Co. sign Purchase Order No. 7 under U.S. law, as Sec. 2 and Art. 3 say, "
        "e.g. Delivery and i.e. Acceptance. Section 3. The next sentence."
    )
    assert _sentences(text) == [
        "Acme Inc. and Beta Ltd. and Gamma Co. sign Purchase Order No. 7 under U.S. law, as Sec. 2 and Art. 3 say, "
        "e.g. Delivery and i.e. Acceptance.",
        "Section 3.",
        "The next sentence.",
    ]


def test_a_defined_term_in_parentheses_ends_a_sentence() -> None:
    text = 'Licensee shall sign an order (the "Order"). Supplier shall accept it.'
    assert _sentences(text) == ['Licensee shall sign an order (the "Order").', "Supplier shall accept it."]


def test_an_all_caps_heading_line_is_its_own_unit() -> None:
    text = "LIMITATION OF LIABILITY\nIn no event shall either Party be liable for lost profits."
    assert _sentences(text) == [
        "LIMITATION OF LIABILITY",
        "In no event shall either Party be liable for lost profits.",
    ]


def test_an_all_caps_sentence_over_several_lines_stays_one_sentence() -> None:
    text = (
        "IN NO EVENT SHALL EITHER PARTY BE LIABLE\nFOR ANY INDIRECT DAMAGES, AND THE TOTAL LIABILITY SHALL NOT EXCEED\n"
        "THE FEES PAID IN THE TWELVE\n(12) MONTHS BEFORE THE CLAIM AROSE. Licensee shall give notice of claims."
    )
    assert _sentences(text) == [
        "IN NO EVENT SHALL EITHER PARTY BE LIABLE\nFOR ANY INDIRECT DAMAGES, AND THE TOTAL LIABILITY SHALL NOT EXCEED\n"
        "THE FEES PAID IN THE TWELVE\n(12) MONTHS BEFORE THE CLAIM AROSE.",
        "Licensee shall give notice of claims.",
    ]


def test_a_cap_whose_lines_break_before_a_parenthesised_number_reads_whole_from_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "cap.pdf"
    document = pymupdf.open()
    page = document.new_page()
    lines = [
        "8.1 Limitation of Liability. IN NO EVENT SHALL EITHER PARTY BE LIABLE",
        "FOR ANY INDIRECT DAMAGES, AND ITS TOTAL LIABILITY SHALL NOT EXCEED THE FEES",
        "PAID IN THE TWELVE",
        "(12) MONTHS BEFORE THE CLAIM AROSE. Claims must be notified within thirty",
        "(30) days after discovery.",
    ]
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 14 * number), line, fontsize=10)
    document.save(path)
    document.close()
    text = parse_pdf(path).text
    assert [" ".join(text[start:end].split()) for start, end in split_sentences(text)] == [
        "8.1 Limitation of Liability. IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT DAMAGES, AND ITS "
        "TOTAL LIABILITY SHALL NOT EXCEED THE FEES PAID IN THE TWELVE (12) MONTHS BEFORE THE CLAIM AROSE.",
        "Claims must be notified within thirty (30) days after discovery.",
    ]
