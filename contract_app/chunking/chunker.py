"""Section-bounded chunks: whole small sections, packed siblings, long sections split with overlap.

A top-level section (or the preamble, or text between top-level sections) is chunked on its own, so no chunk
straddles two of them. Inside one, a subtree that fits in ``max_tokens`` stays whole; bigger ones are broken into
their own text and their children, and consecutive pieces of the same parent are packed up to ``target_tokens``.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract_app.chunking.config import ChunkConfig
from contract_app.chunking.context import ContextLinker
from contract_app.chunking.render import PREAMBLE_LABEL
from contract_app.chunking.tokens import TokenIndex, trim
from contract_app.chunking.tree import heading, title_of
from contract_app.chunking.windows import split_run
from contract_app.model import Chunk, ContractStructure, Span
from contract_app.structure.graph import PlacedSection


@dataclass
class _Piece:
    span: Span
    owner: str | None  # the section whose children this piece sits among (packing stays within one owner)


class _Chunker:
    def __init__(self, structure: ContractStructure, config: ChunkConfig) -> None:
        self.structure = structure
        self.text = structure.document.text
        self.config = config
        self.tokens = TokenIndex(self.text)
        self.tree = structure.graph

    def spans(self) -> list[Span]:
        spans: list[Span] = []
        for region, node in self._regions():
            pieces = self._pieces_of(node) if node else self._loose(region, None)
            spans.extend(self._pack(pieces))
        return spans

    def _regions(self) -> list[tuple[Span, PlacedSection | None]]:
        """Top-level sections and the text around them, in order."""
        regions: list[tuple[Span, PlacedSection | None]] = []
        position = 0
        for node in self.tree.roots:
            if node.span[0] > position:
                regions.append(((position, node.span[0]), None))
            regions.append((node.span, node))
            position = node.span[1]
        if position < len(self.text):
            regions.append(((position, len(self.text)), None))
        return regions

    def _pieces_of(self, node: PlacedSection) -> list[_Piece]:
        own = node.section.id
        if self.tokens.count(node.span) <= self.config.max_tokens:
            return self._loose(node.span, node.section.parent if len(node.path) > 1 else None)
        if not node.children:
            return self._loose(node.span, own)  # its windows pack with siblings only when very small
        pieces: list[_Piece] = []
        position = node.span[0]
        for child in node.children:
            pieces += self._loose((position, child.span[0]), own)
            pieces += self._pieces_of(child)
            position = child.span[1]
        return pieces + self._loose((position, node.span[1]), own)

    def _loose(self, span: Span, owner: str | None) -> list[_Piece]:
        trimmed = trim(self.text, span)
        if trimmed is None:
            return []
        return [_Piece(window, owner) for window in split_run(self.text, trimmed, self.tokens, self.config)]

    def _pack(self, pieces: list[_Piece]) -> list[Span]:
        """Greedy packing: siblings up to the target; a too-small chunk takes its neighbour up to the maximum."""
        config = self.config
        packed: list[_Piece] = []
        for piece in pieces:
            if packed:
                current = packed[-1]
                merged = (current.span[0], max(current.span[1], piece.span[1]))
                size = self.tokens.count(merged)
                same_parent = piece.owner == current.owner
                small = self.tokens.count(current.span) < config.min_tokens
                if (same_parent and size <= config.target_tokens) or (small and size <= config.max_tokens):
                    packed[-1] = _Piece(merged, piece.owner)
                    continue
            packed.append(piece)
        if len(packed) > 1 and self.tokens.count(packed[-1].span) < config.min_tokens:
            merged = (packed[-2].span[0], packed[-1].span[1])
            if self.tokens.count(merged) <= config.max_tokens:
                packed[-2:] = [_Piece(merged, packed[-1].owner)]
        return [piece.span for piece in packed]

    def chunk(self, index: int, span: Span, linker: ContextLinker) -> Chunk:
        document = self.structure.document
        covering = self.tree.covering(span)
        if covering is not None:
            label = covering.section.label
            path = tuple(heading(node) for node in covering.path)
        else:
            before_first = bool(self.tree.roots) and span[1] <= self.tree.roots[0].span[0]
            label, path = (PREAMBLE_LABEL if before_first else ""), ()
        overlapping = self.tree.overlapping(span)
        inner = [node for node in overlapping if node.span[0] >= span[0] and node is not covering]
        return Chunk(
            id=f"{document.sha256[:16]}:{index}",
            doc_id=document.sha256,
            index=index,
            text=self.text[span[0] : span[1]],
            char_span=span,
            pages=document.pages_of(span),
            section_ids=tuple(node.section.id for node in overlapping),
            section_label=label,
            heading_path=path,
            inner_headings=tuple(heading(node) for node in inner if title_of(node)),
            context=linker.context_for(span),
            terms=linker.terms_for(span),
            cited=linker.cited_for(span),
        )


def chunk_contract(structure: ContractStructure, config: ChunkConfig | None = None) -> tuple[Chunk, ...]:
    """Cut a contract into section-bounded chunks, each with the definitions and sections it depends on."""
    chunker = _Chunker(structure, config or ChunkConfig())
    linker = ContextLinker(structure, chunker.tokens, chunker.config)
    return tuple(chunker.chunk(index, span, linker) for index, span in enumerate(chunker.spans()))
