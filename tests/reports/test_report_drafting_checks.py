"""The clause report's "Drafting checks" section: written by ``contract-app report`` in every format and read back
with that format's own reader, the findings grouped by kind with counts, each with its message and place; a
contract drafted right says so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pymupdf
import pytest
from pdfgen import write_markup_pdf

import contract_app.reports.clause_report as clause_report
from contract_app.cli.main import main
from contract_app.reports import build_clause_report
from contract_app.reports.categories import load_categories
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

FLAWED = """^**CONSULTING AGREEMENT**

This Consulting Agreement (this “Agreement”) is made between Acme Corp. (“Client”) and Birch LLC (“Consultant”).

**1. SERVICES**

1.1 “Services” means the advice described in this Section 1.1. Consultant shall perform the Services diligently.

1.2 “Deliverables” means the written reports Consultant prepares.

1.3 Client shall pay for the Services as set out in Section 7.4.

**2. TERM**

2.1 This Agreement ends one year after it is signed.
"""

CLEAN = """^**CONSULTING AGREEMENT**

This Consulting Agreement (this “Agreement”) is made between Acme Corp. (“Client”) and Birch LLC (“Consultant”).

**1. SERVICES**

1.1 “Services” means the advice described in Section 2. Consultant shall perform the Services diligently.

**2. FEES**

2.1 Client shall pay for the Services monthly. This Agreement ends one year after it is signed.
"""

DANGLING = "Section 7.4 is cited here, but this document has no Section 7.4."
UNUSED = "“Deliverables” is defined here but never used."
TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES  # "fi" read back as two letters


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("drafting")
    return {
        "flawed": write_markup_pdf(folder / "flawed.pdf", FLAWED),
        "clean": write_markup_pdf(folder / "clean.pdf", CLEAN),
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store")


def _report(contract: Path, store: Path, out: Path) -> Path:
    assert main(["report", str(contract), "-o", str(out), "--store", str(store)]) == 0
    return out


def _pdf_lines(path: Path) -> list[str]:
    """The lines of the report's last page (the drafting checks start a page of their own); the non-breaking space
    that keeps ``p. 1`` on one line read as a space."""
    with pymupdf.open(path) as document:
        return document[-1].get_text(flags=TEXT_FLAGS).replace("\xa0", " ").splitlines()


def _docx_blocks(path: Path) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """(style, text) of every paragraph, and the rows of the tables after the report's categories."""
    word = docx.Document(str(path))
    paragraphs = [(paragraph.style.name, paragraph.text) for paragraph in word.paragraphs if paragraph.text]
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    return paragraphs, rows


