"""Amendments: a contract that changes another one cites, by default, the sections of the agreement it amends.

An amendment's own operative paragraphs (``1.``, ``2.`` ...) are its top-level units; the units it sets out as new or
replacement text of the amended agreement sit under them and keep that agreement's numbering. So, as a lawyer reads
an amendment: ``Section 4.2 of the Agreement`` points into the amended agreement (external); a cited number that is
not set out here is also that agreement's (external, not dangling); and text set out as the amended agreement's
speaks that agreement's numbering, so it never cites the amendment's own paragraphs.
"""

from __future__ import annotations

import re

from contract_app.model import Section

_OPENING_CHARS = 1500  # the title and preamble, where a document says what it is
_TITLE_WORDS = 12  # a title line is short
_AMENDMENT_WORD = re.compile(r"\bAMENDMENT\b")
_RESTATEMENT = re.compile(r"\bRESTATE(?:D|MENT)\b")  # an amended and restated agreement replaces the old one whole
_AMENDMENT_TERM = re.compile(r"[“\"](?:[A-Z][a-z]+\s)?Amendment(?:\sNo\.\s?\d+)?[”\"]")
_AMENDED_DOCUMENT_NAMES = frozenset(["agreement", "contract"])  # "of the Agreement" in an amendment


def is_amendment(text: str) -> bool:
    """A title line naming an AMENDMENT (not an amended and restated agreement), or a preamble that defines
    ``this "Amendment"``."""
    opening = text[:_OPENING_CHARS]
    for line in opening.splitlines():
        if _AMENDMENT_WORD.search(line) and len(line.split()) <= _TITLE_WORDS and not _RESTATEMENT.search(line):
            return True
    return bool(_AMENDMENT_TERM.search(opening))


_SET_OUT_OPENS = re.compile(r"(?m)^[ \t]*[“\"]")  # new or replacement text, quoted from a line start
_SET_OUT_CLOSES = re.compile(r"[”\"][ \t]*(?=\n|$)")  # ... to a closing quote that ends a line


def set_out_spans(text: str) -> list[tuple[int, int]]:
    """Where an amendment quotes new or replacement text of the amended agreement, in order."""
    spans: list[tuple[int, int]] = []
    for opening in _SET_OUT_OPENS.finditer(text):
        if spans and opening.start() < spans[-1][1]:
            continue
        closing = _SET_OUT_CLOSES.search(text, opening.end())
        if closing is not None:
            spans.append((opening.start(), closing.end()))
    return spans


def names_amended_agreement(qualifier: str, name: str) -> bool:
    """``of the Agreement`` in an amendment: the agreement it amends, not this document."""
    return qualifier == "the" and name.lower() in _AMENDED_DOCUMENT_NAMES


def is_own_paragraph(section: Section) -> bool:
    """One of the amendment's own operative paragraphs (a top-level unit of the body, not an attachment)."""
    return section.parent is None and section.kind != "exhibit"
