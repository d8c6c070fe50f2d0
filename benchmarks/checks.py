"""Drafting checks (``contract-app check``) measured on the dev set, beside the outline's own dangling flags.

Dangling references and missing attachments, against the hand-checked gold
(``../shared/corpus/cuad-dev/xref_gold``): every gold citation whose target is null and not external is a citation
of a unit that is not in the PDF. A finding of either kind matches one of them when its label is one the gold text
cites (read with the shared scorer's label rules, so ``Part 4 of Exhibit A`` is ``Exhibit A Part 4``) and its page
is within one of the gold's; each gold citation is matched once. Precision and recall by dev half
(``benchmarks/dev_corpus.py``) and in total, beside the baseline scored the same way in the same run: every
citation the structure stage marks dangling (what ``outline`` reports).

Undefined, unused and twice-defined terms, and numbering, have no gold: ``benchmarks/checks_judgements.json``
holds hand judgements of every finding on a set of dev contracts of different kinds (a verdict and a few words per
finding, no contract text). The benchmark runs the checks on those contracts again, prints precision per kind from
the judgements, lists the wrong ones, and lists any finding not judged yet (a parser change that adds findings
shows up there, to be judged before the figure is quoted). Ten of those contracts were judged only after the rules
were settled on the others (``held_out``): their figure is printed apart. The dangling-reference and
missing-attachment findings of all dev contracts are judged there too (``citations``), as the gold covers ten.
``--list KIND`` prints every finding of a kind over the whole dev set, with a little context, for judging.

Speed: ``check_contract`` (the section graph's build included) beside what ``outline`` costs on the same contract
(parse + analyze), in one run: medians per contract by dev half and in total, and the median ratio.

Run: ``.venv/bin/python benchmarks/checks.py [--corpus DIR] [-v] [--list KIND] [--skip-speed | --speed-only]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_corpus import CORPUS, HALF_NAMES, halves  # noqa: E402
from structure import find_pdf, pdf_names, shared_scorer  # noqa: E402

from contract_app.checks import check_contract  # noqa: E402
from contract_app.model import ContractStructure, Finding  # noqa: E402
from contract_app.parsing import parse_pdf  # noqa: E402
from contract_app.structure import analyze  # noqa: E402

JUDGEMENTS = REPO / "benchmarks" / "checks_judgements.json"
CITATION_KINDS = ("dangling_reference", "missing_attachment")
JUDGED_KINDS = ("undefined_term", "unused_definition", "duplicate_definition", "numbering_gap", "duplicate_number")
TARGET = 0.90
TARGET_TERMS = 0.85
_LIST_SEPARATORS = re.compile(r",|\band\b|\bor\b|\bthrough\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cited:
    """A citation of a missing unit, found or expected: the labels it may carry and its page."""

    page: int
    labels: frozenset[str]
    text: str


def analysed(corpus: Path, name: str) -> ContractStructure:
    return analyze(parse_pdf(find_pdf(corpus / "pdf", name)))


# ----- dangling references and missing attachments against the gold --------------------------------------------
def gold_citations(scorer: ModuleType, gold: dict) -> list[Cited]:
    """The gold's citations of units not in the PDF, each with every label its words cite."""
    found = []
    for reference in gold["cross_references"]:
        if reference.get("target") is None and not reference.get("external"):
            text = re.sub(r"^this\s+", "", reference["text"].strip(), flags=re.IGNORECASE)
            parts = [text, *_LIST_SEPARATORS.split(text)]
            labels = frozenset(label for part in parts if (label := scorer.norm_label(part.strip())))
            found.append(Cited(reference["page"], labels, reference["text"]))
    return found


def predicted_from_findings(scorer: ModuleType, findings: tuple[Finding, ...]) -> list[Cited]:
    return [
        Cited(finding.page, frozenset({scorer.norm_label(finding.label)}), finding.label or "")
        for finding in findings
        if finding.kind in CITATION_KINDS
    ]


def predicted_from_outline(scorer: ModuleType, structure: ContractStructure) -> list[Cited]:
    """The baseline: every citation the structure stage marks dangling."""
    return [
        Cited(reference.page, frozenset({scorer.norm_label(reference.target_label or reference.text)}), reference.text)
        for reference in structure.cross_references
        if reference.dangling
    ]


