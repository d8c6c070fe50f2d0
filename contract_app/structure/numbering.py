"""Section numbers as contracts print them: ``ARTICLE IV``, ``4.2``, ``(b)``, ``(ii)``, ``A.``, ``Exhibit C``.

A marker at the start of a line is read into every plausible interpretation (``(i)`` is the ninth letter or the
first roman numeral); the tree builder picks one from the sequence around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
ATTACHMENT_WORDS = {
    "exhibit": "Exhibit",
    "schedule": "Schedule",
    "annex": "Annex",
    "appendix": "Appendix",
    "attachment": "Attachment",
    "addendum": "Addendum",
}
UNIT_WORDS = frozenset(
    [
        "section",
        "sections",
        "subsection",
        "subsections",
        "article",
        "articles",
        "clause",
        "clauses",
        "paragraph",
        "paragraphs",
        "exhibit",
        "exhibits",
        "schedule",
        "schedules",
        "annex",
        "appendix",
        "attachment",
        "attachments",
    ]
)
"""Words naming a part of a contract: capitalised in a sentence ("under Section 4", "the Exhibits"), never a name."""


def roman_to_int(text: str) -> int | None:
    """The value of a well-formed roman numeral (any case), else None."""
    text = text.lower()
    if not text or any(char not in ROMAN_VALUES for char in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = ROMAN_VALUES[char]
        following = ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if total > 0 and int_to_roman(total) == text else None


def int_to_roman(value: int) -> str:
    parts = []
    for number, symbol in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while value >= number:
            parts.append(symbol)
            value -= number
    return "".join(parts)


def letter_value(text: str) -> int | None:
    """``a`` = 1 ... ``z`` = 26, ``aa`` = 27 (the doubled-letter style some contracts continue with)."""
    if len(text) == 1 and text.isalpha():
        return ord(text.lower()) - 96
    if len(text) == 2 and text[0] == text[1] and text.isalpha():
        return 26 + ord(text[0].lower()) - 96
    return None


class Form(Enum):
    """How a marker is printed: items of one list share their form (and their series)."""

    DECIMAL = "decimal"  # 4, 4.2, 4.2.1 (its depth tells them apart)
    PAREN = "paren"  # (a)
    DOT = "dot"  # a.
    RPAREN = "rparen"  # a)
    ARTICLE = "article"
    ATTACHMENT = "attachment"
    PART = "part"  # "Part 1", "PART II": a division of the contract or of an attachment
    HEADING = "heading"  # an unnumbered heading in capitals or bold


class Series(Enum):
    """What counts up in a list: numbers, letters or roman numerals, in either case."""

    NUMBER = "number"
    LOWER = "lower"
    UPPER = "upper"
    ROMAN_LOWER = "roman-lower"
    ROMAN_UPPER = "roman-upper"


@dataclass(frozen=True)
class ListStyle:
    """The list a marker belongs to: ``(b)`` and ``(c)`` share one, ``(b)`` and ``b.`` do not."""

    form: Form
    series: Series | None = None
    depth: int = 0  # parts of a decimal number: "4" is 1, "4.2" is 2

    @property
    def decimal(self) -> bool:
        return self.form is Form.DECIMAL

    @property
    def numbered_item(self) -> bool:
        """``1.`` / ``1)`` items: numbered like sections, but set as a list."""
        return self.series is Series.NUMBER and self.form in (Form.DOT, Form.RPAREN)


ARTICLE_STYLE = ListStyle(Form.ARTICLE)
ATTACHMENT_STYLE = ListStyle(Form.ATTACHMENT)
PART_STYLE = ListStyle(Form.PART)
HEADING_STYLE = ListStyle(Form.HEADING)


def decimal_style(depth: int) -> ListStyle:
    return ListStyle(Form.DECIMAL, Series.NUMBER, depth)


@dataclass(frozen=True)
class Reading:
    """One interpretation of a marker: the list it belongs to and its ordinal value in that list."""

    style: ListStyle
    value: float  # an ordinal; a number inserted after another ("3A") lies between it and the next


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at the start of a line."""

    kind: str  # "article", "part", "attachment", "decimal" or "enum"
    token: str  # as printed, without brackets or trailing dot ("IV", "4.2", "b", "A")
    readings: tuple[Reading, ...]
    numbers: tuple[float, ...] = ()  # decimal components ("4.2" -> (4, 2), "3A.1" -> (3.01, 1)); article as (n,)
    word: str = ""  # "Section" / "Article" / "Exhibit" ... (normalised case); ")" for "3)"-style numbers
    end: int = 0  # where the marker ends in the line's text
    dotted: bool = False  # printed with a trailing dot or colon ("4." / "ARTICLE 1.")

    @property
    def level_numbers(self) -> tuple[float, ...]:
        """Numbers that place the marker in the tree: ``2.0`` heads the ``2.x`` sections, so it counts as ``2``."""
        numbers = self.numbers
        while len(numbers) > 1 and numbers[-1] == 0:
            numbers = numbers[:-1]
        return numbers


