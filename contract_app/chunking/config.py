"""Chunk sizes and the linked-context budget, in approximate MiniLM tokens (swept by benchmarks/retrieval.py)."""

from __future__ import annotations

from dataclasses import dataclass

from contract_app.errors import ConfigurationError


@dataclass(frozen=True)
class ChunkConfig:
    """Sizes that decide where chunks are cut.

    Defaults measured on the CUAD dev set (MiniLM + BM25 fused, every 4th contract): clause-sized chunks of about
    80 tokens found more gold clauses within a 4,000-character budget (R@4k 0.78) than 60 (0.77), 100 (0.76),
    120 (0.76), 160 (0.71) or 200 tokens (0.70), and a 15-token overlap beat none (0.77). With the heading prefix
    they stay well inside MiniLM's 256-token window.
    """

    target_tokens: int = 80  # pack small sibling sections up to this size
    max_tokens: int = 100  # a section this small is never split; no chunk is larger (bar one very long word)
    overlap_tokens: int = 15  # repeated at the start of the next piece when a long text run is split
    context_budget_tokens: int = 320  # linked definitions and referenced sections per chunk, definitions first
    min_tokens: int = 30  # a chunk smaller than this is packed with its neighbour even across subsections
    definition_max_tokens: int = 96  # one definition is cut to this length (the defining sentence rarely is longer)
    reference_max_tokens: int = 160  # one referenced section is cut to this length
    min_context_tokens: int = 16  # a context piece shorter than this is not worth attaching

    def __post_init__(self) -> None:
        if not 0 < self.min_tokens <= self.target_tokens <= self.max_tokens:
            raise ConfigurationError("Chunk sizes must satisfy 0 < min_tokens <= target_tokens <= max_tokens.")
        if not 0 <= self.overlap_tokens < self.target_tokens:
            raise ConfigurationError("The chunk overlap must be smaller than the target chunk size.")
        if min(self.context_budget_tokens, self.definition_max_tokens, self.reference_max_tokens) < 0:
            raise ConfigurationError("Context budgets cannot be negative.")
