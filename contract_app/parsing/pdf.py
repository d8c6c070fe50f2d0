"""PDF to ``ParsedDocument``: the body text in reading order, with offsets back to pages and boxes.

Three passes: read every page's rows (OCR for scanned pages when Tesseract is there), find the running
furniture across pages, then order, join and repair the body lines (see ``assemble`` for the joining rules).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf

from contract_app.errors import CorruptedPdfError, EmptyDocumentError, ScannedPdfError
from contract_app.model import PageInfo, ParsedDocument
from contract_app.parsing.assemble import (
    BodyLine,
    body_line,
    build_text,
    join_pages,
    repair_hyphenation,
)
from contract_app.parsing.furniture import find_furniture, split_furniture
from contract_app.parsing.layout import TEXT_FLAGS, Row, group_rows, page_fragments, reading_order
from contract_app.parsing.ocr import ocr_page_dict, scanned_resolution, tessdata_dir
from contract_app.parsing.opening import open_pdf, quiet_mupdf, read_pdf_bytes
from contract_app.progress import ProgressCallback, no_progress


def parse_pdf(
    path: str | Path, password: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedDocument:
    """Read a contract PDF; raise a typed ``InputError`` with one plain sentence when it cannot be used."""
    path = Path(path)
    data = read_pdf_bytes(path)
    with quiet_mupdf():
        doc = open_pdf(data, path.name, password)
        try:
            pages, rows, unread, warnings = _read_pages(doc, path.name, progress)
        finally:
            doc.close()
    progress(0.95, "Finding running headers and page numbers")
    furniture = find_furniture(rows)
    ordered_pages: list[list[tuple[BodyLine, bool]]] = []
    removed: dict[str, None] = {}
    for index, page_rows in enumerate(rows):
        body, found = split_furniture(page_rows, furniture.get(index, set()))
        removed.update(dict.fromkeys(found))
        ordered = reading_order(body, pages[index].width)
        ordered_pages.append([(body_line(index + 1, row), switch) for row, switch in ordered])
    lines = repair_hyphenation(join_pages(ordered_pages))
    text, text_lines = build_text(lines)
    if not text_lines:
        if unread:
            raise ScannedPdfError(
                f"{path.name} is a scanned document without a text layer ({_pages_phrase(unread)}) and OCR is not "
                "available: install Tesseract OCR (tesseract-ocr) to read it."
            )
        raise EmptyDocumentError(f"{path.name} contains no text.")
    progress(1.0, "Document read")
    return ParsedDocument(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=tuple(pages),
        text=text,
        lines=text_lines,
        removed_furniture=tuple(removed),
        warnings=tuple(warnings),
    )


def _read_pages(
    doc: pymupdf.Document, name: str, progress: ProgressCallback
) -> tuple[list[PageInfo], list[list[Row]], list[int], list[str]]:
    """Rows of every page, the pages left unread (scans without OCR), and warnings for the user."""
    pages: list[PageInfo] = []
    rows: list[list[Row]] = []
    unread: list[int] = []
    ocr_pages: list[int] = []
    count = doc.page_count
    for index in range(count):
        progress(0.95 * index / count, f"Reading page {index + 1} of {count}")
        try:
            page = doc.load_page(index)
            fragments, _ = page_fragments(page.get_text("dict", flags=TEXT_FLAGS))
            ocr = False
            dpi = scanned_resolution(page, sum(len(f.text) for f in fragments))
            if dpi is not None:
                tessdata = tessdata_dir()
                if tessdata is None:
                    unread.append(index + 1)
                else:
                    progress(0.95 * index / count, f"Recognising text on page {index + 1} of {count} (OCR)")
                    fragments, _ = page_fragments(ocr_page_dict(page, tessdata, dpi))
                    ocr = True
                    ocr_pages.append(index + 1)
        except (RuntimeError, ValueError) as error:
            raise CorruptedPdfError(f"{name} is damaged: page {index + 1} cannot be read.") from error
        pages.append(PageInfo(index + 1, page.rect.width, page.rect.height, ocr))
        rows.append(group_rows(fragments))
    warnings: list[str] = []
    if ocr_pages:
        warnings.append(
            f"The text of {_pages_phrase(ocr_pages)} was recognised by OCR from scanned images: check it against "
            "the page."
        )
    if unread and len(unread) < count:
        warnings.append(
            f"{_pages_phrase(unread).capitalize()} of {name} are scanned images without text and were skipped: "
            "install Tesseract OCR (tesseract-ocr) to read them."
            if len(unread) > 1
            else f"Page {unread[0]} of {name} is a scanned image without text and was skipped: install Tesseract "
            "OCR (tesseract-ocr) to read it."
        )
    return pages, rows, unread, warnings


def _pages_phrase(pages: list[int]) -> str:
    """ "page 3", "pages 1-3", "pages 1, 4 and 7-9"."""
    runs: list[str] = []
    start = previous = pages[0]
    for page in [*pages[1:], None]:
        if page is not None and page == previous + 1:
            previous = page
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if page is not None:
            start = previous = page
    if len(pages) == 1:
        return f"page {pages[0]}"
    return "pages " + (runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1])
