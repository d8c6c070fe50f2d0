"""Dates and periods as contracts write them, read into values that can be compared and added.

Contracts write one date many ways (``March 1, 2021``, ``the 1st day of March, 2021``, ``1 March 2021``,
``03/01/2021``, ``Dec. 8, 2005``) and leave some blank in drafts (``this ____ day of ______, 2013``); text taken
from PDFs adds broken ordinals (``14t h day``). A period is a number and a unit (``thirty (30) days``, ``five (5)
year``, ``twelve month``). Everything here is pure text processing: the fact rules (``facts.py``) decide what the
dates and periods mean.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from contract_app.structure.numbering import NUMBER_WORDS

MONTH_NAMES = tuple(calendar.month_name)[1:]
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTH_NUMBERS |= {name[:3]: number for name, number in list(_MONTH_NUMBERS.items())} | {"sept": 9}
_MONTH = r"(?P<month>" + "|".join(MONTH_NAMES) + "|" + "|".join(m[:3] + r"\.?" for m in MONTH_NAMES) + r"|Sept\.?)"
_ORDINAL = r"(?:\s?(?:st|nd|rd|th|s\s?t|n\s?d|r\s?d|t\s?h)\b)?"  # "1st", and "1s t" / "14t h" as PDFs break them
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_BLANK = r"(?:_{2,}|\[\s*_*\s*\]|\[\s*[•●]\s*\])"  # a blank left in a draft: "____", "[___]", "[•]"

_DATE_FORMS = (
    # March 1, 2021 / Dec. 8, 2005 / July 19th 2018
    re.compile(rf"(?<![A-Za-z]){_MONTH}\s*(?P<day>\d{{1,2}}){_ORDINAL},?\s*{_YEAR}\b", re.IGNORECASE),
    # 1 March 2021 / the 31st day of March, 2000 / 2nd day of January 2020
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:day\s+of\s+)?{_MONTH},?\s*{_YEAR}\b", re.IGNORECASE),
    # 03/01/2021, 7/18/11, 13/07/05 (day first only when the first number cannot be a month)
    re.compile(r"(?<![\d/])(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>(?:19|20)?\d\d)(?![\d/])"),
)
_PARTIAL_FORMS = (
    # this ____ day of ________, 2013 / [___], 2020 / ____________, 2018
    re.compile(rf"(?:\b(?:this|the)\s+)?{_BLANK}\s*(?:day\s+of\s+{_BLANK}\s*)?,?\s*{_YEAR}\b", re.IGNORECASE),
    # entered into on 2018 (the day and month left out)
    re.compile(rf"(?<=\b(?:on|of)\s){_YEAR}\b(?!\s*[-/,.]?\s*\d)(?=\s*[(,])", re.IGNORECASE),
)


@dataclass(frozen=True)
class DateMention:
    """A date written in the text: ``value`` is None for a date whose day or month was left blank."""

    start: int
    end: int
    value: date | None
    year: int

    @property
    def text(self) -> str:
        return format_date(self.value) if self.value else f"{self.year} (day and month left blank)"


def format_date(value: date) -> str:
    """``January 31, 2024``: how the report states every date."""
    return f"{MONTH_NAMES[value.month - 1]} {value.day}, {value.year}"


def _full_year(text: str) -> int:
    year = int(text)
    if year >= 100:
        return year
    return 2000 + year if year < 50 else 1900 + year


def _mention(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    year = _full_year(groups["year"])
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        month, day = (first, second) if first <= 12 else (second, first)
    else:
        month = _MONTH_NUMBERS[groups["month"].lower()[:3]]
        day = int(groups["day"])
    try:
        return DateMention(match.start(), match.end(), date(year, month, day), year)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMention]:
    """Every date written in ``text``, full or partial, in order (a partial one never overlaps a full one)."""
    found: list[DateMention] = []
    for pattern in _DATE_FORMS:
        found.extend(m for match in pattern.finditer(text) if (m := _mention(match)))
    for pattern in _PARTIAL_FORMS:
        for match in pattern.finditer(text):
            if not any(d.start < match.end() and match.start() < d.end for d in found):
                found.append(DateMention(match.start(), match.end(), None, int(match["year"])))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


# ----------------------------------------------------------------------------------------------------- periods

NUMBER_VALUES = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    **NUMBER_WORDS,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "seventy-five": 75,
    "ninety": 90,
    "hundred": 100,
    "one hundred twenty": 120,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
    "three hundred sixty-five": 365,
}
_NUMBER_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_VALUES), key=len, reverse=True))
_UNIT = r"(?P<unit>(?:full\s+)?(?:calendar\s+|business\s+)?(?:day|month|year|week))s?"
PERIOD = re.compile(
    rf"\b(?:(?P<word>{_NUMBER_WORD})\s*(?:\((?P<inner>\d+)\)\s*)?|(?P<digits>\d+)\s*(?:\([a-z -]+\)\s*)?)"
    rf"(?:-\s*)?{_UNIT}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """``count`` ``unit``s (unit: day, week, month or year), written at ``start``..``end`` of the text."""

    count: int
    unit: str
    start: int = 0
    end: int = 0

    @property
    def text(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"

    @property
    def adjective(self) -> str:
        """``1-year``: the period qualifying a noun."""
        return f"{self.count}-{self.unit}"

    @property
    def months(self) -> float:
        return {"day": 1 / 30, "week": 7 / 30, "month": 1, "year": 12}[self.unit] * self.count


def find_periods(text: str) -> Iterator[Period]:
    """Every ``thirty (30) days`` / ``12 months`` / ``one year`` / ``five (5)-year`` in the text, in order."""
    for match in PERIOD.finditer(text):
        if match["digits"]:
            count = int(match["digits"])
        elif match["inner"]:
            count = int(match["inner"])
        else:
            count = NUMBER_VALUES[" ".join(match["word"].lower().split())]
        if count:
            yield Period(count, match["unit"].lower().split()[-1], match.start(), match.end())


def add_period(start: date, period: Period) -> date:
    """The date ``period`` after ``start``: the same day of the month ``n`` months or years on (its last day when
    that month is shorter), so a term of 3 years from March 1, 2021 ends on its third anniversary, March 1, 2024."""
    if period.unit in {"day", "week"}:
        return start + timedelta(days=period.count * (7 if period.unit == "week" else 1))
    months = period.count * (12 if period.unit == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)
