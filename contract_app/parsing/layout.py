"""Page geometry: text fragments from PyMuPDF, grouped into visual rows, then put in reading order.

MuPDF's own lines are often split where a tab or a wide gap sits ("1." and "DEFINITIONS" side by side come out as
two lines, sometimes in different blocks), and its block order follows the content stream. So we rebuild rows from
geometry: fragments whose vertical extents overlap form one row, read left to right. Two-column pages are found
from a shared gutter between column-wide fragments; between full-width rows, the left column is read before the
right one. Tables (short cells) stay row by row, which keeps each row's cells together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pymupdf

TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
"""No image blocks (decoding them is slow and we do not need them); ligatures expanded to plain letters."""

# Characters some PDF producers print for plain punctuation (EDGAR's converter writes every ";" as U+037E, the Greek
# question mark, which Unicode defines as the same character): read as the plain character, so a rule about ";" holds.
_LOOKALIKES = str.maketrans(
    {"\u037e": ";", "\uff08": "(", "\uff09": ")", "\uff0c": ",", "\uff1a": ":", "\uff1b": ";", "\u200b": None}
)
_ANY_LOOKALIKE = re.compile("[" + "".join(map(chr, _LOOKALIKES)) + "]")  # a scan in C: most lines have none
MIN_COLUMN_ROWS = 5  # lines in each column before a page counts as set in two columns
_BOLD_FLAG = 16
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(slots=True)
class Fragment:
    """A piece of text on one line of one page, with its box: bold and font as it starts, the size most of it has.

    "Starts bold" is what heading detection needs: a run-in title ("**4.2 Payment.** The Licensee shall...")
    makes the line bold even though most of it is not.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # whitespace collapsed to single spaces, never empty
    size: float
    bold: bool
    font: str

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class Row:
    """Fragments sharing a visual line, left to right (``text`` joins them with single spaces)."""

    fragments: list[Fragment]
    y0: float
    y1: float
    text: str = ""


def make_row(fragments: list[Fragment]) -> Row:
    """A row of these fragments (already left to right)."""
    text = fragments[0].text if len(fragments) == 1 else " ".join(f.text for f in fragments)
    return Row(fragments, min(f.y0 for f in fragments), max(f.y1 for f in fragments), text)


def page_fragments(page_dict: dict) -> tuple[list[Fragment], int]:
    """Horizontal text fragments of a ``get_text("dict")`` result, and how many rotated lines were skipped."""
    fragments: list[Fragment] = []
    rotated = 0
    for block in page_dict["blocks"]:
        if block["type"] != 0:
            continue
        for line in block["lines"]:
            spans = line["spans"]
            single = len(spans) == 1
            raw = spans[0]["text"] if single else "".join([span["text"] for span in spans])
            text = " ".join(_plain_punctuation(raw).split())
            if not text:
                continue
            dx, dy = line["dir"]
            if abs(dy) > 0.1 or dx < 0:
                rotated += 1
                continue
            if single:
                first = main = spans[0]
            else:
                first = next(span for span in spans if span["text"].strip())
                main = max(spans, key=lambda span: len(span["text"]))
            bold = bool(first["flags"] & _BOLD_FLAG) or _bold_name(first["font"])
            x0, y0, x1, y1 = line["bbox"]
            fragments.append(Fragment(x0, y0, x1, y1, text, round(main["size"], 2), bold, first["font"]))
    return fragments, rotated


def _plain_punctuation(text: str) -> str:
    """``text`` with look-alike punctuation read as the plain character (translated only where there is some:
    translating every line costs more than reading all the rest of it)."""
    return text.translate(_LOOKALIKES) if _ANY_LOOKALIKE.search(text) else text


@cache
def _bold_name(font: str) -> bool:
    """Fonts whose flags miss it often say it in the name ("Arial-BoldMT", "TimesNewRoman,Bold")."""
    lowered = font.lower()
    return any(name in lowered for name in _BOLD_NAMES)


def group_rows(fragments: Iterable[Fragment]) -> list[Row]:
    """Rows top to bottom: a fragment joins the row above when their vertical extents overlap by half or more."""
    rows: list[Row] = []
    for fragment in sorted(fragments, key=lambda f: (f.y0 + f.y1) / 2):
        if rows:
            row = rows[-1]
            overlap = min(row.y1, fragment.y1) - max(row.y0, fragment.y0)
            if overlap >= 0.5 * min(row.y1 - row.y0, fragment.height):
                row.fragments.append(fragment)
                row.y0 = min(row.y0, fragment.y0)
                row.y1 = max(row.y1, fragment.y1)
                continue
        rows.append(Row([fragment], fragment.y0, fragment.y1))
    for row in rows:
        if len(row.fragments) > 1:
            row.fragments.sort(key=lambda f: f.x0)
            row.text = " ".join(f.text for f in row.fragments)
        else:
            row.text = row.fragments[0].text
    return rows


def find_gutter(rows: list[Row], page_width: float) -> float | None:
    """The x of a column gutter when the page is set in two text columns, else None."""
    right_starts = Counter(
        round(f.x0 / 3)
        for row in rows
        for f in row.fragments
        if 0.35 * page_width < f.x0 < 0.65 * page_width and f.width > 0.2 * page_width
    )
    if not right_starts:
        return None
    bucket, count = right_starts.most_common(1)[0]
    if count < MIN_COLUMN_ROWS:
        return None
    right_edge = bucket * 3 - 3.0
    left = [f for row in rows for f in row.fragments if f.x1 <= right_edge]
    right = [f for row in rows for f in row.fragments if f.x0 >= right_edge]
    crossing = sum(1 for row in rows for f in row.fragments if f.x0 < right_edge - 2 < f.x1)
    if len(left) < MIN_COLUMN_ROWS or len(right) < MIN_COLUMN_ROWS or crossing > len(right):
        return None
    left_span = right_edge - min(f.x0 for f in left)
    right_span = max(f.x1 for f in right) - right_edge
    # Column text fills its column; table cells (labels beside long text, signature blocks) do not.
    if _median(f.width for f in left) < 0.6 * left_span or _median(f.width for f in right) < 0.6 * right_span:
        return None
    return right_edge


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def reading_order(rows: list[Row], page_width: float) -> list[tuple[Row, bool]]:
    """Visual lines in reading order, each with whether a column switch comes right before it."""
    gutter = find_gutter(rows, page_width) if len(rows) >= MIN_COLUMN_ROWS else None
    if gutter is None:
        return [(row, False) for row in rows]
    ordered: list[tuple[Row, bool]] = []
    left: list[Row] = []
    right: list[Row] = []

    def flush() -> None:
        ordered.extend((row, False) for row in left)
        ordered.extend((row, index == 0 and bool(left)) for index, row in enumerate(right))
        left.clear()
        right.clear()

    for row in rows:
        if any(f.x0 < gutter - 2 < f.x1 for f in row.fragments):  # spans both columns
            flush()
            ordered.append((row, False))
            continue
        left_part = [f for f in row.fragments if f.x1 <= gutter]
        right_part = [f for f in row.fragments if f.x1 > gutter]
        if left_part:
            left.append(make_row(left_part))
        if right_part:
            right.append(make_row(right_part))
    flush()
    return ordered
