"""Cross-references: every citation of a section, article or attachment, resolved to the section it names.

One entry per target: ``Sections 2.1 and 2.3`` gives two, ``Sections 2.1 through 2.4`` four. Targets follow the
text as written: a label that does not exist here is *dangling*; a citation into another agreement or a statute
(``Section 365 of the Bankruptcy Code``) is *external* and not resolved. Relative citations (``this Section``,
``subsection (c) above``) resolve against the section they stand in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import Enum

from contract_app.model import CrossReference, ParsedDocument, Section
from contract_app.structure.amendments import is_amendment, is_own_paragraph, names_amended_agreement, set_out_spans
from contract_app.structure.enumerations import CitedClause
from contract_app.structure.locate import SectionIndex
from contract_app.structure.numbering import (
    ATTACHMENT_WORDS,
    Series,
    clause_token,
    clause_values,
    int_to_roman,
    roman_to_int,
)

_PAREN = r"\((?:[a-z]{1,4}|[A-Z]{1,2}|[IVXL]{1,6}|\d{1,3}[A-Z]?)\)"  # (b), (ii), (B), (IV), (3): not "(Fees)"
_HALF_PAREN = r"[a-z]{1,4}\)"  # "b)", "ii)": items printed with a closing bracket only
_NUMBER = r"\d{1,4}(?:[A-Z](?=\.\d))?(?:\.\d{1,4})*(?!\d)(?:[A-Z](?![\w]))?"  # 4.2, 3A.2, 2.1A
# "4.2(b)", "1.b)ii)", and "2.l" / "2.b" (an item written after a dot; "2.l" may be a misprinted "2.1", but the text
# as written cites item l of Section 2)
_NUMBER_LABEL = rf"{_NUMBER}(?:(?:\s?{_PAREN})+|\.{_HALF_PAREN}(?:\s?{_HALF_PAREN})*|\.[a-z](?=[\s,;:)]|\.\s|$))?"
_PAREN_LABEL = rf"{_PAREN}(?:\s?{_PAREN})*|(?<![\w(]){_HALF_PAREN}(?:\s?{_HALF_PAREN})*"
_ROMAN_LABEL = rf"[IVXLC]{{1,6}}(?![\w-])(?:\s?{_PAREN})*"
_LETTER_LABEL = r"[A-Z]{1,2}(?:-\d{1,2})?(?![\w])"
_ANY_LABEL = f"{_NUMBER_LABEL}|{_PAREN_LABEL}|{_ROMAN_LABEL}|{_LETTER_LABEL}"

_REFERENCE = re.compile(  # the lookahead first: one test of a character where most places fail, for speed
    r"(?=[SsCcAaPpEe§])(?P<kw>\b(?:[Ss]ub-?[Ss]ections?|SUBSECTIONS?|[Ss]ub-?(?:[Pp]aragraph|[Cc]lause)s?|SUB-?(?:PARAGRAPH|CLAUSE)S?|[Ss]ections?|SECTIONS?|[Cc]lauses?|CLAUSES?|[Aa]rticles?|"
    r"ARTICLES?|[Pp]aragraphs?|PARAGRAPHS?|[Ee]xhibits?|EXHIBITS?|[Ss]chedules?|SCHEDULES?|[Aa]nnex(?:es)?|"
    r"ANNEX(?:ES)?|[Aa]ppendix|[Aa]ppendices|APPENDIX|APPENDICES|[Aa]ttachments?|ATTACHMENTS?|Parts?|PARTS?)\b|§§?)"
    rf"(?:[ \t]*\n?[ \t]*(?P<label>{_ANY_LABEL}))?"
)
_SEPARATOR = r"\s*,\s*(?:(?i:and/or|and|or)\s+)?|\s+(?i:and/or|and|or)\s+|\s*(?i:through|thru|to)\s+|\s*[-–—]\s*"
_NEXT_LABEL = re.compile(rf"(?P<sep>{_SEPARATOR})(?P<label>{_ANY_LABEL})")
# "Sections 1 (Definitions), 3.2 (Audits) and 7", "Section 2.03 (b) [RETENTION OF CONTRACTORS] and 2.03 (c)": the
# cited unit's title (or a remark) in brackets inside a list of citations
_REMARK = re.compile(
    r"\s*\((?!(?:[a-zA-Z]{1,4}|\d{1,3}[A-Z]?)\))[^()]{2,120}\)|\s*\[(?=[^\[\]]*[A-Za-z]{2})[^\[\]]{2,80}\]"
)
# "Section 5.02 [TERMINATION]A": an item of the cited unit, printed right after its title in square brackets
_ITEM_AFTER_TITLE = re.compile(r"(?<=\])(?:\((?P<paren>[A-Za-z]{1,4}|\d{1,2})\)|(?P<bare>[A-Z]|[a-z]))(?![\w(])")
# "the preceding paragraph", "the following paragraph": the unit next to the one it stands in
_ADJACENT_PARAGRAPH = re.compile(
    r"\b[Tt]he\s+(?:immediately\s+)?(?P<way>preceding|previous|foregoing|following|next|succeeding)\s+paragraph\b(?!s)"
)
_PARAGRAPH_WORD = re.compile(r"paragraph\b(?!s)")
_ADJACENT_REACH = 40  # characters before "paragraph" that "the immediately preceding" takes
_BACKWARD_WORDS = frozenset(["preceding", "previous", "foregoing"])
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LEADING_LABEL = re.compile(r"^\s*(?:(?:ARTICLE|Article|SECTION|Section)\s+)?\S+")
# "2.4 below", "(a), (b) and (c) above": a dotted number or a clause cited by where it stands, without a keyword
_PLACE_WORD = re.compile(r"above|below")  # literal first (fast), its word boundaries checked after
_AFTER_LIST_PLACE = re.compile(r"\s+(?:above|below)\b")
_KEYWORDLESS_REACH = 160  # characters before "above"/"below" a list of labels may take
_KEYWORDLESS = re.compile(  # "No. 9 below": the numbered paragraph 9 of the unit it stands in
    rf"(?<![\w.,$§(/\-])(?P<label>\d{{1,3}}(?:\.\d{{1,3}})+(?:\s?{_PAREN})*|{_PAREN}|Nos?\.\s?\d{{1,2}})"
    rf"(?=(?:(?:{_SEPARATOR})(?:{_ANY_LABEL}))*\s+(?:above|below)\b)"
)
_NUMBERED_PARAGRAPH = re.compile(r"^Nos?\.\s?(\d{1,2})$")
# "subject to the conditions of 4.02", "pursuant to 3.1(b)": words that only introduce a citation, before a dotted
# number with no keyword
_CITING_WORDS = re.compile(  # the lookahead (the first two letters of every phrase) first, for speed
    r"(?=[pisatcr][unsreo])\b(?:pursuant\s+to|in\s+accordance\s+with|subject\s+to|as\s+(?:set\s+forth|provided|described|specified)\s+in"
    r"|(?:provisions?|terms?|conditions?|requirements?|procedures?)\s+(?:of|in|under))\s+(?=\d)"
)
_BARE_LABEL = re.compile(rf"(?P<label>\d{{1,3}}(?:\.\d{{1,3}})+(?:\s?{_PAREN})*)(?![\d%]|\.\d|[\w(])")
_AMOUNT_AFTER = re.compile(r"\s*(?:million|billion|thousand|hundred|times|x\b|per\b)", re.IGNORECASE)
# "(b), (c) or (d)": the rest of a list of clauses after a comma, up to its "and" or "or"
_CLAUSE_LIST_END = re.compile(rf"(?:\s*,\s*{_PAREN})*\s*,?\s+(?i:and/or|and|or)\s+{_PAREN}")
# "Sections 2, 3, S(c), 6 and 7": a misprinted item inside a list does not end it
_MISPRINT = re.compile(r"\s*,\s*(?P<label>[A-Za-z0-9().]{1,5})(?=\s*,)")
# "Sections 2.1 and 2.2, 30 days after ...": a number followed by a unit of time or measure is no citation
_QUANTITY_AFTER = re.compile(
    r"\s*(?:days?|weeks?|months?|years?|hours?|business|calendar|working|percent|per\s?cent|%)\b", re.IGNORECASE
)
_DOTTED_ITEM = re.compile(r"(?<=\d)\.([a-z])$")
_HALF_PAREN_PART = re.compile(r"(?<![(\w])\.?([a-z]{1,4})\)|(?<=\d)\.([a-z]{1,4})\)")
_OF_DOCUMENT = re.compile(
    r"\s*,?\s+(?P<word>of|OF|to|TO|in|IN)(?:\s+|(?=(?:the|THE)\s))(?P<what>(?:the|THE|such|that|said|any)\s+)?"
    r"(?P<name>[\w“\"'’-]+)"
)
_NUMBERED_PART = re.compile(r"[A-Z][a-z]+\s+(?:\d{1,3}|[A-Z])\b")  # "Supplement 1", "Part B"
_OF_WORDS = frozenset(["of", "OF"])  # "to"/"in" name an attachment ("Section 3 to Attachment 1"), not a document
_ATTACHMENT_BEFORE = re.compile(  # "Exhibit B, Section 3": the section of that attachment
    r"\b(?P<word>Exhibit|Schedule|Annex|Appendix|Attachment|Addendum|EXHIBIT|SCHEDULE|ANNEX|APPENDIX|ATTACHMENT)"
    r"\s+(?P<label>[A-Z0-9]{1,2}),\s*$"
)
_ATTACHMENT_AFTER = re.compile(  # "Section 7.3, Attachment 1": the section of that attachment
    r"\s*,\s*(?P<word>Exhibit|Schedule|Annex|Appendix|Attachment|Addendum|EXHIBIT|SCHEDULE|ANNEX|APPENDIX|ATTACHMENT)"
    r"\s+(?P<label>[A-Z0-9]{1,2})\b"
)
# "Exhibit 21 to the Registration Statement": an attachment of another document, named by a document noun
_TO_DOCUMENT = re.compile(
    r"\s+(?:to|TO)\s+(?:the|THE)\s+(?P<name>(?:[A-Z][\w-]*\s+){0,4}(?:Agreement|Statement|Letter|Plan|Report|"
    r"Prospectus|Indenture|Contract|Lease|Certificate|Memorandum|Form))\b"
)
_STATUTE_BEFORE = re.compile(
    r"(?:U\.\s?S\.\s?C\.(?:\s?A\.)?|C\.\s?F\.\s?R\.|Stat\.|Code|Act|Regulations?|Rules?)\s*,?\s*$"
)
_FILING_LEGEND = re.compile(
    r"\b(?:omitted|confidential\s+treatment|filed\s+separately|Securities\s+and\s+Exchange\s+Commission|Rule\s+24b-2)\b",
    re.IGNORECASE,
)
_SENTENCE_STOP = re.compile(r"[.;:]\s")
_LEGEND_REACH = 160  # characters either side of "this exhibit" its sentence is looked for in
_THIS_BEFORE = re.compile(r"\b(?:[Tt]his|THIS)\s+$")
_OF_SECTION = re.compile(  # "paragraph (c) of Section 2.1", "(1) through (4), inclusive, in Section 6.1(a)"
    r"(?:\s*,?\s*inclusive)?\s*,?\s+(?:of|in)\s+(?:this\s+)?(?:Section|SECTION|Clause|CLAUSE|Article|ARTICLE|section|clause)"
    rf"\s+(?P<label>{_NUMBER_LABEL})"
)
_ATTACHMENT_LABEL_AFTER = re.compile(r"\s*([A-Z0-9]{1,2})\b")
_PARAGRAPH_BREAK = re.compile(r"[ \t.:]*\n[ \t]*\n")
_CLAUSE = re.compile(r"\([^)]*\)")
_GLUED_LETTER = re.compile(r"(?<=\d)([A-Za-z])(?=\(|$)")  # "3.2A(iii)" is 3.2(A)(iii)
_LINE_ITEM = re.compile(r"(?m)^[ \t]*\((?P<token>[a-z]{1,4}|[A-Z]|\d{1,2})\)\s")
_REDACTION = re.compile(r"\[[\s.…]*(?:\*[\s*.…]*|X+|REDACTED|Redacted)\]")  # "[***]", "[* * *]", "[…***…]"
_SPACE_BEFORE_PAREN = re.compile(r"\s+(?=\()")

_HERE_WORDS = frozenset(["hereof", "hereto", "herein", "hereunder", "above", "below", "this", "these"])
_INTERNAL_NAMES = frozenset(
    ["agreement", "contract", "this", "these", "exhibit", "schedule", "annex", "appendix", "attachment", "article"]
)
_VAGUE_QUALIFIERS = frozenset(["such", "that", "said", "any"])  # "Section 4 of such agreement": another document
_INNERMOST_WORDS = (  # "this paragraph" is the unit it stands in
    "paragraph",
    "subsection",
    "sub-section",
    "subparagraph",
    "sub-paragraph",
    "subclause",
    "sub-clause",
)  # "this paragraph" is the unit it stands in
_LIST_JOINERS = ("and", "or", "and/or")
_RANGE_SEPARATORS = ("through", "thru", "to", "-", "–", "—")
_THIS_LOOKBACK = 8  # characters before a keyword searched for "this "
_STATUTE_LOOKBACK = 24  # characters before a citation searched for "U.S.C." and the like
_OF_DOCUMENT_REACH = 120  # characters after a citation searched for "of the Bankruptcy Code"
_AFTER_ANY_END = 1 << 62  # sorts after every real span end, for bisecting spans by their start
_LIMIT_RANGE = 40  # a wider range is more likely a misreading than a citation of 40 units
# "Section 365", "Sections 302 and 906": contracts number their sections below 100; statutes above
_STATUTE_NUMBER = re.compile(r"[1-9]\d{2,4}[A-Z]?(?:\(.*)?")
# securities filings cited by name ("a Schedule 13D"), not attachments of the contract
_SEC_SCHEDULES = frozenset(["13D", "13G", "13E", "14A", "14C", "14D", "TO"])


class UnitKind(Enum):
    """What a citation's keyword names: a numbered unit of the body, an article, a part, or an attachment."""

    SECTION = "Section"
    ARTICLE = "Article"
    PART = "Part"
    EXHIBIT = "Exhibit"
    SCHEDULE = "Schedule"
    ANNEX = "Annex"
    APPENDIX = "Appendix"
    ATTACHMENT = "Attachment"
    ADDENDUM = "Addendum"

    @property
    def is_attachment(self) -> bool:
        return self not in (UnitKind.SECTION, UnitKind.ARTICLE, UnitKind.PART)

    def cited(self, label: str) -> str:
        """The label as a lawyer cites it: ``4.2`` for a section, ``Exhibit A`` for an attachment."""
        return label if self is UnitKind.SECTION else f"{self.value} {label}"


