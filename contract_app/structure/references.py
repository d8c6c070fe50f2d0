"""Cross-references: every citation of a section, article or attachment, resolved to the section it names.

One entry per target: ``Sections 2.1 and 2.3`` gives two, ``Sections 2.1 through 2.4`` four. Targets follow the
text as written: a label that does not exist here is *dangling*; a citation into another agreement or a statute
(``Section 365 of the Bankruptcy Code``) is *external* and not resolved. Relative citations (``this Section``,
``subsection (c) above``) resolve against the section they stand in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_HERE_WORDS = frozenset(["hereof", "hereto", "herein", "hereunder", "above", "below"])
_INTERNAL_NAMES = frozenset(
    ["agreement", "contract", "this", "these", "exhibit", "schedule", "annex", "appendix", "attachment", "article"]
)
_RANGE_SEPARATORS = ("through", "thru", "to", "-", "–", "—")
_LIMIT_RANGE = 40


@dataclass(frozen=True)
class _Target:
    label: str
    start: int


def _kind_of(keyword: str) -> str:
    word = keyword.lower().rstrip("s")
    if word.startswith("§") or word in ("section", "subsection", "sub-section", "clause", "paragraph"):
        return "section"
    if word in ("article",):
        return "article"
    if word in ("part",):
        return "part"
    for prefix, name in ATTACHMENT_WORDS.items():
        if word.startswith(prefix[:5]):
            return name
    return "section"


def _normalise(label: str) -> str:
    return re.sub(r"\s+(?=\()", "", label.strip())


def _expand_range(first: str, last: str) -> list[str]:
    """``2.1`` .. ``2.4`` gives 2.1, 2.2, 2.3, 2.4; ``(a)`` .. ``(d)`` the letters between; else the two ends."""
    head_a, _, tail_a = first.rpartition(".")
    head_b, _, tail_b = last.rpartition(".")
    if head_a == head_b and tail_a.isdigit() and tail_b.isdigit() and 0 < int(tail_b) - int(tail_a) <= _LIMIT_RANGE:
        prefix = f"{head_a}." if head_a else ""
        return [f"{prefix}{number}" for number in range(int(tail_a), int(tail_b) + 1)]
    paren_a = re.fullmatch(r"(.*)\(([a-z])\)", first)
    paren_b = re.fullmatch(r"(.*)\(([a-z])\)", last)
    if paren_a and paren_b and paren_b[1] in ("", paren_a[1]):
        low, high = letter_value(paren_a[2]) or 0, letter_value(paren_b[2]) or 0
        if 0 < high - low <= _LIMIT_RANGE:
            return [f"{paren_a[1]}({chr(96 + value)})" for value in range(low, high + 1)]
    return [first, last]


class _Resolver:
    def __init__(self, doc: ParsedDocument, index: SectionIndex) -> None:
        self.doc = doc
        self.index = index
        self.section_starts = {section.span[0] for section in index.sections}
        self.consumed_until = -1  # "paragraph (a) of Section 3" also covers the "Section 3" inside it

    # ----- lookups ------------------------------------------------------------------------------------------
    def numbered(self, kind: str, label: str, source: Section | None) -> Section | None:
        find = self.index.with_label
        if kind == "article":
            base, _, rest = label.partition("(")
            rest = f"({rest}" if rest else ""
            value = int(base) if base.isdigit() else roman_to_int(base)
            spellings = [base] + ([str(value), int_to_roman(value).upper()] if value else [])
            for spelling in spellings:
                found = find(f"Article {spelling}{rest}", source) or find(f"{spelling}{rest}", source)
                if found:
                    return found
            return None
        if kind != "section":
            return find(f"{kind} {label}", source)
        found = find(label, source)
        if found is None and label.isdigit():
            found = find(f"Article {label}", source) or find(f"Article {int_to_roman(int(label)).upper()}", source)
        if found is None and source is not None:
            scope = self.index.top(source)
            if scope is not None and scope.kind == "exhibit":
                found = find(f"{scope.label} {label}", source)
        if found is None and "(" in label:
            base = label
            while found is None and "(" in base:  # an inline clause: the unit holding it, as lawyers read it
                base = base[: base.rindex("(")]
                found = find(base, source)
        return found

    def relative(self, keyword: str, paren: str | None, this: bool, source: Section | None) -> Section | None:
        if source is None:
            return None
        kind = _kind_of(keyword)
        if paren:
            for ancestor in self.index.ancestors(source):
                joiner = " " if ancestor.kind == "exhibit" else ""
                found = self.index.with_label(f"{ancestor.label}{joiner}{paren}", source)
                if found is not None:
                    return found
            own_text = self.doc.text[source.span[0] : source.body_end]
            return source if this or paren in own_text else None
        wanted = {"section": ("section", "article"), "article": ("article",)}.get(kind, ("exhibit",))
        if keyword.lower().startswith(("paragraph", "subsection", "sub-section")):
            return source
        for ancestor in self.index.ancestors(source):
            numbered_unit = kind == "section" and ancestor.kind == "subsection" and not ancestor.label.endswith(")")
            if ancestor.kind in wanted or numbered_unit:  # "this Section" in 3.1.1(a) is 3.1.1, not (a)
                return ancestor
        return source if kind == "section" else None

    # ----- scanning -----------------------------------------------------------------------------------------
    def _external_after(self, end: int) -> tuple[bool, str | None]:
        """Whether the citation ending at ``end`` points into another document, or into an attachment here."""
        match = _OF_DOCUMENT.match(self.doc.text, end, end + 120)
        if match is None:
            return False, None
        name = match["name"].strip("“\"'’")
        qualifier = (match["what"] or "").strip().lower()
        if name.lower() in _HERE_WORDS or name.lower() in ("this", "these"):
            return False, None
        if name.capitalize() in ATTACHMENT_WORDS.values() and not qualifier:
            following = re.match(r"\s*([A-Z0-9]{1,2})\b", self.doc.text[match.end() : match.end() + 6])
            return False, f"{name.capitalize()} {following[1]}" if following else None
        if qualifier == "the" and name.lower() in _INTERNAL_NAMES:
            return False, None
        if qualifier in ("such", "that", "said", "any"):
            return True, None
        return (name[:1].isupper() or name[:1].isdigit()), None

    def _is_caption(self, start: int, end: int) -> bool:
        """An attachment label alone on its line (a page footer or heading), not a citation."""
        line_start = self.doc.text.rfind("\n", 0, start) + 1
        line_end = self.doc.text.find("\n", end)
        line_end = len(self.doc.text) if line_end < 0 else line_end
        return not self.doc.text[line_start:start].strip() and not self.doc.text[end:line_end].strip(" .:-–—")

    def scan(self, skipped: list[tuple[int, int]]) -> list[CrossReference]:
        text = self.doc.text
        references: list[CrossReference] = []
        skip_index = 0
        for match in _REFERENCE.finditer(text):
            start = match.start("kw")
            while skip_index < len(skipped) and skipped[skip_index][1] <= start:
                skip_index += 1
            if skip_index < len(skipped) and skipped[skip_index][0] <= start:
                continue
            if start in self.section_starts or match.start() in self.section_starts or start < self.consumed_until:
                continue  # a heading is not a reference
            references.extend(self._references_at(match))
        return references

    def _references_at(self, match: re.Match[str]) -> list[CrossReference]:
        keyword, label = match["kw"], match["label"]
        this_match = _THIS_BEFORE.search(self.doc.text, max(match.start() - 8, 0), match.start())
        this = this_match is not None
        phrase_start = this_match.start() if this_match else match.start()
        kind = _kind_of(keyword)
        source = self.index.innermost(match.start())
        source_id = source.id if source else None
        page = self.index.pages.page_at(match.start("kw"))
        if label is None:
            if not this or kind == "part":
                return []
            target = self.relative(keyword, None, True, source)
            if target is None:
                return []  # "this exhibit" in a filing legend, outside any unit: nothing is cited
            span = (phrase_start, match.end())
            phrase = self.doc.text[span[0] : span[1]]
            return [self._make(phrase, page, span, source_id, target, target.label if target else None)]
        if self.doc.text[match.start("label") - 1] == "\n" and self.doc.text.startswith(")", match.end("label")):
            return []  # "Product Attachments" then a list item "2)" on the next line
        if kind == "section" and label[0] not in "0123456789(":
            return []  # lettered and roman labels belong to articles, parts and attachments
        if kind in ("article", "part") and label[0].isalpha() and roman_to_int(label.partition("(")[0]) is None:
            return []
        if kind not in ("section", "article", "part") and self._is_caption(match.start(), match.end()):
            return []
        targets = [_Target(_normalise(label), match.start("label"))]
        end = match.end()
        plural = keyword.lower().endswith(("s", "§§", "ices", "xes")) or keyword == "§§"
        while True:
            following = _NEXT_LABEL.match(self.doc.text, end)
            if following is None:
                break
            separator = following["sep"].strip().lower()
            item = _normalise(following["label"])
            is_range = separator in _RANGE_SEPARATORS
            same_shape = (
                item.count(".") == targets[-1].label.count(".")
                and item[:1].isdigit() == targets[-1].label[:1].isdigit()
            )
            if item.startswith("("):
                base = targets[-1].label
                if "(" not in base and not plural:
                    break  # "Section 2.5 and (ii) ..." continues the sentence's own enumeration
                item = (base[: base.index("(")] if "(" in base else base) + item
                same_shape = True
            if not (plural or is_range or (same_shape and separator in ("and", "or", "and/or"))):
                break
            if not same_shape and not (plural and separator.endswith(("and", "or"))):
                break
            if is_range and kind in ("section", "article"):
                expanded = _expand_range(targets[-1].label, item)
                targets.extend(_Target(label, following.start("label")) for label in expanded[1:])
            else:
                targets.append(_Target(item, following.start("label")))
            end = following.end()
        compound = _OF_SECTION.match(self.doc.text, end) if targets[0].label.startswith("(") else None
        if compound is not None:
            base = _normalise(compound["label"])
            targets = [_Target(base + target.label, target.start) for target in targets]
            end = self.consumed_until = compound.end()
        phrase = self.doc.text[phrase_start:end]
        external, attachment = self._external_after(end)
        if _STATUTE_BEFORE.search(self.doc.text, max(phrase_start - 24, 0), phrase_start):
            external, attachment = True, None  # "21 U.S.C. § 335(a)", "29 C.F.R. Section 2510"
        if kind == "part" and not external:
            return []
        references = []
        for target_ref in targets:
            if external:
                references.append(
                    self._make(phrase, page, (phrase_start, end), source_id, None, target_ref.label, external=True)
                )
                continue
            if attachment:
                target = self.index.with_label(f"{attachment} {target_ref.label}", source)
                target = target or self.index.with_label(attachment, source)
            elif target_ref.label.startswith("("):
                target = self.relative(keyword, target_ref.label, this, source)
            else:
                target = self.numbered(kind, target_ref.label, source)
            cited = target_ref.label if kind == "section" else f"{kind.capitalize()} {target_ref.label}"
            references.append(
                self._make(phrase, page, (phrase_start, end), source_id, target, target.label if target else cited)
            )
        return references

    def _make(
        self,
        text: str,
        page: int,
        span: tuple[int, int],
        source: str | None,
        target: Section | None,
        label: str | None,
        external: bool = False,
    ) -> CrossReference:
        return CrossReference(
            source=source,
            text=" ".join(text.split()),
            page=page,
            span=span,
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
