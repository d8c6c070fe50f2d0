"""Short words for a chunk's header, read off the section graph: what a defined term means, what a cited section is.

A clause says "the Deliverables" or "subject to Section 12.2"; a lawyer's question says "work product" or "walk away
early". The header puts the words of the definition and the titles of the cited section beside the clause, so a
search can match them (each is indexed as a field of its own and weighted apart).
"""

from __future__ import annotations

import re

from contract_app.chunking.tree import title_of
from contract_app.sentences import split_sentences
from contract_app.structure.graph import PlacedSection

MEANING_WORDS = 14
"""A one-line meaning keeps this many words: the gist of the definition, not the whole sentence."""

LOOK_BACK = 300  # characters read before a parenthetical definition for the name it gives

_QUOTES = "\"“”'‘’"
_MEANS = re.compile(
    r"^[\s\"“”'‘’),]*(?:(?:shall|will|is|are|be)\s+)*"
    r"(?:means?|have the meaning|has the meaning|refers? to|defined as|includes?|include)\b[\s:,\"“”]*",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"[\s(,]*(?:(?:the|this|each|a|an|collectively|individually|together|hereinafter|herein|referred to as|called)"
    r"[\s,]*)*$",
    re.IGNORECASE,
)
_PARTY_BREAK = re.compile(r"\b(?:between|among|and)\s+", re.IGNORECASE)
_POINTER = re.compile(r"(?:assigned|set forth|set out|given|ascribed|specified|provided|defined)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;.](?:\s|$)")


def _words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def one_line_meaning(term: str, text: str, span: tuple[int, int] | None = None, words: int = MEANING_WORDS) -> str:
    """What the defining text ``text[span]`` says ``term`` is, in a few words.

    '"Deliverables" means all reports that Provider prepares ...' gives the words after "means"; 'between Acme
    Corp. ("Provider")' the name before the parenthesis (read back past the span's start when the sentence was cut
    there); text of another shape its opening words.
    """
    start, end = span or (0, len(text))
    quoted = re.compile(f"[{_QUOTES}]{re.escape(term)}[{_QUOTES}]").search(text, start, end)
    if quoted is None:
        return _words(text[start:end], words)
    after = " ".join(text[quoted.end() : end].split())
    means = _MEANS.match(after)
    if means:
        rest = after[means.end() :]
        clause_end = _CLAUSE_END.search(rest)
        return _words(rest[: clause_end.start()] if clause_end else rest, words)
    window = (max(quoted.start() - LOOK_BACK, 0), quoted.start())
    opening = (split_sentences(text, window) or [window])[-1][0]  # the sentence the parenthesis stands in
    before = _LEAD_IN.sub("", " ".join(text[opening : quoted.start()].split()))
    if not before:
        return _words(after.lstrip(" ,)" + _QUOTES), words)
    named = _PARTY_BREAK.split(" ".join(before.split()[-3 * words :]))[-1]
    return _words(named.strip(" ,"), words) or _words(before, words)


def is_pointer(meaning: str) -> bool:
    """Whether a meaning only points elsewhere ("assigned in the preamble", "set forth in Section 7")."""
    return bool(_POINTER.match(meaning))


def section_title(node: PlacedSection, text: str, words: int = MEANING_WORDS) -> str:
    """The titles along a section's heading path ("TERMINATION > Termination for Convenience"); a section
    without any titled ancestor is named by its opening words instead."""
    titles = [title for item in node.path if (title := title_of(item))]
    if titles:
        return " > ".join(titles)
    start, end = node.span
    return _words(text[start:end], words)
