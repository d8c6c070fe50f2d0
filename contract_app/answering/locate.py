"""Where a cited span sits: its pages and the most specific section a lawyer would cite ("9.2", not "Article IX").

A chunk can hold several sections; a citation points at one sentence or quote, so its label and pages come from
the contract's structure when that is at hand, else from the chunk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from contract_app.errors import ContractAppError
from contract_app.model import Chunk, ContractStructure, Span


@dataclass
class Locator:
    structure_of: Callable[[], ContractStructure] | None = None  # called at most once, and only when needed
    _structure: ContractStructure | None = field(default=None, init=False)
    _failed: bool = field(default=False, init=False)

    def _load(self) -> ContractStructure | None:
        if self._structure is None and not self._failed and self.structure_of is not None:
            try:
                self._structure = self.structure_of()
            except (ContractAppError, OSError):  # an unreadable source only costs precision: use the chunk's labels
                self._failed = True
        return self._structure

    def structure(self) -> ContractStructure | None:
        """The contract's structure when it can be had (loaded on first use), else None."""
        return self._load()

    def pages(self, span: Span, chunk: Chunk) -> tuple[int, ...]:
        if len(chunk.pages) <= 1:
            return tuple(chunk.pages)
        structure = self._load()
        return structure.document.pages_of(span) if structure else tuple(chunk.pages)

    def section(self, span: Span, chunk: Chunk) -> str:
        structure = self._load()
        if structure is None:
            return chunk.section_label
        placed = structure.graph.covering(span)
        section = placed.section if placed else structure.section_at(span[0])
        return section.label if section else chunk.section_label


CHUNK_ONLY = Locator()
