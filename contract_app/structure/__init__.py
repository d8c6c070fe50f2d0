"""Structure of a contract: its section tree, defined terms and their uses, and resolved cross-references."""

from __future__ import annotations

from pathlib import Path

from contract_app.model import ContractStructure, ParsedDocument
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.structure.contents import toc_lines, toc_spans
from contract_app.structure.definitions import find_definitions, first_and_later
from contract_app.structure.enumerations import add_cited_enumerations
from contract_app.structure.locate import SectionIndex
from contract_app.structure.references import read_references, reread_references
from contract_app.structure.sections import build_sections
from contract_app.structure.uses import find_uses


def analyze(doc: ParsedDocument) -> ContractStructure:
    """Sections first (everything else is located in them), then references, definitions (whose pointers follow
    the references) and term uses. Inline clauses the references cite become sections, and the citations of
    them are read again."""
    toc = toc_lines(doc.lines)
    skipped = toc_spans(doc, toc)
    sections = build_sections(doc, toc)
    index = SectionIndex(sections, doc)
    reading = read_references(doc, index, skipped)
    references = reading.references
    citations = [reference.span for reference in references]
    enumerated = add_cited_enumerations(doc, sections, list(reading.cited_clauses), citations)
    if enumerated.renamed:
        sections = enumerated.sections
        index = SectionIndex(sections, doc)
        references = reread_references(doc, index, reading, enumerated.renamed)
    definitions, redefinitions = first_and_later(find_definitions(doc, index, references))
    uses = find_uses(doc, index, definitions)
    return ContractStructure(
        document=doc,
        sections=sections,
        definitions=definitions,
        uses=uses,
        cross_references=references,
        redefinitions=redefinitions,
    )


def load_contract(
    path: str | Path, password: str | None = None, progress: ProgressCallback = no_progress
) -> ContractStructure:
    """Parse a PDF and analyse its structure (parsing is most of the time, so it gets most of the progress bar)."""
    from contract_app.parsing import parse_pdf

    doc = parse_pdf(path, password=password, progress=scaled(progress, 0.0, 0.9))
    progress(0.9, "Finding sections, definitions and cross-references")
    structure = analyze(doc)
    progress(1.0, "Structure ready")
    return structure


__all__ = ["analyze", "load_contract"]
