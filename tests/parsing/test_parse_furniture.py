"""Running headers, footers and page numbers are kept out of the body text and listed as furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsing_support import assert_spans_consistent, line_texts
from pdfgen import Line, write_contract_pdf

from contract_app.parsing import parse_pdf


def _pages(count: int) -> list[list[Line | str]]:
    """Pages of distinct body text, a few lines each."""
    return [
        [f"Clause on page {n} starts here.", f"It goes on for {n} more lines.", f"And it ends on page {n}."]
        for n in ("one", "two", "three", "four")[:count]
    ]


@pytest.mark.parametrize(
    ("footer", "printed"),
    [
        ("Page {page} of {pages}", ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]),
        ("- {page} -", ["- 1 -", "- 2 -", "- 3 -"]),
        ("{page}", ["1", "2", "3"]),
        ("PAGE {page}", ["PAGE 1", "PAGE 2", "PAGE 3"]),
        ("-{page}-", ["-1-", "-2-", "-3-"]),
        ("Source: ACME CORP, 10-K, 3/1/2020", ["Source: ACME CORP, 10-K, 3/1/2020"]),
        (
            "Acme Confidential - Page {page}",
            ["Acme Confidential - Page 1", "Acme Confidential - Page 2", "Acme Confidential - Page 3"],
        ),
    ],
)
def test_footers_and_page_numbers_are_removed(tmp_path: Path, footer: str, printed: list[str]) -> None:
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", _pages(3), footer=footer))

    assert line_texts(doc) == [line for page in _pages(3) for line in page]
    assert list(doc.removed_furniture) == printed
    assert_spans_consistent(doc)


def test_a_running_header_and_the_edgar_exhibit_label_are_removed(tmp_path: Path) -> None:
    pages = _pages(3)
    pages[0] = [Line("Exhibit 10.1", y=72), *pages[0]]
    doc = parse_pdf(
        write_contract_pdf(
            tmp_path / "c.pdf", pages, header="CONFIDENTIAL — Master Supply Agreement", footer="Page {page} of {pages}"
        )
    )

    assert doc.text.startswith("Clause on page one starts here.")
    assert "CONFIDENTIAL" not in doc.text and "Exhibit 10.1" not in doc.text and "Page" not in doc.text
    assert doc.removed_furniture[:2] == ("CONFIDENTIAL — Master Supply Agreement", "Exhibit 10.1")


def test_a_page_number_right_under_the_last_paragraph_of_a_short_page_is_removed(tmp_path: Path) -> None:
    """Many filings print the number just below the text, halfway down a short page."""
    pages = [[*page, Line(str(number), x=300, gap=20)] for number, page in enumerate(_pages(3), start=1)]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == [line for page in _pages(3) for line in page]
    assert doc.removed_furniture == ("1", "2", "3")


def test_a_page_number_sharing_its_row_with_a_running_label_is_removed(tmp_path: Path) -> None:
    pages = [
        [*page, Line("Initials: ____", y=740), Line(str(n), x=500, y=740)] for n, page in enumerate(_pages(3), start=1)
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert "Initials" not in doc.text
    assert doc.removed_furniture == ("Initials: ____", "1", "2", "3")


def test_a_page_number_standing_apart_from_body_text_in_its_row_is_removed_alone(tmp_path: Path) -> None:
    pages = [
        [*page, Line(f"Schedule item {n * 7}", y=740), Line(str(n), x=500, y=740)]
        for n, page in enumerate(_pages(3), start=1)
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert [line.text for line in doc.lines if line.text.startswith("Schedule")] == [
        "Schedule item 7",
        "Schedule item 14",
        "Schedule item 21",
    ]
    assert doc.removed_furniture == ("1", "2", "3")


def test_roman_page_numbers_of_front_matter_are_removed(tmp_path: Path) -> None:
    pages = [[*page, Line(number, x=300, y=740)] for number, page in zip(["i", "ii", "iii"], _pages(3), strict=True)]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert doc.removed_furniture == ("i", "ii", "iii")


def test_body_text_that_looks_like_furniture_stays(tmp_path: Path) -> None:
    """A number that does not follow the pages, a heading number, and a signature block repeated on every page."""
    signature = ["By: /s/ Jane Roe", "Name: Jane Roe", "Title: Chief Executive Officer"]
    pages: list[list[Line | str]] = [
        ["ARTICLE 1", "1 DEFINITIONS", "The terms below apply.", *signature, *signature],
        ["Fees are listed below.", "Unit price per model:", "2020"],
        ["Signatures follow.", *signature],
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == [line for page in pages for line in page]
    assert doc.removed_furniture == ()


def test_a_single_page_keeps_its_lines_and_loses_its_page_number(tmp_path: Path) -> None:
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", _pages(1), footer="Page {page} of {pages}"))

    assert line_texts(doc) == _pages(1)[0]
    assert doc.removed_furniture == ("Page 1 of 1",)


CLAUSES = [f"Clause {n} applies." for n in range(1, 9)]


def test_footers_of_original_pages_kept_inside_pdf_pages_are_removed(tmp_path: Path) -> None:
    """Filings converted from text keep their old page breaks mid-page: a footer line and a page number."""
    clauses = iter(CLAUSES)
    pages = [
        [
            next(clauses),
            next(clauses),
            "Software License Agreement CONFIDENTIAL",
            str(2 * n + 1),
            next(clauses),
            next(clauses),
            "Software License Agreement CONFIDENTIAL",
            str(2 * n + 2),
        ]
        for n in range(2)
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == CLAUSES
    assert doc.removed_furniture == ("Software License Agreement CONFIDENTIAL", "1", "2", "3", "4")


def test_the_edgar_sequence_number_above_the_exhibit_label_is_removed(tmp_path: Path) -> None:
    pages = _pages(2)
    pages[0] = [Line("1", y=66), Line("Exhibit 10.3", y=80), *pages[0]]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert doc.text.startswith("Clause on page one starts here.")
    assert doc.removed_furniture == ("1", "Exhibit 10.3")


def test_in_a_short_document_only_the_physical_page_number_counts(tmp_path: Path) -> None:
    pages = [[*_pages(2)[0], Line("1", x=300, y=740)], [*_pages(2)[1], "Minimum order quantity:", "5"]]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert doc.removed_furniture == ("1",)
    assert line_texts(doc)[-2:] == ["Minimum order quantity:", "5"]


def test_a_legend_of_several_lines_under_the_edgar_label_is_removed_from_every_page(tmp_path: Path) -> None:
    """On page 1 the filing's exhibit label sits above the legend, pushing its last line below the usual band."""
    legend = [
        "CERTAIN CONFIDENTIAL PORTIONS OF THIS EXHIBIT WERE OMITTED AND REPLACED WITH [***].",
        "A COMPLETE VERSION OF THIS EXHIBIT HAS BEEN FILED SEPARATELY WITH THE SECRETARY",
        "OF THE COMMISSION PURSUANT TO AN APPLICATION REQUESTING CONFIDENTIAL TREATMENT",
        "UNDER THE SECURITIES EXCHANGE ACT OF 1934, AS AMENDED.",
    ]
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet")
    pages_named = ("first", "next", "last")
    bodies = [[f"The {word} clause of the {page} page goes on." for word in words] for page in pages_named]
    pages: list[list[Line | str]] = [[*legend, *body] for body in bodies]
    pages[0] = ["Exhibit 10.1", *pages[0]]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == [line for body in bodies for line in body]
    assert_spans_consistent(doc)


