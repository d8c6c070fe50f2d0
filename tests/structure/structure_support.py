"""Build a small contract PDF from markup and run the real pipeline (parse + structure) over it."""

from __future__ import annotations

from pathlib import Path

from pdfgen import write_markup_pdf

from contract_app.model import ContractStructure, Section
from contract_app.structure import load_contract


def analyse_markup(tmp_path: Path, markup: str, name: str = "contract.pdf", **options: object) -> ContractStructure:
    path = write_markup_pdf(tmp_path / name, markup, **options)
    return load_contract(path)


def tree(structure: ContractStructure) -> list[tuple[str, str | None, int]]:
    """(label, parent label, level) for every section, in document order."""
    labels = {section.id: section.label for section in structure.sections}
    return [(section.label, labels.get(section.parent), section.level) for section in structure.sections]


def by_label(structure: ContractStructure, label: str) -> Section:
    return next(section for section in structure.sections if section.label == label)


def references(structure: ContractStructure) -> list[tuple[str | None, str, str | None, bool, bool]]:
    """(source label, text, target label, external, dangling) for every cross-reference."""
    labels = {section.id: section.label for section in structure.sections}
    return [
        (labels.get(ref.source), ref.text, labels.get(ref.target) if ref.target else None, ref.external, ref.dangling)
        for ref in structure.cross_references
    ]
