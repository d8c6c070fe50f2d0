"""Cross-references: every citation of a section, article or attachment, resolved to the section it names.

One entry per target: ``Sections 2.1 and 2.3`` gives two, ``Sections 2.1 through 2.4`` four. Targets follow the
text as written: a label that does not exist here is *dangling*; a citation into another agreement or a statute
(``Section 365 of the Bankruptcy Code``) is *external* and not resolved. Relative citations (``this Section``,
``subsection (c) above``) resolve against the section they stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from contract_app.model import CrossReference, ParsedDocument, Section
from contract_app.structure.locate import SectionIndex
from contract_app.structure.numbering import ATTACHMENT_WORDS, int_to_roman, letter_value, roman_to_int

_PAREN = r"\((?:[a-zA-Z]{1,4}|\d{1,3}[A-Z]?)\)"
_NUMBER_LABEL = rf"\d{{1,4}}(?:\.\d{{1,4}})*(?!\d)(?:[A-Z](?![\w]))?(?:\s?{_PAREN})*"
_PAREN_LABEL = rf"{_PAREN}(?:\s?{_PAREN})*"
_ROMAN_LABEL = rf"[IVXLC]{{1,6}}(?![\w-])(?:\s?{_PAREN})*"
_LETTER_LABEL = r"[A-Z]{1,2}(?:-\d{1,2})?(?![\w])"
_ANY_LABEL = f"{_NUMBER_LABEL}|{_PAREN_LABEL}|{_ROMAN_LABEL}|{_LETTER_LABEL}"

_REFERENCE = re.compile(
    r"(?P<kw>\b(?:[Ss]ub-?[Ss]ections?|SUBSECTIONS?|[Ss]ections?|SECTIONS?|[Cc]lauses?|CLAUSES?|[Aa]rticles?|"
    r"ARTICLES?|[Pp]aragraphs?|PARAGRAPHS?|[Ee]xhibits?|EXHIBITS?|[Ss]chedules?|SCHEDULES?|[Aa]nnex(?:es)?|"
    r"ANNEX(?:ES)?|[Aa]ppendix|[Aa]ppendices|APPENDIX|APPENDICES|[Aa]ttachments?|ATTACHMENTS?|Parts?|PARTS?)\b|§§?)"
    rf"(?:[ \t]*\n?[ \t]*(?P<label>{_ANY_LABEL}))?"
)
_NEXT_LABEL = re.compile(
    r"(?P<sep>\s*,\s*(?:and/or\s+|and\s+|or\s+)?|\s+(?:and/or|and|or)\s+|\s*(?:through|thru|to)\s+|\s*[-–—]\s*)"
    rf"(?P<label>{_ANY_LABEL})"
)
_OF_DOCUMENT = re.compile(r"\s*,?\s+(?:of|OF)\s+(?P<what>(?:the|THE|such|that|said|any)\s+)?(?P<name>[\w“\"'’-]+)")
_STATUTE_BEFORE = re.compile(
    r"(?:U\.\s?S\.\s?C\.(?:\s?A\.)?|C\.\s?F\.\s?R\.|Stat\.|Code|Act|Regulations?|Rules?)\s*,?\s*$"
)
_THIS_BEFORE = re.compile(r"\b(?:[Tt]his|THIS)\s+$")
_OF_SECTION = re.compile(
    rf"\s*,?\s+of\s+(?:this\s+)?(?:Section|SECTION|Clause|CLAUSE|Article|ARTICLE|section|clause)\s+(?P<label>{_NUMBER_LABEL})"
)
_ATTACHMENT_LABEL_AFTER = re.compile(r"\s*([A-Z0-9]{1,2})\b")
_PAREN_LETTER_END = re.compile(r"(.*)\(([a-z])\)")
_SPACE_BEFORE_PAREN = re.compile(r"\s+(?=\()")

_HERE_WORDS = frozenset(["hereof", "hereto", "herein", "hereunder", "above", "below", "this", "these"])
_INTERNAL_NAMES = frozenset(
    ["agreement", "contract", "this", "these", "exhibit", "schedule", "annex", "appendix", "attachment", "article"]
)
_VAGUE_QUALIFIERS = frozenset(["such", "that", "said", "any"])  # "Section 4 of such agreement": another document
_INNERMOST_WORDS = ("paragraph", "subsection", "sub-section")  # "this paragraph" is the unit it stands in
_LIST_JOINERS = ("and", "or", "and/or")
_RANGE_SEPARATORS = ("through", "thru", "to", "-", "–", "—")
_THIS_LOOKBACK = 8  # characters before a keyword searched for "this "
_STATUTE_LOOKBACK = 24  # characters before a citation searched for "U.S.C." and the like
_OF_DOCUMENT_REACH = 120  # characters after a citation searched for "of the Bankruptcy Code"
_LIMIT_RANGE = 40  # a wider range is more likely a misreading than a citation of 40 units


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


_SECTION_WORDS = ("section", "subsection", "sub-section", "clause", "paragraph")
_ATTACHMENT_KINDS = {prefix[:5]: UnitKind(name) for prefix, name in ATTACHMENT_WORDS.items()}


@dataclass(frozen=True)
class _Keyword:
    """The word that opens a citation (``Sections``, ``Article``, ``§``), read once."""

    kind: UnitKind
    plural: bool
    names_innermost: bool  # "paragraph (c)", "this subsection": the unit it stands in, whatever its depth

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
        return cls(kind, plural, lowered.startswith(_INNERMOST_WORDS))


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
class _Destination:
    """Where a citation points: here, into another document, or into an attachment of this one."""

    external: bool = False
    attachment: str | None = None  # "Exhibit B" for "Section 3 of Exhibit B"


_HERE = _Destination()
_ELSEWHERE = _Destination(external=True)


def _normalise(label: str) -> str:
    return _SPACE_BEFORE_PAREN.sub("", label.strip())


def _is_paren(label: str) -> bool:
    return label.startswith("(")


def _same_shape(first: str, second: str) -> bool:
    """``2.1`` and ``2.4``, ``3`` and ``5``: the same depth of number, so a list may continue from one to the other."""
    return first.count(".") == second.count(".") and first[:1].isdigit() == second[:1].isdigit()


def _expand_range(first: str, last: str) -> list[str]:
    """``2.1`` .. ``2.4`` gives 2.1, 2.2, 2.3, 2.4; ``(a)`` .. ``(d)`` the letters between; else the two ends."""
    head_a, _, tail_a = first.rpartition(".")
    head_b, _, tail_b = last.rpartition(".")
    if head_a == head_b and tail_a.isdigit() and tail_b.isdigit() and 0 < int(tail_b) - int(tail_a) <= _LIMIT_RANGE:
        prefix = f"{head_a}." if head_a else ""
        return [f"{prefix}{number}" for number in range(int(tail_a), int(tail_b) + 1)]
    paren_a = _PAREN_LETTER_END.fullmatch(first)
    paren_b = _PAREN_LETTER_END.fullmatch(last)
    if paren_a and paren_b and paren_b[1] in ("", paren_a[1]):
        low, high = letter_value(paren_a[2]) or 0, letter_value(paren_b[2]) or 0
        if 0 < high - low <= _LIMIT_RANGE:
            return [f"{paren_a[1]}({chr(96 + value)})" for value in range(low, high + 1)]
    return [first, last]


def _label_fits_kind(kind: UnitKind, label: str) -> bool:
    """Sections are numbered (``4.2``, ``(b)``); articles and parts numbered or in roman numerals; attachments
    may be lettered."""
    if kind is UnitKind.SECTION:
        return label[0] in "0123456789("
    if kind in (UnitKind.ARTICLE, UnitKind.PART) and label[0].isalpha():
        return roman_to_int(label.partition("(")[0]) is not None
    return True


class _Resolver:
    def __init__(self, doc: ParsedDocument, index: SectionIndex) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.section_starts = {section.span[0] for section in index.sections}
        self.consumed_until = -1  # "paragraph (a) of Section 3" also covers the "Section 3" inside it

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

    def numbered(self, kind: UnitKind, label: str, source: Section | None) -> Section | None:
        find = self.index.with_label
        if kind is UnitKind.ARTICLE:
            return self._article(label, source)
        if kind is not UnitKind.SECTION:
            return find(kind.cited(label), source)
        found = find(label, source)
        if found is None and label.isdigit():  # "Section 5" where the contract numbers its articles 5 or V
            found = find(f"Article {label}", source) or find(f"Article {int_to_roman(int(label)).upper()}", source)
        if found is None and source is not None:
            scope = self.index.top(source)
            if scope is not None and scope.kind == "exhibit":  # "Section 3" inside Exhibit A is its item 3
                found = find(f"{scope.label} {label}", source)
        base = label
        while found is None and "(" in base:  # an inline clause: the unit holding it, as lawyers read it
            base = base[: base.rindex("(")]
            found = find(base, source)
        return found

    def relative(self, keyword: _Keyword, paren: str | None, this: bool, source: Section | None) -> Section | None:
        if source is None:
            return None
        if paren:
            for ancestor in self.index.ancestors(source):
                joiner = " " if ancestor.kind == "exhibit" else ""
                found = self.index.with_label(f"{ancestor.label}{joiner}{paren}", source)
                if found is not None:
                    return found
            own_text = self.text[source.span[0] : source.body_end]
            return source if this or paren in own_text else None
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
        return source if kind is UnitKind.SECTION else None

    # ----- where a citation points --------------------------------------------------------------------------
    def _destination_after(self, end: int) -> _Destination:
        """Whether the citation ending at ``end`` points into another document, or into an attachment here."""
        match = _OF_DOCUMENT.match(self.text, end, end + _OF_DOCUMENT_REACH)
        if match is None:
            return _HERE
        name = match["name"].strip("“\"'’")
        qualifier = (match["what"] or "").strip().lower()
        if name.lower() in _HERE_WORDS:
            return _HERE
        if name.capitalize() in ATTACHMENT_WORDS.values() and not qualifier:
            following = _ATTACHMENT_LABEL_AFTER.match(self.text[match.end() : match.end() + 6])
            return _Destination(attachment=f"{name.capitalize()} {following[1]}" if following else None)
        if qualifier == "the" and name.lower() in _INTERNAL_NAMES:
            return _HERE
        if qualifier in _VAGUE_QUALIFIERS:
            return _ELSEWHERE
        return _ELSEWHERE if name[:1].isupper() or name[:1].isdigit() else _HERE

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

    def _is_heading(self, match: re.Match[str]) -> bool:
        return match.start("kw") in self.section_starts or match.start() in self.section_starts

    # ----- scanning -----------------------------------------------------------------------------------------
    def scan(self, skipped: list[tuple[int, int]]) -> list[CrossReference]:
        references: list[CrossReference] = []
        skip_index = 0
        for match in _REFERENCE.finditer(self.text):
            start = match.start("kw")
            while skip_index < len(skipped) and skipped[skip_index][1] <= start:
                skip_index += 1
            if skip_index < len(skipped) and skipped[skip_index][0] <= start:
                continue
            if self._is_heading(match) or start < self.consumed_until:
                continue  # a heading is not a reference
            references.extend(self._references_at(match))
        return references

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
        destination = self._destination_after(end)
        if self._after_statute(phrase_start):
            destination = _ELSEWHERE
        if keyword.kind is UnitKind.PART and not destination.external:
            return []  # "Part 2" of this document: too often a caption or a product name to count
        citation = _Citation(keyword, source, (phrase_start, end), page, this_match is not None)
        return [self._resolve(citation, target.label, destination) for target in targets]

    def _is_citation(self, keyword: _Keyword, match: re.Match[str]) -> bool:
        if self._is_list_item_below(match) or not _label_fits_kind(keyword.kind, match["label"]):
            return False
        return not (keyword.kind.is_attachment and self._is_caption(match.start(), match.end()))

    def _self_reference(self, citation: _Citation) -> list[CrossReference]:
        """``this Section``, ``this Article``, ``this paragraph``: the unit of that kind it stands in."""
        if citation.keyword.kind is UnitKind.PART:
            return []
        target = self.relative(citation.keyword, None, True, citation.source)
        if target is None:
            return []  # "this exhibit" in a filing legend, outside any unit: nothing is cited
        return [self._make(citation, target, target.label)]

    def _read_list(self, keyword: _Keyword, match: re.Match[str]) -> tuple[list[_Target], int]:
        """The cited labels: one, a list (``2.1, 2.3 and 2.5``) or a range (``2.1 through 2.4``)."""
        targets = [_Target(_normalise(match["label"]), match.start("label"))]
        end = match.end()
        while (following := _NEXT_LABEL.match(self.text, end)) is not None:
            separator = following["sep"].strip().lower()
            item = _normalise(following["label"])
            previous = targets[-1].label
            is_range = separator in _RANGE_SEPARATORS
            same_shape = _same_shape(item, previous)
            if _is_paren(item):
                if "(" not in previous and not keyword.plural:
                    break  # "Section 2.5 and (ii) ..." continues the sentence's own enumeration
                item = previous.partition("(")[0] + item
                same_shape = True
            if not (keyword.plural or is_range or (same_shape and separator in _LIST_JOINERS)):
                break
            if not same_shape and not (keyword.plural and separator.endswith(("and", "or"))):
                break
            if is_range and keyword.kind in (UnitKind.SECTION, UnitKind.ARTICLE):
                expanded = _expand_range(previous, item)
                targets.extend(_Target(label, following.start("label")) for label in expanded[1:])
            else:
                targets.append(_Target(item, following.start("label")))
            end = following.end()
        return targets, end

    def _within_section(self, targets: list[_Target], end: int) -> tuple[list[_Target], int]:
        """``paragraph (c) of Section 2.1`` cites 2.1(c) (and the "Section 2.1" inside it is not read again)."""
        compound = _OF_SECTION.match(self.text, end) if _is_paren(targets[0].label) else None
        if compound is None:
            return targets, end
        base = _normalise(compound["label"])
        self.consumed_until = compound.end()
        return [_Target(base + target.label, target.start) for target in targets], compound.end()

    def _resolve(self, citation: _Citation, label: str, destination: _Destination) -> CrossReference:
        if destination.external:
            return self._make(citation, None, label, external=True)
        if destination.attachment:
            target = self.index.with_label(f"{destination.attachment} {label}", citation.source)
            target = target or self.index.with_label(destination.attachment, citation.source)
        elif _is_paren(label):
            target = self.relative(citation.keyword, label, citation.this, citation.source)
        else:
            target = self.numbered(citation.keyword.kind, label, citation.source)
        return self._make(citation, target, target.label if target else citation.keyword.kind.cited(label))

    def _make(
        self, citation: _Citation, target: Section | None, label: str | None, external: bool = False
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
            dangling=not external and target is None,
        )


def find_references(
    doc: ParsedDocument, index: SectionIndex, skipped: list[tuple[int, int]] | None = None
) -> tuple[CrossReference, ...]:
    """Every cross-reference in document order; ``skipped`` spans (a table of contents) are not read."""
    return tuple(_Resolver(doc, index).scan(sorted(skipped or [])))
