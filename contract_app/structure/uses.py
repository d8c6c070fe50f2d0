"""Where each defined term is used: whole-word, case-sensitive, capitalised occurrences, in one regex pass."""

from __future__ import annotations

import re

from contract_app.model import Definition, ParsedDocument, TermUse
from contract_app.structure.locate import SectionIndex

_QUOTES = "“”\"'‘’"


def find_uses(doc: ParsedDocument, index: SectionIndex, definitions: tuple[Definition, ...]) -> tuple[TermUse, ...]:
    """Uses of capitalised defined terms; the longest term wins where terms overlap ("Services Fee" over
    "Services"), and the quoted defining occurrence is not a use."""
    terms = sorted({d.term for d in definitions if d.term[:1].isupper() or d.term[:1].isdigit()}, key=len, reverse=True)
    if not terms:
        return ()
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(term) for term in terms) + r")(?![\w-])")
    text = doc.text
    uses: list[TermUse] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if start > 0 and text[start - 1] in _QUOTES and end < len(text) and text[end] in _QUOTES:
            continue
        section = index.innermost(start)
        uses.append(TermUse(match.group(0), section.id if section else None, index.pages.page_at(start), (start, end)))
    return tuple(uses)
