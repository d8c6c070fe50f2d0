"""What the window asks of the matters core, one small function per operation; each runs in the runner's lane.

Like ``operations``: each takes the ``Session`` and the runner's ``TaskContext`` and returns a core value (a
``Matter``, a ``Grid``, ``AddedFiles``) for the window to show. A grid being filled sends each new cell as it comes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from contract_app.ui.runner import TaskContext
from contract_app.ui.session import Session

if TYPE_CHECKING:  # importing the matters core loads the index's libraries: in the worker, on first use
    from contract_app.matters import AddedFiles, Grid, Matter


def add_folder(session: Session, name: str, folder: str, context: TaskContext) -> AddedFiles:
    """The folder's PDFs into the matter (created if need be); a cancelled run keeps what it finished."""
    from contract_app.matters import add_folder as add

    registry, _cells = session.matter_stores()
    return add(session.retriever(), registry, name, folder, progress=context.progress)


def remove_contract(session: Session, name: str, doc_id: str, context: TaskContext) -> Matter:
    """Out of the matter, and out of the index with its kept cells unless another matter holds it."""
    from contract_app.matters import remove_contract as remove

    registry, cells = session.matter_stores()
    return remove(session.retriever(), registry, cells, name, doc_id)


def matters(session: Session, context: TaskContext) -> tuple[Matter, ...]:
    registry, _cells = session.matter_stores()
    return registry.matters()


def open_grid(session: Session, name: str, context: TaskContext) -> Grid:
    """The matter's grid as kept: its chosen columns (the 41 categories until the user chose) and every cell
    filled before that is still valid. Quick: no contract is read."""
    from contract_app.matters import grid_columns, load_grid

    registry, cells = session.matter_stores()
    matter = registry.matter(name)
    columns = matter.columns or grid_columns()
    return load_grid(session.retriever(), cells, matter, columns, session.settings)


def choose_columns(session: Session, name: str, specs: Sequence[str], context: TaskContext) -> Grid:
    """Keep the columns the user chose (category names or questions, as ``grid_columns`` reads them; none: the
    41 categories) with the matter, and return its grid with them."""
    from contract_app.matters import grid_columns

    registry, _cells = session.matter_stores()
    registry.set_columns(name, grid_columns(specs))
    return open_grid(session, name, context)


def fill_grid(session: Session, name: str, context: TaskContext) -> Grid:
    """Fill the cells not kept yet, each sent to the window as soon as it is filled."""
    from contract_app.matters import fill_grid as fill
    from contract_app.matters import grid_columns

    registry, cells = session.matter_stores()
    matter = registry.matter(name)
    columns = matter.columns or grid_columns()
    return fill(
        session.retriever(), cells, matter, columns, session.settings, progress=context.progress, on_cell=context.send
    )


def export_grid(
    session: Session,
    grid: Grid,
    path: str,
    fmt: str,
    open_contracts: tuple[str, ...],
    context: TaskContext,
    *,
    force: bool = False,
) -> str:
    """Through the guarded writer: never over a contract or into the index, over a file only with ``force``."""
    from contract_app.matters import export_grid as export
    from contract_app.outputs import Protected

    protected = Protected.of_index(session.retriever(), *open_contracts, *(c.path for c in grid.matter.contracts))
    return str(export(grid, Path(path), fmt, force=force, protected=protected))
