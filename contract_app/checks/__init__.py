"""Drafting checks: what the section graph shows is wrong with a contract's drafting.

Citations that point nowhere (``dangling_reference``, ``missing_attachment``), terms used as defined terms but never
defined (``undefined_term``), definitions never used or given twice (``unused_definition``,
``duplicate_definition``), and numbering that skips or repeats (``numbering_gap``, ``duplicate_number``).

Precision comes first: every check keeps quiet where the contract may be right (a heading the parser did not read,
a term defined in the agreement an amendment amends, a proper name), because one false alarm costs the lawyer's
trust in all the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contract_app.checks.numbering import numbering_findings
from contract_app.checks.printed import PrintedText
from contract_app.checks.references import reference_findings
from contract_app.checks.terms import term_findings
from contract_app.model import (
    KIND_TITLES,
    NO_FINDINGS,
    ContractStructure,
    Finding,
    findings_by_kind,
    findings_summary,
)


def check_contract(structure: ContractStructure) -> tuple[Finding, ...]:
    """Every finding, grouped by kind (in ``KIND_TITLES`` order) and in document order within a kind."""
    printed = PrintedText(structure.document)
    findings = [
        *reference_findings(structure, printed),
        *term_findings(structure),
        *numbering_findings(structure, printed),
    ]
    order = {kind: position for position, kind in enumerate(KIND_TITLES)}
    return tuple(sorted(findings, key=lambda finding: (order[finding.kind], finding.span)))


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "label": finding.label,
        "term": finding.term,
        "section": finding.section,
        "page": finding.page,
        "span": list(finding.span),
        "message": finding.message,
    }


def findings_json(structure: ContractStructure, findings: tuple[Finding, ...]) -> dict[str, Any]:
    """The JSON shape of ``contract-app check --json``."""
    return {"file": Path(structure.document.path).name, "findings": [finding_json(finding) for finding in findings]}


__all__ = [
    "KIND_TITLES",
    "NO_FINDINGS",
    "check_contract",
    "finding_json",
    "findings_by_kind",
    "findings_json",
    "findings_summary",
]
