"""Structure quality on the hand-checked gold, label-free health checks over the dev set, and parse + structure speed
beside plain PyMuPDF extraction.

Quality (``../shared/corpus/cuad-dev/xref_gold/*.json``): the figures of ``../shared/tools/structure_score.py`` (the
scorer used on contracts kept apart), computed in-process with that scorer's own ``evaluate`` and label rules, per
file, in total (micro-averaged) and by dev halves (``benchmarks/dev_corpus.py``). ``--save FILE`` keeps today's counts;
``--before FILE`` prints them beside today's, half by half, so a rule fitted on one half is seen on the other.
``--ratchet`` raises the floors the corpus test holds (``tests/structure/structure_floors.json``), never lowering one.

Health (no labels needed, all dev contracts): sections found, sections per page, and the share of section
references left dangling (citations of attachments missing from the PDF, statutes and SEC forms left out). A
contract with numbered units and no sections, few sections per page, or many dangling references is nearly always a
missed layout: read the worst ones.

Speed: parse_pdf + analyze over every dev PDF, in pages per second, beside ``page.get_text()`` over the same files
in the same run (median of 3 runs each, wall and CPU time: CPU time is the one to trust on a shared machine);
``analyze`` alone on the parsed documents is timed too.

Run: ``.venv/bin/python benchmarks/structure.py [--corpus DIR] [--runs 3] [--skip-speed] [--skip-health] [-v]
[--ratchet] [--save FILE] [--before FILE]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_corpus import HALF_NAMES, halves  # noqa: E402

from contract_app.model import ContractStructure  # noqa: E402
from contract_app.parsing import parse_pdf  # noqa: E402
from contract_app.parsing.ocr import OCR_SWITCH  # noqa: E402
from contract_app.structure import analyze  # noqa: E402
from contract_app.structure.numbering import ATTACHMENT_WORDS  # noqa: E402
from contract_app.structure.outline import outline_json  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"
FLOORS = REPO / "tests" / "structure" / "structure_floors.json"
KINDS = ("sections", "refs", "defs")
TARGET_F1 = 0.97
TARGET_HALF_F1 = 0.95
TARGET_PAGES_PER_SECOND = 150
FEW_SECTIONS_PER_PAGE = 2.0
WORST_SHOWN = 10

Counts = dict[str, tuple[int, int, int]]  # kind -> (true positives, predicted, gold)


# ----- the shared scorer --------------------------------------------------------------------------------------------
@cache
def shared_scorer(corpus: Path) -> ModuleType:
    """The scorer that measures contracts kept apart, loaded from beside the corpus so both figures agree."""
    path = corpus.parents[1] / "tools" / "structure_score.py"
    spec = importlib.util.spec_from_file_location("structure_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no structure scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_pdf(pdf_dir: Path, name: str) -> Path:
    exact = pdf_dir / name
    if exact.exists():
        return exact
    lowered = name.lower()
    return next(path for path in pdf_dir.iterdir() if path.name.lower() == lowered)


def pdf_names(corpus: Path) -> list[str]:
    return sorted((path.name for path in (corpus / "pdf").iterdir() if path.suffix.lower() == ".pdf"), key=str.casefold)


@dataclass
class GoldResult:
    name: str
    half: str
    gold: dict[str, Any]
    outline: dict[str, Any]
    counts: Counts


def gold_results(corpus: Path) -> list[GoldResult]:
    """Every gold file scored by the shared scorer's ``evaluate`` on our ``outline --json``."""
    scorer = shared_scorer(corpus)
    half_of = {name: half for half, names in halves(pdf_names(corpus)).items() for name in names}
    results = []
    for gold_path in sorted((corpus / "xref_gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        pdf = find_pdf(corpus / "pdf", gold["file"])
        outline = json.loads(json.dumps(outline_json(analyze(parse_pdf(pdf)))))
        counts = {kind: tuple(value) for kind, value in scorer.evaluate(gold, outline).items()}
        results.append(GoldResult(gold["file"], half_of[pdf.name], gold, outline, counts))
    return results


def f1(corpus: Path, counts: tuple[int, int, int]) -> float:
    return shared_scorer(corpus).prf(*counts)[2]


def summed(results: list[GoldResult], kind: str) -> tuple[int, int, int]:
    totals = [result.counts[kind] for result in results]
    return (sum(c[0] for c in totals), sum(c[1] for c in totals), sum(c[2] for c in totals))


def scores_per_file(corpus: Path) -> dict[str, dict[str, float]]:
    """F1 per gold file and kind, exactly as the shared scorer computes it from ``outline --json``."""
    return {
        result.name: {kind: round(f1(corpus, result.counts[kind]), 4) for kind in KINDS}
        for result in gold_results(corpus)
    }


# ----- quality report -----------------------------------------------------------------------------------------------
def _prf_cell(corpus: Path, counts: tuple[int, int, int]) -> str:
    precision, recall, score = shared_scorer(corpus).prf(*counts)
    return f"P {precision:.3f} R {recall:.3f} F1 {score:.3f} ({counts[0]}/{counts[1]}/{counts[2]})"


def print_quality(corpus: Path, results: list[GoldResult], before: dict[str, Counts] | None) -> None:
    print("Quality on xref_gold, by the shared scorer (tp/predicted/gold):")
    for result in results:
        cells = "  ".join(f"{kind} {f1(corpus, result.counts[kind]):.3f}" for kind in KINDS)
        print(f"  [{result.half}] {result.name[:58]:<58} {cells}")
    print("Total (micro-averaged) and by dev half:")
    groups = {"total": results} | {
        f"half {half}": [result for result in results if result.half == half] for half in HALF_NAMES
    }
    for kind in KINDS:
        for group, members in groups.items():
            counts = summed(members, kind)
            line = f"  {kind:<8} {group:<7} {_prf_cell(corpus, counts)}"
            if before is not None:
                old = [before[result.name][kind] for result in members if result.name in before]
                old_counts = (sum(c[0] for c in old), sum(c[1] for c in old), sum(c[2] for c in old))
                line += f"   before F1 {f1(corpus, old_counts):.3f}"
            target = TARGET_F1 if group == "total" else TARGET_HALF_F1
            print(line + ("" if f1(corpus, counts) >= target else f"   (target {target})"))


def print_differences(corpus: Path, results: list[GoldResult]) -> None:
    """What each file gets wrong, in the scorer's normalised labels."""
    norm = shared_scorer(corpus).norm_label
    for result in results:
        ours = Counter(norm(section["label"]) for section in result.outline["sections"])
        theirs = Counter(norm(section["label"]) for section in result.gold["sections"] if section.get("label"))
        labels = {section["id"]: norm(section["label"]) for section in result.outline["sections"]}
        our_refs = Counter(
            (ref["page"], labels[ref["target"]])
            for ref in result.outline["cross_references"]
            if ref["target"] and not ref["external"]
        )
        gold_refs = Counter(
            (ref["page"], norm(ref["target"]))
            for ref in result.gold["cross_references"]
            if ref.get("target") and not ref.get("external")
        )
        if ours == theirs and our_refs == gold_refs:
            continue
        print(f"== {result.name[:70]}")
        for kind, mine, gold in (("sections", ours, theirs), ("refs", our_refs, gold_refs)):
            if mine != gold:
                print(f"  {kind}: extra  {sorted((mine - gold).elements(), key=str)}")
                print(f"  {kind}: missed {sorted((gold - mine).elements(), key=str)}")


# ----- floors -------------------------------------------------------------------------------------------------------
def read_floors() -> dict[str, dict[str, float]]:
    return json.loads(FLOORS.read_text()) if FLOORS.exists() else {}


def ratchet(corpus: Path, results: list[GoldResult]) -> None:
    """Raise each file's floor to today's figure; a floor is never lowered."""
    floors = read_floors()
    for result in results:
        current = floors.setdefault(result.name, {})
        for kind in KINDS:
            value = round(f1(corpus, result.counts[kind]), 4)
            if value > current.get(kind, 0.0):
                print(f"  floor raised: {result.name[:50]} {kind} {current.get(kind, 0.0):.4f} -> {value:.4f}")
                current[kind] = value
    FLOORS.write_text(json.dumps(dict(sorted(floors.items())), indent=2) + "\n")


# ----- health checks ------------------------------------------------------------------------------------------------
_ATTACHMENT = re.compile(rf"^(?:{'|'.join(ATTACHMENT_WORDS)})", re.IGNORECASE)
_OUTSIDE_DOCUMENT = re.compile(
    r"^[\s,]*(?:\([^)]{0,20}\)\s*)*(?:of|under|to|in)\s+(?:the\s+)?(?:[\w.&,’'-]+\s+){0,6}?"
    r"(?:Act|Code|U\.\s?S\.\s?C|C\.\s?F\.\s?R|Regulations?|Rules?|Exchange|Commission|Form)\b",
)
_SEC_FORM = re.compile(r"\b(?:Form|Schedule|Rule|Regulation)\s+[\dA-Z-]+[A-Z]\b|^§")


@dataclass
class Health:
    name: str
    half: str
    pages: int
    sections: int
    numbered_lines: int
    references: int
    dangling: list[str]

    @property
    def per_page(self) -> float:
        return self.sections / max(self.pages, 1)

    @property
    def dangling_share(self) -> float:
        return len(self.dangling) / self.references if self.references else 0.0

    @property
    def badness(self) -> float:
        """The dangling share, or how far the contract falls short of the sections per page expected."""
        shortfall = max(0.0, 1.0 - self.per_page / FEW_SECTIONS_PER_PAGE)
        return max(self.dangling_share, shortfall)

    @property
    def flags(self) -> str:
        flags = []
        if self.sections == 0 and self.numbered_lines:
            flags.append("ZERO")
        if self.per_page < FEW_SECTIONS_PER_PAGE:
            flags.append("FEW")
        return ",".join(flags)


def _counts_in_document(structure: ContractStructure, reference_index: int) -> bool:
    """A citation of a unit of this contract: not of an attachment left out, a statute or an SEC form."""
    reference = structure.cross_references[reference_index]
    if reference.external:
        return False
    label = reference.target_label or reference.text
    if reference.dangling and _ATTACHMENT.match(label):
        return False
    after = structure.document.text[reference.span[1] : reference.span[1] + 80]
    return not (_SEC_FORM.search(reference.text) or _OUTSIDE_DOCUMENT.match(after))


_NUMBERED_LINE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Za-z]|(?:Section|SECTION|ARTICLE|Article)\s+\d)")


