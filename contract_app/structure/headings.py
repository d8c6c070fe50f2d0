"""What a heading looks like: capitals, title case, run-in titles, and where a line sits on its page.

The section builder asks these questions of lines; they know nothing of numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contract_app.model import TextLine

RUN_IN_TITLE = re.compile(r"^(?P<title>[^.;:\n]{2,90}?)(?:\.|\s[-–—]\s)(?=\s|$)")
QUOTE_OPENERS = "\"'“‘(["
MAX_TITLE_WORDS = 12  # longer than this, a line is a sentence rather than a heading
FULL_LINE_SLACK = 0.1  # a line ending within this share of the text width from the right margin fills its line
SHORT_LINE_SHARE = 0.25  # a line ending this share of the width before the margin is short (a heading's own line)
CENTRED_SHARE = 0.2  # a line starting this share of the width in from the left margin is centred (or indented)
MIN_LINES_FOR_MARGIN = 8  # on pages with fewer lines the right margin is not known well enough to judge wrapping
_WORD_GAPS = re.compile(r"[\s/]+")

_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "at",
        "as",
        "from",
        "under",
        "upon",
        "into",
        "its",
        "their",
        "his",
        "her",
        "no",
        "non",
        "not",
        "vs",
        "per",
        "via",
        "against",
        "between",
        "without",
        "within",
    ]
)


@dataclass
class PageBox:
    """The extent of a page's body text: where its lines start and end."""

    left: float
    right: float
    lines: int = 1

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    def reaches_right_margin(self, line: TextLine) -> bool:
        return line.bbox.x1 >= self.right - FULL_LINE_SLACK * self.width

    def fills_line(self, line: TextLine) -> bool:
        """A line set to the right margin on a page with enough lines to know it: text wrapped onto the next."""
        return self.lines >= MIN_LINES_FOR_MARGIN and self.reaches_right_margin(line)

    def is_short(self, line: TextLine) -> bool:
        return line.bbox.x1 < self.right - SHORT_LINE_SHARE * self.width

    def is_centred(self, line: TextLine) -> bool:
        return line.bbox.x0 > self.left + CENTRED_SHARE * (self.right - self.left)


def page_boxes(lines: tuple[TextLine, ...]) -> dict[int, PageBox]:
    pages: dict[int, PageBox] = {}
    for line in lines:
        page = pages.get(line.page)
        if page is None:
            pages[line.page] = PageBox(line.bbox.x0, line.bbox.x1)
        else:
            page.left = min(page.left, line.bbox.x0)
            page.right = max(page.right, line.bbox.x1)
            page.lines += 1
    return pages


def is_caps(text: str) -> bool:
    return len(text) >= 3 and text.isupper()


def is_title_case(text: str, share: float = 0.6) -> bool:
    """Most significant words capitalised, the first one always: "Term and Termination"."""
    words = [word for word in _WORD_GAPS.split(text) if word and word[0].isalpha()]
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper())
    return words[0][0].isupper() and capitalised >= share * len(significant)


def clean_title(text: str) -> str | None:
    title = text.strip().rstrip(".:;,–—- ").strip()
    if title.startswith("[") and title.endswith("]"):
        title = title[1:-1].strip()
    return title or None


def run_in_title(text: str) -> str | None:
    """The title a sentence opens with ("Payment. The Buyer shall ..." gives "Payment"), when title-cased."""
    match = RUN_IN_TITLE.match(text)
    if match and is_title_case(match["title"]) and not match["title"].startswith(tuple(QUOTE_OPENERS)):
        return match["title"]
    return None
