"""Passages of a contract handed to the model as numbered clauses, for per-category answers and the summary alike."""

from __future__ import annotations

from collections.abc import Sequence

from contract_app.answering.prompt import SourceClause
from contract_app.model import Chunk, ParsedDocument
from contract_app.reports.results import ClauseRef


def passage_sources(document: ParsedDocument, refs: Sequence[ClauseRef]) -> list[SourceClause]:
    """Each passage as a chunk of its own (``C1``, ``C2``, ...), so the answering verifier can check citations."""
    sources = []
    for number, ref in enumerate(refs, 1):
        start, end = ref.char_span
        chunk = Chunk(
            id=f"{document.sha256[:16]}:r{start}-{end}",
            doc_id=document.sha256,
            index=number,
            char_span=ref.char_span,
            text=document.text[start:end],
            pages=ref.pages,
            section_ids=(),
            section_label=ref.section,
            heading_path=(),
        )
        sources.append(SourceClause(f"C{number}", chunk, chunk.text))
    return sources
