"""The review grid: a row per contract of a matter, a column per CUAD category or question of the user's own.

A category's cell is the contract's clause report for that category (``reports.build_clause_report``: found or
not, the fact when it can be told, the clauses cited); a question's cell is the answer ``answering.ask`` gives
(offline: the sentence that answers it; with a model: its checked answer). So a cell says exactly what the clause
report or the Ask tab says for that contract. Filled cells are kept (``cells``) and reused until the contract is
indexed again or the way cells are made changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from contract_app import __version__
from contract_app.answering import Answer, ask
from contract_app.errors import ContractAppError, InputError, OperationCancelled
from contract_app.matters.cells import CellStore
from contract_app.matters.records import Grid, GridCell, GridColumn, Matter, MatterContract
from contract_app.model import Citation
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.reports import build_clause_report
from contract_app.reports.categories import CATEGORIES_FILE, load_categories
from contract_app.reports.results import CategoryResult, ClauseRef
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

GRID_FORMAT = 1  # bump when what a cell holds changes: kept cells of another format are filled again
SHORT_ANSWER = 300  # characters of a question's answer shown in its cell
NOT_FOUND = "Not found"
FOUND = "Found"
QUESTION_WORDS = 4  # a column of this many words or more (or ending in "?") that names no category is a question
CellCallback = Callable[[GridCell], None]


def grid_columns(specs: Sequence[str] = ()) -> tuple[GridColumn, ...]:
    """Columns from what a user typed: a CUAD category's name (any case) is that category; a question (ending in
    "?", or of several words) is asked as it is. None given: all 41 categories."""
    names = {category.name.casefold(): category.name for category in load_categories()}
    if not specs:
        return tuple(GridColumn("category", name) for name in names.values())
    columns: dict[str, GridColumn] = {}
    for spec in specs:
        text = " ".join(spec.split())
        if not text:
            continue
        if text.casefold() in names:
            column = GridColumn("category", names[text.casefold()])
        elif text.endswith("?") or len(text.split()) >= QUESTION_WORDS:
            column = GridColumn("question", text)
        else:
            raise InputError(
                f'"{text}" is not the name of a CUAD category: to ask it as a question, end it with a question mark.'
            )
        columns.setdefault(column.key, column)
    if not columns:
        raise InputError("Give the grid at least one column.")
    return tuple(columns.values())


def backend_name(settings: Settings) -> str:
    return settings.openai_model if settings.answer_backend == "openai" else "offline"


def grid_method(settings: Settings) -> str:
    """How cells are made now: the app's version, the backend and the category definitions (thresholds and cues)."""
    categories = hashlib.sha256(CATEGORIES_FILE.read_bytes()).hexdigest()[:12]
    return f"grid{GRID_FORMAT}:{__version__}:{backend_name(settings)}:{categories}"


def load_grid(
    retriever: Retriever, cells: CellStore, matter: Matter, columns: Sequence[GridColumn], settings: Settings
) -> Grid:
    """The grid as kept: every cell filled before and still valid (quick: no contract is read)."""
    indexed = _indexed_at(retriever, matter)
    kept = cells.load([c.doc_id for c in matter.contracts], grid_method(settings))
    wanted = {column.key for column in columns}
    valid = {
        key: item.cell
        for key, item in kept.items()
        if key[1] in wanted and indexed.get(item.cell.doc_id) == item.indexed_at
    }
    return Grid(matter, tuple(columns), valid, backend_name(settings))


