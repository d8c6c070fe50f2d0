"""Page lookups by offset with the line starts computed once (``ParsedDocument.pages_of`` rebuilds them per call)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from contract_app.model import ParsedDocument, Span


class PageIndex:
    """Same answers as ``ParsedDocument.pages_of``, in O(log n + lines in span)."""

    def __init__(self, document: ParsedDocument) -> None:
        self._lines = document.lines
        self._starts = [line.span[0] for line in document.lines]

    def pages_of(self, span: Span) -> tuple[int, ...]:
        low = max(bisect_right(self._starts, span[0]) - 1, 0)
        high = bisect_left(self._starts, span[1])
        pages = {line.page for line in self._lines[low:high] if line.span[1] > span[0] and line.span[0] < span[1]}
        if pages:
            return tuple(sorted(pages))
        if not self._starts:
            return (1,)
        return (self._lines[max(bisect_right(self._starts, span[0]) - 1, 0)].page,)
