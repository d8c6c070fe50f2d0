"""``contract-app outline FILE.pdf [--password P] [--json]``: the section tree, dangling references, definitions."""

from __future__ import annotations

import argparse
import json
import sys

from contract_app.model import ContractStructure
from contract_app.structure import load_contract
from contract_app.structure.outline import outline_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the contract PDF")
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("--json", action="store_true", help="print the outline as JSON")


def render_tree(structure: ContractStructure) -> str:
    """Indented labels, titles and pages; then dangling and external references; then a count of definitions."""
    lines = []
    for section in structure.sections:
        pages = f"p. {section.page}" if section.end_page == section.page else f"pp. {section.page}-{section.end_page}"
        title = f"  {section.title}" if section.title and section.title != section.label else ""
        lines.append(f"{'  ' * (section.level - 1)}{section.label}{title}  ({pages})")
    if not structure.sections:
        lines.append("No numbered sections found.")
    labels = {section.id: section.label for section in structure.sections}
    dangling = [reference for reference in structure.cross_references if reference.dangling]
    external = sum(1 for reference in structure.cross_references if reference.external)
    resolved = sum(1 for reference in structure.cross_references if reference.target)
    lines.append("")
    lines.append(f"Cross-references: {resolved} resolved, {external} external, {len(dangling)} dangling.")
    for reference in dangling:
        where = labels.get(reference.source, "preamble") if reference.source else "outside any section"
        lines.append(
            f'  dangling: "{reference.text}" in {where} (p. {reference.page}): no {reference.target_label} '
            "in this document"
        )
    lines.append(f"Definitions: {len(structure.definitions)} defined terms, {len(structure.uses)} uses.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    structure = load_contract(args.file, password=args.password)
    for warning in structure.document.warnings:
        print(f"contract-app: {warning}", file=sys.stderr)
    if args.json:
        json.dump(outline_json(structure), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(render_tree(structure))
    return 0
