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
_STOP = re.compile(rf"{_END.pattern}|[.!?][\"'”’)\]]*(?=[^\S\n]*(?:\n|$))")  # a full stop, also at a line end
_RULE_LINE = re.compile(r"(?m)^[^\S\n]*[-_=*~.\u2013\u2014][-_=*~.\u2013\u2014\s]{2,}$")
_COLON_BREAK = re.compile(r":[^\S\n]*\n(?=[^\S\n]*[A-Z(])")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"])
_SOFT_BREAK = re.compile(r"[;:](?=\s)")

# Line starts that open a new unit. Preamble keywords always do; a numbered heading ("4.2 Fees") does when a
# capital follows; a keyword heading ("ARTICLE IV", "Section 5. Term") when it stands as a caption. Item labels
# ("(a) ", "(30) ", "b. ", "12 ") only after a sentence end or as the next item of a list, since mid-sentence a
# line can start "(30) days" or "Section 4.2 of this Agreement".
_PREAMBLE = re.compile(r"(?:WHEREAS|NOW,? THEREFORE|WITNESSETH|IN WITNESS WHEREOF)\b")
_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:(?:\.\d{1,2})+\.?|\.)[^\S\n]+[\"“(\[]?[A-Z]")
_KEYWORD_HEADING = re.compile(
    r"(?:ARTICLE|Article|SECTION|Section|EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)"
    r"[^\S\n]+[A-Z0-9][A-Z0-9.\-]*(?:[^\S\n]*$|[^\S\n]*[.:\-\u2013\u2014][^\S\n]|[^\S\n]+(?=[A-Z]{2}))",
    re.MULTILINE,
)
_KEYWORD = re.compile(r"(?:ARTICLE|Article|SECTION|Section|EXHIBIT|Exhibit|SCHEDULE|Schedule)\b")
_ITEM_LABEL = re.compile(r"\(([a-zA-Z]{1,4}|\d{1,3})\)[^\S\n]|([a-zA-Z]|\d{1,2})\.[^\S\n]|(\d{1,2})[^\S\n]")
_LABEL_THEN_WORD = re.compile(r"\([a-zA-Z]{1,4}\)[^\S\n]+[A-Z][a-z]")  # "(a) This", not "(30) days"
_SENTENCE_END_LINE = re.compile(r"[.;:!?][\"'”’)\]]*[^\S\n]*$")
_LIST_CONNECTIVE = re.compile(r"[;,][^\S\n]*(?:and|or|and/or)[^\S\n]*$")
_INNER_END = re.compile(r"[.!?][\"'”’)\]]*[^\S\n]+")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman_value(label: str) -> int | None:
    if not label or any(ch not in _ROMAN for ch in label.lower()):
        return None
    values = [_ROMAN[ch] for ch in label.lower()]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _follows(previous: str | None, label: str) -> bool:
    """``label`` is the next item after ``previous``: (a) then (b), (iv) then (v), 2 then 3."""
    if previous is None:
        return False
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    if len(previous) == 1 and len(label) == 1 and previous.isalpha() and label.isalpha():
        return ord(label) == ord(previous) + 1
    before, after = _roman_value(previous), _roman_value(label)
    return before is not None and after is not None and after == before + 1


def _item_label(line: str) -> str | None:
    match = _ITEM_LABEL.match(line)
    return next(group for group in match.groups() if group) if match else None


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END_LINE.search(line) or _LIST_CONNECTIVE.search(line))


def _starts_unit(line: str, previous_line: str, previous_label: str | None) -> bool:
    """Whether ``line`` (stripped) opens a new sentence although ``previous_line`` did not end with a full stop."""
    if _PREAMBLE.match(line) or _NUMBERED_HEADING.match(line) or _KEYWORD_HEADING.match(line):
        return True
    after_end = _ends_sentence(previous_line)
    if _KEYWORD.match(line):
        return after_end
    label = _item_label(line)
    return label is not None and (after_end or _follows(previous_label, label) or bool(_LABEL_THEN_WORD.match(line)))


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '("“':
        start -= 1
    word = text[start:dot].lower().rstrip(".")
    at_line_start = start == 0 or text[start - 1] == "\n"  # "2. Term": a paragraph label, not a sentence end
    initial = len(word) == 1 and word.isalpha()  # "J. Smith"; a lone digit ("Section 3.") does end a sentence
    return not word or initial or word in _ABBREVIATIONS or (at_line_start and bool(re.fullmatch(r"\d+(\.\d+)*", word)))


def _title_like(line: str) -> bool:
    """Every word capitalised (or a small word): how headings are set."""
    words = [word for word in line.split() if word[:1].isalpha()]
    return bool(words) and all(word[0].isupper() or word.lower() in _SMALL_WORDS for word in words)


def _opens_sentence(line: str) -> bool:
    """A line that reads as a new sentence after an all-caps line, not as more of an all-caps clause."""
    if _PREAMBLE.match(line) or _NUMBERED_HEADING.match(line) or _KEYWORD_HEADING.match(line):
        return True
    capitalised = line[:1].isupper() or line[:1] in '"“(['
    return capitalised and not " ".join(line.split()[:2]).isupper()


def _is_heading(line: str, next_line: str) -> bool:
    """A short caption without closing punctuation, followed by the line that starts the text under it."""
    tail = _INNER_END.split(line)[-1]
    if tail != line and tail.isupper():  # "8.1 Limitation of Liability. IN NO EVENT ...": judge what runs on
        line = tail
    if not line or len(line) >= 70 or line[-1] in ",;:-(" or not _title_like(line):
        return False
    if line.isupper():  # an all-caps caption, or one line of an all-caps clause running on
        return _opens_sentence(next_line)
    return next_line[:1].isupper()


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Cuts at line breaks: before lines that open a new unit, and after heading lines."""
    lines = []  # (offset of the newline before the line, stripped line)
    line_start = start
    while line_start <= end:
        newline = text.find("\n", line_start, end)
        stop = end if newline < 0 else newline
        lines.append((line_start - 1, text[line_start:stop].strip()))
        if newline < 0:
            break
        line_start = newline + 1
    cuts = []
    previous_label = _item_label(lines[0][1])
    for (_, previous), (newline, line) in pairwise(lines):
        if not line or not previous:
            continue
        if _starts_unit(line, previous, previous_label) or _is_heading(previous, line):
            cuts.append(newline)
        previous_label = _item_label(line) or previous_label
    return cuts


def _boundaries(text: str, start: int, end: int) -> list[int]:
    cuts = {start, end}
    for match in _END.finditer(text, start, end):
        if match.group(0)[0] != "." or not _is_abbreviation(text, match.start()):
            cuts.add(match.end())
    cuts.update(m.start() for m in _BLANK_LINE.finditer(text, start, end))
    cuts.update(m.end() for m in _COLON_BREAK.finditer(text, start, end))
    for rule in _RULE_LINE.finditer(text, start, end):
        cuts.update((rule.start(), rule.end()))
    cuts.update(_line_breaks(text, start, end))
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


def sentence_end(text: str, position: int, limit: int) -> int:
    """Where the grammatical sentence holding ``position`` ends (before ``limit``): at its full stop (not an
    abbreviation's) or a blank line, however long it runs and whatever semicolons and line starts it holds."""
    for match in _STOP.finditer(text, position, limit):
        if match.group(0)[0] != "." or not _is_abbreviation(text, match.start()):
            blank = _BLANK_LINE.search(text, position, match.end())
            return blank.start() if blank else match.end()
    blank = _BLANK_LINE.search(text, position, limit)
    return blank.start() if blank else limit


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
