"""Where each defined term is used: whole-word, case-sensitive, capitalised occurrences, in one linear pass."""

from __future__ import annotations

import re

from contract_app.model import Definition, ParsedDocument, TermUse
from contract_app.structure.locate import SectionIndex

_QUOTES = "“”\"'‘’"
# the capital first and what stands before it checked after it: capitals are found by a fast scan
_CAPITALISED_WORD = re.compile(r"[A-Z0-9](?<![\w-][A-Z0-9])[\w&.'’-]*")
_WORD_CHARS = re.compile(r"[\w-]")


def _first_word(term: str) -> str:
    return _CAPITALISED_WORD.match(term)[0] if _CAPITALISED_WORD.match(term) else term


def _before_possessive(word: str) -> str:
    """``Licensee`` of ``Licensee's`` or ``Licensee’s`` (string methods: this runs at every capitalised word)."""
    return word.split("'", 1)[0].split("’", 1)[0]


def find_uses(doc: ParsedDocument, index: SectionIndex, definitions: tuple[Definition, ...]) -> tuple[TermUse, ...]:
    """Uses of capitalised defined terms; the longest term wins where terms overlap ("Services Fee" over
    "Services"), and the quoted defining occurrence is not a use.

    Terms are looked up by their first word at each capitalised word of the text (a dict probe, not a regex
    alternation over every term), which keeps this linear in the text.
    """
    by_first: dict[str, list[str]] = {}
    for term in sorted(
        {d.term for d in definitions if d.term[:1].isupper() or d.term[:1].isdigit()}, key=len, reverse=True
    ):
        by_first.setdefault(_first_word(term).rstrip(".'’"), []).append(term)
    if not by_first:
        return ()
    text = doc.text
    length = len(text)
    uses: list[TermUse] = []
    position = 0
    for word in _CAPITALISED_WORD.finditer(text):
        start = word.start()
        if start < position:
            continue
        token = word.group(0)
        candidates = by_first.get(token) or by_first.get(_before_possessive(token).rstrip(".,"))
        if not candidates:
            continue
        for term in candidates:
            end = start + len(term)
            if not text.startswith(term, start) or (end < length and _WORD_CHARS.match(text, end)):
                continue
            if start > 0 and text[start - 1] in _QUOTES and end < length and text[end] in _QUOTES:
                break  # the defining occurrence
            section = index.innermost(start)
            uses.append(TermUse(term, section.id if section else None, index.pages.page_at(start), (start, end)))
            position = end
            break
    return tuple(uses)
