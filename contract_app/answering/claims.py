"""What a claim asserts that the clauses it cites must also say: names, places, numbers, amounts, dates, durations.

Word share cannot tell "governed by French law [C1]" from "governed by Texas law [C1]": both share "governed" and
"law" with the clause. A lawyer checking a citation reads the specifics: who, where, how much, how long, when. So
every such specific of a claim must occur in its sources: each capitalised name (a place may appear as its
adjective, "French" for France; a party under the name the contract defines for it), each number (written in
words or digits: "thirty (30) days" backs "30 days"), each currency and each duration with its unit ("30 business
days" is not "30 days"). Ordinary wording is left to the word-share check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from contract_app.places import EQUIVALENTS, JURISDICTIONS
from contract_app.structure.numbering import NUMBER_WORDS, UNIT_WORDS

_UNITS = {"zero": 0, **{word: value for word, value in NUMBER_WORDS.items() if value < 20}}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SPELLED = re.compile(
    r"\b(?:" + "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True)) + r")"
    r"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-]+)(?:"
    + "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
    + r"))*\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)((?:\.\d+)*)(?:st|nd|rd|th)?(?![\w])")
_SCALED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s+(thousand|million|billion)\b", re.IGNORECASE)
_REPEATED = re.compile(r"\b(\d+(?:\.\d+)?)\s*\(\s*\1\s*\)")  # "30 (30)" once "thirty (30)" is spelled out
_DURATION = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s*-\s*|\s+)(?:(business|working|calendar|consecutive|full)\s+)?"
    r"(day|week|month|year|hour|minute|quarter)s?\b",
    re.IGNORECASE,
)
_PERIOD_WORDS = {  # a clause's "annual periods" backs a claim's "1 year"
    "annual": ("12", "month"),
    "annually": ("12", "month"),
    "yearly": ("12", "month"),
    "monthly": ("1", "month"),
    "quarterly": ("3", "month"),
    "weekly": ("7", "day"),
    "daily": ("1", "day"),
}
_CURRENCIES = (
    (re.compile(r"\bC(?:A|AN)?\$|\bCAD\b|\bCanadian dollars?\b", re.IGNORECASE), "CAD"),
    (re.compile(r"\bA(?:U)?\$|\bAUD\b|\bAustralian dollars?\b", re.IGNORECASE), "AUD"),
    (re.compile(r"\bUS\$|\$|\bUSD\b|\bdollars?\b", re.IGNORECASE), "USD"),
    (re.compile(r"€|\bEUR\b|\beuros?\b", re.IGNORECASE), "EUR"),
    (re.compile(r"£|\bGBP\b|\b(?:pounds? )?sterling\b", re.IGNORECASE), "GBP"),
    (re.compile(r"\bCHF\b|\bSwiss francs?\b", re.IGNORECASE), "CHF"),
    (re.compile(r"¥|\bJPY\b|\byen\b", re.IGNORECASE), "JPY"),
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_MONTH_ABBREVIATION = re.compile(r"(?<![A-Za-z])(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?=\s+\d)", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_ATTACHMENT = re.compile(r"\b(Exhibit|Schedule|Annex|Appendix|Attachment)\s+([A-Z0-9]{1,3}(?:[-.]\d+)?)\b")
_NAME = re.compile(r"[A-Z][\w'’&.-]*")
_WORD = re.compile(r"[\w'’&.-]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*•>]+|\d{1,2}[.)])\s+|\*\*|__", re.MULTILINE)
_SENTENCE_GAP = re.compile(r"(?<=[.!?:;])[\"”’)]*\s+|\n+")
_NOT_NAMES = UNIT_WORDS | frozenset(
    [
        "i",
        "note",
        "answer",
        "question",
        "yes",
        "no",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "their",
        "there",
        "here",
        "however",
        "also",
        "both",
        "either",
        "neither",
        "each",
        "any",
        "all",
        "under",
        "per",
    ]
)
_PLACE_PHRASES = frozenset(
    name.lower() for name in (*JURISDICTIONS, *(alias for group in EQUIVALENTS for alias in group)) if " " in name
)
_PLACE_PHRASE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(p) for p in sorted(_PLACE_PHRASES, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_PLACE_WORDS = frozenset(
    word
    for name in (*JURISDICTIONS, *(alias for group in EQUIVALENTS for alias in group))
    for word in name.lower().split()
    if word
    not in {
        "of",
        "the",
        "and",
        "new",
        "north",
        "south",
        "west",
        "united",
        "states",
        "republic",
        "islands",
        "people's",
        "city",
        "great",
        "santa",
        "san",
        "los",
        "virgin",
    }
)


def _spelled_value(words: str) -> list[int]:
    """ "one hundred and twenty" -> [120]; "two and three" -> [2, 3]: "and" joins only after hundred/thousand."""
    values: list[int] = []
    total = current = 0
    previous = ""
    for token in re.findall(r"[a-z]+", words.lower()):
        restart = (token == "and" and previous not in _SCALES) or (
            (previous in _UNITS and token not in _SCALES) or (previous in _TENS and token in _TENS)
        )
        if restart and previous:
            values.append(total + current)
            total = current = 0
        if token == "and":
            previous = "and" if previous in _SCALES else ""
            continue
        if token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            current += _UNITS.get(token, _TENS.get(token, 0))
        previous = token
    if previous:
        values.append(total + current)
    return values


def _canonical(integer: str, fraction: str) -> str:
    number = str(int(integer.replace(",", "")))
    fraction = "" if re.fullmatch(r"(?:\.0+)?", fraction) else fraction
    return number + fraction


def numeric_view(text: str, *, bare_one: bool = True) -> str:
    """``text`` with numbers in one spelling: digits, no thousands separators, scales applied, no "(30)" repeat.

    ``bare_one=False`` leaves a lone "one" alone unless a unit follows ("one of the parties" is no number).
    """

    def spelled(match: re.Match[str]) -> str:
        phrase = match.group(0)
        if not bare_one and phrase.lower() == "one":
            after = text[match.end() : match.end() + 30].lower()
            if not re.match(r"\s*(?:\(|-|(?:business |calendar |full )?(?:day|week|month|year|hour|percent|%))", after):
                return phrase
        return " ".join(str(value) for value in _spelled_value(phrase))

    text = _SCALED.sub(lambda m: str(round(float(m.group(1).replace(",", "")) * _SCALES[m.group(2).lower()])), text)
    text = _SPELLED.sub(spelled, text)
    text = _DIGITS.sub(lambda m: _canonical(m.group(1), m.group(2)), text)
    return _REPEATED.sub(r"\1", text)


def _durations(text: str) -> set[tuple[str, str]]:
    found = set()
    for match in _DURATION.finditer(text):
        amount, qualifier, unit = match.group(1), (match.group(2) or "").lower(), match.group(3).lower()
        if unit == "year":  # one spelling per length of time: "1 year" is "12 months", "2 weeks" "14 days"
            amount, unit = _canonical(str(float(amount) * 12).removesuffix(".0"), ""), "month"
        elif unit == "week" and qualifier not in ("business", "working"):
            amount, unit = _canonical(str(float(amount) * 7).removesuffix(".0"), ""), "day"
        unit = f"business {unit}" if qualifier in ("business", "working") else unit
        found.add((amount, unit))
    return found


def _currencies(text: str) -> set[str]:
    found = set()
    for pattern, code in _CURRENCIES:
        if pattern.search(text):
            found.add(code)
            text = pattern.sub(" ", text)
    return found


@dataclass(frozen=True)
class Source:
    """What the cited clauses say, in the forms a claim is compared with."""

    text: str  # lower case, spaces normalised
    words: frozenset[str]
    numbers: frozenset[str]
    durations: frozenset[tuple[str, str]]
    currencies: frozenset[str]


def _lower_words(text: str) -> set[str]:
    words = set()
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word).strip(".-'’")
        words.add(word)
        words.update(part for part in re.split(r"[-.&]", word) if part)
    return words


def source_of(texts: Iterable[str]) -> Source:
    text = " ".join(texts)
    numeric = numeric_view(text)
    words = _lower_words(_MONTH_ABBREVIATION.sub(lambda m: _full_month(m.group(1)), text))
    numbers = {m.group(0) for m in re.finditer(r"\d+(?:\.\d+)*", numeric)}
    numbers |= {str(n) for n, month in enumerate(_MONTHS, 1) if month in words}  # "March 31" backs "3/31"
    for match in _NUMERIC_DATE.finditer(text):  # "03/01/2021" backs "March"; "7/18/11" backs "2011"
        month = match.group(1) or match.group(5)
        if match.group(3) and len(match.group(3)) == 2:
            numbers |= {f"19{match.group(3)}", f"20{match.group(3)}"}
        if month and 1 <= int(month) <= 12:
            words.add(_MONTHS[int(month) - 1])
    return Source(
        " ".join(text.lower().split()),
        frozenset(words),
        frozenset(numbers),
        frozenset(_durations(numeric) | {span for word, span in _PERIOD_WORDS.items() if word in words}),
        frozenset(_currencies(text)),
    )


def _full_month(abbreviation: str) -> str:
    return next(month for month in _MONTHS if month.startswith(abbreviation.lower()[:3]))


def _equivalents(phrase: str) -> frozenset[str]:
    for group in EQUIVALENTS:
        if phrase in group:
            return group
    return frozenset({phrase})


def _mentions(source: Source, phrase: str) -> bool:
    """The phrase (or another name for the same place) occurs in the source as whole words."""
    for variant in _equivalents(phrase):
        if " " in variant or "." in variant:
            if re.search(rf"(?<![\w.]){re.escape(variant)}(?![\w])", source.text):
                return True
        elif variant in source.words:
            return True
    return False


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_GAP.split(text) if part.strip()]


def _clean(raw: str) -> str:
    token = raw.strip("\"“”‘’'(),;:!?[]")
    if re.fullmatch(r"(?:[A-Z]\.){2,}", token):  # "U.S.": the dots are the name
        return token
    return re.sub(r"['’]s$", "", token).rstrip(".")


def _name_phrases(claim: str, known: frozenset[str]) -> list[str]:
    """Runs of capitalised words that name something; a sentence's first word only when it is a known name."""
    phrases: list[str] = []
    for sentence in _sentences(claim):
        run: list[str] = []
        matches = list(re.finditer(r"\S+", sentence))
        for position, match in enumerate(matches):
            token = _clean(match.group(0))
            lowered = token.lower()
            named = bool(_NAME.fullmatch(token)) and len(token) > 1 and lowered not in _NOT_NAMES
            if named and position == 0:  # a sentence's first word is capitalised anyway: is it a name?
                after = _clean(matches[1].group(0)) if len(matches) > 1 else ""
                following = after.lower()
                named = (
                    lowered in known
                    or (bool(_NAME.fullmatch(after)) and following not in _NOT_NAMES)  # "Acme Holdings may ..."
                    or lowered in _PLACE_WORDS
                    or (lowered in _MONTHS and lowered != "may")
                    or any(phrase.startswith(f"{lowered} {following}") for phrase in _PLACE_PHRASES)
                )
            if named:
                run.append(token)
            if run and (not named or match.group(0).endswith((",", ";", ":", ")", '"', "”"))):
                phrases.append(" ".join(run))
                run = []
        if run:
            phrases.append(" ".join(run))
    return phrases


