"""The review grid exported: XLSX and CSV (a row per contract, each column's answer beside its citation), and PDF or
DOCX as a matter report (a summary table, then each column across the contracts).

Every file goes through ``outputs.write_output``: never over a contract or the index, never over an existing file
without ``force``. Contract text is written as text, never as a formula (a clause starting with "=" stays text).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from contract_app.errors import InputError
from contract_app.matters.records import Grid, GridCell, GridColumn, MatterContract
from contract_app.outputs import NOTHING_PROTECTED, Protected, write_output
from contract_app.reports.export import export_layout
from contract_app.reports.export.layout import FlatTable, Layout, Table, backend_label, shorten
from contract_app.reports.export.tabular import render_csv
from contract_app.reports.results import ClauseRef

GRID_FORMATS = ("xlsx", "csv", "pdf", "docx")
COMMENT_CHARS = 2000  # clause text in a cell's comment
CLAUSE_CHARS = 400  # clause text per cell in the PDF/DOCX report
UNFILLED = "—"


def grid_format(path: str | Path, fmt: str | None = None) -> str:
    chosen = (fmt or Path(path).suffix).lower().lstrip(".")
    if chosen not in GRID_FORMATS:
        raise InputError(f"A grid is exported as {', '.join(GRID_FORMATS)}: give the file one of these extensions.")
    return chosen


def export_grid(
    grid: Grid,
    path: str | Path,
    fmt: str | None = None,
    *,
    force: bool = False,
    protected: Protected = NOTHING_PROTECTED,
) -> Path:
    """Write the grid to ``path`` in ``fmt`` (or the format its extension names)."""
    chosen = grid_format(path, fmt)
    if chosen in ("pdf", "docx"):
        return export_layout(matter_layout(grid), chosen, path, force=force, protected=protected)
    if chosen == "csv":
        text = render_csv(grid_table(grid))
        return write_output(
            path,
            lambda temporary: temporary.write_text(text, encoding="utf-8", newline=""),
            force=force,
            protected=protected,
        )
    return write_output(path, lambda temporary: write_xlsx(grid, temporary), force=force, protected=protected)


def cell_text(cell: GridCell | None) -> str:
    if cell is None:
        return UNFILLED
    return cell.answer if not cell.problem else f"Not read: {cell.problem}"


def where_text(cell: GridCell | None) -> str:
    return "; ".join(dict.fromkeys(clause.where for clause in cell.clauses)) if cell else ""


def page_link(contract: MatterContract, clause: ClauseRef | None = None) -> str:
    """``file:///.../contract.pdf#page=9``: opens the contract at the cited page in most PDF readers."""
    uri = Path(contract.path).as_uri()
    return f"{uri}#page={clause.pages[0]}" if clause and clause.pages else uri


def headers(columns: Sequence[GridColumn]) -> list[str]:
    names = ["Contract", "Pages"]
    for column in columns:
        names += [column.text, f"{column.text} - where"]
    return names


# -- CSV -----------------------------------------------------------------------------------------------------------


def grid_table(grid: Grid) -> FlatTable:
    """A row per contract: its file, path and pages, then each column's answer and citation."""
    rows = []
    for contract in grid.matter.contracts:
        row = [contract.file_name, contract.path, str(contract.pages)]
        for column in grid.columns:
            cell = grid.cell(contract.doc_id, column)
            row += [cell_text(cell), where_text(cell)]
        rows.append(tuple(row))
    names = headers(grid.columns)
    return FlatTable((names[0], "Path", *names[1:]), tuple(rows))


# -- XLSX ----------------------------------------------------------------------------------------------------------


def write_xlsx(grid: Grid, path: Path) -> None:
    """One sheet: a row per contract; per column the answer (its clauses in a comment) and the citation (a link to
    the page). The header row and the contract names stay in view while scrolling."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(grid.matter.name)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="16365C")
    for number, name in enumerate(headers(grid.columns), 1):
        cell = _text_cell(sheet, 1, number, name)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    link_font, muted_font = Font(color="0563C1", underline="single"), Font(italic=True, color="8A94A6")
    for row, contract in enumerate(grid.matter.contracts, 2):
        name = _text_cell(sheet, row, 1, contract.file_name)
        name.hyperlink, name.font = page_link(contract), link_font
        sheet.cell(row, 2, contract.pages)
        for index, column in enumerate(grid.columns):
            cell = grid.cell(contract.doc_id, column)
            answer = _text_cell(sheet, row, 3 + 2 * index, cell_text(cell))
            answer.alignment = Alignment(wrap_text=True, vertical="top")
            if cell is None or cell.problem or not cell.found:
                answer.font = muted_font
            if cell is not None and cell.clauses:
                answer.comment = _comment(cell.clauses)
                where = _text_cell(sheet, row, 4 + 2 * index, where_text(cell))
                where.hyperlink, where.font = page_link(contract, cell.clauses[0]), link_font
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 7
    for index in range(len(grid.columns)):
        sheet.column_dimensions[get_column_letter(3 + 2 * index)].width = 30
        sheet.column_dimensions[get_column_letter(4 + 2 * index)].width = 14
    workbook.save(path)


def _sheet_title(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in name).strip()
    return cleaned[:31] or "Matter"


def _text_cell(sheet: object, row: int, column: int, text: str) -> object:
    """A cell holding ``text`` as text: a clause starting with "=" is not a formula; characters XML forbids go."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = sheet.cell(row, column)  # type: ignore[attr-defined]
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    return cell


def _comment(clauses: Sequence[ClauseRef]) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment

    text = "\n\n".join(f"{clause.where}: {clause.text}" for clause in clauses)
    comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", shorten(text, COMMENT_CHARS)), "contract-app")
    comment.width, comment.height = 420, 220
    return comment


# -- PDF / DOCX ----------------------------------------------------------------------------------------------------


def matter_layout(grid: Grid) -> Layout:
    """The matter report: facts, a summary table (a row per contract: how many columns it answers), then a table
    per column with each contract's finding, citation and clause text."""
    contracts = grid.matter.contracts
    summary_rows = []
    for contract in contracts:
        cells = [grid.cell(contract.doc_id, column) for column in grid.columns]
        found = [column.text for column, cell in zip(grid.columns, cells, strict=True) if cell and cell.found]
        unread = sum(cell is None or bool(cell.problem) for cell in cells)
        status = f"{len(found)} of {len(grid.columns)}" + (f" ({unread} not read)" if unread else "")
        summary_rows.append((contract.file_name, str(contract.pages), status, ", ".join(found)))
    tables = [
        Table(
            "Matter summary",
            ("Contract", "Pages", "Found", "Found columns"),
            tuple(summary_rows),
            (3.0, 0.8, 1.4, 6.8),
            long_column=3,
        )
    ]
    for column in grid.columns:
        rows = []
        for contract in contracts:
            cell = grid.cell(contract.doc_id, column)
            text = "\n".join(shorten(clause.text, CLAUSE_CHARS) for clause in cell.clauses) if cell else ""
            rows.append((contract.file_name, cell_text(cell), where_text(cell).replace("; ", "\n"), text))
        tables.append(
            Table(column.text, ("Contract", "Finding", "Where", "Clause text"), tuple(rows), (2.4, 2.2, 1.4, 6.0), 3, 2)
        )
    facts = (
        ("Matter", grid.matter.name),
        ("Contracts", str(len(contracts))),
        ("Pages", str(grid.matter.pages)),
        ("Columns", str(len(grid.columns))),
        ("Prepared by", backend_label(grid.backend)),
    )
    return Layout("Matter report", grid.matter.name, facts, tuple(tables))
