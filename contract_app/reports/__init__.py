"""Clause reports (the 41 CUAD categories) and contract summaries, and their exports."""

from contract_app.reports.clause_report import build_clause_report, report_from_structure
from contract_app.reports.export import FORMATS, export, render_text
from contract_app.reports.results import CategoryResult, ClauseRef, ClauseReport, Summary, SummaryLine
from contract_app.reports.summary import summarize

__all__ = [
    "FORMATS",
    "CategoryResult",
    "ClauseRef",
    "ClauseReport",
    "Summary",
    "SummaryLine",
    "build_clause_report",
    "export",
    "render_text",
    "report_from_structure",
    "summarize",
]