def health_of(name: str, half: str, structure: ContractStructure) -> Health:
    internal = [
        reference for index, reference in enumerate(structure.cross_references) if _counts_in_document(structure, index)
    ]
    numbered = sum(1 for line in structure.document.lines if _NUMBERED_LINE.match(line.text))
    return Health(
        name,
        half,
        structure.document.page_count,
        len(structure.sections),
        numbered,
        len(internal),
        [reference.text for reference in internal if reference.dangling],
    )


def health(corpus: Path) -> list[Health]:
    """Every dev contract's health, worst first (no sections, then the most dangling or too few per page)."""
    names = pdf_names(corpus)
    half_of = {name: half for half, members in halves(names).items() for name in members}
    found = [health_of(name, half_of[name], analyze(parse_pdf(corpus / "pdf" / name))) for name in names]
    return sorted(found, key=lambda h: (h.sections > 0, -h.badness, h.per_page))


def print_health(rows: list[Health], shown: int | None) -> None:
    zero = sum(1 for row in rows if row.flags.startswith("ZERO"))
    few = sum(1 for row in rows if "FEW" in row.flags)
    print(
        f"Health over {len(rows)} dev contracts (worst first): {zero} with numbered lines but no section, "
        f"{few} under {FEW_SECTIONS_PER_PAGE:g} sections per page"
    )
    header = f"{'half':<4} {'pages':>5} {'sections':>8} {'per page':>8} {'dangling':>9} {'share':>6}  flags"
    print(f"  {header}     contract")
    for row in rows[:shown]:
        dangling = f"{len(row.dangling)}/{row.references}"
        print(
            f"  {row.half:<4} {row.pages:>5} {row.sections:>8} {row.per_page:>8.1f} {dangling:>9} "
            f"{row.dangling_share:>6.2f}  {row.flags:<9} {row.name[:60]}"
        )
    references = sum(row.references for row in rows)
    dangling = sum(len(row.dangling) for row in rows)
    print(f"  all: {dangling}/{references} section references dangling ({dangling / max(references, 1):.3f})")