def test_a_running_title_whose_ending_changes_from_page_to_page_is_removed(tmp_path: Path) -> None:
    pages = _pages(4)
    for page, ending in zip(pages, ("Page 1", "Signature Page", "Exhibit A", "Exhibit B"), strict=True):
        page.append(Line(f"Recipe Development Agreement – {ending}", y=700))
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == [line for page in _pages(4) for line in page]
    assert "Recipe Development Agreement – Exhibit A" in doc.removed_furniture


def test_the_whole_footer_block_of_original_pages_kept_inside_pdf_pages_is_removed(tmp_path: Path) -> None:
    """A filing converted from text: each original page ends with its page counter, a confidentiality line and a
    two-line legend, wherever the PDF page breaks (here one block is split by a PDF page break)."""
    legend = [
        "* Portions of this exhibit have been omitted and filed separately with the",
        "Commission pursuant to a request for confidential treatment under Rule 406.",
    ]
    clauses = iter(f"Clause {n} of the agreement applies." for n in range(1, 13))

    def block(number: int) -> list[str]:
        return [f"CO-BRANDING AGREEMENT PAGE {number}", "SNAP CONFIDENTIAL", *legend]

    pages = [
        [next(clauses), next(clauses), *block(1), next(clauses), next(clauses), *block(2)[:2]],
        [*legend, next(clauses), next(clauses), *block(3), next(clauses), next(clauses)],
        [next(clauses), *block(4), next(clauses), next(clauses), next(clauses), *block(5)],
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", pages))

    assert line_texts(doc) == [f"Clause {n} of the agreement applies." for n in range(1, 13)]
