"""What the matter operations return: small frozen values a window, the CLI and the tests read alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from contract_app.errors import InputError
from contract_app.model import Hit
from contract_app.reports.results import ClauseRef
from contract_app.retrieval.records import IngestResult

MAX_NAME = 120


def matter_name(raw: str) -> str:
    """The name as kept: one space between words, so "Project  Falcon" and "Project Falcon" are one matter."""
    name = " ".join(str(raw).split())
    if not name:
        raise InputError("Give the matter a name.")
    if len(name) > MAX_NAME:
        raise InputError(f"A matter's name may be at most {MAX_NAME} characters long.")
    return name


ColumnKind = Literal["category", "question"]


@dataclass(frozen=True)
class GridColumn:
    """A column of the review grid: a CUAD category (by its name) or a question of the user's own."""

    kind: ColumnKind
    text: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.text}"

    @classmethod
    def from_key(cls, key: str) -> GridColumn:
        kind, _, text = key.partition(":")
        if kind not in ("category", "question") or not text:
            raise ValueError(f"not a grid column: {key!r}")
        return cls(kind, text)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MatterContract:
    """A contract of a matter: the indexed document (by content hash) and where it was read from."""

    doc_id: str
    file_name: str
    path: str
    pages: int
    added_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Matter:
    name: str
    created_at: str
    contracts: tuple[MatterContract, ...]  # in file-name order
    columns: tuple[GridColumn, ...] = ()  # the grid's columns as last chosen (none yet: the 41 categories)

    @property
    def pages(self) -> int:
        return sum(contract.pages for contract in self.contracts)

    def contract(self, reference: str) -> MatterContract:
        """The contract a user named: its file name, its path, or the start of its document id (8+ characters)."""
        wanted = reference.strip()
        exact = [c for c in self.contracts if wanted in (c.file_name, c.path, c.doc_id)]
        found = exact or [c for c in self.contracts if len(wanted) >= 8 and c.doc_id.startswith(wanted)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise InputError(f"The matter {self.name} holds no contract named {wanted}.")
        raise InputError(f"Several contracts of the matter {self.name} are named {wanted}: give its full path.")


@dataclass(frozen=True)
class FailedFile:
    path: str
    reason: str  # one plain sentence


@dataclass(frozen=True)
class AddedFiles:
    """What adding a folder (or files) to a matter did, file by file."""

    matter: Matter
    indexed: tuple[IngestResult, ...]  # every file now in the matter; ``skipped`` ones were indexed already
    failed: tuple[FailedFile, ...]
    seconds: float

    @property
    def newly_indexed(self) -> int:
        return sum(not result.skipped for result in self.indexed)


@dataclass(frozen=True)
class ContractHits:
    """One contract's best clauses for a question asked across its matter."""

    contract: MatterContract
    hits: tuple[Hit, ...]
    problem: str = ""  # why this contract could not be searched ("" when it was)

    @property
    def relevance(self) -> float:
        """How well the best clause matches, comparable across contracts: the cosine similarity of the best hit
        (one model for every contract), or with no dense model its fused score."""
        if not self.hits:
            return float("-inf")
        best = self.hits[0]
        return best.stage_scores.get("dense") or best.score


@dataclass(frozen=True)
class MatterSearch:
    matter: str
    question: str
    groups: tuple[ContractHits, ...]  # most relevant contract first
    seconds: float


@dataclass(frozen=True)
class GridCell:
    """One contract's answer to one column: the short answer and the clauses it rests on."""

    doc_id: str
    column: str  # ``GridColumn.key``
    found: bool
    answer: str  # the fact when it can be told, else "Found" / "Not found"; a question's short answer
    clauses: tuple[ClauseRef, ...] = ()
    problem: str = ""  # why it could not be filled ("" when it was): such a cell is not kept

    @property
    def where(self) -> str:
        """The first clause's citation, "§ 12.3, p. 9" ("" when there is none)."""
        return self.clauses[0].where if self.clauses else ""


@dataclass(frozen=True)
class Grid:
    matter: Matter
    columns: tuple[GridColumn, ...]
    cells: Mapping[tuple[str, str], GridCell] = field(default_factory=dict)  # (doc_id, column key) -> cell
    backend: str = "offline"

    def cell(self, doc_id: str, column: GridColumn) -> GridCell | None:
        return self.cells.get((doc_id, column.key))

    @property
    def size(self) -> int:
        return len(self.matter.contracts) * len(self.columns)

    @property
    def missing(self) -> int:
        """Cells not filled yet (or that could not be filled)."""
        return sum(
            not (cell := self.cells.get((contract.doc_id, column.key))) or bool(cell.problem)
            for contract in self.matter.contracts
            for column in self.columns
        )