_RANGED_KINDS = (UnitKind.SECTION, UnitKind.ARTICLE)  # "Sections 2.1 through 2.4" is every unit between
_SECTION_WORDS = (
    "section",
    "subsection",
    "sub-section",
    "clause",
    "subclause",
    "sub-clause",
    "paragraph",
    "subparagraph",
    "sub-paragraph",
)
_ATTACHMENT_KINDS = {prefix[:5]: UnitKind(name) for prefix, name in ATTACHMENT_WORDS.items()}


@dataclass(frozen=True)
class _Keyword:
    """The word that opens a citation (``Sections``, ``Article``, ``§``), read once."""

    kind: UnitKind
    plural: bool
    names_innermost: bool  # "paragraph (c)", "this subsection": the unit it stands in, whatever its depth
    section_sign: bool = False  # "§ 335": the mark statutes are cited by

    @classmethod
    def read(cls, word: str) -> _Keyword:
        lowered = word.lower()
        stem = lowered.rstrip("s")
        kind = UnitKind.SECTION
        if stem == "article":
            kind = UnitKind.ARTICLE
        elif stem == "part":
            kind = UnitKind.PART
        elif not (stem.startswith("§") or stem in _SECTION_WORDS):
            kind = _ATTACHMENT_KINDS.get(stem[:5], UnitKind.SECTION)
        plural = lowered.endswith("s") or word == "§§"
        return cls(kind, plural, lowered.startswith(_INNERMOST_WORDS), word.startswith("§"))