def matched(gold: list[Cited], predicted: list[Cited]) -> tuple[int, list[Cited], list[Cited]]:
    """True positives, and the gold and predicted citations left unmatched (one-to-one, page within one)."""
    unused = list(predicted)
    missed = []
    hits = 0
    for expected in gold:
        match = next(
            (item for item in unused if item.labels & expected.labels and abs(item.page - expected.page) <= 1), None
        )
        if match is None:
            missed.append(expected)
        else:
            hits += 1
            unused.remove(match)
    return hits, missed, unused


def prf(hits: int, predicted: int, gold: int) -> tuple[float, float]:
    return (hits / predicted if predicted else 1.0), (hits / gold if gold else 1.0)


def citation_quality(corpus: Path, verbose: bool) -> None:
    scorer = shared_scorer(corpus)
    half_of = {name: half for half, names in halves(pdf_names(corpus)).items() for name in names}
    totals: dict[tuple[str, str], list[int]] = {}
    for path in sorted((corpus / "xref_gold").glob("*.json")):
        gold = json.loads(path.read_text())
        structure = analysed(corpus, gold["file"])
        expected = gold_citations(scorer, gold)
        half = half_of.get(gold["file"]) or half_of[find_pdf(corpus / "pdf", gold["file"]).name]
        for system, predicted in (
            ("checks", predicted_from_findings(scorer, check_contract(structure))),
            ("outline", predicted_from_outline(scorer, structure)),
        ):
            hits, missed, extra = matched(expected, predicted)
            for key in ((system, half), (system, "all")):
                counts = totals.setdefault(key, [0, 0, 0])
                counts[0] += hits
                counts[1] += len(predicted)
                counts[2] += len(expected)
            if verbose and system == "checks" and (missed or extra):
                print(gold["file"][:70])
                for item in missed:
                    print(f"   missed      p{item.page} {item.text}")
                for item in extra:
                    print(f"   false alarm p{item.page} {item.text}")
    print("Dangling references and missing attachments on the gold (label and page):")
    columns = f"{'P':>9} {'R':>6} {'(tp/pred/gold)':>15}"
    print(f"  {'':8} {'checks':^32}   {'outline (baseline)':^32}")
    print(f"  {'':8} {columns}   {columns}")
    for half in (*HALF_NAMES, "all"):
        cells = []
        for system in ("checks", "outline"):
            hits, predicted, expected = totals.get((system, half), [0, 0, 0])
            precision, recall = prf(hits, predicted, expected)
            cells.append(f"{precision:9.2f} {recall:6.2f} {f'({hits}/{predicted}/{expected})':>15}")
        label = f"half {half}" if half != "all" else "total"
        print(f"  {label:8} {cells[0]}   {cells[1]}")
    print(f"  target: precision and recall >= {TARGET:.2f} on both halves")


# ----- hand-judged kinds -------------------------------------------------------------------------------------------
def finding_key(finding: Finding) -> str:
    """How a finding is named in the judgements file: kind, term or label, page."""
    return f"{finding.kind}|{finding.term or finding.label}|p{finding.page}"


