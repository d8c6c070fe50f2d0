"""Split contract text into sentence spans: the unit a clause is found, scored and cited at.

CUAD marks clauses at about sentence level, and a lawyer wants the sentence, not the whole section. Contract text
has traps for naive splitting (``Inc.``, ``U.S.``, ``Section 4.2.``, headings without a full stop, endless
run-ons), so boundaries come from punctuation, numbered paragraph starts and short heading-like lines.
"""

from __future__ import annotations

import re
from itertools import pairwise

from contract_app.model import Span

MAX_SENTENCE = 1200  # longer run-ons are cut at semicolons or colons so one clause does not swallow a page

_ABBREVIATIONS = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "n.a",
        "l.p",
        "l.l.c",
        "llc",
        "plc",
        "s.a",
        "b.v",
        "n.v",
        "sec",
        "art",
        "para",
        "approx",
        "dept",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "cf",
        "viz",
        "ex",
        "exh",
        "sch",
    ]
)
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“(\[]?[A-Z0-9])")
_PARAGRAPH_START = re.compile(
    r"\n(?=[^\S\n]*(?:\d{1,2}(?:\.\d{1,2})*\.?[^\S\n]|\([a-zA-Z0-9]{1,4}\)[^\S\n]|[a-zA-Z]\.[^\S\n]|"
    r"(?:ARTICLE|Article|SECTION|Section|EXHIBIT|Exhibit|SCHEDULE|Schedule|WHEREAS|NOW,? THEREFORE|WITNESSETH|"
    r"IN WITNESS WHEREOF)\b))"
)
_RULE_LINE = re.compile(r"(?m)^[^\S\n]*[-_=*~.\u2013\u2014][-_=*~.\u2013\u2014\s]{2,}$")
_COLON_BREAK = re.compile(r":[^\S\n]*\n(?=[^\S\n]*[A-Z(])")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"])
_SOFT_BREAK = re.compile(r"[;:](?=\s)")


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '("“':
        start -= 1
    word = text[start:dot].lower().rstrip(".")
    at_line_start = start == 0 or text[start - 1] == "\n"  # "2. Term": a paragraph label, not a sentence end
    return len(word) <= 1 or word in _ABBREVIATIONS or (at_line_start and bool(re.fullmatch(r"\d+(\.\d+)*", word)))


def _title_like(line: str) -> bool:
    """Every word capitalised (or a small word): how headings are set."""
    words = [word for word in line.split() if word[:1].isalpha()]
    return bool(words) and all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _heading_breaks(text: str, start: int, end: int) -> list[int]:
    """Line ends after short lines without closing punctuation that are followed by a capitalised line."""
    breaks = []
    line_start = start
    while True:
        newline = text.find("\n", line_start, end)
        if newline < 0:
            return breaks
        line = text[line_start:newline].strip()
        following = text[newline + 1 : newline + 3].lstrip()
        next_line = text[newline + 1 : text.find("\n", newline + 1, end) if "\n" in text[newline + 1 : end] else end]
        caps_paragraph = line.isupper() and next_line.strip()[:20].isupper()  # an all-caps clause running on
        if (
            line
            and len(line) < 70
            and line[-1] not in ",;:-("
            and following[:1].isupper()
            and _title_like(line)
            and not caps_paragraph
        ):
            breaks.append(newline)
        line_start = newline + 1


def _boundaries(text: str, start: int, end: int) -> list[int]:
    cuts = {start, end}
    for match in _END.finditer(text, start, end):
        if match.group(0)[0] != "." or not _is_abbreviation(text, match.start()):
            cuts.add(match.end())
    cuts.update(m.start() for m in _PARAGRAPH_START.finditer(text, start, end))
    cuts.update(m.start() for m in _BLANK_LINE.finditer(text, start, end))
    cuts.update(m.end() for m in _COLON_BREAK.finditer(text, start, end))
    for rule in _RULE_LINE.finditer(text, start, end):
        cuts.update((rule.start(), rule.end()))
    cuts.update(_heading_breaks(text, start, end))
    return sorted(cuts)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _cut_long(text: str, span: Span) -> list[Span]:
    start, end = span
    if end - start <= MAX_SENTENCE:
        return [span]
    pieces: list[Span] = []
    piece_start = start
    for match in _SOFT_BREAK.finditer(text, start, end):
        if match.end() - piece_start >= MAX_SENTENCE // 2:
            pieces.append((piece_start, match.end()))
            piece_start = match.end()
    pieces.append((piece_start, end))
    spans = [trimmed for s, e in pieces if (trimmed := _trim(text, s, e))]
    return [hard for s in spans for hard in _hard_cut(s)]


def _hard_cut(span: Span) -> list[Span]:
    start, end = span
    return [(i, min(i + MAX_SENTENCE, end)) for i in range(start, end, MAX_SENTENCE)]


_LABEL = re.compile(r"^(?:(?:Section|SECTION|Article|ARTICLE)\s+)?(?:\d+(?:\.\d+)*\.?|\(?[a-zA-Z0-9]{1,4}\))\s+")


def _is_run_in_heading(sentence: str) -> bool:
    """ "12.3 Governing Law." : a numbered caption that belongs with the sentence after it."""
    label = _LABEL.match(sentence)
    caption = sentence[label.end() :] if label else ""
    return bool(caption) and len(caption) <= 50 and len(caption.split()) <= 6 and _title_like(caption.rstrip(".:"))


def _attach_headings(text: str, sentences: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sentences:
        if merged:
            previous = merged[-1]
            candidate = text[span[0] : span[1]]
            if (
                _is_run_in_heading(text[previous[0] : previous[1]])
                and not _LABEL.match(candidate)
                and span[1] - previous[0] <= MAX_SENTENCE
            ):
                merged[-1] = (previous[0], span[1])
                continue
        merged.append(span)
    return merged


def split_sentences(text: str, span: Span | None = None) -> list[Span]:
    """Sentence spans inside ``span`` (default: all of ``text``), trimmed, in order.

    A numbered caption ("12.3 Governing Law.") is kept with the sentence it introduces, so a cited clause reads
    whole and its heading words count towards finding it.
    """
    start, end = span or (0, len(text))
    cuts = _boundaries(text, start, end)
    sentences: list[Span] = []
    for left, right in pairwise(cuts):
        trimmed = _trim(text, left, right)
        if trimmed and sum(ch.isalnum() for ch in text[trimmed[0] : trimmed[1]]) >= 2:
            sentences.extend(_cut_long(text, trimmed))
    return _attach_headings(text, sentences)
