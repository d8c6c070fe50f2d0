"""The outline of a contract as plain data (``outline --json``) and as an indented tree for people."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from contract_app.model import ContractStructure


def outline_json(structure: ContractStructure) -> dict[str, Any]:
    """The JSON shape documented for ``contract-app outline --json`` (pages 1-based, ids in document order).

    A section's ``text`` is its own text, heading included, up to its first subsection (``span``/``body_end``
    give the offsets; the full text with subsections is ``span``). ``referenced_by`` lists the citations of the
    section: the citing section's id (None outside every section), the words as written, their page and span.
    """
    doc = structure.document
    use_counts = Counter(use.term for use in structure.uses)
    return {
        "file": Path(doc.path).name,
        "pages": doc.page_count,
        "warnings": list(doc.warnings),  # damaged file repaired, OCR used, scans skipped: plain sentences
        "sections": [
            {
                "id": section.id,
                "label": section.label,
                "title": section.title,
                "level": section.level,
                "parent": section.parent,
                "kind": section.kind,
                "page": section.page,
                "end_page": section.end_page,
                "span": list(section.span),
                "text": doc.text[section.span[0] : section.body_end].strip(),
                "referenced_by": [
                    {
                        "source": reference.source,
                        "text": reference.text,
                        "page": reference.page,
                        "span": list(reference.span),
                    }
                    for reference in structure.referenced_by(section.id)
                ],
            }
            for section in structure.sections
        ],
        "cross_references": [
            {
                "source": reference.source,
                "text": reference.text,
                "page": reference.page,
                "target": reference.target,
                "target_label": reference.target_label,
                "external": reference.external,
                "dangling": reference.dangling,
                "span": list(reference.span),
            }
            for reference in structure.cross_references
        ],
        "definitions": [
            {
                "term": definition.term,
                "section": definition.section_id,
                "page": definition.page,
                "style": definition.style,
                "refers_to": definition.refers_to,
                "uses": use_counts[definition.term],
                "text": definition.text,
            }
            for definition in structure.definitions
        ],
    }
