"""How an answer's text marks things, for whoever shows or exports it: ``[n]`` cites ``citations[n - 1]``, and the
offline answerer puts ``**`` around the sentences that answer.

Everything else in an answer is contract text, to be shown as written: SEC filings print redacted terms as
``[***]``. So a ``**`` counts as a mark only where a mark can stand (after a space or the start, before a word;
after a word, before a space or punctuation), and stars that are contract text stay text.
"""

from __future__ import annotations

import re

OPENING_MARK = re.compile(r"(?:^|(?<=[\s(“\"…]))\*\*(?=[^\s*])")
CLOSING_MARK = re.compile(r"(?<=[^\s*])\*\*(?=[\s.,;:!?)”\"…]|$)")
CITATION_MARKER = re.compile(r"\[(\d+)\](?!\()")


def marked_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, marked) runs, the answerer's ``**`` removed and every other character kept."""
    runs: list[tuple[str, bool]] = []
    cursor = 0
    while (opening := OPENING_MARK.search(text, cursor)) and (closing := CLOSING_MARK.search(text, opening.end())):
        runs += [(text[cursor : opening.start()], False), (text[opening.end() : closing.start()], True)]
        cursor = closing.end()
    runs.append((text[cursor:], False))
    return [(piece, marked) for piece, marked in runs if piece]


def without_marks(text: str) -> str:
    """The answer as plain text (``[n]`` markers kept: they name the citations listed with it)."""
    return "".join(piece for piece, _marked in marked_runs(text))
