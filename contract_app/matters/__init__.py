"""Matters: a named set of contracts reviewed together (due diligence: fifty supply agreements, one question).

Every operation is one function over a ``Retriever`` (the index), a ``MatterRegistry`` (which contracts each
matter holds) and, for the grid, a ``CellStore`` (filled cells, kept); all three live in the same place, the local
index or a team's Chroma server. Long operations take ``progress(fraction, message)``, which cancels by raising
``OperationCancelled``; results are frozen values (``records``).

* ``add_folder`` / ``add_files``: index PDFs into a matter (created if need be); resumable.
* ``remove_contract``, ``delete_matter``: out of the matter, and out of the index unless another matter holds it.
* ``MatterRegistry.matters()`` / ``.matter(name)`` / ``.set_columns(name, columns)``.
* ``open_matter``: a matter ready to search (contracts this index lacks indexed again, search indexes loaded).
* ``search_matter``: one question, each contract's best clauses, grouped by contract.
* ``grid_columns``, ``load_grid`` (kept cells, instant), ``fill_grid`` (the rest, ``on_cell`` per new cell).
* ``export_grid``: XLSX, CSV, PDF or DOCX.
"""

from contract_app.matters.cells import CellStore
from contract_app.matters.export import GRID_FORMATS, export_grid
from contract_app.matters.grid import fill_grid, grid_columns, load_grid
from contract_app.matters.ingest import add_files, add_folder, delete_matter, open_matter, pdfs_in, remove_contract
from contract_app.matters.records import (
    AddedFiles,
    ContractHits,
    FailedFile,
    Grid,
    GridCell,
    GridColumn,
    Matter,
    MatterContract,
    MatterSearch,
)
from contract_app.matters.registry import MatterRegistry
from contract_app.matters.search import search_matter, warm_matter

__all__ = [
    "GRID_FORMATS",
    "AddedFiles",
    "CellStore",
    "ContractHits",
    "FailedFile",
    "Grid",
    "GridCell",
    "GridColumn",
    "Matter",
    "MatterContract",
    "MatterRegistry",
    "MatterSearch",
    "add_files",
    "add_folder",
    "delete_matter",
    "export_grid",
    "fill_grid",
    "grid_columns",
    "load_grid",
    "open_matter",
    "pdfs_in",
    "remove_contract",
    "search_matter",
    "warm_matter",
]
