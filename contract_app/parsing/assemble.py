"""Body lines to ``ParsedDocument.text``: how lines are joined and how hyphenated line ends are repaired.

Joining rules (later stages rely on them):
- every visual line starts a text line: lines are joined with ``"\\n"``, so a heading always sits at a line start;
- a blank line (``"\\n\\n"``) separates paragraphs: a vertical gap clearly wider than the page's usual line pitch,
  a page or column change after a line ending a sentence;
- a word hyphenated across a line break is made whole on the first line ("termi-" + "nation of" gives
  "termination" / "of"); the hyphen stays for compounds ("non-" + "exclusive", "Non-" + "Disclosure"). The
  second line's text loses the moved word (a line left empty is dropped), so every ``TextLine.text`` is exactly
  ``text[span[0]:span[1]]`` and lines stay sorted by span. A repaired line keeps its original box.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from contract_app.model import BBox, TextLine
from contract_app.parsing.layout import Row

LINE_BREAK = "\n"
PARAGRAPH_BREAK = "\n\n"
PARAGRAPH_PITCH = 1.4  # a line further below the previous one than this many usual pitches starts a paragraph

_LETTERS = re.compile(r"[^\W\d_]+")
_HYPHENATED_END = re.compile(r"([^\W\d_][\w'’-]*?)[-\u2010\u2011\u00ad]$")
_HYPHENS = "-\u2010\u2011\u00ad"
_SOFT_HYPHENS = "\u00ad"
_SENTENCE_END = tuple('.:;!?)"”')
_COMPOUND_HEADS = frozenset({"non", "self", "cross", "quasi", "well", "third", "then", "so", "half"})
_NUMBER_HEADS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "twenty", "thirty", "forty", "fifty"}
    | {"sixty", "seventy", "eighty", "ninety"}
)
_NUMBER_TAILS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "half", "third", "thirds", "quarter"}
    | {"quarters", "year", "years", "month", "months", "day", "days", "week", "weeks", "hour", "hours", "percent"}
)


@dataclass(slots=True)
class BodyLine:
    """A line on its way into the text: ``before`` is the separator that precedes it."""

    page: int  # 1-based
    bbox: BBox
    text: str
    size: float
    bold: bool
    font: str
    before: str = LINE_BREAK


def body_line(page: int, row: Row) -> BodyLine:
    """One row as a line: the box around it, bold and font as the line starts, the size of its longest piece."""
    fragments = row.fragments
    if len(fragments) == 1:
        f = fragments[0]
        return BodyLine(page, BBox(f.x0, f.y0, f.x1, f.y1), f.text, f.size, f.bold, f.font)
    main = max(fragments, key=lambda f: len(f.text))
    box = BBox(min(f.x0 for f in fragments), row.y0, max(f.x1 for f in fragments), row.y1)
    return BodyLine(page, box, row.text, main.size, fragments[0].bold, fragments[0].font)


def join_pages(pages: list[list[tuple[BodyLine, bool]]]) -> list[BodyLine]:
    """All pages' lines in order, each with its separator (``(line, column switch before it)`` per page)."""
    pitches = [_pitches(page) for page in pages]
    document_pitch = _usual([pitch for page in pitches for pitch in page])
    joined: list[BodyLine] = []
    for page, page_pitches in zip(pages, pitches, strict=True):
        usual = _usual(page_pitches) if len(page_pitches) >= 5 else document_pitch
        for index, (line, switch) in enumerate(page):
            if not joined:
                line.before = ""
            elif index == 0 or switch:  # a new page or column: a finished sentence ends the paragraph
                line.before = PARAGRAPH_BREAK if joined[-1].text.endswith(_SENTENCE_END) else LINE_BREAK
            else:
                pitch = line.bbox.y1 - page[index - 1][0].bbox.y1
                line.before = PARAGRAPH_BREAK if usual and pitch > PARAGRAPH_PITCH * usual else LINE_BREAK
            joined.append(line)
    return joined


