"""PDF to ``ParsedDocument``: the body text in reading order, with offsets back to pages and boxes.

Three passes: read every page's rows (OCR for scanned pages when Tesseract is there), find the running
furniture across pages, then order, join and repair the body lines (see ``assemble`` for the joining rules).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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
from contract_app.parsing.opening import MUPDF_ERRORS, open_pdf, quiet_mupdf, read_pdf_bytes
from contract_app.progress import ProgressCallback, no_progress

REPAIRED_WARNING = (
    "The file is damaged and was repaired to open it: pages or text may be missing; check it against the original."
)


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
            repaired = doc.is_repaired  # MuPDF rebuilt a damaged file (e.g. a partial download): text may be missing
            if repaired:
                warnings.insert(0, REPAIRED_WARNING)
        finally:
            doc.close()
    progress(0.95, "Finding running headers and page numbers")
    lines, removed = _body_lines(pages, rows)
    text, text_lines = build_text(lines)
    if not text_lines:
        if repaired:
            raise CorruptedPdfError(f"{path.name} is damaged and cannot be read.")
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
        removed_furniture=removed,
        warnings=tuple(warnings),
    )


def _body_lines(pages: list[PageInfo], rows: list[list[Row]]) -> tuple[list[BodyLine], tuple[str, ...]]:
    """The body lines of all pages, joined and repaired, and the furniture texts left out (each once)."""
    furniture = find_furniture(rows)
    ordered_pages: list[list[tuple[BodyLine, bool]]] = []
    removed: dict[str, None] = {}
    for index, page_rows in enumerate(rows):
        body, found = split_furniture(page_rows, furniture.get(index, set()))
        removed.update(dict.fromkeys(found))
        ordered = reading_order(body, pages[index].width)
        ordered_pages.append([(body_line(index + 1, row), switch) for row, switch in ordered])
    return repair_hyphenation(join_pages(ordered_pages)), tuple(removed)


@dataclass
class _PageText:
    info: PageInfo
    rows: list[Row]
    unread: bool  # a scan that could not be OCRed
    sideways: bool  # rotated text was left out


def _read_pages(
    doc: pymupdf.Document, name: str, progress: ProgressCallback
) -> tuple[list[PageInfo], list[list[Row]], list[int], list[str]]:
    """Rows of every page, the pages left unread (scans without OCR), and warnings for the user."""
    count = doc.page_count
    read: list[_PageText] = []
    for index in range(count):
        progress(0.95 * index / count, f"Reading page {index + 1} of {count}")
        try:
            page = doc.load_page(index)
            ocr_notice = partial(
                progress, 0.95 * index / count, f"Recognising text on page {index + 1} of {count} (OCR)"
            )
            read.append(_read_page(page, index + 1, ocr_notice))
        except MUPDF_ERRORS as error:
            raise CorruptedPdfError(f"{name} is damaged: page {index + 1} cannot be read.") from error
    unread = [page.info.number for page in read if page.unread]
    return [page.info for page in read], [page.rows for page in read], unread, _warnings(read, name)


def _read_page(page: pymupdf.Page, number: int, before_ocr: Callable[[], None]) -> _PageText:
    fragments, rotated = page_fragments(page.get_text("dict", flags=TEXT_FLAGS))
    dpi = scanned_resolution(page, sum(len(f.text) for f in fragments))
    ocr = unread = False
    if dpi is not None:
        tessdata = tessdata_dir()
        if tessdata is None:
            unread = True
        else:
            before_ocr()
            try:
                fragments, _ = page_fragments(ocr_page_dict(page, tessdata, dpi))
                ocr = True
            except MUPDF_ERRORS:  # Tesseract failed on this page: report it like a missing Tesseract
                unread = True
    size = page.rect  # computed by MuPDF on each access
    info = PageInfo(number, size.width, size.height, ocr)
    return _PageText(info, group_rows(fragments), unread, rotated > 0)


def _warnings(pages: list[_PageText], name: str) -> list[str]:
    """Plain sentences about pages whose text is missing or uncertain."""
    warnings: list[str] = []
    ocr = [page.info.number for page in pages if page.info.ocr]
    sideways = [page.info.number for page in pages if page.sideways]
    unread = [page.info.number for page in pages if page.unread]
    if ocr:
        warnings.append(
            f"The text of {_pages_phrase(ocr)} was recognised by OCR from scanned images: check it against the page."
        )
    if sideways:
        warnings.append(f"Sideways text on {_pages_phrase(sideways)} was left out of the text.")
    if unread and len(unread) < len(pages):
        warnings.append(
            f"{_pages_phrase(unread).capitalize()} of {name} are scanned images without text and were skipped: "
            "install Tesseract OCR (tesseract-ocr) to read them."
            if len(unread) > 1
            else f"Page {unread[0]} of {name} is a scanned image without text and was skipped: install Tesseract "
            "OCR (tesseract-ocr) to read it."
        )
    return warnings


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