_KEYWORDLESS_READING = _Keyword(UnitKind.SECTION, plural=True, names_innermost=False)


@dataclass(frozen=True)
class _Target:
    label: str
    start: int


@dataclass(frozen=True)
class _Citation:
    """One citation phrase as written (``this Section 2.2``, ``Sections 2.1 and 2.3``), where it stands."""

    keyword: _Keyword
    source: Section | None
    span: tuple[int, int]
    page: int
    this: bool  # written "this Section ...": a self-reference


@dataclass(frozen=True)
class _ClauseReading:
    """Where a citation of clauses without a section was read, to read it again once they have one."""

    keywordless: bool  # "(b) above" rather than "Section 5.2(b)"
    start: int  # where its match starts
    spans: tuple[tuple[int, int], ...]  # the references it gave


@dataclass(frozen=True)
class _Destination:
    """Where a citation points: here, into another document, or into an attachment of this one."""

    external: bool = False
    attachment: str | None = None  # "Exhibit B" for "Section 3 of Exhibit B"
    end: int = -1  # where the attachment's label ends in the text


_HERE = _Destination()
_ELSEWHERE = _Destination(external=True)


def _normalise(label: str) -> str:
    """``2.2 (b)`` reads ``2.2(b)``, ``1.b)ii)`` reads ``1(b)(ii)``, ``c)`` reads ``(c)``, ``No. 9`` reads ``(9)``."""
    numbered = _NUMBERED_PARAGRAPH.match(label.strip())
    if numbered:
        return f"({numbered[1]})"
    label = _HALF_PAREN_PART.sub(lambda part: f"({part[1] or part[2]})", label.strip())
    label = _DOTTED_ITEM.sub(r"(\1)", label)
    return _SPACE_BEFORE_PAREN.sub("", label)


def _is_paren(label: str) -> bool:
    return label.startswith("(")


def _same_shape(first: str, second: str) -> bool:
    """``2.1`` and ``2.4``, ``3`` and ``5``: the same depth of number, so a list may continue from one to the other."""
    return first.count(".") == second.count(".") and first[:1].isdigit() == second[:1].isdigit()


def _series(component: str) -> set[Series]:
    """How a bracketed item may be numbered: ``(b)`` a letter, ``(ii)`` a roman numeral, ``(i)`` either."""
    return set(clause_values(component.strip("()")))


def _continue_clause(previous: str, item: str) -> str | None:
    """``12.2(b)(ii) or (iii)`` cites 12.2(b)(iii): a bracketed item replaces the deepest parts of the previous
    label numbered the same way (``(b)`` after ``5.1(a)(ii)`` is 5.1(b), ``(b)(ii)`` after ``(b)(i)`` is
    (b)(ii)). An item numbered unlike any part (``Section 8.8(b) and (iii) neither Party ...``) belongs to the
    sentence's own enumeration: None."""
    base, bracket, rest = previous.partition("(")
    components = _CLAUSE.findall(bracket + rest)
    parts = _CLAUSE.findall(item)
    for depth in range(len(components) - len(parts), -1, -1):
        replaced = components[depth : depth + len(parts)]
        if all(_series(old) & _series(new) for old, new in zip(replaced, parts, strict=True)):
            return base + "".join(components[:depth]) + item
    return None


_RANGE_SERIES = (Series.ROMAN_LOWER, Series.ROMAN_UPPER, Series.NUMBER, Series.LOWER, Series.UPPER)


def _clause_range(first: str, last: str) -> list[str]:
    """``(a)`` .. ``(d)``, ``(i)`` .. ``(iv)``, ``(1)`` .. ``(4)`` under the same unit: every clause between
    (empty when the two ends are not numbered alike)."""
    head_a, _, tail_a = first.rpartition("(")
    head_b, _, tail_b = last.rpartition("(")
    if head_a != head_b or not tail_a.endswith(")") or not tail_b.endswith(")"):
        return []
    values_a, values_b = clause_values(tail_a[:-1]), clause_values(tail_b[:-1])
    for series in _RANGE_SERIES:  # "(i) through (v)" counts in roman numerals, not letters i to v
        if series not in values_a or series not in values_b:
            continue
        low, high = values_a[series], values_b[series]
        if 0 < high - low <= _LIMIT_RANGE:
            return [f"{head_a}({clause_token(value, series)})" for value in range(low, high + 1)]
    return []