def test_markdown_report_lists_the_findings_by_kind_with_message_and_place(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    text = _report(contracts["flawed"], store, tmp_path / "report.md").read_text(encoding="utf-8")
    section = text[text.index("## Drafting checks") :].splitlines()
    assert [line for line in section if line] == [
        "## Drafting checks",
        "2 drafting issues found.",
        "### Dangling references (1)",
        "| Finding | Where |",
        "|---|---|",
        f"| {DANGLING} | p. 1, Section 1.3 |",
        "### Definitions never used (1)",
        "| Finding | Where |",
        "|---|---|",
        f"| {UNUSED} | p. 1, Section 1.2 |",
    ]


def test_pdf_report_ends_with_a_page_of_drafting_checks(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    lines = _pdf_lines(_report(contracts["flawed"], store, tmp_path / "report.pdf"))
    assert lines[:12] == [
        "Drafting checks",
        "2 drafting issues found.",
        "Dangling references (1)",
        "Finding",
        "Where",
        DANGLING,
        "p. 1, Section 1.3",
        "Definitions never used (1)",
        "Finding",
        "Where",
        UNUSED,
        "p. 1, Section 1.2",
    ]


def test_docx_report_has_the_drafting_checks_as_headings_and_tables(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    paragraphs, rows = _docx_blocks(_report(contracts["flawed"], store, tmp_path / "report.docx"))
    start = paragraphs.index(("Heading 1", "Drafting checks"))
    assert paragraphs[start:] == [
        ("Heading 1", "Drafting checks"),
        ("Normal", "2 drafting issues found."),
        ("Heading 2", "Dangling references (1)"),
        ("Heading 2", "Definitions never used (1)"),
    ]
    assert rows[-4:] == [
        ["Finding", "Where"],
        [DANGLING, "p. 1, Section 1.3"],
        ["Finding", "Where"],
        [UNUSED, "p. 1, Section 1.2"],
    ]


def test_json_report_carries_the_findings_with_counts_kind_and_place(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    data = json.loads(_report(contracts["flawed"], store, tmp_path / "report.json").read_text(encoding="utf-8"))
    checks = data["drafting_checks"]
    assert (checks["summary"], checks["counts"]) == (
        "2 drafting issues found.",
        {"dangling_reference": 1, "unused_definition": 1},
    )
    found = [
        (f["kind"], f["kind_title"], f["label"], f["term"], f["section"], f["page"], f["place"], f["message"])
        for f in checks["findings"]
    ]
    assert found == [
        ("dangling_reference", "Dangling references", "7.4", None, "1.3", 1, "p. 1, Section 1.3", DANGLING),
        ("unused_definition", "Definitions never used", None, "Deliverables", "1.2", 1, "p. 1, Section 1.2", UNUSED),
    ]


def test_csv_report_has_a_row_per_finding_in_the_drafting_checks_group(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    text = _report(contracts["flawed"], store, tmp_path / "report.csv").read_text(encoding="utf-8")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["group"] == "Drafting checks"]
    assert [(r["category"], r["answer"], r["section"], r["pages"]) for r in rows] == [
        ("Dangling references", DANGLING, "1.3", "1"),
        ("Definitions never used", UNUSED, "1.2", "1"),
    ]
    assert all(int(r["char_start"]) < int(r["char_end"]) for r in rows)


def test_a_clean_contract_reports_no_drafting_issues_in_every_format(
    contracts: dict[str, Path], store: Path, tmp_path: Path
) -> None:
    markdown = _report(contracts["clean"], store, tmp_path / "report.md").read_text(encoding="utf-8")
    assert markdown.endswith("## Drafting checks\n\nNo drafting issues found.\n")
    data = json.loads(_report(contracts["clean"], store, tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["drafting_checks"] == {"summary": "No drafting issues found.", "counts": {}, "findings": []}
    assert _pdf_lines(_report(contracts["clean"], store, tmp_path / "report.pdf"))[:2] == [
        "Drafting checks",
        "No drafting issues found.",
    ]
    paragraphs, _rows = _docx_blocks(_report(contracts["clean"], store, tmp_path / "report.docx"))
    assert paragraphs[-2:] == [("Heading 1", "Drafting checks"), ("Normal", "No drafting issues found.")]


def test_the_checks_run_once_per_report_on_the_structure_the_report_reads(
    contracts: dict[str, Path], store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    retriever = Retriever(Settings(store_dir=str(store)))
    doc_id = retriever.ingest(contracts["flawed"]).doc_id
    structure = retriever.structure(doc_id)
    checked: list[object] = []
    real_check = clause_report.check_contract

    def counting(checked_structure):  # type: ignore[no-untyped-def]
        checked.append(checked_structure)
        return real_check(checked_structure)

    monkeypatch.setattr(clause_report, "check_contract", counting)
    report = build_clause_report(retriever, doc_id, Settings(store_dir=str(store)))
    assert len(checked) == 1 and checked[0] is structure
    assert [finding.message for finding in report.drafting or ()] == [DANGLING, UNUSED]


def test_a_report_narrowed_to_some_categories_runs_no_checks(contracts: dict[str, Path], store: Path) -> None:
    """A review grid's cells need one category's finding, not the drafting checks."""
    settings = Settings(store_dir=str(store))
    retriever = Retriever(settings)
    doc_id = retriever.ingest(contracts["flawed"]).doc_id
    governing = [category for category in load_categories() if category.name == "Governing Law"]
    report = build_clause_report(retriever, doc_id, settings, categories=governing)
    assert report.drafting is None
    assert "drafting_checks" not in report.to_json()
