"""Linked context: the definitions a chunk's terms depend on and the sections it cites, within a token budget.

Definitions come first (a clause is unreadable without them), each cut to its defining sentence; the referenced
sections share what is left of the budget, nearest first. Everything is looked up through sorted offsets built once
per document (the section graph's), so attaching context stays linear in the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from contract_app.chunking.config import ChunkConfig
from contract_app.chunking.header import is_pointer, one_line_meaning, section_title
from contract_app.chunking.tokens import TokenIndex, cut_cleanly, sentence_starts, trim
from contract_app.model import (
    CitedSection,
    ContextKind,
    ContractStructure,
    CrossReference,
    Definition,
    LinkedContext,
    Span,
    TermMeaning,
)
from contract_app.structure.graph import PlacedSection


@dataclass(frozen=True)
class _Candidate:
    kind: ContextKind
    label: str
    span: Span
    section_id: str | None
    tokens: int


class ContextLinker:
    """Finds, for any chunk span, the definitions and referenced sections it depends on."""

    def __init__(self, structure: ContractStructure, tokens: TokenIndex, config: ChunkConfig) -> None:
        self._text = structure.document.text
        self._graph = structure.graph
        self._tokens = tokens
        self._pages = structure.document
        self._config = config
        self._term_uses = self._graph.term_occurrences()
        self._use_starts = [start for start, _, _ in self._term_uses]
        self._pointed: dict[tuple[str, str], tuple[Span, str | None]] = {}
        self._meanings: dict[tuple[str, Span], str] = {}
        self._titles: dict[str, str] = {}
        self._attached: dict[Span, Span] = {}

    def context_for(self, span: Span) -> tuple[LinkedContext, ...]:
        definitions = self._definition_candidates(span)
        references = self._reference_candidates(span, {item.span for item in definitions})
        budget = self._config.context_budget_tokens
        allowances = _fair_shares([item.tokens for item in definitions], budget, self._config.min_context_tokens)
        linked = [
            self._linked(item, allowance)
            for item, allowance in zip(definitions, allowances, strict=True)
            if allowance > 0
        ]
        remaining = budget - sum(allowances)
        for item in references:
            allowance = min(item.tokens, remaining)
            if allowance < min(item.tokens, self._config.min_context_tokens):
                continue
            linked.append(self._linked(item, allowance))
            remaining -= allowance
        return tuple(linked)

    def _definition_candidates(self, span: Span) -> list[_Candidate]:
        """One definition per term used in ``span``, in order of first use; none for terms defined inside it."""
        return [
            _Candidate(
                "definition",
                term,
                target_span,
                section_id,
                min(self._tokens.count(target_span), self._config.definition_max_tokens),
            )
            for term, target_span, section_id in self._used_terms(span)
        ]

    def _used_terms(self, span: Span) -> list[tuple[str, Span, str | None]]:
        """(term, defining text, its section) per defined term used in ``span`` but defined elsewhere."""
        used: list[tuple[str, Span, str | None]] = []
        seen: set[str] = set()
        first = bisect_left(self._use_starts, span[0])
        for position in range(first, len(self._term_uses)):  # neither a slice nor islice: both walk the rest
            start, end, term = self._term_uses[position]
            if start >= span[1]:
                break
            if end > span[1] or term in seen:
                continue
            seen.add(term)
            resolved = self._resolve(term, span)
            if resolved is not None:
                used.append((term, *resolved))
        return used

    def terms_for(self, span: Span) -> tuple[TermMeaning, ...]:
        """Every defined term ``span`` uses (defined elsewhere), with what its definition says it is."""
        return tuple(TermMeaning(term, self._meaning(term, target)) for term, target, _ in self._used_terms(span))

    def _meaning(self, term: str, target: Span) -> str:
        """The one-line meaning from the attached definition, or from another definition of the term when that
        one only points elsewhere ("has the meaning assigned in the preamble"); "" when none says more."""
        key = (term, target)
        if key not in self._meanings:
            spans = [target] + [self._definition_text(d)[0] for d in self._defining(term)]
            meanings = (one_line_meaning(term, self._text, span) for span in spans)
            self._meanings[key] = next((meaning for meaning in meanings if not is_pointer(meaning)), "")
        return self._meanings[key]

    def cited_for(self, span: Span) -> tuple[CitedSection, ...]:
        """Every section cited inside ``span``, in document order, leaving out the chunk's own sections and
        sections it holds whole."""
        cited: dict[str, tuple[Span, CitedSection]] = {}
        for reference in self._graph.citations_in(span):
            node = self._graph.placed(reference.target or "")
            if node is None or node.section.id in cited or _inside(span, node.span) or _inside(node.span, span):
                continue
            if node.section.id not in self._titles:
                self._titles[node.section.id] = section_title(node, self._text)
            cited[node.section.id] = (node.span, CitedSection(node.section.id, self._titles[node.section.id]))
        return tuple(item for _, item in sorted(cited.values(), key=lambda pair: pair[0]))

    def _resolve(self, term: str, span: Span) -> tuple[Span, str | None] | None:
        """The nearest text defining ``term`` (pointers followed one hop), or None when ``span`` defines it itself."""
        best: tuple[int, Span, str | None] | None = None
        for definition in self._defining(term):
            target_span, section_id = self._definition_text(definition)
            defined_at = (trim(self._text, definition.span) or definition.span)[0]
            if span[0] <= defined_at < span[1] or _inside(self._attached_part(target_span), span):
                return None  # the chunk holds where the term is defined, or all of what would be attached
            distance = _distance(target_span, span)
            if best is None or distance < best[0]:
                best = (distance, target_span, section_id)
        return None if best is None else (best[1], best[2])

    def _defining(self, term: str) -> tuple[Definition, ...]:
        """Where the chunker looks for what ``term`` means: its first definition, from the section graph."""
        first = self._graph.first_definition(term)
        return (first,) if first is not None else ()

    def _attached_part(self, span: Span) -> Span:
        if span not in self._attached:
            self._attached[span] = cut_cleanly(self._text, span, self._tokens, self._config.definition_max_tokens)[0]
        return self._attached[span]

    def _definition_text(self, definition: Definition) -> tuple[Span, str | None]:
        """The defining sentence; for a pointer ("has the meaning set forth in Section 4.3"), the one it points to."""
        node = self._graph.placed(definition.refers_to) if definition.refers_to else None
        if node is None:
            return trim(self._text, definition.span) or definition.span, definition.section_id
        key = (definition.term, node.section.id)
        if key not in self._pointed:
            self._pointed[key] = self._pointed_text(definition.term, node)
        return self._pointed[key]

    def _pointed_text(self, term: str, node: PlacedSection) -> tuple[Span, str | None]:
        for other in self._defining(term):
            if other.refers_to is None and _inside(other.span, node.span):
                return other.span, other.section_id
        mention = _quoted(term).search(self._text, *node.span) or _bare(term).search(self._text, *node.span)
        if mention is None:
            return node.span, node.section.id
        starts = sentence_starts(self._text, node.span)
        index = bisect_right(starts, mention.start())
        start = starts[index - 1] if index else node.span[0]
        end = starts[index] if index < len(starts) else node.span[1]
        sentence = trim(self._text, (start, end)) or (start, end)
        holder = self._graph.covering(sentence) or node
        return sentence, holder.section.id

    def _reference_candidates(self, span: Span, already: set[Span]) -> list[_Candidate]:
        """Sections cited inside ``span`` (one hop), nearest first, leaving out the chunk's own sections."""
        found: dict[str, _Candidate] = {}
        for reference in self._graph.citations_in(span):
            node = self._graph.placed(reference.target or "")
            if node is None or node.section.id in found:
                continue
            if _inside(span, node.span) or node.span in already:
                continue
            if _inside(cut_cleanly(self._text, node.span, self._tokens, self._config.reference_max_tokens)[0], span):
                continue
            tokens = min(self._tokens.count(node.span), self._config.reference_max_tokens)
            found[node.section.id] = _Candidate(
                "reference", _reference_label(reference, node.section.label), node.span, node.section.id, tokens
            )
        return sorted(found.values(), key=lambda item: _distance(item.span, span))

    def _linked(self, candidate: _Candidate, allowance: int) -> LinkedContext:
        kept, cut = cut_cleanly(self._text, candidate.span, self._tokens, allowance)
        kept = trim(self._text, kept) or kept
        text = self._text[kept[0] : kept[1]] + (" …" if cut else "")
        return LinkedContext(
            kind=candidate.kind,
            label=candidate.label,
            text=text,
            section_id=candidate.section_id,
            pages=self._pages.pages_of(kept),
            span=kept,
        )


def _reference_label(reference: CrossReference, section_label: str) -> str:
    return section_label or reference.target_label or reference.text


def _quoted(term: str) -> re.Pattern[str]:
    return re.compile(r"[\"“'‘]" + re.escape(term) + r"[\"”'’]")


def _bare(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])")


def _fair_shares(sizes: list[int], budget: int, minimum: int) -> list[int]:
    """Give every piece its size if all fit; otherwise the small ones whole and an equal cut of the rest to others.

    Pieces that would get less than ``minimum`` are dropped (allowance 0), latest first.
    """
    if sum(sizes) <= budget:
        return list(sizes)
    count = len(sizes)
    while count and budget // count < minimum:
        count -= 1
    shares = [0] * len(sizes)
    left, remaining = budget, count
    for index in sorted(range(count), key=lambda position: sizes[position]):
        shares[index] = min(sizes[index], left // remaining)
        left -= shares[index]
        remaining -= 1
    return shares


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _distance(first: Span, second: Span) -> int:
    return max(first[0] - second[1], second[0] - first[1], 0)