def judged(
    verdicts: dict[str, str], findings: list[Finding]
) -> tuple[Counter[str], Counter[str], list[str], list[str]]:
    """Right and total per kind, the wrong ones and the ones not judged yet."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: list[str] = []
    unjudged: list[str] = []
    for finding in findings:
        key = finding_key(finding)
        verdict = verdicts.get(key)
        if verdict is None:
            unjudged.append(key)
            continue
        total[finding.kind] += 1
        if verdict.startswith("right"):
            right[finding.kind] += 1
        else:
            wrong.append(f"{key}: {verdict}")
    return right, total, wrong, unjudged


def judged_quality(corpus: Path) -> None:
    judgements = json.loads(JUDGEMENTS.read_text())
    half_of = {name: half for half, names in halves(pdf_names(corpus)).items() for name in names}
    sections = (
        ("contracts", JUDGED_KINDS, TARGET_TERMS, "term and numbering findings on"),
        ("citations", CITATION_KINDS, TARGET, "dangling-reference and missing-attachment findings on all"),
    )
    for section, kinds, target, what in sections:
        contracts = judgements[section]
        right: dict[str, Counter[str]] = {half: Counter() for half in (*HALF_NAMES, "all")}
        total: dict[str, Counter[str]] = {half: Counter() for half in (*HALF_NAMES, "all")}
        notes: list[str] = []
        for name in pdf_names(corpus) if section == "citations" else contracts:
            findings = [finding for finding in check_contract(analysed(corpus, name)) if finding.kind in kinds]
            hits, counts, wrong, unjudged = judged(contracts.get(name, {}), findings)
            for half in (half_of[name], "all"):
                right[half].update(hits)
                total[half].update(counts)
            notes += [f"wrong: {name[:40]}  {line}" for line in wrong]
            notes += [f"NOT JUDGED YET: {name[:40]}  {key}" for key in unjudged]
        print(f"\nHand-judged {what} {len(contracts)} dev contracts (benchmarks/checks_judgements.json):")
        print(f"  {'':22} " + "  ".join(f"{f'half {half}' if half != 'all' else 'total':>16}" for half in right))
        for kind in kinds:
            cells = [
                f"{right[half][kind] / total[half][kind]:5.2f} ({right[half][kind]:>3}/{total[half][kind]:>3})"
                if total[half][kind]
                else f"{'-':>16}"
                for half in right
            ]
            print(f"  {kind:22} " + "  ".join(f"{cell:>16}" for cell in cells))
        if section == "contracts":
            hits, counts = Counter(), Counter()
            for name in judgements["held_out"]:
                found = [finding for finding in check_contract(analysed(corpus, name)) if finding.kind in kinds]
                right_here, total_here, _, _ = judged(contracts[name], found)
                hits.update(right_here)
                counts.update(total_here)
            print(
                f"  of which on the {len(judgements['held_out'])} contracts judged after the rules were settled "
                f"(held out): {sum(hits.values())}/{sum(counts.values())} right"
            )
        print(f"  target: precision >= {target:.2f} per kind")
        for line in notes:
            print(f"  {line}")


def list_findings(corpus: Path, kind: str) -> None:
    for name in pdf_names(corpus):
        structure = analysed(corpus, name)
        for finding in check_contract(structure):
            if finding.kind == kind:
                start, end = finding.span
                context = " ".join(structure.document.text[max(start - 60, 0) : end + 60].split())
                print(f"{name[:50]}  {finding_key(finding)}  | {finding.message} | {context}")


# ----- speed ---------------------------------------------------------------------------------------------------------
def speed(corpus: Path) -> None:
    """Per contract, in one run: what ``contract-app outline`` costs (parse + analyze) beside what the checks add on
    the structure it gives (``check_contract``, the section graph's build included: the checks are its first user).
    Medians per contract, by dev half and in total."""
    timings: dict[str, tuple[float, float, float]] = {}  # name -> (parse, analyze, check)
    for name in pdf_names(corpus):
        started = time.perf_counter()
        document = parse_pdf(find_pdf(corpus / "pdf", name))
        parsed = time.perf_counter()
        structure = analyze(document)
        analysed = time.perf_counter()
        check_contract(structure)
        timings[name] = (parsed - started, analysed - parsed, time.perf_counter() - analysed)
    print("\nSpeed per contract (medians, ms): outline = parse + analyze; checks = check_contract, graph included")
    print(f"  {'set':<7} {'n':>3} {'parse':>7} {'analyze':>8} {'outline':>8} {'checks':>7} {'checks/outline':>15}")
    groups = {**{f"half {half}": names for half, names in halves(timings).items()}, "all": sorted(timings)}
    for label, names in groups.items():
        parse = statistics.median(timings[name][0] for name in names)
        analysis = statistics.median(timings[name][1] for name in names)
        outline = statistics.median(timings[name][0] + timings[name][1] for name in names)
        check = statistics.median(timings[name][2] for name in names)
        ratio = statistics.median(timings[name][2] / (timings[name][0] + timings[name][1]) for name in names)
        print(
            f"  {label:<7} {len(names):>3} {parse * 1000:>7.0f} {analysis * 1000:>8.0f} {outline * 1000:>8.0f}"
            f" {check * 1000:>7.0f} {ratio:>14.1%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the gold's misses and false alarms")
    parser.add_argument("--list", metavar="KIND", help="print every finding of this kind over the dev set")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--speed-only", action="store_true", help="only the time per contract")
    args = parser.parse_args()
    if not (args.corpus / "xref_gold").is_dir():
        print(f"No corpus at {args.corpus}", file=sys.stderr)
        return 1
    if args.list:
        list_findings(args.corpus, args.list)
        return 0
    if args.speed_only:
        speed(args.corpus)
        return 0
    citation_quality(args.corpus, args.verbose)
    judged_quality(args.corpus)
    if not args.skip_speed:
        speed(args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
