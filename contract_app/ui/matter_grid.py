"""The review grid tab: a row per contract of a matter, a column per CUAD category or question, each cell the short
answer; a click on a cell opens its contract at the cited clause.

The panel only shows a ``Grid`` and says what the user asked for (signals); the window's matter flow runs the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the matters core loads the index's libraries: the worker imports it before a grid arrives
    from contract_app.matters.records import Grid, GridCell, GridColumn

ALL_CATEGORIES = "All 41 CUAD categories"
KEY_TERMS = "Key terms"
CUSTOM = "Chosen columns"
COLUMN_SETS: dict[str, tuple[str, ...]] = {
    ALL_CATEGORIES: (),  # no column named: the core's 41 categories
    KEY_TERMS: (
        "Parties",
        "Agreement Date",
        "Expiration Date",
        "Renewal Term",
        "Governing Law",
        "Anti-Assignment",
        "Change of Control",
        "Termination for Convenience",
        "Cap on Liability",
        "Non-Compete",
        "Exclusivity",
    ),
}
CELL_TEXT = 120  # characters of an answer shown in its cell; the tooltip has the rest and the clause
NOT_FOUND_COLOR = QColor("#8a8f98")


def _shown(text: str, limit: int = CELL_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_set_of(columns: Sequence[GridColumn]) -> str:
    """Which of the offered sets these columns are, or ``CUSTOM`` (a question added, a set edited)."""
    texts = tuple(column.text for column in columns)
    if all(column.kind == "category" for column in columns):
        if len(texts) == 41:
            return ALL_CATEGORIES
        if texts == COLUMN_SETS[KEY_TERMS]:
            return KEY_TERMS
    return CUSTOM


class MatterGridPanel(QWidget):
    matter_chosen = Signal(str)
    columns_chosen = Signal(str, object)  # matter, column specs (tuple[str, ...]) as ``grid_columns`` reads them
    fill_requested = Signal(str)
    export_requested = Signal(str)
    cell_clicked = Signal(object, object)  # MatterContract, GridCell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: Grid | None = None
        self._cells: dict[tuple[str, str], GridCell] = {}
        self._rows: dict[str, int] = {}
        self._columns: dict[str, int] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)

        choose = QHBoxLayout()
        self.matter_box = QComboBox(objectName="matterBox")
        self.matter_box.setPlaceholderText("No matter yet: drop a folder of contracts")
        self.matter_box.currentTextChanged.connect(self._matter_changed)
        self.column_set = QComboBox(objectName="columnSet")
        self.column_set.addItems([*COLUMN_SETS, CUSTOM])
        self.column_set.activated.connect(self._column_set_changed)
        choose.addWidget(self.matter_box, 2)
        choose.addWidget(self.column_set, 1)
        layout.addLayout(choose)

        asking = QHBoxLayout()
        self.question = QLineEdit(placeholderText="Add a column: a question for every contract, ending in ?")
        self.question.returnPressed.connect(self._add_question)
        self.add_question_button = QPushButton("Add question")
        self.add_question_button.clicked.connect(self._add_question)
        asking.addWidget(self.question, 1)
        asking.addWidget(self.add_question_button)
        layout.addLayout(asking)

        actions = QHBoxLayout()
        self.fill_button = QPushButton("Fill grid", objectName="primary")
        self.fill_button.clicked.connect(lambda: self.fill_requested.emit(self.matter_box.currentText()))
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Excel (XLSX) or CSV: a row per contract, each answer beside its citation")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.matter_box.currentText()))
        self.state = QLabel(objectName="hint", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        actions.addWidget(self.fill_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.state, 1)
        layout.addLayout(actions)

        self.table = QTableWidget(objectName="matterGrid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setDefaultSectionSize(180)
        self.table.cellClicked.connect(self._clicked)
        layout.addWidget(self.table, 1)
        self._set_enabled(False)

    # -- what the flow shows ------------------------------------------------------------------------------------
    def set_matters(self, names: Sequence[str], current: str | None = None) -> None:
        shown = current or self.matter_box.currentText()
        self.matter_box.blockSignals(True)
        self.matter_box.clear()
        self.matter_box.addItems(list(names))
        self.matter_box.setCurrentIndex(max(self.matter_box.findText(shown), 0) if names else -1)
        self.matter_box.blockSignals(False)
        if self.matter_box.currentText() and (self._grid is None or self._grid.matter.name != shown):
            self.matter_chosen.emit(self.matter_box.currentText())

    @property
    def matter(self) -> str:
        return self.matter_box.currentText()

    def show_grid(self, grid: Grid) -> None:
        """The whole grid: a row per contract, a column per question; unfilled cells show a dash."""
        self._grid, self._cells = grid, dict(grid.cells)
        if self.matter_box.currentText() != grid.matter.name:
            self.set_matters([self.matter_box.itemText(i) for i in range(self.matter_box.count())], grid.matter.name)
        contracts, columns = grid.matter.contracts, grid.columns
        self._rows = {contract.doc_id: row for row, contract in enumerate(contracts)}
        self._columns = {column.key: number for number, column in enumerate(columns)}
        self.table.clear()
        self.table.setRowCount(len(contracts))
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([column.text for column in columns])
        self.table.setVerticalHeaderLabels([contract.file_name for contract in contracts])
        for number, column in enumerate(columns):
            header = self.table.horizontalHeaderItem(number)
            header.setToolTip(("Question: " if column.kind == "question" else "CUAD category: ") + column.text)
        for contract in contracts:
            for column in columns:
                self._show_cell(contract.doc_id, column.key, grid.cells.get((contract.doc_id, column.key)))
        self.column_set.setCurrentText(column_set_of(columns))
        self._set_enabled(True)
        self._say_filled()

    def put_cell(self, cell: GridCell) -> None:
        """A cell just filled (the grid fills in the background)."""
        self._cells[(cell.doc_id, cell.column)] = cell
        self._show_cell(cell.doc_id, cell.column, cell)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self._set_enabled(not busy and self._grid is not None)
        self.matter_box.setEnabled(not busy)
        if message:
            self.state.setText(message)

    def show_progress(self, fraction: float, message: str) -> None:
        self.state.setText(f"Filling {round(fraction * 100)}% — {message}")

    def grid(self) -> Grid | None:
        """The grid as shown now, with every cell filled so far (what Export writes)."""
        from contract_app.matters.records import Grid

        if self._grid is None:
            return None
        return Grid(self._grid.matter, self._grid.columns, dict(self._cells), self._grid.backend)

    def cell_at(self, row: int, column: int) -> GridCell | None:
        if self._grid is None:
            return None
        key = (self._grid.matter.contracts[row].doc_id, self._grid.columns[column].key)
        return self._cells.get(key)

    # -- inside ----------------------------------------------------------------------------------------------------
    def _show_cell(self, doc_id: str, column: str, cell: GridCell | None) -> None:
        from contract_app.matters.export import cell_text

        row, number = self._rows.get(doc_id), self._columns.get(column)
        if row is None or number is None:
            return
        item = QTableWidgetItem(_shown(cell_text(cell)))
        if cell is not None:
            clause = cell.clauses[0] if cell.clauses else None
            tip = [cell.answer or cell.problem]
            if clause is not None:
                tip += [f"{clause.where} — click to open the clause", clause.text[:600]]
            item.setToolTip("\n\n".join(part for part in tip if part))
            if not cell.found:
                item.setForeground(QBrush(NOT_FOUND_COLOR))
        self.table.setItem(row, number, item)

    def _say_filled(self) -> None:
        grid = self.grid()
        if grid is None:
            return
        missing = grid.missing
        if not grid.size:
            self.state.setText("This matter holds no contracts yet.")
        elif missing:
            self.state.setText(f"{grid.size - missing} of {grid.size} cells filled: Fill grid reads the rest.")
        else:
            self.state.setText(f"All {grid.size} cells filled. Click a cell to open its clause.")

    def filled(self) -> None:
        self.set_busy(False)
        self._say_filled()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.fill_button, self.export_button, self.column_set, self.add_question_button):
            widget.setEnabled(enabled)

    def _matter_changed(self, name: str) -> None:
        if name:
            self.matter_chosen.emit(name)

    def _column_set_changed(self, _index: int) -> None:
        chosen = self.column_set.currentText()
        if chosen in COLUMN_SETS and self.matter:
            self.columns_chosen.emit(self.matter, COLUMN_SETS[chosen])

    def _add_question(self) -> None:
        question = " ".join(self.question.text().split())
        if not question or self._grid is None:
            return
        specs = (*(column.text for column in self._grid.columns), question)
        self.question.clear()
        self.columns_chosen.emit(self.matter, specs)

    def _clicked(self, row: int, column: int) -> None:
        cell = self.cell_at(row, column)
        if cell is not None and self._grid is not None:
            self.cell_clicked.emit(self._grid.matter.contracts[row], cell)
