"""Running headers, footers and page numbers: found across pages and kept out of the body text.

A row (or a single fragment of it) near the top or bottom of a page is furniture when
- it is a page number ("3", "- 3 -", "Page 3 of 12", "PAGE 3", "iii") and bare numbers advance with the pages;
- the same text recurs in the same band on many pages (legends, "Source: ..., 10-K" EDGAR footers), with digits
  compared loosely when they advance page by page ("Confidential - Page 3");
- it is the EDGAR exhibit label ("Exhibit 10.1", "EX-99.1") at the very top of the first page.
Bands are counted in rows from the top and bottom of the text on each page, not in points, because many filings
put the page number right under the last paragraph, halfway down a short page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from contract_app.parsing.layout import Fragment, Row, make_row

BAND_ROWS = 4  # rows at the top and at the bottom of a page that may hold furniture
NUMBER_ROWS = 3  # page numbers sit in the outermost rows
ISOLATION_GAP = 72.0  # points of blank space around a page number sharing a row with other text
REPEAT_SHARE = 0.3  # a text recurring in a band on this share of pages (and on 2 or more) is running furniture
EMBEDDED_MIN_CHARS = 15  # a footer kept inside pages converted from text is at least this long ...
EMBEDDED_MIN_REPEATS = 4  # ... and recurs this often

_DASHES = "-–—"
PAGE_NUMBER = re.compile(
    rf"^(?:page|pg\.?)?\s*[{_DASHES}]?\s*(?P<n>\d{{1,4}}|[ivxlc]{{1,7}})\s*[{_DASHES}]?\s*(?:(?:of|/)\s*\d{{1,4}})?$",
    re.IGNORECASE,
)
_WORDED = re.compile(rf"page|[{_DASHES}]|of|/", re.IGNORECASE)
EDGAR_LABEL = re.compile(r"^(?:exhibit|ex-?)\s*\d+(?:[.(]\S*)?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# "Recipe Development Agreement – Exhibit A": a running title, then what differs from page to page
_RUNNING_PREFIX = re.compile(r"^(?P<prefix>.{20,}?)\s+[-–—|]\s+\S")
_PAGE_WORD = re.compile(r"\bpage\b", re.IGNORECASE)
MIN_PREFIX_PAGES = 3  # a running title before a dash recurs on this many pages, what follows it differing
EMBEDDED_NEIGHBOURS = 2  # rows on either side of an embedded page counter (or footer line) in the same footer
_THREE_LETTERS = re.compile(r"[^\W\d_][\W\d_]*[^\W\d_][\W\d_]*[^\W\d_]")
_ROMAN = re.compile(r"^[ivxlc]+$", re.IGNORECASE)


@dataclass(frozen=True)
class _Candidate:
    page: int  # 0-based
    row: int  # index into the page's rows
    fragment: int | None  # None: the whole row
    text: str
    band: str  # "top" or "bottom"
    atom: bool = True  # False for a row made of several fragments (its fragments are candidates too)

    @property
    def key(self) -> str:
        return _key(self.text)


def _band_rows(rows: list[Row], limit: int, above: int = 0) -> list[tuple[int, str]]:
    """Rows in the top and bottom bands; ``above``: rows over the top band (the filing's exhibit label)."""
    count = len(rows)
    top = [(index, "top") for index in range(min(limit + above, count))]
    bottom = [(index, "bottom") for index in range(max(count - limit, 0), count)]  # a short page: rows in both
    return top + bottom


def _key(text: str) -> str:
    """Texts compared without case (their whitespace is already collapsed)."""
    return text.lower()


def _loose_key(text: str) -> str:
    return _DIGITS.sub("#", _key(text))


def find_furniture(pages: list[list[Row]]) -> dict[int, set[tuple[int, int | None]]]:
    """For each page (0-based), the rows ``(row, None)`` and fragments ``(row, index)`` that are furniture."""
    candidates: list[_Candidate] = []
    label = _edgar_label(pages)
    for page_index, rows in enumerate(pages):
        for row_index, band in _band_rows(rows, BAND_ROWS, len(label) if page_index == 0 else 0):
            row = rows[row_index]
            candidates.append(_Candidate(page_index, row_index, None, row.text, band, len(row.fragments) == 1))
            if len(row.fragments) > 1:
                candidates += [
                    _Candidate(page_index, row_index, index, fragment.text, band)
                    for index, fragment in enumerate(row.fragments)
                ]
    removed: dict[int, set[tuple[int, int | None]]] = defaultdict(set)
    found = _page_numbers(pages, candidates) + _repeated(pages, candidates, len(label)) + label
    for candidate in found + _embedded_page_breaks(pages):
        removed[candidate.page].add((candidate.row, candidate.fragment))
    return removed


def _page_numbers(pages: list[list[Row]], candidates: list[_Candidate]) -> list[_Candidate]:
    """Page-number-shaped texts in the outermost rows; bare numbers must advance with the physical page."""
    worded: list[_Candidate] = []
    bare: list[tuple[_Candidate, int]] = []
    roman: list[_Candidate] = []
    for candidate in candidates:
        rows = pages[candidate.page]
        if NUMBER_ROWS <= candidate.row < len(rows) - NUMBER_ROWS:
            continue
        match = PAGE_NUMBER.match(candidate.text)
        if not match or (candidate.fragment is not None and not _isolated(rows[candidate.row], candidate.fragment)):
            continue
        number = match.group("n")
        if _WORDED.search(candidate.text):
            worded.append(candidate)
        elif number.isdigit():
            bare.append((candidate, int(number) - candidate.page))
        elif number.islower():
            roman.append(candidate)
    pages_by_offset: defaultdict[int, set[int]] = defaultdict(set)
    for candidate, offset in bare:
        pages_by_offset[offset].add(candidate.page)
    # A counter seen on two pages or more; in a one- or two-page document, the physical page number itself.
    common = {offset for offset, seen in pages_by_offset.items() if len(seen) >= 2 or (len(pages) <= 2 and offset == 1)}
    accepted = worded + [candidate for candidate, offset in bare if offset in common]
    if len({candidate.page for candidate in roman}) >= 2:
        accepted += roman
    return accepted


def _isolated(row: Row, index: int) -> bool:
    """A number standing apart in its row (not the "2" of a "2  GRANT OF RIGHTS" heading)."""
    fragments = row.fragments
    before = fragments[index].x0 - fragments[index - 1].x1 if index > 0 else ISOLATION_GAP
    after = fragments[index + 1].x0 - fragments[index].x1 if index + 1 < len(fragments) else ISOLATION_GAP
    return min(before, after) >= ISOLATION_GAP


def _repeated(pages: list[list[Row]], candidates: list[_Candidate], label_rows: int) -> list[_Candidate]:
    """Texts recurring in the same band on many pages (digits may differ when they advance page by page)."""
    needed = max(2, REPEAT_SHARE * len(pages))
    needed_short = max(3, 0.5 * len(pages))  # "Name:", "Date:" recur in signature blocks: ask for more
    exact: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    loose: defaultdict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    keys = [candidate.key for candidate in candidates]
    for candidate, key in zip(candidates, keys, strict=True):
        if not _THREE_LETTERS.search(candidate.text) and not set(candidate.text) <= set("_-. "):
            continue
        exact[(candidate.band, key)].add(candidate.page)
        if candidate.atom:
            loose[(candidate.band, _loose_key(candidate.text))].setdefault(candidate.page, candidate.text)
    prefixes: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    running = [_prefix_key(candidate.text) if candidate.atom else None for candidate in candidates]
    for candidate, prefix in zip(candidates, running, strict=True):
        if prefix is not None:
            prefixes[(candidate.band, prefix)].add(candidate.page)
    accepted: list[_Candidate] = []
    counters: dict[tuple[str, str], bool] = {}
    for candidate, key, prefix in zip(candidates, keys, running, strict=True):
        if prefix is not None and len(prefixes[(candidate.band, prefix)]) >= MIN_PREFIX_PAGES:
            accepted.append(candidate)  # "Agreement – Exhibit A", "Agreement – Exhibit B", "Agreement – Signature Page"
            continue
        seen_on = exact.get((candidate.band, key), set())
        if len(seen_on) >= (needed if len(key) >= 8 else needed_short):
            accepted.append(candidate)
            continue
        if candidate.atom:
            loose_key = (candidate.band, _loose_key(candidate.text))
            if loose_key not in counters:  # once per key: "Page 7 of 2,000" is asked 2,000 times
                texts = loose.get(loose_key, {})
                counters[loose_key] = len(texts) >= max(3, needed) and _counts_pages(texts)
            if counters[loose_key]:
                accepted.append(candidate)
    in_body = _body_keys(pages, {candidate.key for candidate in accepted}, label_rows)
    return [candidate for candidate in accepted if candidate.key not in in_body]


def _prefix_key(text: str) -> str | None:
    """The running title before a dash in a footer such as "Supply Agreement – Exhibit A", if there is one."""
    match = _RUNNING_PREFIX.match(text)
    if match is None or not _THREE_LETTERS.search(match["prefix"]):
        return None
    return _key(match["prefix"])


def _body_keys(pages: list[list[Row]], keys: set[str], label_rows: int) -> set[str]:
    """Those of ``keys`` seen away from the page edges or twice on a page: body text (a signature block).
    The first page's band starts below the filing's exhibit label (``label_rows`` rows)."""
    found: set[str] = set()
    lengths = {len(key) for key in keys}
    for page_index, rows in enumerate(pages):
        top_band = BAND_ROWS + (label_rows if page_index == 0 else 0)
        on_page: set[str] = set()
        for index, row in enumerate(rows):
            texts = [row.text] if len(row.fragments) == 1 else [row.text, *(f.text for f in row.fragments)]
            for text in texts:
                if len(text) not in lengths or (key := _key(text)) not in keys:
                    continue
                if key in on_page or top_band <= index < len(rows) - BAND_ROWS:
                    found.add(key)
                on_page.add(key)
    return found


def _counts_pages(texts: dict[int, str]) -> bool:
    """True when a number in these texts goes up exactly with the page: a page counter inside a running line."""
    series = [(page, [int(digits) for digits in _DIGITS.findall(text)]) for page, text in texts.items()]
    width = min(len(numbers) for _, numbers in series)
    return any(len({numbers[index] - page for page, numbers in series}) == 1 for index in range(width))


def _edgar_label(pages: list[list[Row]]) -> list[_Candidate]:
    """The filing's exhibit label ("Exhibit 10.1") in the first rows of page 1, with a lone "1" above it."""
    if not pages:
        return []
    first = pages[0][:2]
    if not any(EDGAR_LABEL.match(row.text) for row in first):
        return []
    return [
        _Candidate(0, index, None, row.text, "top")
        for index, row in enumerate(first)
        if EDGAR_LABEL.match(row.text) or row.text == "1"
    ]


def _embedded_page_breaks(pages: list[list[Row]]) -> list[_Candidate]:
    """Footers of the original pages inside PDF pages (filings converted from text keep their page breaks).

    A long line recurring four times or more, each time next to a bare number, the numbers going up: the line
    and the numbers are furniture wherever they sit on the PDF page. So is a line naming a page whose number goes
    up ("CO-BRANDING AGREEMENT PAGE 3"), recurring as often, with the lines that recur beside it each time (a
    confidentiality legend printed under every original page).
    """
    places: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    counters: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for page_index, rows in enumerate(pages):
        for row_index, row in enumerate(rows):
            if len(row.text) >= EMBEDDED_MIN_CHARS:
                places[row.text].append((page_index, row_index))
                if _DIGITS.search(row.text) and _PAGE_WORD.search(row.text):  # the cheap test first
                    counters[_loose_key(row.text)].append((page_index, row_index))
    found: list[_Candidate] = []
    for key, seen in places.items():
        if len(seen) < EMBEDDED_MIN_REPEATS or not _THREE_LETTERS.search(key):
            continue
        numbers = [number for number in (_number_near(pages, page, row) for page, row in seen) if number]
        values = [int(pages[page][row].text) for page, row in numbers]
        if len(numbers) < 0.75 * len(seen) or values != sorted(values) or len(set(values)) != len(values):
            continue
        for page, row in [*seen, *numbers]:
            found.append(_Candidate(page, row, None, pages[page][row].text, "embedded"))
    counter_rows = [place for seen in counters.values() if _counts_up(pages, seen) for place in seen]
    for page, row in [*counter_rows, *_beside_counters(pages, places, counter_rows)]:
        found.append(_Candidate(page, row, None, pages[page][row].text, "embedded"))
    return found


def _counts_up(pages: list[list[Row]], seen: list[tuple[int, int]]) -> bool:
    """A page counter: recurring often enough, its numbers strictly going up through the document."""
    if len(seen) < EMBEDDED_MIN_REPEATS:
        return False
    series = [[int(digits) for digits in _DIGITS.findall(pages[page][row].text)] for page, row in seen]
    width = min(len(numbers) for numbers in series)
    return any(all(a[index] < b[index] for a, b in pairwise(series)) for index in range(width))


def _beside_counters(
    pages: list[list[Row]], places: dict[str, list[tuple[int, int]]], counter_rows: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Lines recurring at least four times, every time within a few rows of a page counter or of another such
    line (the block of an original page's footer), counted across the PDF's page breaks, which fall anywhere in
    the original pages."""
    starts = [0]
    for rows in pages:
        starts.append(starts[-1] + len(rows))
    recurring = [
        seen for key, seen in places.items() if len(seen) >= EMBEDDED_MIN_REPEATS and _THREE_LETTERS.search(key)
    ]
    anchors = {starts[page] + row for page, row in counter_rows}
    beside: list[tuple[int, int]] = []
    while anchors:
        near = {anchor + step for anchor in anchors for step in range(-EMBEDDED_NEIGHBOURS, EMBEDDED_NEIGHBOURS + 1)}
        found = [seen for seen in recurring if all(starts[page] + row in near for page, row in seen)]
        recurring = [seen for seen in recurring if seen not in found]
        anchors = {starts[page] + row for seen in found for page, row in seen}
        beside.extend(place for seen in found for place in seen)
    return beside


def _number_near(pages: list[list[Row]], page: int, row: int) -> tuple[int, int] | None:
    rows = pages[page]
    for near in (row + 1, row + 2, row - 1, row - 2):
        if 0 <= near < len(rows) and rows[near].text.isdigit() and len(rows[near].text) <= 4:
            return page, near
    return None


def split_furniture(rows: list[Row], marks: set[tuple[int, int | None]]) -> tuple[list[Row], list[str]]:
    """The page's body rows (furniture taken out) and the furniture texts, in page order."""
    if not marks:
        return rows, []
    body: list[Row] = []
    furniture: list[str] = []
    for row_index, row in enumerate(rows):
        if (row_index, None) in marks:
            furniture.append(row.text)
            continue
        kept: list[Fragment] = []
        for index, fragment in enumerate(row.fragments):
            if (row_index, index) in marks:
                furniture.append(fragment.text)
            else:
                kept.append(fragment)
        if kept:
            body.append(row if len(kept) == len(row.fragments) else make_row(kept))
    return body, furniture
