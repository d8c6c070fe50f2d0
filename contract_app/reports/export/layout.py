"""A format-neutral layout of a report (title, facts, tables), so each exporter renders any report the same way.

Cells hold plain contract text; every exporter escapes it for its own format. Paragraphs inside a cell are
separated by ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from contract_app.checks import findings_by_kind, findings_summary
from contract_app.model import Finding
from contract_app.reports.categories import group_order
from contract_app.reports.results import ClauseRef, ClauseReport, Summary

AUTHOR = "Contract App"  # the author exported files name (never the library that wrote them)
CELL_TEXT_LIMIT = 900  # clause text shown per clause in PDF/DOCX/Markdown tables; JSON and CSV keep it whole


@dataclass(frozen=True)
class Table:
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    long_column: int | None = None  # a column of long text (Markdown lists it under the table)
    nowrap_column: int | None = None  # short citations ("§ 12.3, p. 9") kept on one line
    intro: str = ""  # a sentence under the heading, before the rows (a table without columns is only that)
    level: int = 1  # 1 a section's heading, 2 a group within the section before it
    new_page: bool = False  # starts a new page in PDF and DOCX


@dataclass(frozen=True)
class Layout:
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()
    contract: str = ""  # the contract's name, the document's title in the file's properties


def contract_name(file: str) -> str:
    """``Master Supply Agreement.pdf`` -> ``Master Supply Agreement``: how the exported file's title names it."""
    return PurePath(file).stem or file


@dataclass(frozen=True)
class FlatTable:
    """One row per clause or line: what CSV gets."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def shorten(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def backend_label(backend: str) -> str:
    return "Offline (extractive, nothing left this computer)" if backend == "offline" else f"Model: {backend}"


def _facts(report: ClauseReport | Summary) -> list[tuple[str, str]]:
    return [
        ("Contract", report.file),
        ("Pages", str(report.pages)),
        ("Prepared by", backend_label(report.backend)),
        ("Generated", report.created.replace("T", " ").replace("+00:00", " UTC")),
        ("Document ID", report.doc_id[:16]),
    ]


def _where(clauses: tuple[ClauseRef, ...]) -> str:
    return "\n".join(dict.fromkeys(clause.where for clause in clauses))


def clause_report_layout(report: ClauseReport) -> Layout:
    tables = []
    by_group: dict[str, list] = {}
    for result in report.categories:
        by_group.setdefault(result.group, []).append(result)
    for group in group_order(by_group):
        rows = []
        for result in by_group[group]:
            finding = (result.answer or "Found") if result.found else "Not found"
            texts = "\n".join(shorten(clause.text) for clause in result.clauses)
            rows.append((result.category, finding, _where(result.clauses), texts))
        tables.append(
            Table(group, ("Category", "Finding", "Where", "Clause text"), tuple(rows), (2.0, 2.0, 1.4, 6.6), 3, 2)
        )
    if report.drafting is not None:
        tables.extend(drafting_tables(report.drafting))
    facts = [*_facts(report), ("Categories found", f"{report.found_count} of {len(report.categories)}")]
    return Layout("Clause report", report.file, tuple(facts), tuple(tables), report.notices, contract_name(report.file))


DRAFTING_HEADING = "Drafting checks"


def drafting_tables(findings: tuple[Finding, ...]) -> list[Table]:
    """The report's last page: a sentence over all findings, then a table per kind (``Dangling references (2)``),
    each finding's message beside its place (``p. 4, Section 13.2``)."""
    tables = [Table(DRAFTING_HEADING, (), (), (), intro=findings_summary(findings), new_page=True)]
    for _kind, title, found in findings_by_kind(findings):
        rows = tuple((finding.message, finding.place) for finding in found)
        tables.append(
            Table(f"{title} ({len(found)})", ("Finding", "Where"), rows, (7.4, 2.6), nowrap_column=1, level=2)
        )
    return tables


def summary_layout(summary: Summary) -> Layout:
    rows = tuple((line.topic, line.text, _where(line.citations)) for line in summary.lines)
    table = Table("Summary", ("Topic", "Summary", "Source"), rows, (2.0, 7.0, 1.8), nowrap_column=2)
    return Layout(
        "Contract summary", summary.file, tuple(_facts(summary)), (table,), summary.notices, contract_name(summary.file)
    )


def layout_of(obj: ClauseReport | Summary) -> Layout:
    return clause_report_layout(obj) if isinstance(obj, ClauseReport) else summary_layout(obj)


def _pages(clause: ClauseRef) -> str:
    return ",".join(str(page) for page in clause.pages)


def flat_table(obj: ClauseReport | Summary) -> FlatTable:
    if isinstance(obj, ClauseReport):
        rows = []
        for result in obj.categories:
            base = (result.category, result.group, "yes" if result.found else "no", result.answer or "")
            if not result.clauses:
                rows.append((*base, "", "", "", "", ""))
            for clause in result.clauses:
                span = clause.char_span
                rows.append((*base, clause.section, _pages(clause), str(span[0]), str(span[1]), clause.text))
        for _kind, title, found in findings_by_kind(obj.drafting or ()):
            for finding in found:
                start, end = finding.span
                where = (finding.section or "", str(finding.page), str(start), str(end))
                rows.append((title, DRAFTING_HEADING, "", finding.message, *where, ""))
        columns = ("category", "group", "found", "answer", "section", "pages", "char_start", "char_end", "text")
        return FlatTable(columns, tuple(rows))
    rows = []
    for line in obj.lines:
        cited = line.citations or (None,)
        for clause in cited:
            rows.append(
                (
                    line.topic,
                    line.text,
                    clause.section if clause else "",
                    _pages(clause) if clause else "",
                    clause.text if clause else "",
                )
            )
    return FlatTable(("topic", "summary", "section", "pages", "source_text"), tuple(rows))
