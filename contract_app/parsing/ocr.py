"""OCR for scanned pages through PyMuPDF's built-in Tesseract, when Tesseract's language data is installed."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pymupdf

from contract_app.parsing.layout import TEXT_FLAGS

OCR_LANGUAGE = "eng"
OCR_DPI_RANGE = (150, 300)  # render at the scan's own resolution, within this range: more pixels add only time
MIN_TEXT_CHARS = 10  # a page with fewer characters of text than this may be a scan (perhaps with a page stamp)
MIN_IMAGE_SHARE = 0.3  # ... when images cover at least this share of it


OCR_SWITCH = "CONTRACT_APP_OCR"  # "off" (or 0/false/no) turns OCR off: scanned pages are skipped with a warning


def tessdata_dir() -> str | None:
    """Tesseract's language folder (TESSDATA_PREFIX, else asked of the `tesseract` binary), or None (no OCR)."""
    if os.environ.get(OCR_SWITCH, "").strip().lower() in {"0", "off", "false", "no"}:
        return None
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


def scanned_resolution(page: pymupdf.Page, text_chars: int) -> int | None:
    """The dpi to OCR the page at when it looks scanned (little or no text, images covering much of it), else None."""
    if text_chars >= MIN_TEXT_CHARS:
        return None
    area = abs(page.rect)
    images = page.get_image_info()
    covered = sum(abs(pymupdf.Rect(info["bbox"]) & page.rect) for info in images)
    if area <= 0 or covered < MIN_IMAGE_SHARE * area:
        return None
    largest = max(images, key=lambda info: abs(pymupdf.Rect(info["bbox"])))
    width_inches = max(pymupdf.Rect(largest["bbox"]).width / 72, 0.01)
    low, high = OCR_DPI_RANGE
    return int(min(max(largest["width"] / width_inches, low), high))


def ocr_page_dict(page: pymupdf.Page, tessdata: str, dpi: int) -> dict:
    """The page's text as ``get_text("dict")`` gives it, recognised from the rendered page."""
    textpage = page.get_textpage_ocr(flags=TEXT_FLAGS, language=OCR_LANGUAGE, dpi=dpi, full=True, tessdata=tessdata)
    return page.get_text("dict", textpage=textpage, flags=TEXT_FLAGS)
