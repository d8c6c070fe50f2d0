"""Hand-built chunks for retrieval tests that do not need the parser."""

from __future__ import annotations

from contract_app.model import Chunk, LinkedContext

DOC = "d" * 64


def make_chunk(index: int, text: str, doc_id: str = DOC, context: tuple[LinkedContext, ...] = ()) -> Chunk:
    start = index * 1000
    return Chunk(
        id=f"{doc_id[:16]}:{index}",
        doc_id=doc_id,
        index=index,
        text=text,
        char_span=(start, start + len(text)),
        pages=(index + 1,),
        section_ids=(f"s{index + 1}",),
        section_label=f"{index + 1}.1",
        heading_path=(f"Article {index + 1}", f"{index + 1}.1 Heading"),
        context=context,
    )
