"""Defined terms: ``"X" means ...``, ``(the "X")``, ``referred to as the "X"``, and pointers to a definition elsewhere.

Each definition keeps the sentence that defines it; a pointer (``"X" has the meaning set forth in Section 1.4``)
also records the section it points to, so the chunker can follow it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from contract_app.model import CrossReference, Definition, DefinitionStyle, ParsedDocument
from contract_app.structure.locate import SectionIndex

_QUOTED = re.compile(
    r"[“\"](?P<term>[A-Za-z0-9][^“”\"\n]{0,70}?(?:\n[^“”\"\n]{1,60}?)?)[”\"]"
    r"|‘(?P<single>[A-Z0-9][^‘’“”\"\n]{0,60}?)’(?!\w)"  # British style: (the ‘Supplier’)
)
_MEANS = re.compile(
    r"[^.;“”\"]{0,90}?\b(?P<verb>means|mean|shall\s+mean|shall\s+have\s+the\s+meanings?|has\s+the\s+meanings?|"
    r"have\s+the\s+meanings?|is\s+defined|are\s+defined|shall\s+be\s+defined|refers?\s+to|shall\s+refer\s+to|"
    r"includes|shall\s+include|MEANS|SHALL\s+MEAN)\b"
)
_MORE_TERMS = re.compile(r"\s*,?\s*(?:or|and|and/or)\s+(?:the\s+)?[“\"](?P<term>[A-Za-z0-9][^“”\"\n]{0,70}?)[”\"]")
_STARTS_SENTENCE = re.compile(r"(?:^|\n|[.;]\s)\s*(?:\(?[0-9A-Za-z.]{1,8}\)?\.?\s+)?$")
_IS_ARE = re.compile(r"\s*(?:is|are|:)\s")
_CUE = re.compile(
    r"\b(?:referred\s+to|collectively|individually|each|together|hereinafter|called|known\s+as|designated)\b"
    r"[^.;()“”\"]{0,40}$"
)
_POINTER = re.compile(r"meaning|defined", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;](?=\s+[A-Z(“\"]|\s*\n|\s*$)")
_MAX_TERM_WORDS = 8
_LOOKBACK = 250


def _clean(term: str) -> str:
    return " ".join(term.split()).strip(" .,;:")


def _open_paren_before(text: str, position: int) -> int:
    """Where the parenthesis holding ``position`` opens, or -1 when ``position`` is not inside one."""
    depth = 0
    floor = max(position - _LOOKBACK, 0)
    for index in range(position - 1, floor - 1, -1):
        char = text[index]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                return index
            depth -= 1
        elif char == "\n" and depth == 0 and index < position - 160:
            return -1
    return -1


def _sentence(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: back to the previous full stop or paragraph break (not before
    ``floor``), on to the next full stop."""
    begin = max(
        text.rfind(". ", floor, start),
        text.rfind("; ", floor, start),
        text.rfind(".\n", floor, start),
        text.rfind("\n\n", floor, start),  # a paragraph break: a title line above is not part of the sentence
    )
    begin = floor if begin < 0 else begin + 2
    match = _SENTENCE_END.search(text, end, end + 1500)
    finish = match.end() if match else min(len(text), end + 1500)
    return begin, finish


class _Finder:
    def __init__(self, doc: ParsedDocument, index: SectionIndex, references: tuple[CrossReference, ...]) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.references = references
        self._reference_starts = [reference.span[0] for reference in references]
        self.found: dict[str, Definition] = {}

    def _add(self, term: str, position: int, end: int, style: DefinitionStyle, pointer: bool = False) -> None:
        term = _clean(term)
        if not term or term in self.found or len(term.split()) > _MAX_TERM_WORDS:
            return
        section = self.index.innermost(position)
        floor = section.span[0] if section is not None else max(position - 600, 0)
        span = _sentence(self.text, position, end, floor)
        refers_to = self._pointer_target(end, span[1]) if pointer else None
        self.found[term] = Definition(
            term=term,
            section_id=section.id if section else None,
            page=self.index.pages.page_at(position),
            span=span,
            style=style,
            text=" ".join(self.text[span[0] : span[1]].split()),
            refers_to=refers_to,
        )

    def _pointer_target(self, start: int, end: int) -> str | None:
        index = bisect_left(self._reference_starts, start)
        while index < len(self.references) and self.references[index].span[0] < end:
            if self.references[index].target:
                return self.references[index].target
            index += 1
        return None

    def run(self) -> tuple[Definition, ...]:
        text = self.text
        for match in _QUOTED.finditer(text):
            term = match["term"] or match["single"]
            start, end = match.start(), match.end()
            means = _MEANS.match(text, end)
            more = list(self._more_terms(end))
            if more:
                means = _MEANS.match(text, more[-1][2])
            if means is not None:
                pointer = bool(_POINTER.search(means["verb"])) and "meaning" in means["verb"].lower()
                self._add(term, start, means.end(), "means", pointer)
                for extra, extra_start, _ in more:
                    self._add(extra, extra_start, means.end(), "means", pointer)
                continue
            if not (term[0].isupper() or term[0].isdigit()):
                continue
            if _open_paren_before(text, start) >= 0:
                self._add(term, start, end, "parenthetical")
            elif _IS_ARE.match(text, end) and _STARTS_SENTENCE.search(text, max(start - 12, 0), start):
                self._add(term, start, end, "means")
            elif _CUE.search(text, max(start - 60, 0), start):
                self._add(term, start, end, "other")
        return tuple(self.found.values())

    def _more_terms(self, end: int):
        while True:
            match = _MORE_TERMS.match(self.text, end)
            if match is None:
                return
            yield match["term"], match.start("term") - 1, match.end()
            end = match.end()


def find_definitions(
    doc: ParsedDocument, index: SectionIndex, references: tuple[CrossReference, ...]
) -> tuple[Definition, ...]:
    """Defined terms in document order, each once (its first definition)."""
    return _Finder(doc, index, references).run()
