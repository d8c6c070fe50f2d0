"""Offline answers that can be read off a clause reliably: a state, a date, a number of days or years.

Anything less certain returns ``None``: the report then shows the clause without an answer rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from contract_app.places import US_STATES
from contract_app.reports.categories import AnswerKind
from contract_app.structure.numbering import NUMBER_WORDS

_NUMBER_WORDS = {
    "zero": 0,
    **NUMBER_WORDS,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    "one hundred twenty": 120,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
    "three hundred sixty-five": 365,
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(_MONTHS) + "|" + "|".join(m[:3] + r"\.?" for m in _MONTHS)

_PLACES = US_STATES | {
    "England and Wales",
    "England",
    "Scotland",
    "Ireland",
    "Hong Kong",
    "Singapore",
    "Canada",
    "Ontario",
    "British Columbia",
    "Quebec",
    "Alberta",
    "Germany",
    "France",
    "Switzerland",
    "Israel",
    "Japan",
    "India",
    "the People's Republic of China",
    "China",
    "the Netherlands",
    "Sweden",
    "Australia",
    "New South Wales",
    "Victoria",
    "Luxembourg",
    "Cayman Islands",
    "Bermuda",
    "Korea",
    "Taiwan",
    "Italy",
    "Spain",
    "Mexico",
    "the United Kingdom",
    "the United States",
    "Denmark",
    "Finland",
    "Norway",
    "Belgium",
    "Austria",
}
_PLACE = "|".join(sorted((re.escape(p) for p in _PLACES), key=len, reverse=True))
_GOVERNING = re.compile(
    rf"\blaws?\s+(?:of|in)\s+(?:the\s+)?(?:(?:State|Commonwealth|Province|Republic)\s+of\s+)?({_PLACE})\b",
    re.IGNORECASE,
)

_DATE_PATTERNS = (
    re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?({_MONTH}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"),
)

_QUANTITY = re.compile(
    r"\b(?:(?P<word>[a-z]+(?:[- ][a-z]+)?)\s*)?(?:\((?P<digits>\d+)\)|(?P<bare>\d+))?\s*(?:-\s*)?"
    r"(?P<unit>(?:calendar |business )?(?:day|month|year|week))s?\b",
    re.IGNORECASE,
)


def _number(word: str | None, digits: str | None) -> int | None:
    if digits:
        return int(digits)
    if not word:
        return None
    word = word.lower()
    for candidate in (word, word.split()[-1], word.split("-")[-1]):
        if candidate in _NUMBER_WORDS:
            return _NUMBER_WORDS[candidate]
    return None


def _quantities(text: str) -> list[tuple[int, str, int]]:
    """(number, unit, offset) for every "thirty (30) days" / "12 months" / "one year" in the text."""
    found = []
    for match in _QUANTITY.finditer(text):
        number = _number(match.group("word"), match.group("digits") or match.group("bare"))
        if number is None or number == 0:
            continue
        unit = match.group("unit").lower().split()[-1]
        found.append((number, unit, match.start()))
    return found


def spelled_numbers(text: str) -> set[int]:
    """Numbers written as words in the text ("ninety" -> 90)."""
    lowered = text.lower()
    return {value for word, value in _NUMBER_WORDS.items() if re.search(rf"\b{re.escape(word)}\b", lowered)}


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def governing_law(text: str) -> str | None:
    match = _GOVERNING.search(text)
    if not match:
        return None
    place = match.group(1)
    canonical = {p.lower(): p for p in _PLACES}[place.lower()]
    return canonical.removeprefix("the ")


def first_date(text: str) -> str | None:
    """The first date written in the text, as ``Month D, YYYY``."""
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match or (best is not None and match.start() >= best[0]):
            continue
        a, b, year = match.groups()
        if pattern is _DATE_PATTERNS[2]:
            month_index, day = int(a), int(b)
            if not (1 <= month_index <= 12 and 1 <= day <= 31):
                continue
            month = _MONTHS[month_index - 1]
        else:
            month_name, day_text = (a, b) if pattern is _DATE_PATTERNS[0] else (b, a)
            month = next(m for m in _MONTHS if m.lower().startswith(month_name.lower().rstrip(".")[:3]))
            day = int(day_text)
        best = (match.start(), f"{month} {day}, {year}")
    return best[1] if best else None


def expiration(text: str) -> str | None:
    if re.search(r"\bperpetu|\bindefinite", text, re.IGNORECASE):
        return "Perpetual"
    date = first_date(text)
    if date and re.search(r"\b(until|through|expire|end|terminate)", text, re.IGNORECASE):
        return date
    for number, unit, _ in _quantities(text):
        if unit in {"year", "month"}:
            return f"{_plural(number, unit)} from the start of the term"
    return None


def renewal_term(text: str) -> str | None:
    if not re.search(r"\brenew|\bextend|\bextension", text, re.IGNORECASE):
        return None
    successive = bool(re.search(r"\b(successive|consecutive|additional|further)\b", text, re.IGNORECASE))
    for number, unit, offset in _quantities(text):
        window = text[offset : offset + 80].lower()
        if unit in {"year", "month"} and re.search(r"\b(term|period|renewal)", window):
            return f"Successive {number}-{unit} terms" if successive else _plural(number, unit)
    return None


_NOTICE_AFTER = re.compile(r"^(?:(?!\bterms?\b)[^.;]){0,25}?\b(notice|prior|before|in advance)\b", re.IGNORECASE)
_NOTICE_BEFORE = re.compile(r"\b(at least|not less than|no less than|upon|with|giving|gives)\s*$", re.IGNORECASE)


def notice_period(text: str) -> str | None:
    """The period written right before "notice" / "prior to" (not the renewal term's length)."""
    for number, unit, offset in _quantities(text):
        match = _QUANTITY.match(text, offset)
        after = text[match.end() : match.end() + 60] if match else ""
        if _NOTICE_AFTER.search(after) or _NOTICE_BEFORE.search(text[max(offset - 20, 0) : offset]):
            return _plural(number, unit)
    return None


def duration(text: str) -> str | None:
    for number, unit, _ in _quantities(text):
        if unit in {"day", "month", "year"}:
            return _plural(number, unit)
    return None


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
    "date": first_date,
    "governing_law": governing_law,
    "renewal": renewal_term,
    "notice_period": notice_period,
    "duration": duration,
}


def extract_answer(kind: AnswerKind, category: str, clause_texts: Sequence[str]) -> str | None:
    """The answer read from the first clause that yields one, or ``None`` (always for yes/no categories)."""
    extractor = expiration if category == "Expiration Date" else _EXTRACTORS.get(kind)
    if extractor is None:
        return None
    for text in clause_texts:
        answer = extractor(" ".join(text.split()))
        if answer:
            return answer
    return None
