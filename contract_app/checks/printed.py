"""What the printed page shows beside the parsed structure: a heading or clause the section parser did not read.

A check reports a missing unit only when the text does not show it either. "Section 13.2 does not exist", said of a
clause printed on page 9, would cost the lawyer's trust in every other finding; keeping quiet about a unit that is
really missing costs one finding.
"""

from __future__ import annotations

import re

from contract_app.model import ParsedDocument, Span, TextLine
from contract_app.structure.numbering import Marker, read_marker, roman_to_int

_SEPARATOR = "-–—:"
_WORDED_LABEL = re.compile(r"(?P<word>Article|Part)\s+(?P<n>[IVXLC]+|\d+|[A-Z])$", re.IGNORECASE)
_LEADING_ZEROS = re.compile(r"(?<=\.)0+(?=\d)")
_WRAPPED_CITATION = re.compile(
    r"(?:\b(?:sections?|subsections?|articles?|clauses?|paragraphs?)|§|\d[\w.()]*\s*(?:,|and|or|through|to))\s*$",
    re.IGNORECASE,
)
"""A line ending like this carries a citation on to the next line: "... pursuant to Section / 13.2 hereof"."""
_CITED_UNIT_FIRST = re.compile(r"\s*(?:sections?|subsections?|articles?|clauses?|paragraphs?|§)\s", re.IGNORECASE)
_PROSE_GOES_ON = re.compile(r"[a-z,(]\s*$")
"""A line of running text that a sentence continues from: "... as set forth in / Exhibit B. Any notice"."""


def _heading_follows(rest: str, emphatic: bool) -> bool:
    """What follows a label on its line, read as a heading: nothing, a dash or colon and a title, or (when the label
    is set in capitals or bold) anything but the lower-case rest of a sentence."""
    rest = rest.strip()
    if not rest or rest[0] in _SEPARATOR:
        return True
    return emphatic and not rest[0].islower() and rest[0] not in ",;)"


def _inside(inner: Span, spans: list[Span]) -> bool:
    return any(start <= inner[0] and inner[1] <= end for start, end in spans)


def _normalised(label: str) -> str:
    return _LEADING_ZEROS.sub("", label)


class PrintedText:
    """The lines of one document that open with a numbering marker, read once."""

    def __init__(self, doc: ParsedDocument) -> None:
        self.doc = doc
        self._marked: list[tuple[int, Marker]] = []
        for index, line in enumerate(doc.lines):
            marker = read_marker(line.text.lstrip())
            if marker is not None:
                self._marked.append((index, marker))

    def _line(self, index: int) -> TextLine:
        return self.doc.lines[index]

    def shows_attachment(self, label: str) -> bool:
        """A line opening with the attachment's label as its heading (``EXHIBIT B``, ``Schedule 1.1(b) – Domain
        Names``, ``APPENDIX 2: REQUIREMENTS``), not a sentence that wraps at ``Exhibit B attached hereto``."""
        word, _, name = label.partition(" ")
        pattern = re.compile(rf"(?P<word>{re.escape(word)})\s+{_flexible(name)}(?![\w.]\w|[\w])", re.IGNORECASE)
        for index, line in enumerate(self.doc.lines):
            text = line.text.lstrip()
            match = pattern.match(text)
            if match is None:
                continue
            after_prose = index > 0 and _PROSE_GOES_ON.search(self._line(index - 1).text) is not None
            emphatic = line.bold or match["word"].isupper() or not after_prose
            if _heading_follows(text[match.end() :].lstrip("."), emphatic):
                return True
        return False

    def shows_number(self, label: str, within: list[Span]) -> bool:
        """A line in ``within`` opening with the unit's number (``13.2 Termination``, ``Section 13.2.``, ``10.2.3
        in its entirety``, ``ARTICLE XV``, ``Part 4``), unless it is a citation wrapped onto a new line."""
        worded = _WORDED_LABEL.match(label)
        wanted = _worded_value(worded["n"]) if worded else _normalised(label)
        kind = worded["word"].lower() if worded else "decimal"
        for index, marker in self._marked:
            line = self._line(index)
            if marker.kind != kind or not _inside(line.span, within):
                continue
            if worded:
                if marker.numbers and marker.numbers[0] == wanted:
                    return True
                continue
            if _normalised(marker.token) != wanted:
                continue
            if index and _wrapped_citation(self._line(index - 1).text, line.text):
                continue
            if "." in marker.token or _heading_follows(line.text.lstrip()[marker.end :].lstrip("."), emphatic=True):
                return True
        return False

    def shows_clause(self, token: str, within: Span) -> bool:
        """The clause ``(b)`` printed anywhere in ``within``: at a line start, or running inside a sentence (a
        clause the contract cites is a unit even when it is not set on its own line)."""
        pattern = re.compile(rf"(?<![\w(])\(\s*{re.escape(token)}\s*\)|(?m:^\s*{re.escape(token)}[.)])(?=\s)")
        return pattern.search(self.doc.text, *within) is not None


def _wrapped_citation(previous: str, line: str) -> bool:
    """The line carries on a citation from the one before: that line ends with ``Section`` or ``13.2 and``, or it
    ends mid-sentence and this one opens with the word that cites (``... subject to / Section 9.9.``)."""
    return _WRAPPED_CITATION.search(previous) is not None or (
        _CITED_UNIT_FIRST.match(line) is not None and _PROSE_GOES_ON.search(previous) is not None
    )


def _worded_value(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return roman_to_int(token) or (ord(token.upper()) - 64 if len(token) == 1 else None)


def _flexible(name: str) -> str:
    """``A-1`` also matches ``A - 1`` and ``A 1``; ``1.1(b)`` also ``1.1 (b)``."""
    parts = []
    for char in name:
        if char in "-–":
            parts.append(r"\s*[-–]?\s*")
        elif char == "(":
            parts.append(r"\s*\(")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)
