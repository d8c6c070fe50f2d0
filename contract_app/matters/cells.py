"""Filled grid cells, kept: a grid reopened (or opened by a colleague on the same server) shows them at once.

A cell belongs to a document, not to a matter: a contract in two matters is read once. Each kept cell records how
it was made (``method``: the backend and the category definitions) and which indexing of its contract it read
(the record's ``ingested_at``); a contract indexed again, or a change of backend or categories, makes it stale, and
it is filled again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from contract_app.matters.records import GridCell
from contract_app.matters.shelf import Row, Shelf
from contract_app.reports.results import ClauseRef
from contract_app.settings import Settings

COLLECTION = "grid-cells"
CELL_SCHEMA = 1
KEPT_CLAUSE_CHARS = 1500  # clause text kept per citation: enough for a comment in a spreadsheet


@dataclass(frozen=True)
class KeptCell:
    cell: GridCell
    indexed_at: str  # the document record's ``ingested_at`` when the cell was filled


def _row_id(doc_id: str, column: str, method: str) -> str:
    digest = hashlib.sha256(f"{column}\n{method}".encode()).hexdigest()[:24]
    return f"cell:{doc_id}:{digest}"


def _clause_json(clause: ClauseRef) -> dict[str, object]:
    return {
        "section": clause.section,
        "pages": list(clause.pages),
        "char_span": list(clause.char_span),
        "text": clause.text[:KEPT_CLAUSE_CHARS],
    }


def _clause(raw: dict[str, object]) -> ClauseRef:
    start, end = raw["char_span"]  # type: ignore[misc]
    return ClauseRef(str(raw["section"]), tuple(raw["pages"]), (int(start), int(end)), str(raw["text"]))  # type: ignore[arg-type]


def _row(cell: GridCell, indexed_at: str, method: str) -> Row:
    return _row_id(cell.doc_id, cell.column, method), {
        "doc_id": cell.doc_id,
        "column": cell.column,
        "method": method,
        "indexed_at": indexed_at,
        "found": cell.found,
        "answer": cell.answer,
        "clauses": json.dumps([_clause_json(clause) for clause in cell.clauses], ensure_ascii=False),
        "schema": CELL_SCHEMA,
    }


def _kept(metadata: dict[str, object]) -> KeptCell:
    cell = GridCell(
        doc_id=str(metadata["doc_id"]),
        column=str(metadata["column"]),
        found=bool(metadata["found"]),
        answer=str(metadata["answer"]),
        clauses=tuple(_clause(raw) for raw in json.loads(str(metadata["clauses"]))),
    )
    return KeptCell(cell, str(metadata["indexed_at"]))


class CellStore:
    def __init__(self, settings: Settings) -> None:
        self._shelf = Shelf(settings, COLLECTION)

    def load(self, doc_ids: Sequence[str], method: str) -> dict[tuple[str, str], KeptCell]:
        """The kept cells of these documents made by ``method``, by (doc_id, column key)."""
        if not doc_ids:
            return {}
        where = {"$and": [{"doc_id": {"$in": list(doc_ids)}}, {"method": method}]}
        kept = (_kept(meta) for _, meta in self._shelf.find(where) if int(meta.get("schema", 0)) <= CELL_SCHEMA)
        return {(item.cell.doc_id, item.cell.column): item for item in kept}

    def save(self, cells: Sequence[GridCell], indexed_at: Mapping[str, str], method: str) -> None:
        """Keep filled cells (a cell that could not be filled is not kept: it is tried again next time)."""
        rows = [_row(cell, indexed_at[cell.doc_id], method) for cell in cells if not cell.problem]
        if rows:
            self._shelf.put(rows)

    def discard(self, doc_id: str) -> None:
        """Forget every cell of a document (it left the index)."""
        self._shelf.remove({"doc_id": doc_id})
