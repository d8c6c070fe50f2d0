"""Parsing speed: ``parse_pdf`` beside plain ``page.get_text()`` over the same dev PDFs, in the same run.

Both are timed over the text layer (median of ``--runs`` runs each, pages per second, and their ratio): OCR is
switched off for those runs, since plain extraction does not OCR either. Then the scanned pages (no text layer)
are OCRed once (one run with OCR on) to show what Tesseract adds per scanned page.

Run: ``.venv/bin/python benchmarks/parsing_speed.py [--corpus DIR] [--runs 3] [--skip-ocr]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract_app.parsing import parse_pdf  # noqa: E402
from contract_app.parsing.ocr import OCR_SWITCH, tessdata_dir  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"


def plain_get_text(files: list[Path]) -> int:
    pages = 0
    for path in files:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def parse_all(files: list[Path]) -> int:
    return sum(parse_pdf(path).page_count for path in files)


def median_rate(run: Callable[[list[Path]], int], files: list[Path], runs: int) -> tuple[float, int]:
    """Median pages per second over ``runs`` runs, and the page count."""
    rates: list[float] = []
    pages = 0
    for _ in range(runs):
        start = time.perf_counter()
        pages = run(files)
        rates.append(pages / (time.perf_counter() - start))
    return statistics.median(rates), pages


def scanned_pages(files: list[Path]) -> dict[Path, int]:
    """Files with pages read by OCR, and how many (parsed once with OCR on)."""
    found: dict[Path, int] = {}
    for path in files:
        count = sum(page.ocr for page in parse_pdf(path).pages)
        if count:
            found[path] = count
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-ocr", action="store_true", help="do not time OCR of the scanned pages")
    args = parser.parse_args()
    files = sorted(path for path in (args.corpus / "pdf").iterdir() if path.suffix.lower() == ".pdf")
    if not files:
        print(f"no PDFs under {args.corpus / 'pdf'}")
        return 1

    saved = os.environ.get(OCR_SWITCH)
    os.environ[OCR_SWITCH] = "off"  # compare text-layer work with text-layer work
    try:
        baseline, pages = median_rate(plain_get_text, files, args.runs)
        ours, _ = median_rate(parse_all, files, args.runs)
    finally:
        if saved is None:
            os.environ.pop(OCR_SWITCH, None)
        else:
            os.environ[OCR_SWITCH] = saved
    print(f"{len(files)} files, {pages} pages, median of {args.runs} runs")
    print(f"  plain page.get_text():   {baseline:8.1f} pages/s")
    print(f"  parse_pdf (text layer):  {ours:8.1f} pages/s   ratio {baseline / ours:.2f}x slower than get_text")

    if args.skip_ocr:
        return 0
    if tessdata_dir() is None:
        print("  OCR: Tesseract not found; scanned pages are skipped with a warning")
        return 0
    start = time.perf_counter()
    scanned = scanned_pages(files)
    with_ocr = time.perf_counter() - start
    ocr_count = sum(scanned.values())
    text_seconds = pages / ours
    print(f"  OCR: {ocr_count} scanned pages in {len(scanned)} files")
    print(
        f"  parse_pdf with OCR (one run): {pages / with_ocr:8.1f} pages/s "
        f"(OCR about {(with_ocr - text_seconds) / max(ocr_count, 1):.1f} s per scanned page)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
