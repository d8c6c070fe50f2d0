"""Exported reports read right: nothing drawn over the clause text of a multi-page PDF, every clause in it, and a
DOCX whose columns and properties are the report's own (checks shared with ``benchmarks/exports.py``)."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pymupdf
import pytest

from contract_app.reports import export
from contract_app.reports.results import CategoryResult, ClauseRef, ClauseReport

LIABILITY = (
    "EXCEPT FOR LIABILITY ARISING FROM (I) A PARTY'S INDEMNIFICATION OBLIGATIONS, (II) GROSS NEGLIGENCE OR WILFUL "
    "MISCONDUCT, (III) BREACH OF CONFIDENTIALITY, IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, "
    "INCIDENTAL, CONSEQUENTIAL OR PUNITIVE DAMAGES, HOWEVER CAUSED. "
)


def _checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "exports_bench", Path(__file__).parents[2] / "benchmarks" / "exports.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


checks = _checks()


def _long_report() -> ClauseReport:
    """Forty categories in four groups, each with a long clause: tables that run over several pages."""
    categories = []
    for number in range(40):
        text = f"{number + 1}.1 Clause {number + 1}. " + LIABILITY * (1 + number % 4)
        clause = ClauseRef(f"{number + 1}.1", (number // 3 + 1,), (number * 1000, number * 1000 + len(text)), text)
        group = ("Basics", "Term & termination", "Liability", "Commercial terms")[number // 10]
        categories.append(CategoryResult(f"Category {number + 1}", group, "", True, None, (clause,)))
    return ClauseReport(
        "Master Supply Agreement (Acme - Birch) dated 2019.pdf",
        "ab" * 32,
        "offline",
        23,
        "2024-05-01T10:00:00+00:00",
        tuple(categories),
    )


def test_pdf_of_a_multi_page_report_has_no_text_under_a_dark_shape_and_every_clause(tmp_path: Path) -> None:
    report = _long_report()
    path = export(report, "pdf", tmp_path / "report.pdf")
    with pymupdf.open(path) as document:
        assert document.page_count >= 4
        assert document.metadata["title"] == "Master Supply Agreement (Acme - Birch) dated 2019"
        assert document.metadata["author"] == "Contract App"
    assert checks.pdf_legibility_problems(path) == []
    assert checks.pdf_missing_clauses(report, path) == []


def test_a_group_heading_never_stands_alone_at_the_foot_of_a_pdf_page(tmp_path: Path) -> None:
    """With five termination categories, the "Commercial terms" heading and its column names fell at the foot of page
    4, its first row on page 5."""
    long = _long_report()
    report = replace(long, categories=long.categories[:10] + long.categories[15:])
    path = export(report, "pdf", tmp_path / "report.pdf")
    assert checks.pdf_stranded_headings(report, path) == []
    with pymupdf.open(path) as document:
        assert [page.number + 1 for page in document if "Commercial terms\nCategory" in page.get_text()] == [5]
    assert checks.pdf_legibility_problems(path) == []
    assert checks.pdf_missing_clauses(report, path) == []


def test_legibility_check_sees_dark_bars_over_text(tmp_path: Path) -> None:
    """The check itself: a navy bar drawn over a line of text is reported, white text on it is not."""
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), "hidden clause text", fontsize=11)
    page.draw_rect(pymupdf.Rect(70, 90, 300, 104), color=None, fill=(0.09, 0.21, 0.36))
    page.insert_text((72, 200), "header on navy", fontsize=11, color=(1, 1, 1))
    page.draw_rect(pymupdf.Rect(70, 190, 300, 204), color=None, fill=(0.09, 0.21, 0.36), overlay=False)
    page.insert_text((72, 300), "white on white", fontsize=11, color=(1, 1, 1))
    document.save(tmp_path / "bars.pdf")
    assert checks.pdf_legibility_problems(tmp_path / "bars.pdf") == [
        "p. 1: 'hidden clause text' under a dark shape",
        "p. 1: 'white on white' light on a light page",
    ]


def test_docx_columns_have_the_layout_widths_and_the_contract_is_the_title(tmp_path: Path) -> None:
    import docx
    from docx.shared import Cm

    report = _long_report()
    path = export(report, "docx", tmp_path / "report.docx")
    document = docx.Document(str(path))
    assert checks.docx_problems(report, path) == []
    widths = [round(column.width / Cm(1), 1) for column in document.tables[1].columns]
    assert widths == [2.9, 2.9, 2.0, 9.6]  # 2 : 2 : 1.4 : 6.6 of the 17.4 cm between the margins
    properties = document.core_properties
    assert (properties.title, properties.subject) == (
        "Master Supply Agreement (Acme - Birch) dated 2019",
        "Clause report",
    )
    assert (properties.author, properties.last_modified_by) == ("Contract App", "Contract App")


@pytest.mark.corpus
def test_clause_reports_of_long_dev_contracts_export_legibly(corpus_dir: Path, tmp_path: Path) -> None:
    """One long contract from each dev half: every check of ``benchmarks/exports.py`` passes."""
    for pdf in checks.longest_contracts(per_half=1, corpus=corpus_dir):
        results = checks.check_contract(pdf, tmp_path)
        assert results == {"pdf legibility": [], "pdf clauses": [], "pdf headings": [], "docx": []}, pdf.name
