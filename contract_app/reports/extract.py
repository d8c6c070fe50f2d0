"""Offline answers read off a clause reliably: a title, the parties, a number of days or years.

Anything less certain returns ``None``: the report then shows the clause without an answer rather than a guess. The
report's facts (dates, term, renewal, governing law) are read by ``facts.py``, each with its basis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from contract_app.reports.categories import AnswerKind
from contract_app.reports.dates import NUMBER_VALUES, Period, find_periods


def spelled_numbers(text: str) -> set[int]:
    """Numbers written as words in the text ("ninety" -> 90)."""
    lowered = text.lower()
    return {
        value
        for word, value in NUMBER_VALUES.items()
        if len(word) > 2 and re.search(rf"\b{re.escape(word)}\b", lowered)
    }


_NOTICE_AFTER = re.compile(r"^(?:(?!\bterms?\b)[^.;]){0,25}?\b(notice|prior|before|in advance)\b", re.IGNORECASE)
_NOTICE_BEFORE = re.compile(r"\b(at least|not less than|no less than|upon|with|giving|gives)\s*$", re.IGNORECASE)


def notice_period(text: str) -> str | None:
    """The period written right before "notice" / "prior to" (not the renewal term's length)."""
    for period in find_periods(text):
        after = text[period.end : period.end + 60]
        if _NOTICE_AFTER.search(after) or _NOTICE_BEFORE.search(text[max(period.start - 20, 0) : period.start]):
            return period.text
    return None


def duration(text: str) -> str | None:
    period: Period | None = next((p for p in find_periods(text) if p.unit in {"day", "month", "year"}), None)
    return period.text if period else None


def document_title(text: str) -> str | None:
    title = " ".join(text.split()).strip(" .:-")
    return title if 3 <= len(title) <= 120 else None


_ENTITY = re.compile(
    r"\b((?:[A-Z][\w&'.-]*,?\s+){0,6}?[A-Z][\w&'.-]*,?\s+"
    r"(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Company|Co|LP|L\.P|LLP|plc|PLC|GmbH|AG|S\.A|N\.V|B\.V|"
    r"S\.p\.A|Pty|SE|SA|AB|Trust|Fund|Bank)\b\.?)"
)


def parties(text: str) -> str | None:
    """Entity names with a corporate suffix, in order, without duplicates."""
    names: list[str] = []
    for match in _ENTITY.finditer(text):
        name = re.sub(r"^(?:This|The|By|And|Between|Among|With)\s+", "", match.group(1).strip(" ,"))
        if name not in names:
            names.append(name)
    return "; ".join(names[:4]) if len(names) >= 2 else None


_EXTRACTORS: dict[AnswerKind, Callable[[str], str | None]] = {
    "title": document_title,
    "parties": parties,
    "notice_period": notice_period,
    "duration": duration,
}


def extract_answer(kind: AnswerKind, category: str, clause_texts: Sequence[str]) -> str | None:
    """The answer read from the first clause that yields one, or ``None`` (always for yes/no categories and for the
    facts, which ``facts.py`` reads)."""
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        return None
    for text in clause_texts:
        answer = extractor(" ".join(text.split()))
        if answer:
            return answer
    return None
