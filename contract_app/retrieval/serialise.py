"""Chunk <-> Chroma record. Chroma metadata holds only scalars, so tuples and the linked context travel as JSON."""

from __future__ import annotations

import json
from typing import Any

from contract_app.model import CHUNK_SCHEMA_VERSION, Chunk, CitedSection, LinkedContext, TermMeaning


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    context = [
        {
            "kind": c.kind,
            "label": c.label,
            "text": c.text,
            "section_id": c.section_id,
            "pages": list(c.pages),
            "span": list(c.span),
        }
        for c in chunk.context
    ]
    return {
        "doc_id": chunk.doc_id,
        "index": chunk.index,
        "char_start": chunk.char_span[0],
        "char_end": chunk.char_span[1],
        "pages": json.dumps(list(chunk.pages)),
        "section_ids": json.dumps(list(chunk.section_ids)),
        "section_label": chunk.section_label,
        "heading_path": json.dumps(list(chunk.heading_path)),
        "inner_headings": json.dumps(list(chunk.inner_headings)),
        "context": json.dumps(context),
        "terms": json.dumps([[item.term, item.meaning] for item in chunk.terms]),
        "cited": json.dumps([[item.section_id, item.title] for item in chunk.cited]),
        "schema_version": chunk.schema_version,
    }


def chunk_from_record(chunk_id: str, text: str, metadata: dict[str, Any]) -> Chunk:
    context = tuple(
        LinkedContext(
            kind=c["kind"],
            label=c["label"],
            text=c["text"],
            section_id=c["section_id"],
            pages=tuple(c["pages"]),
            span=(c["span"][0], c["span"][1]),
        )
        for c in json.loads(metadata["context"])
    )
    return Chunk(
        id=chunk_id,
        doc_id=metadata["doc_id"],
        index=int(metadata["index"]),
        text=text,
        char_span=(int(metadata["char_start"]), int(metadata["char_end"])),
        pages=tuple(json.loads(metadata["pages"])),
        section_ids=tuple(json.loads(metadata["section_ids"])),
        section_label=metadata["section_label"],
        heading_path=tuple(json.loads(metadata["heading_path"])),
        inner_headings=tuple(json.loads(metadata.get("inner_headings", "[]"))),
        context=context,
        terms=tuple(TermMeaning(term, meaning) for term, meaning in json.loads(metadata.get("terms", "[]"))),
        cited=tuple(CitedSection(section_id, title) for section_id, title in json.loads(metadata.get("cited", "[]"))),
        schema_version=int(metadata.get("schema_version", CHUNK_SCHEMA_VERSION)),
    )
