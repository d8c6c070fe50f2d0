"""Numbering that skips or repeats: 4.3 missing between 4.2 and 4.4; 6.4 printed twice.

Siblings are read as one list when their labels share everything but the last number or letter (``4.2``, ``4.4``;
``(a)``, ``(c)``). Only what a drafter plainly got wrong is reported: a step over one or two numbers (a longer jump
is more likely a list the parser merged), a number repeated right after itself, in a list that never starts again
(one that does is several lists read as one), and nothing the printed text shows after all. Letter lists that
leave out ``(i)``, ``(l)`` or ``(o)`` follow a drafting convention (they read as numerals) and are not gaps;
neither is a number whose subsections are there (``4.1`` is printed, so ``4`` is, heading or not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from contract_app.checks.printed import PrintedText
from contract_app.model import ContractStructure, Finding, Section, Span
from contract_app.structure.amendments import is_amendment
from contract_app.structure.numbering import ATTACHMENT_WORDS, Series, clause_token, clause_values

_PLAIN_LABEL = re.compile(r"^(?P<prefix>.*?[.\s]|)(?P<token>\d{1,3}|[IVXLC]+)$")
_PAREN_LABEL = re.compile(r"^(?P<prefix>.*\()(?P<token>[A-Za-z]{1,5}|\d{1,3})\)$")
_LARGEST_GAP = 2  # numbers a drafter skips by mistake; a longer jump is more likely a list read wrongly
_CONVENTIONAL_SKIPS = frozenset("ilo")  # letters lists leave out because they read as numerals
_REDACTION = re.compile(r"\[\s*[.…]*\s*\*[\s*]*[.…]*\s*\]|\[\s*(?:REDACTED|OMITTED)[^\]]*\]", re.IGNORECASE)


@dataclass(frozen=True)
class _Item:
    section: Section
    prefix: str  # the label without its last number: "4." for 4.2, "4.2(" for 4.2(b)
    token: str
    paren: bool


def numbering_findings(structure: ContractStructure, printed: PrintedText) -> list[Finding]:
    if is_amendment(structure.document.text):
        return []  # an amendment's set-out text keeps the numbering of the agreement it amends
    labels = {section.label for section in structure.sections}
    findings: list[Finding] = []
    groups: dict[tuple[str | None, str, bool], list[_Item]] = {}
    for section in structure.sections:
        item = _item(section)
        if item is not None:
            groups.setdefault((section.parent, item.prefix, item.paren), []).append(item)
    for items in groups.values():
        findings += _list_findings(structure, printed, labels, items)
    return findings


def _item(section: Section) -> _Item | None:
    if section.kind in ("exhibit", "heading"):
        return None  # attachments are lettered as they are attached; missing ones are another check's
    paren = _PAREN_LABEL.match(section.label)
    if paren:
        return _Item(section, paren["prefix"], paren["token"], True)
    plain = _PLAIN_LABEL.match(section.label)
    return _Item(section, plain["prefix"], plain["token"], False) if plain else None


def _series(items: list[_Item]) -> tuple[Series, list[int]] | None:
    """The one series every item counts in (``(i)`` is a letter among ``(h)``, ``(j)``, a numeral among ``(ii)``),
    preferring the one whose values step most evenly."""
    readings = [_values(item.token) for item in items]
    shared = set(readings[0]).intersection(*readings[1:])
    if not shared:
        return None

    def unevenness(series: Series) -> int:
        values = [reading[series] for reading in readings]
        return sum(abs(following - current - 1) for current, following in pairwise(values))

    best = min(sorted(shared, key=lambda series: series.value), key=unevenness)
    return best, [reading[best] for reading in readings]


def _values(token: str) -> dict[Series, int]:
    if token.isdigit():
        return {Series.NUMBER: int(token)}
    return clause_values(token)


def _list_findings(
    structure: ContractStructure, printed: PrintedText, labels: set[str], items: list[_Item]
) -> list[Finding]:
    if len(items) < 2:
        return []
    found = _series(items)
    if found is None:
        return []
    series, values = found
    if any(following < current for current, following in pairwise(values)):
        return []  # numbering that starts again: several lists read as one, not one list to judge
    findings: list[Finding] = []
    for index in range(len(items) - 1):
        current, following, value, next_value = items[index], items[index + 1], values[index], values[index + 1]
        if next_value == value and not _inline_list(structure, current, following, series, value):
            findings.append(_duplicate(structure, current, following))
        elif 1 < next_value - value <= _LARGEST_GAP + 1:
            numbers = range(value + 1, next_value)
            if _really_missing(structure, printed, labels, current, following, series, numbers):
                missing = [_label(current, clause_token(number, series)) for number in numbers]
                findings.append(_gap(structure, current, following, missing))
    return findings


def _inline_list(structure: ContractStructure, current: _Item, following: _Item, series: Series, value: int) -> bool:
    """The first of two equal numbers opens a list running inside its sentence (``who (a) has ... and (b) is``),
    which the next item shows before the second one starts: two lists, not one number used twice."""
    after = clause_token(value + 1, series)
    between = structure.document.text[current.section.span[0] : following.section.span[0]]
    if current.paren:
        return re.search(rf"\(\s*{re.escape(after)}\s*\)", between) is not None
    return re.search(rf"(?<![\w.]){re.escape(_number(_label(current, after)))}[.)](?=\s)", between) is not None


def _label(item: _Item, token: str) -> str:
    return f"{item.prefix}{token})" if item.paren else f"{item.prefix}{token}"


def _really_missing(
    structure: ContractStructure,
    printed: PrintedText,
    labels: set[str],
    current: _Item,
    following: _Item,
    series: Series,
    numbers: range,
) -> bool:
    """Not a conventional skip, not withheld by a redaction, no subsections of the missing number, and not printed
    between its neighbours (as a heading, or anywhere in the text, as a list the parser did not read)."""
    tokens = [clause_token(number, series) for number in numbers]
    if series in (Series.LOWER, Series.UPPER) and all(token.lower() in _CONVENTIONAL_SKIPS for token in tokens):
        return False
    between: Span = (current.section.span[0], following.section.span[0])
    if _REDACTION.search(structure.document.text, *between):
        return False
    for token in tokens:
        label = _label(current, token)
        if any(other.startswith(label + ".") or other.startswith(label + "(") for other in labels):
            return False
        if current.paren and printed.shows_clause(token, between):
            return False
        number = _number(label)
        if not current.paren and (
            printed.shows_number(number, [between])
            or re.compile(rf"(?<![\w.]){re.escape(number)}\.?[-–—.)]?(?=\s)").search(structure.document.text, *between)
        ):
            return False
    return True


def _number(label: str) -> str:
    """The number as printed: ``3.3`` for ``Attachment 6 3.3``."""
    words = label.split()
    return words[-1] if len(words) > 1 and words[0] in ATTACHMENT_WORDS.values() else label


def _where(structure: ContractStructure, section: Section) -> str | None:
    parent = structure.section(section.parent).label if section.parent else None
    return parent


def _heading_span(structure: ContractStructure, section: Section) -> Span:
    """The section's first line: what the viewer highlights for a numbering finding."""
    lines = structure.document.lines_in((section.span[0], section.span[0] + 1))
    return (section.span[0], lines[0].span[1]) if lines else section.span


def _gap(structure: ContractStructure, current: _Item, following: _Item, missing: list[str]) -> Finding:
    names = " and ".join(_named(label) for label in missing)
    verb = "is" if len(missing) == 1 else "are"
    message = f"{names} {verb} missing: the numbering goes from {current.section.label} to {following.section.label}."
    return Finding(
        "numbering_gap",
        missing[0] if len(missing) == 1 else ", ".join(missing),
        None,
        _where(structure, following.section),
        following.section.page,
        _heading_span(structure, following.section),
        message,
        related=(_heading_span(structure, current.section),),
    )


def _duplicate(structure: ContractStructure, current: _Item, following: _Item) -> Finding:
    label = following.section.label
    pages = sorted({current.section.page, following.section.page})
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]} and {pages[1]}"
    return Finding(
        "duplicate_number",
        label,
        None,
        _where(structure, following.section),
        following.section.page,
        _heading_span(structure, following.section),
        f"{_named(label)} is numbered twice ({where}).",
        related=(_heading_span(structure, current.section),),
    )


def _named(label: str) -> str:
    if label.startswith("("):
        return f"Clause {label}"
    first = label.split()[0]
    return label if first in ("Article", "Part") or first in ATTACHMENT_WORDS.values() else f"Section {label}"