# ----- speed --------------------------------------------------------------------------------------------------------
def _plain(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def _ours(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        structure = analyze(parse_pdf(path))
        pages += structure.document.page_count
    return pages


@contextmanager
def _ocr(enabled: bool) -> Iterator[None]:
    """Plain ``get_text()`` never OCRs, so the like-for-like comparison reads the text layer only."""
    previous = os.environ.get(OCR_SWITCH)
    os.environ[OCR_SWITCH] = "on" if enabled else "off"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(OCR_SWITCH, None)
        else:
            os.environ[OCR_SWITCH] = previous


def speed(corpus: Path, runs: int) -> None:
    paths = [corpus / "pdf" / name for name in pdf_names(corpus)]
    with _ocr(False):
        parsed = [parse_pdf(path) for path in paths]

    def structure_only(_: list[Path]) -> int:
        return sum(analyze(doc).document.page_count for doc in parsed)

    jobs = {"plain get_text()": _plain, "parse + structure": _ours, "structure only": structure_only}
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    pages = 0
    with _ocr(False):
        for _ in range(runs):
            for name, job in jobs.items():
                wall_started, cpu_started = time.perf_counter(), time.process_time()
                pages = job(paths)
                cpu[name].append(time.process_time() - cpu_started)
                wall[name].append(time.perf_counter() - wall_started)
    print(f"Speed over {len(paths)} PDFs, {pages} pages (median of {runs} runs; text layer, OCR off):")
    print(f"  {'':<20} {'wall s':>7}  {'pages/s':>8}  {'CPU s':>7}  {'pages/s':>8}")
    walls = {name: statistics.median(values) for name, values in wall.items()}
    cpus = {name: statistics.median(values) for name, values in cpu.items()}
    for name in jobs:
        print(
            f"  {name:<20} {walls[name]:7.2f}  {pages / walls[name]:8.1f}  {cpus[name]:7.2f}  {pages / cpus[name]:8.1f}"
        )
    # CPU time is the figure to trust on a shared machine: wall time counts other people's work too
    for clock, medians in (("wall", walls), ("CPU", cpus)):
        ratio = medians["parse + structure"] / medians["plain get_text()"]
        print(
            f"  {clock}: parse + structure takes {ratio:.2f}x the time of plain extraction, "
            f"{pages / medians['parse + structure']:.1f} pages/s (target: >= {TARGET_PAGES_PER_SECOND} pages/s)"
        )
    share = cpus["structure only"] / cpus["parse + structure"]
    print(f"  the structure stage (analyze on parsed documents) is {share:.0%} of parse + structure (CPU)")
    _ocr_cost(paths)


def _ocr_cost(paths: list[Path]) -> None:
    """Scanned pages cost what Tesseract costs; reported apart so it neither hides nor inflates the rest."""
    with _ocr(True):
        started = time.perf_counter()
        docs = [parse_pdf(path) for path in paths]
        seconds = time.perf_counter() - started
    ocr_pages = sum(page.ocr for doc in docs for page in doc.pages)
    total = sum(doc.page_count for doc in docs)
    print(f"  with OCR on: {ocr_pages} scanned pages recognised, parse of all {total} pages {seconds:.2f} s (one run)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-health", action="store_true")
    parser.add_argument("--all-health", action="store_true", help=f"list every contract, not the worst {WORST_SHOWN}")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the differences per file")
    parser.add_argument("--ratchet", action="store_true", help="raise the corpus test's per-file floors to today's")
    parser.add_argument("--save", type=Path, help="write today's per-file counts to this JSON file")
    parser.add_argument("--before", type=Path, help="counts saved earlier (--save), printed beside today's")
    args = parser.parse_args()
    if not (args.corpus / "xref_gold").is_dir():
        print(f"No corpus at {args.corpus}", file=sys.stderr)
        return 1
    results = gold_results(args.corpus)
    if args.verbose:
        print_differences(args.corpus, results)
    before = json.loads(args.before.read_text()) if args.before else None
    print_quality(args.corpus, results, before)
    if args.save:
        args.save.write_text(json.dumps({result.name: result.counts for result in results}, indent=1) + "\n")
    if args.ratchet:
        ratchet(args.corpus, results)
    if not args.skip_health:
        print_health(health(args.corpus), None if args.all_health else WORST_SHOWN)
    if not args.skip_speed:
        speed(args.corpus, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
