"""The review grid: a row per contract, a column per CUAD category or question, each cell cited; kept; exported."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import openpyxl
import pymupdf
import pytest
from matter_support import Indexed, Terms

from contract_app.cli.main import main
from contract_app.errors import InputError, OutputExistsError, OutputRefusedError
from contract_app.matters import (
    Grid,
    GridCell,
    GridColumn,
    Matter,
    MatterContract,
    export_grid,
    fill_grid,
    grid_columns,
    load_grid,
)
from contract_app.outputs import Protected
from contract_app.reports import build_clause_report
from contract_app.reports.results import ClauseRef

QUESTION = "Can this agreement be assigned on a change of control?"
COLUMNS = ["governing law", "Anti-Assignment", QUESTION]


@pytest.fixture
def unfilled(falcon: Indexed) -> Indexed:
    """The shared matter with no kept cells."""
    for contract in falcon.matter.contracts:
        falcon.cells.discard(contract.doc_id)
    return falcon


def _number(contract: MatterContract) -> int:
    return int(contract.file_name.split("-")[1])


def test_columns_are_categories_by_name_in_any_case_or_questions() -> None:
    assert grid_columns(COLUMNS) == (
        GridColumn("category", "Governing Law"),
        GridColumn("category", "Anti-Assignment"),
        GridColumn("question", QUESTION),
    )
    assert len(grid_columns()) == 41
    with pytest.raises(InputError, match=r'"Governing Laws" is not the name of a CUAD category: to ask it as a'):
        grid_columns(["Governing Laws"])


def test_each_cell_says_what_the_clause_report_and_the_answer_say_for_that_contract(unfilled: Indexed) -> None:
    retriever, cells, matter, settings = unfilled.retriever, unfilled.cells, unfilled.matter, unfilled.settings
    columns = grid_columns(COLUMNS)
    announced: list[GridCell] = []
    reports: list[float] = []

    grid = fill_grid(retriever, cells, matter, columns, settings, lambda f, m: reports.append(f), announced.append)

    assert len(announced) == 12 and {(c.doc_id, c.column) for c in announced} == set(grid.cells)
    assert grid.missing == 0 and reports[-1] == 1.0
    for contract in matter.contracts:
        number = _number(contract)
        law, assignment, question = (grid.cell(contract.doc_id, column) for column in columns)
        report = build_clause_report(retriever, contract.doc_id, settings)
        assert (law.found, law.answer) == (True, Terms(number, True).state)
        assert law.clauses == report.category("Governing Law").clauses
        assert law.where == f"§ {report.category('Governing Law').clauses[0].section}, p. 2"
        assert assignment.found == report.category("Anti-Assignment").found == (number % 2 == 0)
        assert assignment.answer == ("Found" if number % 2 == 0 else "Not found")
        if number % 2 == 0:
            assert question.found
            assert question.answer.startswith("3.2 Assignment. Neither party may assign this Agreement")
            assert question.clauses[0].pages == (2,)


def test_a_filled_grid_is_kept_until_its_contract_is_indexed_again(unfilled: Indexed) -> None:
    retriever, cells, matter, settings = unfilled.retriever, unfilled.cells, unfilled.matter, unfilled.settings
    columns = grid_columns(["Governing Law", "Anti-Assignment"])
    filled = fill_grid(retriever, cells, matter, columns, settings)

    assert load_grid(retriever, cells, matter, columns, settings).cells == filled.cells  # reopened: all there
    again: list[GridCell] = []
    assert fill_grid(retriever, cells, matter, columns, settings, on_cell=again.append).cells == filled.cells
    assert again == []

    changed = matter.contracts[1]
    retriever.delete(changed.doc_id)
    retriever.ingest(changed.path)  # indexed again: a new indexing of the same contract

    kept = load_grid(retriever, cells, matter, columns, settings)
    assert {doc_id for doc_id, _ in kept.cells} == {c.doc_id for c in matter.contracts} - {changed.doc_id}
    refilled: list[GridCell] = []
    fill_grid(retriever, cells, matter, columns, settings, on_cell=refilled.append)
    assert [(c.doc_id, c.column) for c in refilled] == [(changed.doc_id, column.key) for column in columns]


def test_the_xlsx_has_a_row_per_contract_with_each_answer_cited_and_linked_to_its_page(
    tmp_path: Path, falcon: Indexed
) -> None:
    retriever, cells, matter, settings = falcon.retriever, falcon.cells, falcon.matter, falcon.settings
    grid = fill_grid(retriever, cells, matter, grid_columns(COLUMNS), settings)
    out = export_grid(grid, tmp_path / "falcon.xlsx", protected=Protected.of_index(retriever))

    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Contract",
        "Pages",
        "Governing Law",
        "Governing Law - where",
        "Anti-Assignment",
        "Anti-Assignment - where",
        QUESTION,
        f"{QUESTION} - where",
    )
    assert [row[0] for row in rows[1:]] == [c.file_name for c in matter.contracts]
    for number, contract in enumerate(matter.contracts, 2):
        law = grid.cell(contract.doc_id, GridColumn("category", "Governing Law"))
        assert (sheet.cell(number, 2).value, sheet.cell(number, 3).value) == (2, law.answer)
        assert sheet.cell(number, 4).value == law.where
        assert sheet.cell(number, 4).hyperlink.target == f"{Path(contract.path).as_uri()}#page=2"
        assert sheet.cell(number, 1).hyperlink.target == Path(contract.path).as_uri()
        assert Terms(_number(contract), True).governing_law in " ".join(sheet.cell(number, 3).comment.text.split())


def test_the_csv_puts_each_answer_beside_its_citation(tmp_path: Path, falcon: Indexed) -> None:
    retriever, cells, matter, settings = falcon.retriever, falcon.cells, falcon.matter, falcon.settings
    grid = fill_grid(retriever, cells, matter, grid_columns(["Governing Law"]), settings)
    out = export_grid(grid, tmp_path / "falcon.csv")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Contract", "Path", "Pages", "Governing Law", "Governing Law - where"]
    assert rows[1:] == [
        [
            c.file_name,
            c.path,
            "2",
            Terms(_number(c), True).state,
            grid.cells[(c.doc_id, "category:Governing Law")].where,
        ]
        for c in matter.contracts
    ]


def test_the_matter_report_opens_with_a_summary_table_of_the_contracts(tmp_path: Path, falcon: Indexed) -> None:
    retriever, cells, matter, settings = falcon.retriever, falcon.cells, falcon.matter, falcon.settings
    grid = fill_grid(retriever, cells, matter, grid_columns(["Governing Law", "Anti-Assignment"]), settings)
    out = export_grid(grid, tmp_path / "falcon.pdf")
    with pymupdf.open(out) as document:
        text = " ".join(unicodedata.normalize("NFKC", " ".join(page.get_text() for page in document)).split())
    assert text.startswith("Matter report Falcon Matter Falcon Contracts 4 Pages 8 Columns 2")
    summary = text[text.index("Matter summary") : text.index("Governing Law Contract Finding")]
    assert summary == (
        "Matter summary Contract Pages Found Found columns "
        "supply-00-valves.pdf 2 2 of 2 Governing Law, Anti-Assignment "
        "supply-01-pumps.pdf 2 1 of 2 Governing Law "
        "supply-02-gaskets.pdf 2 2 of 2 Governing Law, Anti-Assignment "
        "supply-03-filters.pdf 2 1 of 2 Governing Law "
    )


def test_an_export_never_replaces_a_contract_or_an_existing_file_without_force(tmp_path: Path, falcon: Indexed) -> None:
    retriever, cells, matter, settings = falcon.retriever, falcon.cells, falcon.matter, falcon.settings
    grid = fill_grid(retriever, cells, matter, grid_columns(["Governing Law"]), settings)
    protected = Protected.of_index(retriever)
    contract = Path(matter.contracts[0].path)
    with pytest.raises(OutputRefusedError):
        export_grid(grid, contract, "xlsx", protected=protected)
    assert contract.read_bytes().startswith(b"%PDF")
    out = export_grid(grid, tmp_path / "grid.xlsx", protected=protected)
    with pytest.raises(OutputExistsError):
        export_grid(grid, out, protected=protected)
    export_grid(grid, out, force=True, protected=protected)


def test_contract_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    contract = MatterContract("a" * 64, "=evil.pdf", str(tmp_path / "=evil.pdf"), 1, "2025-01-01T00:00:00+00:00")
    column = GridColumn("question", "=SUM(A1:A9)?")
    clause = ClauseRef("1", (1,), (0, 10), '=HYPERLINK("http://x")')
    cell = GridCell(contract.doc_id, column.key, True, "=1+1", (clause,))
    grid = Grid(Matter("Falcon", "", (contract,)), (column,), {(contract.doc_id, column.key): cell})
    sheet = openpyxl.load_workbook(export_grid(grid, tmp_path / "grid.xlsx")).active
    assert [(c.value, c.data_type) for c in sheet[2]][:3] == [("=evil.pdf", "s"), (1, "n"), ("=1+1", "s")]
    assert (sheet.cell(1, 3).value, sheet.cell(1, 3).data_type) == ("=SUM(A1:A9)?", "s")


def test_the_grid_command_writes_the_xlsx_and_keeps_the_columns_for_next_time(
    tmp_path: Path,
    falcon: Indexed,
    model_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(model_dir))
    store = falcon.settings.store_dir
    out = tmp_path / "grid.xlsx"
    grid = ["matter", "grid", "Falcon", "--store", store, "-o", str(out)]
    assert main([*grid, "--columns", "Governing Law", QUESTION]) == 0
    assert [c.value for c in openpyxl.load_workbook(out).active[1]][2::2] == ["Governing Law", QUESTION]
    capsys.readouterr()

    assert main(grid) == 1
    assert (
        capsys.readouterr().err
        == f"contract-app: {out} already exists: nothing was written. Add --force to replace it.\n"
    )
    assert main([*grid, "--force", "--json"]) == 0  # --json is for stdout; with -o the file is written
    assert [c.value for c in openpyxl.load_workbook(out).active[1]][2::2] == ["Governing Law", QUESTION]
