"""The parsed text behind the viewer's pages: what a point on a page points at, what Find finds, and how a copied
passage is cited. No Qt: the viewer hands it page coordinates in PDF points.

Positions come from the parser's lines (``ParsedDocument.lines``), so what is selected, found and cited is the
contract text the rest of the app reads, headers and page numbers left out. Within a line, where each character
stands is measured with the standard font closest to the line's (Times, Helvetica or Courier): a "w" is wider than
an "i", and a justified line's slack sits in its spaces. Counting characters as equally wide put a word found in the
middle of a justified line a letter or two off, and a selection by mouse then copied a letter too many or too few.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from contract_app.model import BBox, ContractStructure, Highlight, Span, TextLine

if TYPE_CHECKING:
    import pymupdf

MAX_HITS = 2000
SERIF_HINTS = ("times", "roman", "serif", "georgia", "garamond", "cambria", "book")
MONO_HINTS = ("courier", "mono", "consol")


@cache
def _standard_font(code: str) -> pymupdf.Font:
    import pymupdf

    return pymupdf.Font(code)


def _font_code(name: str, bold: bool) -> str:
    """PyMuPDF's code of the standard font closest to ``name``: Times (tiro), Helvetica (helv) or Courier (cour)."""
    lowered = name.lower()
    if any(hint in lowered for hint in MONO_HINTS):
        return "cobo" if bold else "cour"
    if any(hint in lowered for hint in SERIF_HINTS) and "sans" not in lowered:
        return "tibo" if bold else "tiro"
    return "hebo" if bold else "helv"


def character_edges(line: TextLine, text: str) -> list[float]:
    """The x of each character boundary of ``text`` (the line's characters) across the line's box: len(text) + 1
    values from its left edge to its right edge."""
    box = line.bbox
    if not text:
        return [box.x0, box.x1]
    widths = list(_standard_font(_font_code(line.font, line.bold)).char_lengths(text, fontsize=1.0))
    natural = sum(widths)
    spaces = [index for index, character in enumerate(text) if character == " "]
    room = box.x1 - box.x0
    if natural <= 0:
        widths, natural = [1.0] * len(text), float(len(text))
    size = min(room / natural, line.font_size or room / natural)  # a justified line is wider than its letters
    widths = [width * size for width in widths]
    slack = room - sum(widths)
    for index in spaces:  # justification widens the spaces, not the letters
        widths[index] += slack / len(spaces)
    if not spaces:
        widths = [width + slack / len(text) for width in widths]
    return [box.x0, *(box.x0 + edge for edge in accumulate(widths))]


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
        self._edges: dict[Span, list[float]] = {}

    def _edges_of(self, line: TextLine) -> list[float]:
        edges = self._edges.get(line.span)
        if edges is None:
            edges = self._edges[line.span] = character_edges(line, self.document.text[line.span[0] : line.span[1]])
        return edges

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
        edges = self._edges_of(line)
        middles = [(left + right) / 2 for left, right in pairwise(edges)]
        return line.span[0] + bisect_left(middles, x)  # the boundary nearest to x

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
        """One box per line of ``span``, from its first character's left edge to its last one's right edge."""
        boxes = []
        for line in self.document.lines_in(span):
            edges, start = self._edges_of(line), line.span[0]
            left = edges[max(span[0] - start, 0)]
            right = edges[min(span[1] - start, len(edges) - 1)]
            boxes.append(Highlight(line.page, BBox(left, line.bbox.y0, max(right, left + 1.0), line.bbox.y1)))
        return tuple(boxes)

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
