"""Body text, line spans, fonts and paragraph breaks on PDFs of known layout."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest
from parsing_support import assert_spans_consistent, line_texts
from pdfgen import Line, write_contract_pdf, write_markup_pdf

from contract_app.errors import OperationCancelled
from contract_app.parsing import parse_pdf


def test_lines_come_in_reading_order_with_fonts_boxes_and_spans(tmp_path: Path) -> None:
    pdf = write_contract_pdf(
        tmp_path / "c.pdf",
        [
            [Line("ARTICLE I", bold=True), Line("DEFINITIONS", bold=True), Line("1.1 The Licensee shall pay.")],
            [Line("1.2 The Supplier shall deliver.", size=10)],
        ],
    )
    doc = parse_pdf(pdf)

    assert doc.page_count == 2
    assert [(page.number, page.width, page.height, page.ocr) for page in doc.pages] == [
        (1, 612, 792, False),
        (2, 612, 792, False),
    ]
    assert line_texts(doc) == [
        "ARTICLE I",
        "DEFINITIONS",
        "1.1 The Licensee shall pay.",
        "1.2 The Supplier shall deliver.",
    ]
    assert [line.bold for line in doc.lines] == [True, True, False, False]
    assert [line.font for line in doc.lines] == ["Times-Bold", "Times-Bold", "Times-Roman", "Times-Roman"]
    assert [line.font_size for line in doc.lines] == [11, 11, 11, 10]
    assert [line.page for line in doc.lines] == [1, 1, 1, 2]
    first = doc.lines[0].bbox
    assert 71 < first.x0 < 73 and first.y0 < 100 < first.y1  # baseline 100 pt from the top, left margin 72 pt
    assert doc.text == "ARTICLE I\nDEFINITIONS\n1.1 The Licensee shall pay.\n\n1.2 The Supplier shall deliver."
    assert_spans_consistent(doc)
    assert doc.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_a_run_in_bold_title_makes_the_line_bold(tmp_path: Path) -> None:
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [["**4.2 Payment.** The Licensee shall pay each invoice."]]))

    assert line_texts(doc) == ["4.2 Payment. The Licensee shall pay each invoice."]
    assert doc.lines[0].bold is True


def test_a_wider_gap_between_lines_is_a_blank_line_in_the_text(tmp_path: Path) -> None:
    lines = [Line("First paragraph line one"), Line("continues here."), Line("Second paragraph.", gap=8)]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [lines]))

    assert doc.text == "First paragraph line one\ncontinues here.\n\nSecond paragraph."
    # the markup writer makes the same gap from a blank line
    doc = parse_pdf(write_markup_pdf(tmp_path / "m.pdf", "One.\n\nTwo.\nThree."))
    assert doc.text == "One.\n\nTwo.\nThree."


def test_a_sentence_running_onto_the_next_page_stays_in_its_paragraph(tmp_path: Path) -> None:
    first_page = ["The Supplier shall deliver the Products to the", "Licensee within thirty days."]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [first_page, ["after delivery of notice."]]))
    assert (
        doc.text
        == "The Supplier shall deliver the Products to the\nLicensee within thirty days.\n\nafter delivery of notice."
    )

    doc = parse_pdf(write_contract_pdf(tmp_path / "d.pdf", [["The Supplier shall deliver the"], ["Products on time."]]))
    assert doc.text == "The Supplier shall deliver the\nProducts on time."


def test_whitespace_inside_lines_is_collapsed_to_single_spaces(tmp_path: Path) -> None:
    doc = parse_pdf(
        write_contract_pdf(tmp_path / "c.pdf", [["Section\u00a05.1\u00a0\u00a0Term.   The term is five years."]])
    )

    assert line_texts(doc) == ["Section 5.1 Term. The term is five years."]


def test_a_number_and_a_title_set_apart_on_one_line_read_as_one_line(tmp_path: Path) -> None:
    pdf = write_contract_pdf(
        tmp_path / "c.pdf",
        [[Line("1.", y=100), Line("DEFINITIONS", bold=True, x=108, y=100), Line("(a) first item", y=120)]],
    )
    doc = parse_pdf(pdf)

    assert line_texts(doc) == ["1. DEFINITIONS", "(a) first item"]
    assert doc.lines[0].bbox.x0 == pytest.approx(72, abs=1) and doc.lines[0].bbox.x1 > 150


def test_highlights_map_a_span_back_to_its_page_and_box(tmp_path: Path) -> None:
    pdf = write_contract_pdf(
        tmp_path / "c.pdf", [["Preamble text."], ["The Licensee shall pay the fees.", "Late payments bear interest."]]
    )
    doc = parse_pdf(pdf)
    start = doc.text.index("Late payments")
    end = start + len("Late payments bear interest.")

    (highlight,) = doc.highlights((start, end))
    line = doc.lines[2]
    assert highlight.page == 2
    assert highlight.bbox == line.bbox
    assert doc.pages_of((doc.text.index("Licensee"), end)) == (2,)
    assert doc.page_at(doc.text.index("Preamble")) == 1


def test_progress_is_reported_per_page_and_a_cancel_stops_parsing(tmp_path: Path) -> None:
    pdf = write_contract_pdf(tmp_path / "c.pdf", [["Definitions."], ["Payment."], ["Term."]])
    seen: list[tuple[float, str]] = []
    parse_pdf(pdf, progress=lambda fraction, message: seen.append((fraction, message)))

    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "Reading page 2 of 3" in [message for _, message in seen]

    def cancel(fraction: float, message: str) -> None:
        if fraction > 0.3:
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        parse_pdf(pdf, progress=cancel)


def test_sideways_text_is_left_out_with_a_warning(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "The Licensee shall pay.", fontname="tiro", fontsize=11)
    page.insert_text((560, 700), "Filed with the Commission", fontname="tiro", fontsize=8, rotate=90)
    doc.save(tmp_path / "c.pdf")

    parsed = parse_pdf(tmp_path / "c.pdf")
    assert parsed.text == "The Licensee shall pay."
    assert parsed.warnings == ("Sideways text on page 1 was left out of the text.",)


def test_punctuation_printed_as_a_look_alike_character_reads_as_the_plain_character(tmp_path: Path) -> None:
    # EDGAR's converter prints every ";" as U+037E (the Greek question mark, the same character to Unicode)
    lines = ["(a) the first item\u037e and", "(b) the second item\uff08 in full \uff09\u200b."]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [lines]))

    assert line_texts(doc) == ["(a) the first item; and", "(b) the second item( in full )."]
