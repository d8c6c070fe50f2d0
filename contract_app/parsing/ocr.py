"""OCR for scanned pages through PyMuPDF's built-in Tesseract, when Tesseract's language data is installed."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pymupdf

from contract_app.parsing.layout import TEXT_FLAGS

OCR_LANGUAGE = "eng"
OCR_DPI = 300
MIN_TEXT_CHARS = 10  # a page with fewer characters of text than this may be a scan (perhaps with a page stamp)
MIN_IMAGE_SHARE = 0.3  # ... when images cover at least this share of it


def tessdata_dir() -> str | None:
    """Tesseract's language folder (TESSDATA_PREFIX, else asked of the `tesseract` binary), or None."""
    return _tessdata_for(os.environ.get("TESSDATA_PREFIX"))


@lru_cache(maxsize=4)
def _tessdata_for(prefix: str | None) -> str | None:
    try:
        folder = prefix or pymupdf.get_tessdata()
    except Exception:  # no Tesseract installation found
        return None
    if not folder or not (Path(folder) / f"{OCR_LANGUAGE}.traineddata").is_file():
        return None
    return str(folder)


def looks_scanned(page: pymupdf.Page, text_chars: int) -> bool:
    """Little or no text, and images covering a good part of the page."""
    if text_chars >= MIN_TEXT_CHARS:
        return False
    area = abs(page.rect)
    covered = sum(abs(pymupdf.Rect(info["bbox"]) & page.rect) for info in page.get_image_info())
    return area > 0 and covered >= MIN_IMAGE_SHARE * area


def ocr_page_dict(page: pymupdf.Page, tessdata: str) -> dict:
    """The page's text as ``get_text("dict")`` gives it, recognised from its images."""
    textpage = page.get_textpage_ocr(flags=TEXT_FLAGS, language=OCR_LANGUAGE, dpi=OCR_DPI, full=True, tessdata=tessdata)
    return page.get_text("dict", textpage=textpage, flags=TEXT_FLAGS)
