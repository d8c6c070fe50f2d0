"""Structure quality on the hand-checked gold, and parse + structure speed beside plain PyMuPDF extraction.

Quality (``../shared/corpus/cuad-dev/xref_gold/*.json``), micro-averaged over the files:
  * section labels: the multiset of labels;
  * resolved references: the multiset of (page, target label) over references that resolve inside the document
    (gold ``target`` not null; ours ``target`` set);
  * defined terms: the set of terms per file (compared case-insensitively: small-caps text is extracted in capitals).
Speed: parse_pdf + analyze over every dev PDF, in pages per second, beside ``page.get_text()`` over the same files
in the same run (median of 3 runs each); ``analyze`` alone on the parsed documents is timed too.

Per file, the figures of ``../shared/tools/structure_score.py`` (the scorer used on contracts kept apart) are
computed in-process with that scorer's own ``evaluate``; ``--ratchet`` raises the floors the corpus test holds
(``tests/structure/structure_floors.json``) to today's figures, never lowering one.

Run: ``.venv/bin/python benchmarks/structure.py [--corpus DIR] [--runs 3] [--skip-speed] [--ratchet]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract_app.parsing import parse_pdf  # noqa: E402
from contract_app.parsing.ocr import OCR_SWITCH  # noqa: E402
from contract_app.structure import analyze  # noqa: E402
from contract_app.structure.outline import outline_json  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"
FLOORS = REPO / "tests" / "structure" / "structure_floors.json"
KINDS = ("sections", "refs", "defs")


class Score:
    def __init__(self) -> None:
        self.true_positive = self.predicted = self.gold = 0

    def add(self, predicted: Iterable[object], gold: Iterable[object]) -> tuple[Counter, Counter]:
        ours, theirs = Counter(predicted), Counter(gold)
        self.true_positive += sum((ours & theirs).values())
        self.predicted += sum(ours.values())
        self.gold += sum(theirs.values())
        return ours - theirs, theirs - ours

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<22} P={self.precision:.3f}  R={self.recall:.3f}  F1={self.f1:.3f}  (tp={self.true_positive}, "
            f"predicted={self.predicted}, gold={self.gold})"
        )


def find_pdf(pdf_dir: Path, name: str) -> Path:
    exact = pdf_dir / name
    if exact.exists():
        return exact
    lowered = name.lower()
    return next(path for path in pdf_dir.iterdir() if path.name.lower() == lowered)


def score_gold(corpus: Path, verbose: bool = False) -> dict[str, Score]:
    """Scores of ``analyze`` against every gold file (printing per-file differences when ``verbose``)."""
    scores = {"sections": Score(), "references": Score(), "definitions": Score()}
    for gold_path in sorted((corpus / "xref_gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        pdf = find_pdf(corpus / "pdf", gold["file"])
        result = outline_json(analyze(parse_pdf(pdf)))
        labels = {section["id"]: section["label"] for section in result["sections"]}
        diffs = {
            "sections": scores["sections"].add(
                [section["label"] for section in result["sections"]], [section["label"] for section in gold["sections"]]
            ),
            "references": scores["references"].add(
                [(ref["page"], labels[ref["target"]]) for ref in result["cross_references"] if ref["target"]],
                [(ref["page"], ref["target"]) for ref in gold["cross_references"] if ref["target"]],
            ),
            "definitions": scores["definitions"].add(
                {definition["term"].casefold() for definition in result["definitions"]},
                {definition["term"].casefold() for definition in gold["definitions"]},
            ),
        }
        if verbose:
            print(f"== {gold_path.stem[:70]}")
            for name, (extra, missed) in diffs.items():
                if extra or missed:
                    print(f"  {name}: extra {sorted(extra.elements(), key=str)}")
                    print(f"  {name}: missed {sorted(missed.elements(), key=str)}")
    return scores


def shared_scorer(corpus: Path) -> ModuleType:
    """The scorer that measures contracts kept apart, loaded from beside the corpus so both figures agree."""
    path = corpus.parents[1] / "tools" / "structure_score.py"
    spec = importlib.util.spec_from_file_location("structure_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no structure scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scores_per_file(corpus: Path) -> dict[str, dict[str, float]]:
    """F1 per gold file and kind, exactly as the shared scorer computes it from ``outline --json``."""
    scorer = shared_scorer(corpus)
    figures: dict[str, dict[str, float]] = {}
    for gold_path in sorted((corpus / "xref_gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        outline = outline_json(analyze(parse_pdf(find_pdf(corpus / "pdf", gold["file"]))))
        counts = scorer.evaluate(gold, json.loads(json.dumps(outline)))
        figures[gold["file"]] = {kind: round(scorer.prf(*counts[kind])[2], 4) for kind in KINDS}
    return figures


def read_floors() -> dict[str, dict[str, float]]:
    return json.loads(FLOORS.read_text()) if FLOORS.exists() else {}


def ratchet(corpus: Path) -> None:
    """Raise each file's floor to today's figure; a floor is never lowered."""
    floors = read_floors()
    for name, figures in scores_per_file(corpus).items():
        current = floors.setdefault(name, {})
        for kind, value in figures.items():
            if value > current.get(kind, 0.0):
                print(f"  floor raised: {name[:50]} {kind} {current.get(kind, 0.0):.4f} -> {value:.4f}")
                current[kind] = value
    FLOORS.write_text(json.dumps(dict(sorted(floors.items())), indent=2) + "\n")


def quality(corpus: Path, verbose: bool) -> None:
    scores = score_gold(corpus, verbose)
    print("Quality on xref_gold (micro-averaged):")
    for name, score in scores.items():
        print("  " + score.line(name))


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
    paths = sorted(path for path in (corpus / "pdf").iterdir() if path.suffix.lower() == ".pdf")
    with _ocr(False):
        parsed = [parse_pdf(path) for path in paths]

    def structure_only(_: list[Path]) -> int:
        return sum(analyze(doc).document.page_count for doc in parsed)

    timings: dict[str, list[float]] = {"plain get_text()": [], "parse + structure": [], "structure only": []}
    pages = 0
    with _ocr(False):
        for _ in range(runs):
            for name, job in (
                ("plain get_text()", _plain),
                ("parse + structure", _ours),
                ("structure only", structure_only),
            ):
                started = time.perf_counter()
                pages = job(paths)
                timings[name].append(time.perf_counter() - started)
    print(f"Speed over {len(paths)} PDFs, {pages} pages (median of {runs} runs; text layer, OCR off):")
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, seconds in medians.items():
        print(f"  {name:<20} {seconds:7.2f} s  {pages / seconds:8.1f} pages/s")
    ratio = medians["parse + structure"] / medians["plain get_text()"]
    print(f"  parse + structure takes {ratio:.2f}x the time of plain extraction (target: <= 5x, >= 100 pages/s)")
    share = medians["structure only"] / medians["parse + structure"]
    print(f"  the structure stage (analyze on parsed documents) is {share:.0%} of parse + structure")
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
    parser.add_argument("-v", "--verbose", action="store_true", help="list the differences per file")
    parser.add_argument("--ratchet", action="store_true", help="raise the corpus test's per-file floors to today's")
    args = parser.parse_args()
    if not (args.corpus / "xref_gold").is_dir():
        print(f"No corpus at {args.corpus}", file=sys.stderr)
        return 1
    quality(args.corpus, args.verbose)
    if args.ratchet:
        ratchet(args.corpus)
    if not args.skip_speed:
        speed(args.corpus, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