def _pitches(page: list[tuple[BodyLine, bool]]) -> list[float]:
    """Baseline-to-baseline distances between consecutive lines of one column."""
    found = []
    for (previous, _), (line, switch) in pairwise(page):
        pitch = line.bbox.y1 - previous.bbox.y1
        if not switch and 0 < pitch < 3 * max(line.size, 1.0):
            found.append(pitch)
    return found


def _usual(pitches: list[float]) -> float:
    """The most frequent pitch (the smaller one on a tie): the distance between lines of one paragraph."""
    if not pitches:
        return 0.0
    counts = Counter(round(pitch) for pitch in pitches)
    return float(min(counts, key=lambda pitch: (-counts[pitch], pitch)))


def repair_hyphenation(lines: list[BodyLine]) -> list[BodyLine]:
    """Move each word hyphenated across a line break back onto its first line; drop lines left empty."""
    if not any(line.text[-1] in _HYPHENS for line in lines):
        return lines
    corpus = _Vocabulary(lines)
    kept: list[BodyLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        while index < len(lines) and lines[index].before == LINE_BREAK and line.text[-1] in _HYPHENS:
            match = _HYPHENATED_END.search(line.text)
            following = lines[index]
            token = following.text.split(" ", 1)[0]
            word = _LETTERS.match(token)
            if not match or not word:
                break
            head = match.group(1)
            keep = line.text[-1] not in _SOFT_HYPHENS and _keeps_hyphen(head, word.group(0), corpus)
            line.text = (line.text if keep else line.text[:-1]) + token
            following.text = following.text[len(token) :].lstrip(" ")
            if following.text:
                break
            index += 1  # the next line held only the rest of the word: it disappears
        kept.append(line)
    return kept


_WORD_RUN = re.compile(r"[\w'’-]+")


def _vocabulary(text: str) -> str:
    """The distinct runs of word characters, apostrophes and hyphens in ``text``, one per line: a word made of those
    characters occurs in ``text`` exactly when it occurs in this, which is a few hundred KB however long the contract
    (searching the whole text once per hyphenated line made a 2,000-page contract's parsing quadratic)."""
    return "\n".join(set(_WORD_RUN.findall(text)))


class _Vocabulary:
    """The lower-cased vocabulary of these lines, read only when a broken word needs it (many contracts break
    none in a way that asks)."""

    def __init__(self, lines: list[BodyLine]) -> None:
        self._texts = [line.text for line in lines]  # as they are before any broken word is mended
        self._words: str | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = _vocabulary("\n".join(self._texts).lower())
        return word in self._words


def _keeps_hyphen(head: str, tail: str, corpus: _Vocabulary) -> bool:
    """Whether "head-" + "tail" is a compound ("non-exclusive") rather than one hyphenated word ("termi-nation")."""
    if not tail[0].islower():
        return True  # "Non-" + "Disclosure", "Co-" + "Branding"
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    seen_joined, seen_hyphenated = joined in corpus, hyphenated in corpus
    if seen_joined != seen_hyphenated:
        return seen_hyphenated
    head, tail = head.lower(), tail.lower()
    return "-" in head or head in _COMPOUND_HEADS or (head in _NUMBER_HEADS and tail in _NUMBER_TAILS)


def build_text(lines: list[BodyLine]) -> tuple[str, tuple[TextLine, ...]]:
    """The body text and its lines, each line's span pointing at exactly its text."""
    parts: list[str] = []
    text_lines: list[TextLine] = []
    offset = 0
    for line in lines:
        separator = line.before if parts else ""
        parts.append(separator)
        offset += len(separator)
        parts.append(line.text)
        end = offset + len(line.text)
        text_lines.append(TextLine(line.page, line.bbox, line.text, (offset, end), line.size, line.bold, line.font))
        offset = end
    return "".join(parts), tuple(text_lines)
