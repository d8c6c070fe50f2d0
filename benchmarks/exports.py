"""Do the exported clause reports of real contracts read right? PDF and DOCX, checked the way a reader would.

For each contract (the longest of each dev half by default: long reports are where rows break across pages), the
offline clause report is built and exported, then:

* PDF: no dark text lies under a dark filled shape (PyMuPDF's text spans against its drawings), no light text lies
  off one (white on white), every clause of the JSON report is in the PDF's text, as the table shows it, and no
  group's heading is left at the foot of a page with its first row on the next;
* DOCX: the tables' columns have the layout's widths (not all alike), the title names the contract, the author is
  the app (not "python-docx"), and every clause is in a cell.

Run: ``.venv/bin/python benchmarks/exports.py [--contracts 3] [--png DIR]`` (``--png`` also renders every PDF page
to a PNG to look at). Exit status 1 when a check fails. ``tests/reports/test_report_export_reading.py`` runs the same
checks over a few contracts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_corpus import CORPUS, halves  # noqa: E402

from contract_app.reports.export.layout import (  # noqa: E402
    AUTHOR,
    CELL_TEXT_LIMIT,
    contract_name,
    layout_of,
    shorten,
)
from contract_app.reports.export.pdf import FOOTER_GAP, MARGIN  # noqa: E402
from contract_app.reports.results import ClauseReport  # noqa: E402

DARK = 0.5  # relative luminance below which a shape's fill counts as dark
LIGHT = 0.75  # text above it reads only on a dark shape; text below it only off one (the grey "Not found" is 0.57)
COVERED = 0.1  # share of a text span's box a dark shape must cover to hide it
ZERO_WIDTH_SPACE = "\u200b"
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES


def _luminance(rgb: Iterable[float]) -> float:
    red, green, blue = rgb
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _span_rgb(colour: int) -> tuple[float, float, float]:
    return ((colour >> 16) & 255) / 255, ((colour >> 8) & 255) / 255, (colour & 255) / 255


def _covered(box: pymupdf.Rect, shapes: list[pymupdf.Rect]) -> bool:
    area = box.get_area()
    return any(not (box & shape).is_empty and (box & shape).get_area() > COVERED * area for shape in shapes)


def pdf_legibility_problems(path: Path) -> list[str]:
    """Text a reader cannot read: dark text under a dark shape, light text with no dark shape behind it."""
    problems: list[str] = []
    with pymupdf.open(path) as document:
        for page in document:
            dark = [d["rect"] for d in page.get_drawings() if d.get("fill") and _luminance(d["fill"]) < DARK]
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if not span["text"].strip():
                            continue
                        box, is_light = pymupdf.Rect(span["bbox"]), _luminance(_span_rgb(span["color"])) > LIGHT
                        if is_light != _covered(box, dark):
                            what = "light on a light page" if is_light else "under a dark shape"
                            problems.append(f"p. {page.number + 1}: {span['text'][:60]!r} {what}")
    return problems


def _squeezed(text: str) -> str:
    """Text compared across layouts: line breaks, spaces and break opportunities do not count."""
    return "".join(text.replace(ZERO_WIDTH_SPACE, "").split())


def shown_clauses(report: ClauseReport) -> list[str]:
    """Each clause as the report's table shows it (long ones shortened), once."""
    return list(dict.fromkeys(shorten(c.text, CELL_TEXT_LIMIT) for r in report.categories for c in r.clauses))


def pdf_missing_clauses(report: ClauseReport, path: Path) -> list[str]:
    with pymupdf.open(path) as document:
        text = _squeezed("".join(page.get_text(flags=TEXT_FLAGS) for page in document))
    return [clause[:80] for clause in shown_clauses(report) if _squeezed(clause) not in text]


