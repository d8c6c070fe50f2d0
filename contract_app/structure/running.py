"""Items of an enumeration that runs inside a sentence, though one of them wraps to the start of a line.

``... license to:`` / ``(a) use the Marks and`` / ``Brand Features; (b) link to ...``: the first item happens to open
a line, but its sibling stands mid-line, so the list runs inside the sentence and no item of it is a unit of its
own (unless a clause cites one, see ``enumerations``). The same holds for ``(ii)`` opening a line after ``(i)`` stood
inside the sentence above.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from contract_app.structure.numbering import Form, Series, clause_token

_REACH = 600  # characters searched on either side of the item for its sibling
_BLOCK_REACH = 4000  # ... and further on for the sibling set as a block item (then the list is a block list)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ITEM_AT_LINE_START = re.compile(r"\n[ \t]*(?:\(\w{1,4}\.?\)|\w{1,4}[.)]\s|\d{1,3}(?:\.\d{1,3})+)")
# "clauses (a) and (b)", "paragraph (b)": a citation of the sibling, not the sibling itself
_CITED_BEFORE = re.compile(
    r"(?:\b(?i:clauses?|sections?|paragraphs?|sub-?sections?|sub-?paragraphs?|sub-?clauses?|items?|articles?)"
    r"|\)\s*(?:,|and|or|and/or|through|to))\s*$"
)
_UNIT_AT_LINE_START = re.compile(r"\n[ \t]*(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s|(?:ARTICLE|Article|SECTION|Section)\s)")
_CITED_AFTER = re.compile(r"\s+(?:above|below|hereof|of\s+this)\b")


def _printed(token: str, form: Form) -> str:
    return f"({token})" if form is Form.PAREN else f"{token})"


def _mid_line(text: str, printed: str, start: int, end: int) -> list[int]:
    """Where ``printed`` stands inside a line between ``start`` and ``end``, as an item rather than a citation."""
    pattern = re.compile(rf"(?<=[ \t]){re.escape(printed)}(?=\s)")
    found = []
    for match in pattern.finditer(text, start, end):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start : match.start()].strip():
            continue  # at a line start: an item set as a block
        if _CITED_BEFORE.search(text, max(match.start() - 30, 0), match.start()) or _CITED_AFTER.match(
            text, match.end()
        ):
            continue
        found.append(match.start())
    return found


def runs_in_sentence(
    text: str,
    line_start: int,
    marker_end: int,
    unit_start: int,
    item: tuple[Form, Series, int],
    running: AbstractSet[int] = frozenset(),
) -> bool:
    """Whether the item at ``line_start`` (its marker ending at ``marker_end``; ``item``: how it is numbered) has a
    sibling inside a sentence: the next item further on in its own text, or the previous one in the text before
    it (both within the paragraph, and after ``unit_start``, where the unit holding the item begins). The previous
    item may also open a line, where ``running`` (line starts already read as running items) holds it."""
    form, series, value = item
    if form not in (Form.PAREN, Form.RPAREN):
        return False
    own, following = (_printed(clause_token(number, series), form) for number in (value, value + 1))
    limit = min(len(text), marker_end + _REACH)
    for stop in (_PARAGRAPH_BREAK.search(text, marker_end, limit), _ITEM_AT_LINE_START.search(text, marker_end, limit)):
        if stop is not None:
            limit = min(limit, stop.start())
    next_items = _mid_line(text, following, marker_end, limit)
    if next_items and not _mid_line(text, own, marker_end, next_items[0]):  # not an inner list's own "(i), (ii)"
        block_limit = min(len(text), marker_end + _BLOCK_REACH)
        next_unit = _UNIT_AT_LINE_START.search(text, marker_end, block_limit)
        block = re.compile(rf"\n[ \t]*{re.escape(following)}\s")
        return block.search(text, limit, next_unit.start() if next_unit else block_limit) is None
    if value <= 1:
        return False
    floor = max(unit_start, line_start - _REACH)
    breaks = list(_PARAGRAPH_BREAK.finditer(text, floor, line_start))
    floor = breaks[-1].end() if breaks else floor
    previous = _printed(clause_token(value - 1, series), form)
    if any(text.startswith(previous, start) for start in running if floor <= start < line_start):
        return True
    previous_items = _mid_line(text, previous, floor, line_start)
    return bool(previous_items) and not _mid_line(text, own, previous_items[-1], line_start)