def _unbacked_names(claim: str, source: Source, known: frozenset[str]) -> list[str]:
    missing: list[str] = []
    for phrase in _PLACE_PHRASE.findall(claim):  # "People's Republic of China" is one name, backed by "PRC"
        if not _mentions(source, phrase.lower().replace("’", "'")):
            missing.append(phrase)
    claim = _PLACE_PHRASE.sub(" ", claim)
    for phrase in _name_phrases(_ATTACHMENT.sub(" ", claim), known):
        lowered = phrase.lower()
        if _mentions(source, lowered.replace("’", "'")):
            continue
        for word in lowered.split():
            parts = [p for p in re.split(r"[-&]", word.strip(".")) if p and p not in _NOT_NAMES]
            if not all(_mentions(source, part) or _mentions(source, word) for part in parts):
                missing.append(phrase)
                break
    for match in _ATTACHMENT.finditer(claim):
        if f"{match.group(1).lower()} {match.group(2).lower()}" not in source.text:
            missing.append(match.group(0))
    return missing


def has_specifics(claim: str, known_names: Iterable[str] = ()) -> bool:
    """Whether the claim names, counts or dates anything (measured against an empty source, all of it is missing)."""
    return bool(unbacked(claim, [""], known_names))


def unbacked(claim: str, sources: Sequence[str], known_names: Iterable[str] = ()) -> list[str]:
    """The claim's specifics (as written in it) that its sources do not contain; empty when all are backed.

    ``known_names``: the contract's own capitalised words (parties, defined terms), so that a sentence starting
    with one is checked too ("Acme may terminate ...").
    """
    source = source_of(sources)
    known = frozenset(name.lower() for name in known_names)
    claim = _LIST_MARK.sub(" ", claim)
    missing = _unbacked_names(claim, source, known)
    numeric = numeric_view(_MONTH_ABBREVIATION.sub(lambda m: _full_month(m.group(1)), claim), bare_one=False)
    for amount, unit in sorted(_durations(numeric) - source.durations):
        missing.append(f"{amount} {unit}s")
    rest = _DURATION.sub(" ", numeric)  # a duration's number is checked with its unit, not alone
    for number in re.findall(r"(?<![\w.])\d+(?:\.\d+)*", rest):
        if number not in source.numbers:
            missing.append(number)
    missing.extend(sorted(_currencies(claim) - source.currencies))
    return list(dict.fromkeys(missing))


def known_names(text: str) -> set[str]:
    """Capitalised words used inside sentences (not at their start): the parties, places and defined terms."""
    names = set()
    for match in re.finditer(r"(?<=[a-z0-9,(\"“] )[A-Z][a-z][\w’'-]*", text):
        word = re.sub(r"['’]s$", "", match.group(0))
        if word.lower() not in _NOT_NAMES:
            names.add(word)
    return names