_ARTICLE = re.compile(
    r"(?P<word>ARTICLE|Article|ARTICLES?)\s+(?P<n>[IVXLC]+|\d{1,2}|[A-Za-z]{3,9})(?P<dot>[.:])?(?=[\s\-–—]|$)"
)
_WORDED_START = re.compile(r"(?:ART|Art|PART|Part|SEC|Sec|CLA|Cla|EXH|Exh|SCH|Sch|ANN|Ann|APP|App|ATT|Att|ADD|Add)")
_LETTER_ITEM_REACH = 6  # a lettered item's "." or ")" follows its letter or roman numeral (2-5 letters): "b.", "iv)."
_MARKER_PREFIX = 48  # a marker and what decides it ("Section 4.2(b)", "(iii)if", "2. 3. 6. T") fit in this
_PART = re.compile(r"(?P<word>PART|Part)\s+(?P<n>\d{1,2}|[IVX]{1,5}|[A-Z])(?P<dot>[.:])?(?=[\s\-–—:]|$)")
_SECTION_WORD = re.compile(
    r"(?P<word>SECTION|Section|CLAUSE|Clause|§)\s*(?P<n>\d{1,3}[A-Z]?(?:\.\d{1,3})*)(?P<dot>[.:])?(?=\s|$|\()"
)
# "ADDENDUM TO ...", "SCHEDULE OF FEES": a two-letter word in capitals after the noun is no attachment's letter
_LABEL_WORDS = "TO|OF|IN|ON|AN|AS|AT|BY|OR|NO|IS|IT|BE|WE|US|IF|SO|UP|DO|MY"
_ATTACHMENT = re.compile(
    r"(?P<word>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum)"
    rf"\s+(?!(?:{_LABEL_WORDS})\b)(?P<n>[A-Z]{{1,2}}|\d{{1,2}}|[IVX]{{1,4}})(?P<dot>[.:])?(?=[\s\-–—:]|$)(?![-–]\d)"
)
_DECIMAL = re.compile(r"(?P<n>\d{1,3}[A-Z]?(?:\.\d{1,3})+|\d{1,2}[A-Z])(?P<dot>\.)?(?=\s|$|\()")  # "4.2", "3A", "3A.1"
_SPACED_DECIMAL = re.compile(r"(?P<n>\d{1,2}\.(?: \d{1,2}\.)+)(?=\s|$)")
_INTEGER = re.compile(r"(?P<n>\d{1,2}) ?(?P<dot>[.)])(?=\s|$)")
_BARE_INTEGER = re.compile(r"(?P<n>\d{1,2})\s+(?=[A-Z]{2})")
# "(b)", "(i.)"; "(iii)if" (no space) when a word follows
_PAREN = re.compile(r"\((?P<n>[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2}|[IVXL]{1,6}|\d{1,2})\.?\)(?=\s|$|[a-z]{2})")
_LETTER_DOT = re.compile(r"(?P<n>[a-zA-Z]|[ivx]{2,5}|[IVX]{2,5})(?P<dot>[.)]|\)\.)(?=\s|$)")  # "b.", "b)", "iv)."


def _enum_readings(token: str, form: Form) -> tuple[Reading, ...]:
    readings: list[Reading] = []
    if token.isdigit():
        return (Reading(ListStyle(form, Series.NUMBER), int(token)),)
    lower = token.islower()
    letter = letter_value(token)
    roman = roman_to_int(token)
    if letter is not None:
        readings.append(Reading(ListStyle(form, Series.LOWER if lower else Series.UPPER), letter))
    if roman is not None and (len(token) > 1 or token.lower() in "ivx"):
        readings.append(Reading(ListStyle(form, Series.ROMAN_LOWER if lower else Series.ROMAN_UPPER), roman))
    return tuple(readings)


def clause_values(token: str) -> dict[Series, int]:
    """The ordinal of a clause token (``b``, ``ii``, ``B``, ``3``) in each series it may count in: ``i`` is the
    ninth letter or the first roman numeral; ``ii`` only the second roman numeral (a doubled letter is read as
    such only where it is no roman numeral, as ``aa`` after ``z``)."""
    values = {reading.style.series: int(reading.value) for reading in _enum_readings(token, Form.PAREN)}
    if len(token) > 1 and (Series.ROMAN_LOWER in values or Series.ROMAN_UPPER in values):
        values.pop(Series.LOWER, None)
        values.pop(Series.UPPER, None)
    return {series: value for series, value in values.items() if value}


def clause_token(value: int, series: Series) -> str:
    """The token of the ``value``-th clause in ``series``: 2 is ``b``, ``ii``, ``B``, ``II`` or ``2``."""
    if series is Series.NUMBER:
        return str(value)
    if series in (Series.ROMAN_LOWER, Series.ROMAN_UPPER):
        roman = int_to_roman(value)
        return roman.upper() if series is Series.ROMAN_UPPER else roman
    letter = chr(96 + value) if value <= 26 else chr(70 + value) * 2
    return letter.upper() if series is Series.UPPER else letter


def read_marker(text: str) -> Marker | None:
    """The numbering marker that opens ``text`` (already left-stripped), if any."""
    if not text or _opens_with_words(text):
        return None
    # Only the opening characters matter, and the same lines are read by several stages: cache on them.
    return _read_marker(text[:_MARKER_PREFIX])