def _expand_range(first: str, last: str) -> list[str]:
    """``2.1`` .. ``2.4`` gives 2.1, 2.2, 2.3, 2.4; ``(a)`` .. ``(d)`` the clauses between; else the two ends."""
    head_a, _, tail_a = first.rpartition(".")
    head_b, _, tail_b = last.rpartition(".")
    if head_a == head_b and tail_a.isdigit() and tail_b.isdigit() and 0 < int(tail_b) - int(tail_a) <= _LIMIT_RANGE:
        prefix = f"{head_a}." if head_a else ""
        return [f"{prefix}{number}" for number in range(int(tail_a), int(tail_b) + 1)]
    return _clause_range(first, last) or [first, last]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls in one of ``spans`` (sorted by start, not overlapping)."""
    index = bisect_right(spans, (position, _AFTER_ANY_END)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _label_fits_kind(kind: UnitKind, label: str) -> bool:
    """Sections are numbered (``4.2``, ``(b)``); articles and parts numbered or in roman numerals; attachments
    may be lettered."""
    if kind is UnitKind.SECTION:
        return label[0] in "0123456789("
    if label.startswith("("):
        return False  # "the exhibit(s) attached": a plural, not Exhibit (s)
    if kind in (UnitKind.ARTICLE, UnitKind.PART) and label[0].isalpha():
        return roman_to_int(label.partition("(")[0]) is not None
    return True


def _names_elsewhere(keyword: _Keyword, label: str) -> bool:
    """A citation that resolves nowhere here but plainly names a statute or a securities filing."""
    if keyword.section_sign:
        return True
    if keyword.kind is UnitKind.SECTION:
        return _STATUTE_NUMBER.fullmatch(label) is not None
    return keyword.kind is UnitKind.SCHEDULE and label.upper() in _SEC_SCHEDULES


class _Resolver:
    def __init__(self, doc: ParsedDocument, index: SectionIndex) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.section_starts = {section.span[0] for section in index.sections}
        self.consumed_until = -1  # "paragraph (a) of Section 3" also covers the "Section 3" inside it
        self.amendment = is_amendment(doc.text)
        self.set_out = set_out_spans(doc.text) if self.amendment else []
        self.cited_clauses: list[CitedClause] = []  # "5.2(b)" where 5.2 has no such section: maybe inline
        self.clause_readings: list[_ClauseReading] = []  # the citations that named them
        self.missing_clauses = 0  # citations of a clause without a section so far (self-references included)

    # ----- lookups ------------------------------------------------------------------------------------------
    def _article(self, label: str, source: Section | None) -> Section | None:
        """``Article 4``, ``Article IV`` and ``Article IV(a)`` whichever way the heading prints its number."""
        base, _, rest = label.partition("(")
        rest = f"({rest}" if rest else ""
        value = int(base) if base.isdigit() else roman_to_int(base)
        spellings = [base] + ([str(value), int_to_roman(value).upper()] if value else [])
        for spelling in spellings:
            found = self.index.with_label(f"Article {spelling}{rest}", source) or self.index.with_label(
                f"{spelling}{rest}", source
            )
            if found:
                return found
        return None

    def numbered(self, keyword: _Keyword, label: str, source: Section | None, this: bool = False) -> Section | None:
        kind = keyword.kind
        find = self.index.with_label
        if kind is UnitKind.ARTICLE:
            if "." in label.partition("(")[0]:  # "Article 14.1(e)": a contract that calls every unit an Article
                return self.numbered(replace(keyword, kind=UnitKind.SECTION), label, source, this)
            return self._article(label, source)
        if kind is not UnitKind.SECTION:
            return find(kind.cited(label), source)
        spellings = [label, _GLUED_LETTER.sub(r"(\1)", label)]  # "3.2A(iii)" is 3.2(A)(iii)
        found = next((unit for spelling in spellings if (unit := find(spelling, source))), None)
        if found is None and label.isdigit():  # "Section 5" where the contract numbers its articles 5 or V
            found = find(f"Article {label}", source) or find(f"Article {int_to_roman(int(label)).upper()}", source)
        if label.isdigit() and not keyword.names_innermost:
            spellings.append(f"{label}.0")  # "Section 19" where the heading prints "19.0"
        scope = self.index.top(source)
        if found is None and scope is not None and scope.kind == "exhibit":  # "Section 3" in Exhibit A: its item 3
            found = next((unit for spelling in spellings if (unit := find(f"{scope.label} {spelling}", source))), None)
        if found is None and len(spellings) > 2:
            found = find(spellings[-1], source)
        if found is None and "(" in label:
            return self._clause_of(label, source, this)
        return found

    def _relative_clause(self, paren: str, this: bool, source: Section, span: tuple[int, int]) -> Section | None:
        """``clause (b) above``, ``(a)(v)``: the clause under the nearest unit that has it (``(a)(v)`` in 7(b) is
        7(a)(v)); else, as for a numbered citation, an inline clause, a missed item, or nothing."""
        clauses = _CLAUSE.findall(paren)
        for ancestor in self.index.ancestors(source):
            joiner = " " if ancestor.kind == "exhibit" else ""
            for depth in range(len(clauses), 0, -1):
                found = self.index.with_label(f"{ancestor.label}{joiner}{''.join(clauses[:depth])}", source)
                if found is not None and depth == len(clauses):
                    return found
                if found is not None:
                    return self._missing_clause(found, tuple(clauses[depth:]), this)
        self.missing_clauses += 1
        if this:
            return source  # "this clause (b)" stands in the clause it names
        self.cited_clauses.append(CitedClause(source, tuple(clauses)))
        if self._printed_in(source, paren, span) or self._redacted(source, clauses[0]):
            return source
        return None

    def _missing_clause(self, holder: Section, clauses: tuple[str, ...], this: bool) -> Section | None:
        """A clause of ``holder`` that has no section: inline (made a section once cited, see ``enumerations``),
        an item the tree missed or a redacted one (the holder stands in), or nothing (dangling)."""
        self.missing_clauses += 1
        if not this:  # "this Section 2(b)" stands in the clause it names: it cites no other
            self.cited_clauses.append(CitedClause(holder, clauses))
        return holder if self._block_item_in(holder, clauses[0]) or self._redacted(holder, clauses[0]) else None

    def _redacted(self, unit: Section, clause: str) -> bool:
        """A clause missing before a later item that is printed (``(iii)`` on its line after ``[***]``), in a
        unit with text withheld from the filing: the clause is in the withheld text, so it is not dangling."""
        if _REDACTION.search(self.text, unit.span[0], unit.span[1]) is None:
            return False
        cited = clause_values(clause.strip("()"))
        for item in _LINE_ITEM.finditer(self.text, unit.span[0], unit.span[1]):
            printed = clause_values(item["token"])
            if any(printed[series] > cited[series] for series in printed.keys() & cited.keys()):
                return True
        return False

    def _clause_of(self, label: str, source: Section | None, this: bool) -> Section | None:
        """``5.2(b)`` where 5.2 has no section (b): see ``_missing_clause``."""
        base = label
        holder = None
        while holder is None and "(" in base:
            base = base[: base.rindex("(")]
            holder = self.index.with_label(base, source)
        if holder is None:
            return None
        return self._missing_clause(holder, tuple(_CLAUSE.findall(label[len(base) :])), this)

    def _block_item_in(self, unit: Section, clause: str) -> bool:
        """Whether ``clause`` is printed as an item on its own line inside ``unit``: a unit the section tree
        missed, so the citation is not dangling and the unit holding it is the best target."""
        token = re.escape(clause.strip("()"))
        item = re.compile(rf"(?m)^[^\S\n]*(?:\({token}\)|{token}[.)])\s")
        return item.search(self.text, unit.span[0], unit.span[1]) is not None

    def _printed_in(self, unit: Section, clause: str, citation: tuple[int, int]) -> bool:
        """Whether ``clause`` is printed as an item marker in ``unit``'s own text, outside the citation naming it."""
        marker = re.compile(rf"(?<![\w)]){re.escape(clause)}(?=\s)")
        return bool(
            marker.search(self.text, unit.span[0], citation[0]) or marker.search(self.text, citation[1], unit.body_end)
        )

    def relative(
        self, keyword: _Keyword, paren: str | None, this: bool, source: Section | None, span: tuple[int, int]
    ) -> Section | None:
        if source is None:
            return None
        if paren:
            return self._relative_clause(paren, this, source, span)
        if keyword.names_innermost:
            return source
        return self._enclosing(keyword.kind, source)

    def _enclosing(self, kind: UnitKind, source: Section) -> Section | None:
        """The unit of ``kind`` that ``source`` stands in: "this Section" in 3.1.1(a) is 3.1.1, not (a)."""
        if kind is UnitKind.SECTION:
            wanted: tuple[str, ...] = ("section", "article")
        elif kind is UnitKind.ARTICLE:
            wanted = ("article",)
        else:
            wanted = ("exhibit",)
        for ancestor in self.index.ancestors(source):
            numbered_unit = (
                kind is UnitKind.SECTION and ancestor.kind == "subsection" and not ancestor.label.endswith(")")
            )
            if ancestor.kind in wanted or numbered_unit:
                return ancestor
        if kind is UnitKind.SECTION:
            return source
        top = self.index.top(source)
        if kind is UnitKind.ARTICLE and top is not None and top.kind != "exhibit":
            return top  # "this Article" where the contract numbers its top-level units "1.", "2."
        return None

    # ----- where a citation points --------------------------------------------------------------------------
    def _attachment_elsewhere(self, end: int) -> bool:
        """``Exhibit 21 to the Registration Statement`` (but ``Exhibit A to the Agreement`` is this one's)."""
        match = _TO_DOCUMENT.match(self.text, end, end + _OF_DOCUMENT_REACH)
        if match is None:
            return False
        name = match["name"]
        return not (name.lower() in _INTERNAL_NAMES and not (self.amendment and names_amended_agreement("the", name)))

    def _destination_after(self, end: int) -> _Destination:
        """Whether the citation ending at ``end`` points into another document, or into an attachment here."""
        match = _OF_DOCUMENT.match(self.text, end, end + _OF_DOCUMENT_REACH)
        if match is None:
            return _HERE
        name = match["name"].strip("“\"'’")
        qualifier = (match["what"] or "").strip().lower()
        if name.lower() in _HERE_WORDS:
            return _HERE
        if match["word"] not in _OF_WORDS and name.capitalize() not in ATTACHMENT_WORDS.values():
            # "paragraph 2 in Supplement 1": a numbered part this document does not set out as a unit
            return _ELSEWHERE if not qualifier and _NUMBERED_PART.match(self.text, match.start("name")) else _HERE
        if name.capitalize() in ATTACHMENT_WORDS.values() and not qualifier:
            following = _ATTACHMENT_LABEL_AFTER.match(self.text, match.end(), match.end() + 6)
            if following is None:
                return _Destination()
            if self._destination_after(following.end()).external:  # "Section 3 of Schedule 2 of the X Agreement"
                return _Destination(external=True, end=following.end())
            return _Destination(attachment=f"{name.capitalize()} {following[1]}", end=following.end())
        if self.amendment and names_amended_agreement(qualifier, name):
            return _ELSEWHERE
        if qualifier == "the" and name.lower() in _INTERNAL_NAMES:
            return _HERE
        if qualifier in _VAGUE_QUALIFIERS:
            return _ELSEWHERE
        return _ELSEWHERE if name[:1].isupper() or name[:1].isdigit() else _HERE

    def _attachment_before(self, phrase_start: int) -> _Destination | None:
        """``Attachment 4, Section 3``: a unit cited after the attachment that holds it."""
        match = _ATTACHMENT_BEFORE.search(self.text, max(phrase_start - _STATUTE_LOOKBACK, 0), phrase_start)
        if match is None:
            return None
        return _Destination(attachment=f"{match['word'].capitalize()} {match['label']}")

    def _attachment_named_after(self, end: int, label: str, source: Section | None) -> _Destination | None:
        """``Section 7.3, Attachment 1``: the unit of the attachment named right after it, where that attachment
        has such a unit and this document's body does not."""
        match = _ATTACHMENT_AFTER.match(self.text, end)
        if match is None or self.index.with_label(label, source) is not None:
            return None
        attachment = f"{match['word'].capitalize()} {match['label']}"
        if self.index.with_label(f"{attachment} {label}", source) is None:
            return None
        return _Destination(attachment=attachment, end=match.end())

    def _after_statute(self, phrase_start: int) -> bool:
        """``21 U.S.C. § 335(a)``, ``29 C.F.R. Section 2510``: a statute's unit, cited before its number."""
        return bool(_STATUTE_BEFORE.search(self.text, max(phrase_start - _STATUTE_LOOKBACK, 0), phrase_start))

    # ----- predicates on a keyword match --------------------------------------------------------------------
    def _is_list_item_below(self, match: re.Match[str]) -> bool:
        """``Product Attachments`` at a line end, then a list item ``2)`` on the next line."""
        return self.text[match.start("label") - 1] == "\n" and self.text.startswith(")", match.end("label"))

    def _is_caption(self, start: int, end: int) -> bool:
        """An attachment label alone on its line (a page footer or heading), not a citation."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        return not self.text[line_start:start].strip() and not self.text[end:line_end].strip(" .:-–—")

    def _after_break(self, start: int) -> bool:
        """A blank line before the line holding ``start``: ``Section 5`` set apart as a caption."""
        line_start = self.text.rfind("\n", 0, start)
        previous_start = self.text.rfind("\n", 0, max(line_start, 0))
        return line_start <= 0 or not self.text[previous_start + 1 : line_start].strip()

    def _in_filing_legend(self, span: tuple[int, int]) -> bool:
        """The sentence holding ``span`` is the legend of a filing with the securities regulator (portions omitted
        under a request for confidential treatment)."""
        low = max(span[0] - _LEGEND_REACH, 0)
        ends_before = [match.end() for match in _SENTENCE_STOP.finditer(self.text, low, span[0])]
        after = _SENTENCE_STOP.search(self.text, span[1], span[1] + _LEGEND_REACH)
        start, end = (ends_before[-1] if ends_before else low), (after.start() if after else span[1] + _LEGEND_REACH)
        return bool(_FILING_LEGEND.search(self.text, start, end))

    def _is_heading(self, match: re.Match[str]) -> bool:
        return match.start("kw") in self.section_starts or match.start() in self.section_starts

    # ----- scanning -----------------------------------------------------------------------------------------
    def scan(self, skipped: list[tuple[int, int]]) -> list[CrossReference]:
        references: list[CrossReference] = []
        for match in _REFERENCE.finditer(self.text):
            start = match.start("kw")
            if _inside(skipped, start) or self._is_heading(match) or start < self.consumed_until:
                continue  # a table of contents or a heading is not a reference
            references.extend(self._read(self._references_at, match))
        taken = sorted(reference.span for reference in references)
        read_until = -1
        for match in self._keywordless_candidates():
            start = match.start()
            numbered_paragraph = match["label"].startswith("No")  # "No. 9 below" may open a line: no item marker
            if start < read_until or _inside(skipped, start) or _inside(taken, start):
                continue
            if self._starts_line(match) and not numbered_paragraph:
                continue
            found = self._read(self._keywordless_at, match)
            references.extend(found)
            read_until = max((reference.span[1] for reference in found), default=read_until)
        taken = sorted(reference.span for reference in references)
        for phrase in _CITING_WORDS.finditer(self.text):
            match = _BARE_LABEL.match(self.text, phrase.end())
            if match is not None and not (_inside(skipped, match.start()) or _inside(taken, match.start())):
                references.extend(self._read(self._bare_at, match))
        for word in _PARAGRAPH_WORD.finditer(self.text):
            match = _ADJACENT_PARAGRAPH.search(self.text, max(word.start() - _ADJACENT_REACH, 0), word.end())
            if match is not None and match.end() == word.end() and not _inside(skipped, match.start()):
                references.extend(self._adjacent_paragraph(match))
        return sorted(references, key=lambda reference: reference.span)

    def _read(
        self, reader: Callable[[re.Match[str]], list[CrossReference]], match: re.Match[str]
    ) -> list[CrossReference]:
        """The references at ``match``, remembering the match when they cite clauses that have no section yet
        (once those are made, only these are read again)."""
        missing_before = self.missing_clauses
        found = reader(match)
        if self.missing_clauses > missing_before:
            keywordless = reader in (self._keywordless_at, self._bare_at)
            self.clause_readings.append(_ClauseReading(keywordless, match.start(), tuple(ref.span for ref in found)))
        return found

    def reread(self, previous: ReferenceReading, renamed: dict[str, str]) -> list[CrossReference]:
        """``previous`` against sections renumbered (``renamed``: old id to new) after inline clauses were made:
        the citations of those clauses are read again, the others keep their targets under the new ids."""
        affected = {span for reading in previous.clause_readings for span in reading.spans}
        references = [
            self._renamed(reference, renamed) for reference in previous.references if reference.span not in affected
        ]
        for reading in previous.clause_readings:
            if reading.keywordless:
                placed = _KEYWORDLESS.match(self.text, reading.start)
                bare = _BARE_LABEL.match(self.text, reading.start)
                references.extend(self._keywordless_at(placed) if placed else self._bare_at(bare) if bare else [])
            else:
                match = _REFERENCE.match(self.text, reading.start)
                references.extend(self._references_at(match) if match else [])
        return sorted(references, key=lambda reference: reference.span)

    def _renamed(self, reference: CrossReference, renamed: dict[str, str]) -> CrossReference:
        source = self.index.innermost(reference.span[0])
        target = renamed.get(reference.target, reference.target) if reference.target else None
        return replace(reference, source=source.id if source else None, target=target)

    def _adjacent_paragraph(self, match: re.Match[str]) -> list[CrossReference]:
        """``the preceding paragraph`` in the first paragraph of a unit is the unit before it (headings without
        text of their own and the units holding it skipped); ``the following paragraph`` in a unit's last
        paragraph is the unit after it. Elsewhere in a unit they name one of its own unnumbered paragraphs."""
        source = self.index.innermost(match.start())
        if source is None:
            return []
        if match["way"].lower() in _BACKWARD_WORDS:
            if _BLANK_LINE.search(self.text, source.span[0], match.start()):
                return []
            target = self._unit_before(source)
        else:
            if _BLANK_LINE.search(self.text, match.end(), source.body_end):
                return []
            target = next((unit for unit in self.index.sections if unit.span[0] >= source.span[1]), None)
        if target is None:
            return []
        page = self.index.pages.page_at(match.start())
        citation = _Citation(_KEYWORDLESS_READING, source, match.span(), page, False)
        return [self._make(citation, target, target.label)]

    def _unit_before(self, source: Section) -> Section | None:
        holders = {unit.id for unit in self.index.ancestors(source)}
        for unit in reversed(self.index.sections):
            if unit.span[0] < source.span[0] and unit.id not in holders and self._has_own_text(unit):
                return unit
        return None

    def _has_own_text(self, unit: Section) -> bool:
        """More than a heading: ``2.3 Retail Promotions.`` above 2.3.1 has no text of its own."""
        own = _LEADING_LABEL.sub("", self.text[unit.span[0] : unit.body_end], count=1)
        if unit.title:
            own = own.replace(unit.title, "", 1)
        return any(character.isalnum() for character in own)

    def _keywordless_candidates(self) -> Iterator[re.Match[str]]:
        """Labels followed by "above"/"below", looked for only before those words (they are rare)."""
        window_start = 0
        for place in _PLACE_WORD.finditer(self.text):
            if (
                not self.text[place.start() - 1 : place.start()].isspace()
                or self.text[place.end() : place.end() + 1].isalnum()
            ):
                continue
            low = max(place.start() - _KEYWORDLESS_REACH, window_start)
            yield from _KEYWORDLESS.finditer(self.text, low, place.end())
            window_start = place.end()

    def _starts_line(self, match: re.Match[str]) -> bool:
        line_start = self.text.rfind("\n", 0, match.start()) + 1
        return not self.text[line_start : match.start()].strip()

    def _keywordless_at(self, match: re.Match[str]) -> list[CrossReference]:
        """``2.4 below``, ``(a), (b) and (c) above``: a citation without its keyword, counted only where the
        unit it names exists (a bare number is too often something else to call it dangling)."""
        targets, end = self._read_list(_KEYWORDLESS_READING, match)
        if not _AFTER_LIST_PLACE.match(self.text, end):
            return []
        return self._resolved_without_keyword(match, targets, end)

    def _bare_at(self, match: re.Match[str]) -> list[CrossReference]:
        """``the conditions of 4.02``: a dotted number after words that introduce a citation (not an amount)."""
        targets, end = self._read_list(_KEYWORDLESS_READING, match)
        if _QUANTITY_AFTER.match(self.text, end) or _AMOUNT_AFTER.match(self.text, end):
            return []
        return self._resolved_without_keyword(match, targets, end)

    def _resolved_without_keyword(self, match: re.Match[str], targets: list[_Target], end: int) -> list[CrossReference]:
        source = self.index.innermost(match.start())
        page = self.index.pages.page_at(match.start())
        citation = _Citation(_KEYWORDLESS_READING, source, (match.start(), end), page, False)
        resolved = []
        for target in targets:
            found = self._target(citation, target.label, _HERE)
            if found is not None:
                resolved.append(self._make(citation, found, found.label))
        return resolved

    def _references_at(self, match: re.Match[str]) -> list[CrossReference]:
        keyword = _Keyword.read(match["kw"])
        this_match = _THIS_BEFORE.search(self.text, max(match.start() - _THIS_LOOKBACK, 0), match.start())
        phrase_start = this_match.start() if this_match else match.start()
        source = self.index.innermost(match.start())
        page = self.index.pages.page_at(match.start("kw"))
        if match["label"] is None:
            if this_match is None:
                return []
            return self._self_reference(_Citation(keyword, source, (phrase_start, match.end()), page, True))
        if not self._is_citation(keyword, match):
            return []
        targets, end = self._read_list(keyword, match)
        targets, end = self._within_section(targets, end)
        remark = _REMARK.match(self.text, end)  # "Sections 5.1 and 5.2 (Invoicing) of the Existing Agreement"
        destination = self._destination_after(remark.end() if remark else end)
        if keyword.kind.is_attachment and self._attachment_elsewhere(end):
            destination = _ELSEWHERE
        if self._after_statute(phrase_start):
            destination = _ELSEWHERE
        elif keyword.kind is UnitKind.SECTION and not (destination.external or destination.attachment):
            destination = (
                self._attachment_before(phrase_start)
                or self._attachment_named_after(end, targets[0].label, source)
                or destination
            )
        if keyword.kind is UnitKind.PART and not (destination.external or destination.attachment):
            return []  # "Part 2" of this document: too often a caption or a product name to count
        if destination.end >= 0:
            end = self.consumed_until = destination.end  # "Part 1 of Exhibit A" is one citation, not two
        citation = _Citation(keyword, source, (phrase_start, end), page, this_match is not None)
        resolved = (self._resolve(citation, target.label, destination) for target in targets)
        return [reference for reference in resolved if reference is not None]

    def _is_citation(self, keyword: _Keyword, match: re.Match[str]) -> bool:
        if self._is_list_item_below(match) or not _label_fits_kind(keyword.kind, _normalise(match["label"])):
            return False
        if keyword.kind.is_attachment:
            return not self._is_caption(match.start(), match.end())
        if not self._is_caption(match.start(), match.end()):
            return True
        followed_by_break = _PARAGRAPH_BREAK.match(self.text, match.end()) is not None
        return not (followed_by_break and (_is_paren(match["label"]) or self._after_break(match.start())))

    def _self_reference(self, citation: _Citation) -> list[CrossReference]:
        """``this Section``, ``this Article``, ``this paragraph``: the unit of that kind it stands in."""
        if citation.keyword.kind is UnitKind.PART:
            return []
        if citation.keyword.kind.is_attachment and self._in_filing_legend(citation.span):
            return []  # "Portions of this exhibit have been omitted ...": the filing itself, wherever it is printed
        target = self.relative(citation.keyword, None, True, citation.source, citation.span)
        if target is None:
            return []  # "this exhibit" in a filing legend, outside any unit: nothing is cited
        return [self._make(citation, target, target.label)]

    def _read_list(self, keyword: _Keyword, match: re.Match[str]) -> tuple[list[_Target], int]:
        """The cited labels: one, a list (``2.1, 2.3 and 2.5``) or a range (``2.1 through 2.4``)."""
        targets = [_Target(_normalise(match["label"]), match.start("label"))]
        end = match.end()
        while True:
            end_of_item = end
            remark = _REMARK.match(self.text, end)
            if remark is not None:
                end = remark.end()
                titled = _ITEM_AFTER_TITLE.match(self.text, end)
                if titled is not None:  # "Section 5.02 [TERMINATION]A" cites 5.02(A)
                    clause = titled["paren"] or titled["bare"]
                    targets[-1] = _Target(f"{targets[-1].label}({clause})", targets[-1].start)
                    end = end_of_item = titled.end()
            following = _NEXT_LABEL.match(self.text, end)
            misprint = self._misprint(keyword, end, following)
            if misprint is not None:
                targets.append(_Target(misprint["label"], misprint.start("label")))
                end = misprint.end()
                continue
            if following is None or _QUANTITY_AFTER.match(self.text, following.end()):
                return targets, end_of_item
            item = self._list_item(keyword, targets[-1].label, following)
            if item is None:
                return targets, end_of_item
            if following["sep"].strip().lower() in _RANGE_SEPARATORS and keyword.kind in _RANGED_KINDS:
                expanded = _expand_range(targets[-1].label, item)
                targets.extend(_Target(label, following.start("label")) for label in expanded[1:])
            else:
                targets.append(_Target(item, following.start("label")))
            end = following.end()

    def _misprint(self, keyword: _Keyword, end: int, following: re.Match[str] | None) -> re.Match[str] | None:
        """A short token that is no label (``S(c)``) between two labels of a list of ``Sections``."""
        misprint = _MISPRINT.match(self.text, end) if keyword.plural else None
        if misprint is None or (following is not None and following.end() >= misprint.end()):
            return None
        return misprint if _NEXT_LABEL.match(self.text, misprint.end()) else None

    def _list_item(self, keyword: _Keyword, previous: str, following: re.Match[str]) -> str | None:
        """The label a list continues with, or None where the list has ended: after ``Sections`` any label
        continues it; after ``Section`` only a label of the same depth joined by "and"/"or", or a range."""
        separator = following["sep"].strip().lower()
        item = _normalise(following["label"])
        is_range = separator in _RANGE_SEPARATORS
        if _is_paren(item):
            if "(" not in previous:
                return None  # "Section 2.5 and (ii) ..." continues the sentence's own enumeration
            if separator == "," and not keyword.plural and not _CLAUSE_LIST_END.match(self.text, following.end()):
                return None  # "Section 2.1(a), (i) the Buyer ...": a list of clauses ends with "and" or "or"
            return _continue_clause(previous, item)
        if not _label_fits_kind(keyword.kind, item):
            return None  # "ARTICLE VII OR A PARTY'S ...": an article is numbered, so "A" is the word, not a label
        if keyword.plural:
            return item
        if is_range or (_same_shape(item, previous) and separator in _LIST_JOINERS):
            return item
        return None

    def _within_section(self, targets: list[_Target], end: int) -> tuple[list[_Target], int]:
        """``paragraph (c) of Section 2.1`` cites 2.1(c) (and the "Section 2.1" inside it is not read again)."""
        compound = _OF_SECTION.match(self.text, end) if _is_paren(targets[0].label) else None
        if compound is None:
            return targets, end
        base = _normalise(compound["label"])
        self.consumed_until = compound.end()
        return [_Target(base + target.label, target.start) for target in targets], compound.end()

    def _resolve(self, citation: _Citation, label: str, destination: _Destination) -> CrossReference | None:
        if destination.external:
            return self._make(citation, None, citation.keyword.kind.cited(label), external=True)
        target = self._target(citation, label, destination)
        if target is not None and self.amendment and not self._citable_in_amendment(citation, target):
            target = None
        if target is not None:
            return self._make(citation, target, target.label)
        if destination.attachment and self.index.with_label(destination.attachment, citation.source) is not None:
            # a unit the attached attachment does not have dangles, in an amendment too (it is set out here)
            unit = citation.keyword.kind.cited(label)
            return self._make(citation, None, f"{destination.attachment} {unit}")
        return self._unresolved(citation, label)

    def _target(self, citation: _Citation, label: str, destination: _Destination) -> Section | None:
        if destination.attachment:
            return self._in_attachment(citation, label, destination.attachment)
        if _is_paren(label):
            return self.relative(citation.keyword, label, citation.this, citation.source, citation.span)
        return self.numbered(citation.keyword, label, citation.source, citation.this)

    def _in_attachment(self, citation: _Citation, label: str, attachment_label: str) -> Section | None:
        """``Part 1 of Exhibit A``, ``Section 2(c) of Appendix A``: the unit inside the attachment; an attachment
        whose units are not known stands in for them, one whose units are known does not (``Part 4 of
        Exhibit A`` where it has Parts 1 and 2 dangles)."""
        keyword, source = citation.keyword, citation.source
        unit = f"{attachment_label} {keyword.kind.cited(label) if keyword.kind is UnitKind.PART else label}"
        target = self.index.with_label(unit, source)
        if target is None and "(" in label:
            target = self._clause_of(unit, source, citation.this)
        attachment = self.index.with_label(attachment_label, source)
        if target is not None or attachment is None:
            return target
        if keyword.kind.is_attachment or not self.index.has_children(attachment):
            return attachment
        return None

    def _citable_in_amendment(self, citation: _Citation, target: Section) -> bool:
        """Text an amendment sets out speaks the amended agreement's numbering: it cites no paragraph of the
        amendment itself."""
        if not is_own_paragraph(target) or citation.source is None:
            return True
        return is_own_paragraph(citation.source) and not _inside(self.set_out, citation.span[0])

    def _unresolved(self, citation: _Citation, label: str) -> CrossReference | None:
        """A label found nowhere here: another document's (a statute, a filing, the agreement an amendment
        amends), the filing itself (``this Exhibit 10.13``), or dangling."""
        keyword = citation.keyword
        if keyword.kind.is_attachment and citation.this:
            return None  # "this Exhibit 10.13" in a filing's legend: the document itself
        if self.amendment or _names_elsewhere(keyword, label):
            return self._make(citation, None, citation.keyword.kind.cited(label), external=True)
        if keyword.kind is UnitKind.SECTION and not citation.this and self._withheld(label, citation.source):
            return self._make(citation, None, label, withheld=True)
        return self._make(citation, None, keyword.kind.cited(label))

    def _withheld(self, label: str, source: Section | None) -> bool:
        """``Section 3.2.10`` where 3.2 stops at 3.2.9 and then text withheld from the filing (``[***]``): the
        unit is in the withheld text, so the citation is not dangling (though it resolves to nothing here)."""
        holder_label, dot, number = label.rpartition(".")
        if not dot or not number.isdigit() or "(" in label:
            return False
        holder = self.index.with_label(holder_label, source)
        if holder is None:
            return False
        printed = [unit for unit in self.index.sections if unit.parent == holder.id]
        last = printed[-1] if printed else None
        last_number = last.label.rpartition(".")[2] if last is not None else "0"
        if not last_number.isdigit() or int(number) <= int(last_number):
            return False  # a unit printed before the withheld text would be there
        after = last.span[0] if last is not None else holder.span[0]
        return _REDACTION.search(self.text, after, holder.span[1]) is not None

    def _make(
        self,
        citation: _Citation,
        target: Section | None,
        label: str | None,
        external: bool = False,
        withheld: bool = False,
    ) -> CrossReference:
        start, end = citation.span
        return CrossReference(
            source=citation.source.id if citation.source else None,
            text=" ".join(self.text[start:end].split()),
            page=citation.page,
            span=citation.span,
            target=target.id if target else None,
            target_label=label,
            external=external,
            dangling=not (external or withheld) and target is None,
        )


@dataclass(frozen=True)
class ReferenceReading:
    """The references found, the inline clauses they cite that have no section yet, and where those were read."""

    references: tuple[CrossReference, ...]
    cited_clauses: tuple[CitedClause, ...]
    clause_readings: tuple[_ClauseReading, ...] = ()


def read_references(
    doc: ParsedDocument, index: SectionIndex, skipped: list[tuple[int, int]] | None = None
) -> ReferenceReading:
    """Every cross-reference in document order; ``skipped`` spans (a table of contents) are not read."""
    resolver = _Resolver(doc, index)
    references = tuple(resolver.scan(sorted(skipped or [])))
    return ReferenceReading(references, tuple(resolver.cited_clauses), tuple(resolver.clause_readings))


def reread_references(
    doc: ParsedDocument, index: SectionIndex, previous: ReferenceReading, renamed: dict[str, str]
) -> tuple[CrossReference, ...]:
    """``previous`` against the sections of ``index`` (``renamed``: old section ids to new), reading again only
    the citations of clauses that have just been made sections."""
    return tuple(_Resolver(doc, index).reread(previous, renamed))


def find_references(
    doc: ParsedDocument, index: SectionIndex, skipped: list[tuple[int, int]] | None = None
) -> tuple[CrossReference, ...]:
    """Every cross-reference in document order; ``skipped`` spans (a table of contents) are not read."""
    return read_references(doc, index, skipped).references
