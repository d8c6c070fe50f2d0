"""Matters in the window: a dropped folder becomes a matter, the library groups its contracts, the grid tab fills.

Every core call is a ``matter_ops`` function handed to the runner (progress, cancel, one error path); this class
only routes what comes back to the library, the grid tab and the viewer. The window gives it the few things it
needs of the window (``WindowHooks``) rather than itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from contract_app.errors import OperationCancelled
from contract_app.ui import dialogs, matter_ops
from contract_app.ui.library import DocumentEntry, LibraryPanel
from contract_app.ui.matter_grid import MatterGridPanel
from contract_app.ui.runner import Runner, Task
from contract_app.ui.session import Session

GRID_EXPORT_FORMATS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)"}
RESUME_HINT = "Cancelled — drop the folder again to resume"


@dataclass(frozen=True)
class WindowHooks:
    say: Callable[[str], None]  # a line in the status bar
    open_at: Callable[[DocumentEntry, Any], None]  # show a contract, then the passage (a ``ClauseRef``) highlighted
    save_path: Callable[[str, str, dict[str, str]], tuple[str, str] | None]  # (path, format) or None
    open_contracts: Callable[[], tuple[str, ...]]  # what an export must never overwrite
    show_grid: Callable[[], None]  # bring the grid tab forward
    starting_folder: Callable[[], str]


class MatterFlow(QObject):
    folder_added = Signal(object)  # AddedFiles, once a folder's contracts are in the matter (tests wait on it)
    grid_shown = Signal(object)  # Grid, each time the grid tab shows a whole grid

    def __init__(
        self,
        parent: QWidget,
        runner: Runner,
        session: Session,
        library: LibraryPanel,
        panel: MatterGridPanel,
        hooks: WindowHooks,
    ) -> None:
        super().__init__(parent)
        self._parent, self._runner, self._session = parent, runner, session
        self.library, self.panel, self._hooks = library, panel, hooks
        library.matter_selected.connect(self.show_matter_grid)
        panel.matter_chosen.connect(self.open_grid)
        panel.columns_chosen.connect(self.choose_columns)
        panel.fill_requested.connect(self.fill)
        panel.export_requested.connect(self.choose_export)
        panel.cell_clicked.connect(self.open_cell)

    # -- a folder becomes a matter -------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent, "Open folder as matter", self._hooks.starting_folder())
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str, name: str | None = None) -> Task | None:
        """Ask the matter's name (the folder's by default), then index the folder's PDFs into it."""
        name = name or dialogs.ask_matter_name(self._parent, Path(folder).name)
        if not name:
            return None
        self.library.set_matter(name, status="Starting…")
        return self._runner.run(
            partial(matter_ops.add_folder, self._session, name, folder),
            label=f"Adding {Path(folder).name} to {name}",
            on_progress=lambda _fraction, message: self.library.set_matter(name, status=message),
            on_success=self._added,
            on_failure=partial(self._stopped, name),
        )

    def _added(self, added: Any) -> None:
        matter = added.matter
        status = f"{len(added.indexed)} indexed" + (f", {len(added.failed)} could not be read" if added.failed else "")
        self.show_matter(matter, status)
        self._hooks.say(f"The matter {matter.name} holds {len(matter.contracts)} contracts.")
        if added.failed:
            lines = "\n".join(f"{Path(failed.path).name}: {failed.reason}" for failed in added.failed)
            dialogs.show_notice(self._parent, f"Some files could not be added to {matter.name}:\n\n{lines}")
        self.panel.set_matters(self.library.matters(), matter.name)
        self.folder_added.emit(added)

    def _stopped(self, name: str, error: BaseException) -> None:
        """A cancelled (or failed) run: the contracts it finished are in the matter; running it again resumes."""
        status = RESUME_HINT if isinstance(error, OperationCancelled) else "Stopped — drop the folder again to retry"
        self.library.set_matter(name, status=status)
        self.load()

    def load(self) -> Task:
        """The matters kept beside the index, grouped in the library (at start-up, after the library is listed)."""
        return self._runner.run(
            partial(matter_ops.matters, self._session), label="Opening matters", on_success=self._show
        )

    def _show(self, matters: Sequence[Any]) -> None:
        for matter in matters:
            self.show_matter(matter)
        self.panel.set_matters(self.library.matters())

    def show_matter(self, matter: Any, status: str | None = None) -> None:
        """The matter's heading in the library with its contracts under it (listing those not listed yet)."""
        for contract in matter.contracts:
            if self.library.find(doc_id=contract.doc_id) is None:
                self.library.add(self._stored_entry(contract))
        doc_ids = tuple(contract.doc_id for contract in matter.contracts)
        self.library.set_matter(matter.name, doc_ids, status)

    @staticmethod
    def _stored_entry(contract: Any) -> DocumentEntry:
        entry = DocumentEntry(
            key=contract.doc_id, path=contract.path, name=contract.file_name, state="stored", doc_id=contract.doc_id
        )
        entry.pages = contract.pages
        return entry

    def remove_contract(self, entry: DocumentEntry, name: str, then: Callable[[], None]) -> Task:
        """A contract of a matter leaves the matter (and the index, unless another matter holds it); ``then``
        takes it out of the window."""

        def removed(matter: Any) -> None:
            then()
            self.show_matter(matter)

        return self._runner.run(
            partial(matter_ops.remove_contract, self._session, name, entry.doc_id),
            label=f"Removing {entry.name} from {name}",
            on_success=removed,
        )

    # -- the grid ------------------------------------------------------------------------------------------------
    def show_matter_grid(self, name: str) -> None:
        self.panel.set_matters(self.library.matters(), name)
        self._hooks.show_grid()

    def open_grid(self, name: str) -> None:
        self._run_grid(partial(matter_ops.open_grid, self._session, name), "Opening the grid")

    def choose_columns(self, name: str, specs: Sequence[str]) -> None:
        self._run_grid(partial(matter_ops.choose_columns, self._session, name, tuple(specs)), "Choosing columns")

    def _run_grid(self, op: Callable[..., Any], label: str) -> None:
        self.panel.set_busy(True)
        self._runner.run(
            op, label=label, on_success=self._show_grid, on_failure=lambda _error: self.panel.set_busy(False)
        )

    def _show_grid(self, grid: Any) -> None:
        self.panel.show_grid(grid)
        self.panel.set_busy(False)
        self.grid_shown.emit(grid)

    def fill(self, name: str) -> Task:
        """Fill the cells not kept yet, in the background: each cell shows as it is filled; Cancel keeps them."""
        self.panel.set_busy(True, "Filling…")

        def filled(grid: Any) -> None:
            self._show_grid(grid)
            self.panel.filled()

        return self._runner.run(
            partial(matter_ops.fill_grid, self._session, name),
            label=f"Filling the grid of {name}",
            on_item=self.panel.put_cell,
            on_progress=self.panel.show_progress,
            on_success=filled,
            on_failure=lambda _error: self.panel.filled(),
        )

    def open_cell(self, contract: Any, cell: Any) -> None:
        """The cell's contract in the viewer, at its first cited clause, highlighted."""
        if not cell.clauses:
            self._hooks.say(f"{contract.file_name}: nothing found for this column, so no clause to open.")
            return
        entry = self.library.find(doc_id=contract.doc_id)
        if entry is None:
            entry = self._stored_entry(contract)
            self.library.add(entry)
        self._hooks.open_at(entry, cell.clauses[0])
        self._hooks.say(f"{contract.file_name}, {cell.where}: {cell.answer}")

    def choose_export(self, name: str) -> None:
        grid = self.panel.grid()
        if grid is None:
            return
        chosen = self._hooks.save_path("Export the review grid", f"{name} - review grid", GRID_EXPORT_FORMATS)
        if chosen is not None:
            self.export(grid, *chosen)

    def export(self, grid: Any, path: str, fmt: str, force: bool = False) -> Task:
        return self._runner.run(
            partial(matter_ops.export_grid, self._session, grid, path, fmt, self._hooks.open_contracts(), force=force),
            label="Exporting the grid",
            on_success=lambda written: self._hooks.say(f"Grid exported to {written}"),
            retry=partial(self.export, grid, path, fmt),  # with force=True once the user said "Replace"
        )
