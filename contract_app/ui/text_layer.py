"""The parsed text behind the viewer's pages: what a point on a page points at, what Find finds, and how a copied
passage is cited. No Qt: the viewer hands it page coordinates in PDF points.

Positions come from the parser's lines (``ParsedDocument.lines``, the same boxes citations highlight), so what is
selected, found and cited is the contract text the rest of the app reads, headers and page numbers left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contract_app.model import ContractStructure, Highlight, Span, TextLine

MAX_HITS = 2000


def pages_phrase(pages: Sequence[int]) -> str:
    """``p. 3`` or ``pp. 3-4``: how a citation names its pages."""
    if not pages:
        return ""
    return f"p. {pages[0]}" if pages[0] == pages[-1] else f"pp. {pages[0]}-{pages[-1]}"


def find_pattern(query: str) -> re.Pattern[str] | None:
    """The query's words in order, any case, across line breaks and runs of spaces."""
    words = query.split()
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE) if words else None


class TextLayer:
    def __init__(self, structure: ContractStructure) -> None:
        self.structure = structure
        self.document = structure.document
        self._lines: dict[int, list[TextLine]] = {}
        for line in self.document.lines:
            self._lines.setdefault(line.page, []).append(line)

    def offset_at(self, page: int, x: float, y: float) -> int | None:
        """The character offset under a point of ``page`` (the nearest line's, left of it: its start, right of it:
        its end); None on a page without text."""
        lines = self._lines.get(page)
        if not lines:
            return None

        def distance(line: TextLine) -> tuple[float, float]:
            box = line.bbox
            return max(box.y0 - y, y - box.y1, 0.0), max(box.x0 - x, x - box.x1, 0.0)

        line = min(lines, key=distance)
        start, end = line.span
        width = max(line.bbox.x1 - line.bbox.x0, 1.0)
        share = min(max((x - line.bbox.x0) / width, 0.0), 1.0)
        return start + round(share * (end - start))

    def word_at(self, page: int, x: float, y: float) -> Span | None:
        offset = self.offset_at(page, x, y)
        if offset is None:
            return None
        text = self.document.text
        start, end = offset, offset
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        return (start, end) if end > start else None

    def find(self, query: str) -> list[Span]:
        pattern = find_pattern(query)
        if pattern is None:
            return []
        hits = []
        for match in pattern.finditer(self.document.text):
            hits.append(match.span())
            if len(hits) == MAX_HITS:
                break
        return hits

    def boxes(self, span: Span) -> tuple[Highlight, ...]:
        return self.document.highlights(span)

    def citation(self, span: Span) -> str:
        """``Section 7.2(a), p. 11``: the most specific section holding the whole passage, and its pages."""
        placed = self.structure.graph.covering(span)
        pages = pages_phrase(self.document.pages_of(span))
        if placed is None:
            return pages
        label = placed.section.label
        label = f"Section {label}" if label[:1].isdigit() else label
        return f"{label}, {pages}"

    def copied(self, span: Span) -> str:
        """The passage as one paragraph, then its citation: ``... (Section 7.2(a), p. 11)``."""
        text = " ".join(self.document.text[span[0] : span[1]].split())
        return f"{text} ({self.citation(span)})" if text else ""
