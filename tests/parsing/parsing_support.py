"""Shared helpers for the parsing tests: parse a PDF written by pdfgen and look at its lines."""

from __future__ import annotations

from contract_app.model import ParsedDocument


def line_texts(doc: ParsedDocument) -> list[str]:
    return [line.text for line in doc.lines]


def assert_spans_consistent(doc: ParsedDocument) -> None:
    """Every line's span points at exactly its text, and lines are sorted by span."""
    for line in doc.lines:
        assert doc.text[line.span[0] : line.span[1]] == line.text
    starts = [line.span[0] for line in doc.lines]
    assert starts == sorted(starts)
    for line in doc.lines:
        assert line.span[0] == 0 or doc.text[line.span[0] - 1] == "\n"  # every line starts a text line
