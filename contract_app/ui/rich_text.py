"""Contract text in rich displays: always escaped, never read as Markdown or HTML.

SEC filings print redacted terms as ``[***]``; read as Markdown that became ``[]`` and italic text. So the rich
display is built here from escaped pieces, and only the answer's own marks (``contract_app.answer_text``) become
markup: bold for the answering sentences, links for the ``[n]`` citation markers.
"""

from __future__ import annotations

from html import escape

from contract_app.answer_text import CITATION_MARKER, marked_runs


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
