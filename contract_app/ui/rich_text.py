"""Contract text in rich displays: always escaped, never read as Markdown or HTML.

SEC filings print redacted terms as ``[***]``; read as Markdown that became ``[]`` and italic text. So the rich
display is built here from escaped pieces, and only two things in an answer are markup: the ``[n]`` citation markers
and the ``**`` around the sentences the offline answerer marked. A ``**`` counts as a mark only where a mark can
stand (after a space or the start, before a word; after a word, before a space or punctuation), so stars that are
contract text stay text.
"""

from __future__ import annotations

import re
from html import escape

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


def plain_html(text: str) -> str:
    """Text shown exactly as written (line breaks kept)."""
    return escape(text).replace("\n", "<br/>")


def _with_citation_links(text: str, citations: int) -> str:
    pieces, cursor = [], 0
    for marker in CITATION_MARKER.finditer(text):
        if 0 < int(marker[1]) <= citations:
            pieces += [plain_html(text[cursor : marker.start()]), f'<a href="cite:{marker[1]}">[{marker[1]}]</a>']
            cursor = marker.end()
    pieces.append(plain_html(text[cursor:]))
    return "".join(pieces)


def answer_html(question: str, text: str, citations: int) -> str:
    """The question, then the answer: its marked sentences in bold, its ``[n]`` markers links to ``cite:n``."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        runs = [
            f"<b>{_with_citation_links(piece, citations)}</b>" if marked else _with_citation_links(piece, citations)
            for piece, marked in marked_runs(paragraph)
        ]
        paragraphs.append(f"<p>{''.join(runs)}</p>")
    return f'<p style="color:#5f6b7a"><b>Q:</b> {plain_html(question)}</p>' + "".join(paragraphs)
