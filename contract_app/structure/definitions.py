"""Defined terms: ``"X" means ...``, ``(the "X")``, ``referred to as the "X"``, and pointers to a definition elsewhere.

Also the terms a contract defines without quotes: ``Servicing agent means ...`` or ``A Technology Content Provider
is defined as ...`` opening a sentence, and a bold caption followed by its meaning (``Sale: the sale of all ...``).
Quote marks as extraction leaves them are accepted (``”PRC”``, ``''Covenants''``), so are lists
(``"A," "B" and "C" mean``) and a redaction inside a term (``"[***] Product"``). Each definition keeps the sentence
that defines it; a pointer (``"X" has the meaning set forth in Section 1.4``) also records the section it points to,
so the chunker can follow it.
"""

from __future__ import annotations

import heapq
import re
import statistics
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pymupdf

from contract_app.model import CrossReference, Definition, DefinitionStyle, ParsedDocument, TextLine
from contract_app.structure.locate import SectionIndex

_QUOTED = re.compile(  # "X", “X”, and “X“ where extraction turned the closing mark (checked in _quoted_terms)
    r"[“\"](?P<term>[A-Za-z0-9\[][^“”\"\n]{0,70}?(?:\n[^“”\"\n]{1,60}?)?)[”\"“]"
    r"|‘(?P<single>[A-Z0-9][^‘’“”\"\n]{0,60}?)’(?!\w)"  # British style: (the ‘Supplier’)
)
_ODD_OPENINGS = re.compile(r"''|”")  # ''Covenants'' and ”PRC”: quote marks as extraction leaves them
_ODD_QUOTED_TERM = re.compile(r"(?P<term>[A-Za-z0-9\[][^“”\"'\n]{0,70}?)(?:''|[”\"])")
_AFTER_CLOSING = frozenset(" \t\n),.;:")
_MEANS = re.compile(
    r"[^.;“”\"]{0,90}?\b(?P<verb>means|mean|shall\s+mean|shall\s+have\s+the\s+meanings?|has\s+the\s+meanings?|"
    r"have\s+the\s+meanings?|is\s+defined|are\s+defined|shall\s+be\s+defined|refers?\s+to|shall\s+refer\s+to|"
    r"includes|shall\s+include|(?:shall\s+)?consists?\s+of|MEANS|SHALL\s+MEAN)\b"
)
_MORE_TERMS = re.compile(r"\s*,?\s*(?:or|and|and/or)\s+(?:the\s+)?[“\"](?P<term>[A-Za-z0-9][^“”\"\n]{0,70}?)[”\"]")
# "A," "B" and "C" mean: the comma inside the quotes, the next term right after
_LISTED_TERM = re.compile(r"\s+(?:(?P<joiner>or|and|and/or)\s+)?[“\"](?P<term>[A-Za-z0-9][^“”\"\n]{0,70}?)[”\"]")
_LIST_MEANS = re.compile(  # the plural verb of a list: '"A," "B" and "C" mean'
    r"\s*(?P<verb>mean|shall\s+(?:each\s+)?mean|(?:shall\s+)?refer\s+to|have\s+the\s+meanings?|are\s+defined)\b"
)
_STARTS_SENTENCE = re.compile(r"(?:^|\n|[.;]\s)\s*(?:\(?[0-9A-Za-z.]{1,8}\)?\.?\s+)?$")
_IS_ARE = re.compile(r"\s*(?:is|are|:)\s")
_IS_A = re.compile(r"\s+(?:is|are)\s+(?:a|an|the)\s")  # '"generic search results page" is an Excite page'
_ARTICLE_BEFORE = re.compile(r"(?:^|[\s,])(?:a|an|the|A|An|The)\s+$|,\s+$")
_CUE = re.compile(
    r"\b(?:referred\s+to|collectively|individually|jointly|severally|each|together|hereinafter|called|known\s+as|"
    r"designated)\b"
    r"[^.;()“”\"]{0,40}$"
)
# 'pay the amounts in Exhibit A as the "Up-Front Fee"': a capitalised term named by "as the" (not "such as the")
_AS_THE = re.compile(r"(?<!\bsuch)\s+as\s+(?:the|an?)\s+$")
# The name in capitals up to a dash, bracket, comma or the line's end. "here" comes first and the word boundary
# before it is checked after it: a literal start is found by a fast search.
_HEREINAFTER_NAME = re.compile(
    r"here(?<!\where)(?:inafter|after)(?:\s+(?:also|collectively|individually|jointly))?"
    r"(?:\s+(?:referred\s+to\s+as|called|designated\s+as|known\s+as))?\s+(?:the\s+)?"
    r"(?P<term>[A-Z][\w&’'-]*(?:[ \t]+[A-Z][\w&’'-]*){0,3})(?=[ \t]*(?:[—–),;]|-\s|\n|$))"
)
_PARENTHESIS_OF_TERM = re.compile(  # (the "look and feel"), ("producers"): a parenthesis that only names a term
    r"\(\s*(?:(?:the|each|collectively|together|individually|hereinafter|a|an)[\s,]+)*$"
)
# Sentences that open with the term they define: "Servicing agent means ...", "A Net Income is defined as ..."
_ITEM_MARKER = r"(?:\(?[0-9A-Za-z]{1,4}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)[ \t]+"  # "(a) ", "b. ", "1.2 ", "1.2. "
_WORD_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # the term and its verb, maybe wrapped onto the next line
# "Factoring or laundering, for purposes of this Agreement, means": a remark between the term and its verb
_INTERJECTION = r",\s+(?:for\s+(?:the\s+)?purposes?\s+(?:of|hereof)|as\s+used|in\s+this)\b[^,.;]{0,40},"
_UNQUOTED = re.compile(  # at a sentence start: after a full stop, a paragraph break, or an item marker
    rf"(?:(?<=[.;:]\s)|(?<=\n\n)|\A|(?<=\n)(?=[ \t]*{_ITEM_MARKER}))[ \t]*(?:{_ITEM_MARKER})?(?:(?:An?|The)\s+)?"
    rf"(?P<term>[A-Z][\w’'&/-]*(?:{_WORD_GAP}[\w’'&/-]+){{0,4}}?)(?:{_INTERJECTION})?{_WORD_GAP}"
    r"(?P<verb>means|shall\s+mean|is\s+defined\s+as|are\s+defined\s+as|shall\s+be\s+defined\s+as|"
    r"(?:SHALL\s+)?MEAN(?:S)?(?=\s+(?i:the|a|an|any|all|each|every)\s))\b"  # "X MEANS THE ...", not "MANNER & MEANS OF"
)
_DEFINED_AS = re.compile(r"defined", re.IGNORECASE)
_DEFINING_VERB = re.compile(r"mean|MEAN|defined as")  # literal first (fast); the sentence is read back from it
_UNQUOTED_REACH = 120  # characters before a defining verb the sentence's start and term may be
_VERB_LOOKAHEAD = 12  # characters after it read to tell "MEANS THE" from "MEANS OF"
_CAPTION_TERM = re.compile(  # "Sale: the sale of all ...", a bold caption and its meaning
    r"[ \t]*(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3})*[.)]\s+)?(?P<term>[A-Z][\w’'&/-]*(?:[ \t]+[\w’'&/-]+){0,5}?)"
    r"[ \t]*:[ \t]+(?P<meaning>[a-z]+\b(?:[ \t]+\S+){3,})"
)
_NOT_TERMS = frozenset(  # words that open ordinary sentences, never a defined term
    [
        "this",
        "that",
        "it",
        "such",
        "each",
        "which",
        "there",
        "these",
        "those",
        "any",
        "all",
        "no",
        "nothing",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "what",
        "where",
        "when",
        "for",
        "if",
        "in",
        "as",
        "to",
        "notwithstanding",
    ]
)
_POINTER = re.compile(r"meaning|defined", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;](?=\s+[A-Z(“\"]|\s*\n|\s*$)")
_MAX_TERM_WORDS = 8
_MIN_TABLE_ROWS = 2
_COLUMN_GAP = 36.0  # points between the term column and the meaning column, at least
_COLUMN_TOLERANCE = 3.0  # points: lines of one column start within this of each other
_MAX_TABLE_TERM_WORDS = 6
_SMALL_WORDS = frozenset(["of", "and", "or", "the", "in", "for", "to", "&"])  # "Change of Control" is title case
_TABLE_CUE = re.compile(r"\b(?:mean|meaning|meanings|defined|definitions?|interpretation|glossary)\b", re.IGNORECASE)
_TABLE_CUE_REACH = 400  # characters before a table searched for what it is ("... have these meanings:")
_MEANING_START = re.compile(r"\s+(?:[a-z(“\"]|(?:A|An|The|Any|Each|All|In|With)\s)")  # "any entity", "A day"
_LOOKBACK = 250
_PARENTHESIS_REACH = 60  # characters before a quoted term searched for "(the"


@dataclass(frozen=True)
class _Candidate:
    """A term and where it is defined, before the first definition of each term is kept."""

    term: str
    start: int  # where the term is written
    end: int  # where the defining words end (the defining sentence is found around start..end)
    style: DefinitionStyle
    pointer: bool = False  # "has the meaning set forth in Section 1.4": follow the reference


_LEADING_WORD = re.compile(r"^(?:the|this|a|an)\s+(?=[A-Z0-9])")  # ("the Customer"): the term is Customer


def _clean(term: str) -> str:
    return _LEADING_WORD.sub("", " ".join(term.split()).strip(" .,;:"))


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


def _is_term(term: str) -> bool:
    words = term.split()
    return bool(words) and words[0].lower() not in _NOT_TERMS and len(words) <= _MAX_TERM_WORDS


class _Finder:
    def __init__(self, doc: ParsedDocument, index: SectionIndex, references: tuple[CrossReference, ...]) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.references = references
        self._reference_starts = [reference.span[0] for reference in references]
        self.found: list[Definition] = []
        self._places: dict[str, list[tuple[int, int]]] = {}  # term -> the sentences defining it so far

    def _add(self, candidate: _Candidate) -> None:
        """Every place a term is defined is kept (a term defined twice is a drafting problem to show), each
        sentence once."""
        term = _clean(candidate.term)
        if not term or len(term.split()) > _MAX_TERM_WORDS:
            return
        position = candidate.start
        section = self.index.innermost(position)
        floor = section.span[0] if section is not None else max(position - 600, 0)
        span = _sentence(self.text, position, candidate.end, floor)
        places = self._places.setdefault(term, [])
        if any(start < span[1] and span[0] < end for start, end in places):
            return
        places.append(span)
        refers_to = self._pointer_target(candidate.end, span[1]) if candidate.pointer else None
        self.found.append(
            Definition(
                term=term,
                section_id=section.id if section else None,
                page=self.index.pages.page_at(position),
                span=span,
                style=candidate.style,
                text=" ".join(self.text[span[0] : span[1]].split()),
                refers_to=refers_to,
            )
        )

    def _pointer_target(self, start: int, end: int) -> str | None:
        index = bisect_left(self._reference_starts, start)
        while index < len(self.references) and self.references[index].span[0] < end:
            if self.references[index].target:
                return self.references[index].target
            index += 1
        return None

    def run(self) -> tuple[Definition, ...]:
        candidates = [*self._quoted(), *self._unquoted(), *self._named(), *self._captions(), *self._table_rows()]
        for candidate in sorted(candidates, key=lambda candidate: candidate.start):
            self._add(candidate)
        return tuple(self.found)

    # ----- quoted terms -------------------------------------------------------------------------------------
    def _quoted_terms(self) -> Iterator[tuple[str, int, int]]:
        """(term, start, end) of every quoted term in order, with the odd quote marks extraction leaves."""
        text = self.text
        regular = (
            (match["term"] or match["single"], match.start(), match.end())
            for match in _QUOTED.finditer(text)
            if text[match.end() - 1] != "“" or match.end() == len(text) or text[match.end()] in _AFTER_CLOSING
        )
        odd = (
            (term.group("term"), opening.start(), term.end())
            for opening in _ODD_OPENINGS.finditer(text)
            if opening.group() == "''" or (opening.start() > 0 and text[opening.start() - 1] in " (\n")
            if (term := _ODD_QUOTED_TERM.match(text, opening.end())) is not None
        )
        last_end = -1
        for term, start, end in heapq.merge(regular, odd, key=lambda found: found[1]):
            if start >= last_end:
                last_end = end
                yield term, start, end

    def _quoted(self) -> Iterator[_Candidate]:
        text = self.text
        for term, start, end in self._quoted_terms():
            listed = self._list_of_terms(term, end)
            more = listed or list(self._more_terms(end))
            means = _LIST_MEANS.match(text, more[-1][2]) if listed else _MEANS.match(text, more[-1][2] if more else end)
            if means is not None:
                pointer = bool(_POINTER.search(means["verb"])) and "meaning" in means["verb"].lower()
                yield _Candidate(term, start, means.end(), "means", pointer)
                for extra, extra_start, _ in more:
                    yield _Candidate(extra, extra_start, means.end(), "means", pointer)
                continue
            style = self._quoted_style(term, start, end)
            if style is not None:
                yield _Candidate(term, start, end, style)

    def _quoted_style(self, term: str, start: int, end: int) -> DefinitionStyle | None:
        """How a quoted term not followed by "means" is defined, if it is: in a parenthesis, as the subject of
        "is"/"are", or after a cue ("referred to as")."""
        text = self.text
        lowered = not (term[0].isupper() or term[0].isdigit() or term[0] == "[")
        if lowered:  # a quoted lower-case word is a definition only where it plainly is one
            if _PARENTHESIS_OF_TERM.search(text, max(start - _PARENTHESIS_REACH, 0), start) and text.startswith(
                ")", end
            ):
                return "parenthetical"
            if _IS_A.match(text, end) and _ARTICLE_BEFORE.search(text, max(start - 12, 0), start):
                return "means"
            return None
        if _open_paren_before(text, start) >= 0:
            return "parenthetical"
        if _IS_ARE.match(text, end) and _STARTS_SENTENCE.search(text, max(start - 12, 0), start):
            return "means"
        if _CUE.search(text, max(start - 60, 0), start) or _AS_THE.search(text, max(start - 12, 0), start):
            return "other"
        return None

    def _more_terms(self, end: int) -> Iterator[tuple[str, int, int]]:
        while True:
            match = _MORE_TERMS.match(self.text, end)
            if match is None:
                return
            yield match["term"], match.start("term") - 1, match.end()
            end = match.end()

    def _list_of_terms(self, term: str, end: int) -> list[tuple[str, int, int]]:
        """``"A," "B" and "C"``: terms listed with the comma inside the quotes, the last after "and"/"or"."""
        listed: list[tuple[str, int, int]] = []
        joined = False
        while term.rstrip().endswith(",") and (match := _LISTED_TERM.match(self.text, end)) is not None:
            term, end = match["term"], match.end()
            listed.append((term, match.start("term") - 1, end))
            joined = match["joiner"] is not None
        return listed if joined else []

    # ----- terms without quotes -----------------------------------------------------------------------------
    def _unquoted(self) -> Iterator[_Candidate]:
        """``Servicing agent means ...``; with "is defined as" every word of the term is capitalised
        (``Sponsor content shall be defined as`` describes, it does not define). Read back from each verb."""
        for verb in _DEFINING_VERB.finditer(self.text):
            low = max(verb.start() - _UNQUOTED_REACH, 0)
            match = next(
                (
                    found
                    for found in _UNQUOTED.finditer(self.text, low, verb.end() + _VERB_LOOKAHEAD)
                    if found.start("verb") <= verb.start() < found.end("verb")
                ),
                None,
            )
            if match is None or not _is_term(match["term"]):
                continue
            term = match["term"]
            if _DEFINED_AS.search(match["verb"]) and not all(word[0].isupper() for word in term.split()):
                continue
            yield _Candidate(term, match.start("term"), match.end(), "means")

    def _named(self) -> Iterator[_Candidate]:
        """``Cremer Oleo GmbH ... — hereinafter referred to as Cremer —``: a name given without quotes."""
        for match in _HEREINAFTER_NAME.finditer(self.text):
            if _is_term(match["term"]):
                yield _Candidate(match["term"], match.start("term"), match.end(), "other")

    def _captions(self) -> Iterator[_Candidate]:
        """A line that opens with a bold term, a colon and its meaning in lower case: ``Sale: the sale of ...``."""
        for line in self.doc.lines:
            if not line.bold:
                continue
            match = _CAPTION_TERM.match(line.text)
            if match is None or not _is_term(match["term"]):
                continue
            start = line.span[0] + match.start("term")
            yield _Candidate(match["term"], start, line.span[0] + match.start("meaning"), "means")

    def _table_rows(self) -> Iterator[_Candidate]:
        """A definitions table: rows whose term, set bold, is in a left column and whose meaning runs in a right
        column, where the meaning's continuation lines start. Where the term ends is read from that column."""
        for rows, continuations in _definition_tables(self.doc.lines):
            start = rows[0].span[0]
            if not _TABLE_CUE.search(self.text, max(start - _TABLE_CUE_REACH, 0), start):
                continue  # a table of levels, prices or times, not of meanings
            column = statistics.median(line.bbox.x0 for line in continuations)
            scale = sum(line.bbox.x1 - line.bbox.x0 for line in continuations) / sum(
                _text_width(line.text, line.font) for line in continuations
            )
            terms = [(row, _term_left_of(row, column, scale)) for row in rows]
            if not all(_MEANING_START.match(row.text, len(term)) for row, term in terms if term):
                continue
            for row, term in terms:
                if term is not None:
                    yield _Candidate(term, row.span[0], row.span[0] + len(term), "means")


def _definition_tables(lines: tuple[TextLine, ...]) -> Iterator[tuple[list[TextLine], list[TextLine]]]:
    """Runs of table rows (bold at the left edge) and the continuation lines that show where the meaning
    column is: at least two rows and one continuation."""
    index = 0
    while index < len(lines):
        if not lines[index].bold:
            index += 1
            continue
        rows, continuations = _table_at(lines, index)
        if len(rows) >= _MIN_TABLE_ROWS and continuations:
            yield rows, continuations
        index += max(len(rows) + len(continuations), 1)


def _table_at(lines: tuple[TextLine, ...], index: int) -> tuple[list[TextLine], list[TextLine]]:
    rows: list[TextLine] = []
    continuations: list[TextLine] = []
    first = lines[index]
    while index < len(lines):
        line = lines[index]
        same_page = line.page == first.page
        if same_page and line.bold and abs(line.bbox.x0 - first.bbox.x0) <= _COLUMN_TOLERANCE and first.bold:
            rows.append(line)
        elif rows and same_page and not line.bold and line.bbox.x0 > first.bbox.x0 + _COLUMN_GAP:
            if continuations and abs(line.bbox.x0 - continuations[0].bbox.x0) > _COLUMN_TOLERANCE:
                break
            continuations.append(line)
        else:
            break
        index += 1
    return rows, continuations


def _text_width(text: str, font: str = "") -> float:
    """How wide ``text`` prints, in ems, measured with the standard font closest to ``font`` (Times, Courier or
    Helvetica metrics): the split of a table row is read from widths, so they need to be close."""
    family = _font_family(font)
    return sum(_character_width(family, character) for character in text)


def _font_family(font: str) -> str:
    lowered = font.lower()
    if "cour" in lowered or "mono" in lowered:
        return "cour"
    if "times" in lowered or "roman" in lowered or ("serif" in lowered and "sans" not in lowered):
        return "tiro"
    return "helv"


@cache
def _standard_font(family: str) -> pymupdf.Font:
    return pymupdf.Font(family)


@cache
def _character_width(family: str, character: str) -> float:
    return _standard_font(family).text_length(character, 1.0)


def _term_left_of(row: TextLine, column: float, scale: float) -> str | None:
    """The words of ``row`` left of the meaning column: the break between words where the rest of the row,
    set as wide as text in that column is, fits between the column and the row's right edge."""
    meaning_width = row.bbox.x1 - column
    spaces = [position for position, character in enumerate(row.text) if character == " "]
    if meaning_width <= 0 or not spaces:
        return None
    cut = min(spaces, key=lambda position: abs(_text_width(row.text[position + 1 :], row.font) * scale - meaning_width))
    term = row.text[:cut].strip()
    words = term.split()
    if not _is_term(term) or len(words) > _MAX_TABLE_TERM_WORDS:
        return None
    title_case = all(word[:1].isupper() or word[:1].isdigit() or word in _SMALL_WORDS for word in words)
    return term if title_case and words[0][:1].isupper() else None


def find_definitions(
    doc: ParsedDocument, index: SectionIndex, references: tuple[CrossReference, ...]
) -> tuple[Definition, ...]:
    """Every place a term is defined or pointed at, in document order (``first_and_later`` splits them)."""
    return _Finder(doc, index, references).run()


def first_and_later(definitions: tuple[Definition, ...]) -> tuple[tuple[Definition, ...], tuple[Definition, ...]]:
    """Each term's first definition, and the later places defining a term again (a second definition, or the
    definition a glossary's pointer leads to)."""
    first: dict[str, Definition] = {}
    later: list[Definition] = []
    for definition in definitions:
        if definition.term in first:
            later.append(definition)
        else:
            first[definition.term] = definition
    return tuple(first.values()), tuple(later)
