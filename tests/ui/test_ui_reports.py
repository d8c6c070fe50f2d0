"""Summary and clause report are built in the background, shown with clickable citations, and exported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from contract_app.reports import render_text

pytestmark = pytest.mark.gui


def _build(qtbot, window, kind: str):
    window.build_report(kind)
    qtbot.waitUntil(lambda: getattr(window.current_entry(), kind) is not None, timeout=120_000)
    return getattr(window.current_entry(), kind)


def test_clause_report_exports_readable_json_csv_markdown_docx_and_pdf(qtbot, ready_window, tmp_path: Path) -> None:
    report = _build(qtbot, ready_window, "clause_report")
    assert ready_window.clause_panel.report is report
    governing = report.category("Governing Law")
    assert governing.found and governing.clauses[0].section == "3.2"

    for fmt in ("json", "csv", "md", "docx", "pdf"):
        target = tmp_path / f"report.{fmt}"
        ready_window.export_report("clause_report", str(target), fmt)
        qtbot.waitUntil(target.exists, timeout=60_000)
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == report.to_json()
    rows = list(csv.reader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert any("Governing Law" in row for row in rows)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == render_text(report, "md")
    import docx
    import pymupdf

    word = docx.Document(str(tmp_path / "report.docx"))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Governing Law" in "\n".join([*(paragraph.text for paragraph in word.paragraphs), *cells])
    with pymupdf.open(tmp_path / "report.pdf") as pdf:
        assert "Governing Law" in "".join(page.get_text() for page in pdf)
    assert ready_window.status_message.full_text().startswith("Exported to")


def test_a_summary_citation_link_highlights_its_passage(qtbot, ready_window) -> None:
    summary = _build(qtbot, ready_window, "summary")
    panel = ready_window.summary_panel
    assert summary.lines
    assert "clause:0" in panel.view.toHtml()
    first = summary.lines[0].citations[0]

    panel.view.anchorClicked.emit(QUrl("clause:0"))
    expected = ready_window.current_entry().structure.document.highlights(first.char_span)
    assert ready_window.viewer.highlights == expected
    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == expected[0].page, timeout=3000)


def test_the_clause_report_tab_lists_the_drafting_checks_and_a_finding_link_highlights_its_place(
    qtbot, ready_window
) -> None:
    report = _build(qtbot, ready_window, "clause_report")
    (finding,) = report.drafting
    panel = ready_window.clause_panel
    text = panel.view.toPlainText()
    assert text[text.index("DRAFTING CHECKS") :].splitlines() == [
        "DRAFTING CHECKS",
        "1 drafting issue found.",
        "Dangling references (1)",
        f"{finding.message}  p. 2, Section 2.2",
    ]

    panel.view.anchorClicked.emit(QUrl("finding:0"))

    expected = ready_window.current_entry().structure.document.highlights(finding.span)
    assert ready_window.viewer.highlights == expected
    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 2, timeout=3000)
