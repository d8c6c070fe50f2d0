"""Words hyphenated across line breaks are made whole, with every line's span still pointing at its text."""

from __future__ import annotations

from pathlib import Path

from parsing_support import assert_spans_consistent, line_texts
from pdfgen import write_contract_pdf

from contract_app.parsing import parse_pdf


def _parse_lines(tmp_path: Path, *pages: list[str]):
    return parse_pdf(write_contract_pdf(tmp_path / "c.pdf", list(pages)))


def test_a_hyphenated_word_is_joined_onto_its_first_line(tmp_path: Path) -> None:
    doc = _parse_lines(tmp_path, ["Either party may give notice of termi-", "nation of this Agreement at any time."])

    assert doc.text == "Either party may give notice of termination\nof this Agreement at any time."
    assert line_texts(doc) == ["Either party may give notice of termination", "of this Agreement at any time."]
    assert_spans_consistent(doc)
    start = doc.text.index("termination")
    (highlight,) = doc.highlights((start, start + len("termination")))
    assert highlight.page == 1 and highlight.bbox.y1 == doc.lines[0].bbox.y1  # drawn on the first line


def test_compounds_keep_their_hyphen(tmp_path: Path) -> None:
    doc = _parse_lines(
        tmp_path,
        [
            "The license is non-",
            "exclusive and the parties sign a Non-",
            "Disclosure Agreement for a twenty-",
            "four month term.",
        ],
    )

    assert line_texts(doc) == [
        "The license is non-exclusive",
        "and the parties sign a Non-Disclosure",
        "Agreement for a twenty-four",
        "month term.",
    ]
    assert_spans_consistent(doc)


def test_the_document_itself_decides_between_joining_and_keeping_the_hyphen(tmp_path: Path) -> None:
    doc = _parse_lines(
        tmp_path,
        ["A sub-licensee may grant a sub-", "license; the co-", "ordination fee applies to the co-ordination work."],
    )

    assert line_texts(doc)[:2] == ["A sub-licensee may grant a sub-license;", "the co-ordination"]
    doc = _parse_lines(tmp_path, ["Each sublicense and each sub-", "license granted hereunder."])
    assert line_texts(doc) == ["Each sublicense and each sublicense", "granted hereunder."]


def test_a_line_holding_only_the_rest_of_the_word_disappears(tmp_path: Path) -> None:
    doc = _parse_lines(tmp_path, ["This is the entire agree-", "ment.", "Next sentence."])

    assert doc.text == "This is the entire agreement.\nNext sentence."
    assert len(doc.lines) == 2
    assert_spans_consistent(doc)


def test_a_word_hyphenated_across_a_page_break_is_joined(tmp_path: Path) -> None:
    doc = _parse_lines(tmp_path, ["The Supplier shall indem-"], ["nify the Licensee against claims."])

    assert doc.text == "The Supplier shall indemnify\nthe Licensee against claims."
    assert [line.page for line in doc.lines] == [1, 2]


def test_dashes_and_numbers_are_not_hyphenation(tmp_path: Path) -> None:
    doc = _parse_lines(tmp_path, ["Term -", "five years.", "Payment due on 2024-", "01-15 and fees of US$-", "500."])

    assert line_texts(doc) == ["Term -", "five years.", "Payment due on 2024-", "01-15 and fees of US$-", "500."]
