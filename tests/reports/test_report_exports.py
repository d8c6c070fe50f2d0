"""Every export format, read back with its own reader; contract text comes out literally, never as markup."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pymupdf
import pytest

from contract_app.errors import InputError
from contract_app.reports import build_clause_report, export, render_text, summarize
from contract_app.reports.export.markdown import escape
from contract_app.reports.export.tabular import spreadsheet_safe
from contract_app.reports.results import ClauseReport
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

INJECTED = '=HYPERLINK("http://evil.example","click") <b>bold</b> | pipe | *star* _under_ [link](http://x.example)'


@pytest.fixture(scope="module")
def report(retriever: Retriever, services_doc: str, offline_settings: Settings):
    return build_clause_report(retriever, services_doc, offline_settings)


@pytest.fixture(scope="module")
def hostile_report(retriever: Retriever, hostile_doc: str, offline_settings: Settings):
    return build_clause_report(retriever, hostile_doc, offline_settings)


TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES  # "ﬄ" read back as "ffl", as readers copy it


def _page_text(page: pymupdf.Page) -> str:
    return page.get_text(flags=TEXT_FLAGS)


def _pdf_text(path: Path) -> str:
    with pymupdf.open(path) as document:  # long tokens carry zero-width break opportunities in table cells
        return "\n".join(_page_text(page) for page in document).replace("\u200b", "")


def _docx_rows(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in docx.Document(str(path)).tables for row in table.rows]


def test_pdf_has_title_facts_group_tables_and_page_numbers(report: ClauseReport, tmp_path: Path) -> None:
    path = export(report, "pdf", tmp_path / "report.pdf")
    with pymupdf.open(path) as document:
        pages = document.page_count
        first = _page_text(document[0])
        footer = _page_text(document[pages - 1])
    text = " ".join(_pdf_text(path).split())
    assert first.startswith("Clause report\nservices_agreement.pdf")
    assert "Categories found" in first and "Offline (extractive" in first
    for group in ("Basics", "Term & termination", "Restrictive covenants", "IP & licensing", "Liability"):
        assert group in text
    assert "Governing Law Delaware § 12.3, p. 2 12.3 Governing Law. This Agreement shall be governed" in text
    assert f"page {pages} of {pages}" in footer


def test_pdf_first_page_renders_with_the_navy_table_header(report: ClauseReport, tmp_path: Path) -> None:
    path = export(report, "pdf", tmp_path / "report.pdf")
    with pymupdf.open(path) as document:
        pixmap = document[0].get_pixmap(dpi=50)
    navy = (0x16, 0x36, 0x5C)
    pixels = {pixmap.pixel(x, y) for x in range(0, pixmap.width, 4) for y in range(0, pixmap.height, 4)}
    assert navy in pixels


def test_docx_has_headings_and_real_tables(report: ClauseReport, tmp_path: Path) -> None:
    path = export(report, "docx", tmp_path / "report.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Clause report"
    assert {"Basics", "Term & termination", "Liability"} <= set(headings)
    rows = _docx_rows(path)
    assert ["Category", "Finding", "Where", "Clause text"] in rows
    governing = next(row for row in rows if row[0] == "Governing Law")
    assert governing[1:3] == ["Delaware", "§ 12.3, p. 2"]
    assert governing[3].startswith("12.3 Governing Law. This Agreement")
    assert sum(1 for row in rows if row[0] in {c.category for c in report.categories}) == 41


def test_markdown_lists_every_category_with_its_finding(report: ClauseReport) -> None:
    markdown = render_text(report, "md")
    assert markdown.startswith("# Clause report: services\\_agreement.pdf")
    assert "| Governing Law | Delaware | § 12.3, p. 2 |" in markdown
    assert "| Source Code Escrow | Not found |   |" in markdown
    categories = markdown[: markdown.index("## Drafting checks")]
    assert sum(line.startswith("| ") and "Category" not in line for line in categories.splitlines()) == 41


def test_csv_has_one_row_per_clause_with_spans(report: ClauseReport, tmp_path: Path) -> None:
    path = export(report, "csv", tmp_path / "report.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    governing = [row for row in rows if row["category"] == "Governing Law"]
    assert [(r["found"], r["answer"], r["section"], r["pages"]) for r in governing] == [
        ("yes", "Delaware", "12.3", "2")
    ]
    categories = [row for row in rows if row["group"] != "Drafting checks"]
    assert {row["category"] for row in categories} == {c.category for c in report.categories}
    escrow = next(row for row in rows if row["category"] == "Source Code Escrow")
    assert (escrow["found"], escrow["text"]) == ("no", "")


def test_json_file_round_trips(report: ClauseReport, tmp_path: Path) -> None:
    path = export(report, "json", tmp_path / "report.json")
    assert json.loads(path.read_text(encoding="utf-8")) == report.to_json()


def test_hostile_text_is_literal_in_pdf_and_docx(hostile_report: ClauseReport, tmp_path: Path) -> None:
    assignment = hostile_report.category("Anti-Assignment")
    assert INJECTED in assignment.clauses[0].text
    pdf_text = "".join(_pdf_text(export(hostile_report, "pdf", tmp_path / "h.pdf")).split())
    assert "".join(INJECTED.split()) in pdf_text  # long tokens may wrap inside the cell
    cells = [cell for row in _docx_rows(export(hostile_report, "docx", tmp_path / "h.docx")) for cell in row]
    assert any(INJECTED in cell for cell in cells)


def test_hostile_text_is_escaped_in_markdown(hostile_report: ClauseReport) -> None:
    markdown = render_text(hostile_report, "md")
    assert "\\<b\\>bold\\</b\\> \\| pipe \\| \\*star\\* \\_under\\_ \\[link\\](http://x.example)" in markdown
    assert "<b>" not in markdown and "| pipe |" not in markdown


def test_csv_neutralises_formulas_and_keeps_the_text(hostile_report: ClauseReport) -> None:
    rows = list(csv.DictReader(io.StringIO(render_text(hostile_report, "csv"))))
    texts = [row["text"] for row in rows if row["category"] == "Anti-Assignment"]
    assert texts and INJECTED in texts[0]
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("Plain text") == "Plain text"


def test_markdown_escape_covers_structure_characters() -> None:
    assert escape("# Title") == "\\# Title"
    assert escape("1. item") == "1\\. item"
    assert escape("- item") == "\\- item"
    assert escape("a|b*c_d`e<f>[g]") == "a\\|b\\*c\\_d\\`e\\<f\\>\\[g\\]"
    assert escape("&lt; stays text") == "&amp;lt; stays text"


def test_summary_exports_in_every_format(
    retriever: Retriever, services_doc: str, offline_settings: Settings, tmp_path: Path
) -> None:
    summary = summarize(retriever, services_doc, offline_settings)
    for fmt in ("pdf", "docx", "md", "csv", "json"):
        assert export(summary, fmt, tmp_path / f"summary.{fmt}").stat().st_size > 0
    assert "Governed by the law of Delaware." in _pdf_text(tmp_path / "summary.pdf")
    rows = _docx_rows(tmp_path / "summary.docx")
    assert ["Governing law", "Governed by the law of Delaware.", "§ 12.3, p. 2"] in rows
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8")) == summary.to_json()


def test_unknown_format_and_missing_folder_are_user_errors(report: ClauseReport, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Unknown export format 'rtf'"):
        export(report, "rtf", tmp_path / "report.rtf")
    with pytest.raises(InputError, match="does not exist"):
        export(report, "md", tmp_path / "missing" / "report.md")
    assert list(tmp_path.iterdir()) == []
