"""Scanned pages: OCR through PyMuPDF's Tesseract when it is installed, else a sentence naming the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest
from parsing_support import assert_spans_consistent
from pdfgen import Line, write_contract_pdf, write_scanned_pdf

from contract_app.errors import ScannedPdfError
from contract_app.parsing import parse_pdf

SCANNED_PAGE = [
    Line("ARTICLE 4", bold=True, size=14),
    Line("The Licensee shall pay each invoice within thirty days.", size=14),
    Line("This Agreement is governed by the laws of Delaware.", size=14),
]


@pytest.fixture
def without_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without Tesseract's language data (as when tesseract-ocr is not installed)."""
    empty = tmp_path / "no-tessdata"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="the tesseract binary is not installed (CI installs it)")
def test_a_scanned_page_is_read_by_ocr(tmp_path: Path) -> None:
    pdf = write_scanned_pdf(tmp_path / "scan.pdf", [SCANNED_PAGE], dpi=200)
    doc = parse_pdf(pdf)

    assert doc.pages[0].ocr is True
    assert [line.text for line in doc.lines] == [line.text for line in SCANNED_PAGE]
    assert doc.warnings == ("The text of page 1 was recognised by OCR from scanned images: check it against the page.",)
    assert_spans_consistent(doc)
    (highlight,) = doc.highlights(doc.lines[1].span)
    assert highlight.page == 1 and 60 < highlight.bbox.x0 < 80  # boxes in page points, like a text page's


def test_a_scanned_document_without_ocr_names_its_pages(tmp_path: Path, without_tesseract: None) -> None:
    pdf = write_scanned_pdf(tmp_path / "scan.pdf", [SCANNED_PAGE, SCANNED_PAGE], dpi=100)

    with pytest.raises(
        ScannedPdfError,
        match=r"^scan\.pdf is a scanned document without a text layer \(pages 1-2\) and OCR is not available: "
        r"install Tesseract OCR \(tesseract-ocr\) to read it\.$",
    ):
        parse_pdf(pdf)


def test_a_scanned_page_inside_a_text_document_is_skipped_with_a_warning(
    tmp_path: Path, without_tesseract: None
) -> None:
    text_pdf = write_contract_pdf(tmp_path / "text.pdf", [["The Supplier shall deliver."], ["Signatures follow."]])
    scan_pdf = write_scanned_pdf(tmp_path / "scan.pdf", [SCANNED_PAGE], dpi=100)
    merged = pymupdf.open(text_pdf)
    merged.insert_pdf(pymupdf.open(scan_pdf), start_at=1)
    merged.save(tmp_path / "mixed.pdf")

    doc = parse_pdf(tmp_path / "mixed.pdf")
    assert doc.text == "The Supplier shall deliver.\n\nSignatures follow."
    assert doc.page_count == 3 and [page.ocr for page in doc.pages] == [False, False, False]
    assert doc.warnings == (
        "Page 2 of mixed.pdf is a scanned image without text and was skipped: install Tesseract OCR (tesseract-ocr) "
        "to read it.",
    )


def test_ocr_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_APP_OCR", "off")
    pdf = write_scanned_pdf(tmp_path / "scan.pdf", [SCANNED_PAGE], dpi=100)

    with pytest.raises(ScannedPdfError, match=r"\(page 1\) and OCR is not available"):
        parse_pdf(pdf)