def pdf_stranded_headings(report: ClauseReport, path: Path) -> list[str]:
    """Group headings (with their column names) at the foot of a page whose table's first row starts overleaf."""
    tables = layout_of(report).tables
    with pymupdf.open(path) as document:
        spans = [
            (page.number + 1, span["text"].strip(), span["size"])
            for page in document
            for block in page.get_text("dict", flags=TEXT_FLAGS)["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["text"].strip() and span["bbox"][1] < page.rect.height - MARGIN - FOOTER_GAP  # not the footer
        ]
    problems, at = [], 0
    for table in tables:
        heading = next((i for i in range(at, len(spans)) if spans[i][1] == table.heading and spans[i][2] > 11), None)
        if heading is None:
            problems.append(f"heading {table.heading!r} not found")
            continue
        body = next((i for i in range(heading + 1, len(spans)) if spans[i][1] not in table.columns), None)
        if body is not None and spans[body][0] != spans[heading][0]:
            problems.append(f"p. {spans[heading][0]}: {table.heading!r} at the foot, its first row on the next page")
        at = heading + 1
    return problems


def docx_problems(report: ClauseReport, path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    problems: list[str] = []
    properties = document.core_properties
    if contract_name(report.file) not in properties.title:
        problems.append(f"title {properties.title!r} does not name the contract")
    if properties.author != AUTHOR or "python-docx" in (properties.last_modified_by or ""):
        problems.append(f"author {properties.author!r}, last modified by {properties.last_modified_by!r}")
    grids = [[column.width for column in table.columns] for table in document.tables[1:]]
    if not grids or any(None in widths or len(set(widths)) == 1 for widths in grids):
        problems.append(f"table columns not sized: {grids[:1]}")
    cells = _squeezed(" ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells))
    problems += [
        f"missing clause {clause[:80]!r}" for clause in shown_clauses(report) if _squeezed(clause) not in cells
    ]
    return problems


def check_contract(pdf: Path, out: Path, png: Path | None = None) -> dict[str, list[str]]:
    """Build the offline clause report of ``pdf``, export it to ``out`` and run every check."""
    from contract_app.reports import export, report_from_structure
    from contract_app.structure import load_contract

    report = report_from_structure(load_contract(pdf))
    stem = out / contract_name(pdf.name)[:40]
    pdf_path = export(report, "pdf", stem.with_suffix(".pdf"))
    docx_path = export(report, "docx", stem.with_suffix(".docx"))
    export(report, "json", stem.with_suffix(".json"))
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
        with pymupdf.open(pdf_path) as document:
            for page in document:
                page.get_pixmap(dpi=80).save(png / f"{stem.name}-p{page.number + 1}.png")
    return {
        "pdf legibility": pdf_legibility_problems(pdf_path),
        "pdf clauses": pdf_missing_clauses(report, pdf_path),
        "pdf headings": pdf_stranded_headings(report, pdf_path),
        "docx": docx_problems(report, docx_path),
    }


def longest_contracts(per_half: int, corpus: Path = CORPUS) -> list[Path]:
    files = {path.name: path for path in (corpus / "pdf").iterdir() if path.suffix.lower() == ".pdf"}
    chosen: list[Path] = []
    for members in halves(files).values():
        pages = {}
        for name in members:
            with pymupdf.open(files[name]) as document:
                pages[name] = document.page_count
        chosen += [files[name] for name in sorted(members, key=lambda n: -pages[n])[:per_half]]
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=3, help="contracts per dev half (the longest)")
    parser.add_argument("--png", type=Path, help="render every exported PDF page to a PNG in this folder")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="exports-") as folder:
        for pdf in longest_contracts(args.contracts):
            results = check_contract(pdf, Path(folder), args.png)
            counts = "  ".join(f"{check}: {len(problems)} problems" for check, problems in results.items())
            print(f"{pdf.name[:70]:<72} {counts}")
            for check, problems in results.items():
                for problem in problems[:5]:
                    print(f"    {check}: {problem}")
            failed = failed or any(results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