def fill_grid(
    retriever: Retriever,
    cells: CellStore,
    matter: Matter,
    columns: Sequence[GridColumn],
    settings: Settings,
    progress: ProgressCallback = no_progress,
    on_cell: CellCallback | None = None,
) -> Grid:
    """Fill every cell not kept yet, a contract at a time, each contract's cells kept as soon as they are filled
    (a cancel, ``progress`` raising, loses at most the contract being read). ``on_cell`` receives each new cell.
    A contract that cannot be read gets cells saying why, which are not kept."""
    method = grid_method(settings)
    grid = load_grid(retriever, cells, matter, columns, settings)
    indexed = _indexed_at(retriever, matter)
    filled = dict(grid.cells)
    todo = [
        (contract, [column for column in columns if (contract.doc_id, column.key) not in filled])
        for contract in matter.contracts
    ]
    todo = [(contract, missing) for contract, missing in todo if missing]
    total = sum(len(missing) for _, missing in todo)
    done = 0
    for number, (contract, missing) in enumerate(todo, 1):
        step = _labelled(scaled(progress, done / total, (done + len(missing)) / total), number, len(todo), contract)
        if contract.doc_id in indexed:
            row = _row_cells(retriever, contract, missing, settings, step, on_cell)
        else:
            problem = f"{contract.file_name} is no longer in the index: add it to the matter again."
            row = [_problem_cell(contract, column, problem) for column in missing]
            for cell in row:
                _announce(on_cell, cell)
        cells.save(row, indexed, method)
        filled.update(((cell.doc_id, cell.column), cell) for cell in row)
        done += len(missing)
    progress(1.0, "Grid filled")
    return Grid(matter, tuple(columns), filled, grid.backend)


def _indexed_at(retriever: Retriever, matter: Matter) -> dict[str, str]:
    members = {contract.doc_id for contract in matter.contracts}
    return {record.doc_id: record.ingested_at for record in retriever.documents() if record.doc_id in members}


def _labelled(progress: ProgressCallback, number: int, count: int, contract: MatterContract) -> ProgressCallback:
    def report(fraction: float, message: str) -> None:
        progress(fraction, f"{number} / {count} {contract.file_name}: {message}")

    return report


def _announce(on_cell: CellCallback | None, cell: GridCell) -> None:
    if on_cell is not None:
        on_cell(cell)


def _row_cells(
    retriever: Retriever,
    contract: MatterContract,
    columns: Sequence[GridColumn],
    settings: Settings,
    progress: ProgressCallback,
    on_cell: CellCallback | None,
) -> list[GridCell]:
    by_name = {category.name: category for category in load_categories()}
    categories = [by_name[column.text] for column in columns if column.kind == "category"]
    questions = [column for column in columns if column.kind == "question"]
    share = len(categories) / len(columns)
    row: list[GridCell] = []
    if categories:
        try:
            report = build_clause_report(
                retriever, contract.doc_id, settings, scaled(progress, 0.0, share), categories=categories
            )
            found = [_category_cell(contract.doc_id, result) for result in report.categories]
        except OperationCancelled:
            raise
        except ContractAppError as error:
            found = [_problem_cell(contract, GridColumn("category", c.name), str(error)) for c in categories]
        for cell in found:
            _announce(on_cell, cell)
        row.extend(found)
    for number, column in enumerate(questions):
        progress(share + (1 - share) * number / len(questions), f"Asking: {column.text}")
        try:
            cell = _question_cell(contract.doc_id, column, ask(retriever, contract.doc_id, column.text, settings))
        except OperationCancelled:
            raise
        except ContractAppError as error:
            cell = _problem_cell(contract, column, str(error))
        _announce(on_cell, cell)
        row.append(cell)
    return row


def _category_cell(doc_id: str, result: CategoryResult) -> GridCell:
    answer = result.answer or (FOUND if result.found else NOT_FOUND)
    return GridCell(doc_id, GridColumn("category", result.category).key, result.found, answer, result.clauses)


_MARKER = re.compile(r"\s*\[\d+\]")


def _short(text: str, limit: int = SHORT_ANSWER) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _question_cell(doc_id: str, column: GridColumn, answer: Answer) -> GridCell:
    """Found when the answer cites a clause. Offline, the short answer is the sentence that answers (what the Ask
    tab shows in bold); a model's is its checked answer, without its citation markers."""
    clauses = tuple(_clause_of(citation) for citation in answer.citations)
    if not clauses:
        return GridCell(doc_id, column.key, False, NOT_FOUND)
    text = (answer.citations[0].quote or "") if answer.backend == "offline" else _MARKER.sub("", answer.text)
    return GridCell(doc_id, column.key, True, _short(text) or FOUND, clauses)


def _clause_of(citation: Citation) -> ClauseRef:
    return ClauseRef(citation.section, citation.pages, citation.char_span, " ".join((citation.quote or "").split()))


def _problem_cell(contract: MatterContract, column: GridColumn, problem: str) -> GridCell:
    return GridCell(contract.doc_id, column.key, False, "", (), problem)
