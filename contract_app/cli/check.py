"""``contract-app check FILE.pdf [--password P] [--json]``: drafting checks (dangling references, missing
attachments, undefined, unused and twice-defined terms, numbering gaps). Exits 0 whatever it finds."""

from __future__ import annotations

import argparse
import json
import sys

from contract_app.checks import NO_FINDINGS, check_contract, findings_by_kind, findings_json
from contract_app.model import Finding
from contract_app.structure import load_contract


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the contract PDF")
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def render_findings(findings: tuple[Finding, ...]) -> str:
    """Findings under a heading per kind, each with its page and section; a line saying so when there are none."""
    if not findings:
        return NO_FINDINGS
    lines: list[str] = []
    for _kind, title, found in findings_by_kind(findings):
        lines.append(f"{title} ({len(found)})")
        for finding in found:
            lines.append(f"  {finding.place}: {finding.message}")
        lines.append("")
    return "\n".join(lines).rstrip()


def run(args: argparse.Namespace) -> int:
    structure = load_contract(args.file, password=args.password)
    for warning in structure.document.warnings:
        print(f"contract-app: {warning}", file=sys.stderr)
    findings = check_contract(structure)
    if args.json:
        json.dump(findings_json(structure, findings), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(render_findings(findings))
    return 0