def _opens_with_words(text: str) -> bool:
    """Running text, most lines: a letter with no ``.`` or ``)`` after it within reach of an item's (``b.``,
    ``iv).``) and no word a worded marker starts with. Told apart without the marker patterns, for speed."""
    head = text[1:_LETTER_ITEM_REACH]
    return text[0].isalpha() and "." not in head and ")" not in head and not _WORDED_START.match(text)


@lru_cache(maxsize=8192)
def _read_marker(text: str) -> Marker | None:
    first = text[0]
    if first.isdigit():
        return _read_number(text)
    if first == "(":
        return _read_enum(_PAREN.match(text), Form.PAREN)
    if first == "§" or (first.isalpha() and _WORDED_START.match(text)):
        worded = _read_worded(text)
        if worded is not None:
            return worded
    if first.isalpha():
        match = _LETTER_DOT.match(text)
        return _read_enum(match, Form.DOT if match and match["dot"] == "." else Form.RPAREN, dotted=True)
    return None


def _read_worded(text: str) -> Marker | None:
    """``ARTICLE IV``, ``Section 4.2``, ``Exhibit C``."""
    match = _ARTICLE.match(text)
    if match:
        token = match["n"]
        value = int(token) if token.isdigit() else roman_to_int(token) or NUMBER_WORDS.get(token.lower())
        if value:
            readings = (Reading(ARTICLE_STYLE, value),)
            return Marker("article", token, readings, (value,), "Article", match.end(), bool(match["dot"]))
    match = _PART.match(text)
    if match:
        token = match["n"]
        value = int(token) if token.isdigit() else roman_to_int(token) or letter_value(token) or 0
        readings = (Reading(PART_STYLE, value),)
        return Marker("part", token, readings, (value,), "Part", match.end(), bool(match["dot"]))
    match = _SECTION_WORD.match(text)
    if match:
        return _decimal_marker(match, "Section")
    match = _ATTACHMENT.match(text)
    if match:
        word = ATTACHMENT_WORDS[match["word"].lower()]
        readings = (Reading(ATTACHMENT_STYLE, 0),)
        return Marker("attachment", match["n"], readings, (), word, match.end(), bool(match["dot"]))
    return None


def _read_number(text: str) -> Marker | None:
    """``4.2.1``, ``4.`` / ``4 .``, ``4)``, ``2. 3. 6.`` (a number printed with spaces), ``5 BENEFITS``."""
    match = _DECIMAL.match(text)
    if match:
        return _decimal_marker(match, "")
    match = _SPACED_DECIMAL.match(text)
    if match:
        numbers = tuple(int(part) for part in match["n"].replace(" ", "").rstrip(".").split("."))
        token = ".".join(str(number) for number in numbers)
        readings = (Reading(decimal_style(len(numbers)), numbers[-1]),)
        return Marker("decimal", token, readings, numbers, "", match.end(), True)
    match = _INTEGER.match(text)
    if match:
        value = int(match["n"])
        if match["dot"] == ")":  # "3)": a list item, or a heading where the contract numbers "1)", "2)"
            readings = (Reading(decimal_style(1), value), Reading(ListStyle(Form.RPAREN, Series.NUMBER), value))
            return Marker("decimal", match["n"], readings, (value,), ")", match.end())
        readings = (Reading(decimal_style(1), value), Reading(ListStyle(Form.DOT, Series.NUMBER), value))
        return Marker("decimal", match["n"], readings, (value,), "", match.end(), True)
    match = _BARE_INTEGER.match(text)
    if match:  # "5 BENEFITS": a heading only when set in capitals or bold (checked by the tree builder)
        value = int(match["n"])
        return Marker("decimal", match["n"], (Reading(decimal_style(1), value),), (value,), "", match.end())
    return None


def _read_enum(match: re.Match[str] | None, form: Form, dotted: bool = False) -> Marker | None:
    """``(b)``, ``(iv)``, ``(i.)``, ``b.``, ``b)``, ``iv).``: every reading of the letter or numeral."""
    if match is None:
        return None
    readings = _enum_readings(match["n"], form)
    return Marker("enum", match["n"], readings, end=match.end(), dotted=dotted) if readings else None


INSERTED_STEP = 0.01  # "3A" is inserted after 3: it counts as 3.01, "3B" as 3.02 (before 4 either way)


def part_value(part: str) -> float:
    """``"4"`` is 4; ``"3A"`` (a number inserted after 3) is 3.01."""
    if part[-1].isalpha():
        return int(part[:-1]) + INSERTED_STEP * (ord(part[-1].upper()) - 64)
    return int(part)


def _decimal_marker(match: re.Match[str], word: str) -> Marker:
    """``4.2.1`` (or ``Section 4.2.1`` with ``word``): its level is its number of parts."""
    numbers = tuple(part_value(part) for part in match["n"].split("."))
    readings = (Reading(decimal_style(len(numbers)), numbers[-1]),)
    return Marker("decimal", match["n"], readings, numbers, word, match.end(), bool(match["dot"]))
