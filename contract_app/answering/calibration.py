"""Calibrating the offline answer's "no clause addresses this" threshold on the CUAD dev set.

For every contract and each of the 41 CUAD categories, ask the category's question (resources/cuad_categories.json),
score the retrieved clauses as the offline answerer does, and compare "answered" (score >= threshold) with whether
the annotators found a clause of that category (master_clauses.csv). Also reports, for answered questions that
have gold clauses, how often the top cited sentence lies inside a gold clause. How many of the answered question's
clauses are shown (RELATIVE_FLOOR, MAX_CLAUSES) is measured by ``benchmarks/answers.py``.

    nice .venv/bin/python -m contract_app.answering.calibration [--corpus DIR] [--store DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from contract_app.answering.extractive import CANDIDATE_HITS, THRESHOLD, clause_score, extractive_answer
from contract_app.answering.scoring import cached_term_stats
from contract_app.resources import CATEGORIES as CATEGORY_FILE
from contract_app.resources import resource_path
from contract_app.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"
CATEGORIES = resource_path(CATEGORY_FILE)


@dataclass(frozen=True)
class Case:
    contract: str
    category: str
    gold: bool
    score: float
    cited_gold: bool  # the answer's first cited sentence overlaps a gold clause
    dense: float = 0.0  # the best retrieval cosine among the hits (0 without an embedding model)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _overlaps_gold(quote: str, gold_clauses: list[str]) -> bool:
    """At least half of the quote's word trigrams occur in one gold clause (the README's matching rule, reversed)."""
    words = _words(quote)
    trigrams = {tuple(words[i : i + 3]) for i in range(len(words) - 2)}
    if not trigrams:
        return False
    for clause in gold_clauses:
        gold = _words(clause)
        gold_trigrams = {tuple(gold[i : i + 3]) for i in range(len(gold) - 2)}
        if len(trigrams & gold_trigrams) >= len(trigrams) / 2:
            return True
    return False


def collect(corpus: Path, store: Path, limit: int | None) -> list[Case]:
    from contract_app.retrieval import Retriever

    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader((corpus / "master_clauses.csv").open(encoding="utf-8")))[:limit]
    questions = {c["category"]: c["question"] for c in json.loads(CATEGORIES.read_text())["categories"]}
    settings = load_settings()
    settings = type(settings)(**{**settings.__dict__, "store_dir": str(store)})
    retriever = Retriever(settings)
    cases: list[Case] = []
    for number, row in enumerate(rows, 1):
        started = time.perf_counter()
        doc_id = retriever.ingest(corpus / "pdf" / row["Filename"]).doc_id
        stats = cached_term_stats(tuple(c.text for c in retriever.chunks(doc_id)))
        for category, question in questions.items():
            gold = ast.literal_eval(row[category] or "[]")
            hits = retriever.search(doc_id, question, top_k=5)
            score = max((clause_score(question, hit, stats) for hit in hits[:CANDIDATE_HITS]), default=0.0)
            answer = extractive_answer(question, hits, stats, threshold=0.0)
            quote = answer.citations[0].quote if answer.citations else None
            cited_gold = quote is not None and _overlaps_gold(quote, gold)
            dense = max((hit.stage_scores.get("dense", 0.0) for hit in hits), default=0.0)
            cases.append(Case(row["Filename"], category, bool(gold), score, cited_gold, dense))
        print(f"[{number}/{len(rows)}] {row['Filename'][:60]} {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return cases


def sweep(cases: list[Case]) -> list[tuple[float, float, float, float, float]]:
    """(threshold, precision, recall, F1, accuracy) of "answered" against "a gold clause exists"."""
    table = []
    for step in range(0, 21):
        threshold = step / 20
        tp = sum(c.gold and c.score >= threshold for c in cases)
        fp = sum(not c.gold and c.score >= threshold for c in cases)
        fn = sum(c.gold and c.score < threshold for c in cases)
        tn = len(cases) - tp - fp - fn
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table.append((threshold, precision, recall, f1, (tp + tn) / len(cases)))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", type=Path, default=None, help="reuse an index folder between runs")
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    parser.add_argument("--dump", type=Path, default=None, help="write every question's score to this JSON file")
    args = parser.parse_args(argv)
    store = args.store or Path(tempfile.mkdtemp(prefix="calibration-"))
    cases = collect(args.corpus, store, args.limit)
    if args.dump:
        args.dump.write_text(json.dumps([c.__dict__ for c in cases]))
    positives = sum(c.gold for c in cases)
    print(f"{len(cases)} questions ({len(set(c.contract for c in cases))} contracts x 41 categories), "
          f"{positives} with a gold clause")  # fmt: skip
    print("threshold  precision  recall  F1     accuracy")
    for threshold, precision, recall, f1, accuracy in sweep(cases):
        mark = "  <- current" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(f"{threshold:9.2f}  {precision:9.3f}  {recall:6.3f}  {f1:.3f}  {accuracy:.3f}{mark}")
    print(f"\nPer category at {THRESHOLD}: answered with gold (recall) | answered without gold (false alarms)")
    for category in dict.fromkeys(c.category for c in cases):
        mine = [c for c in cases if c.category == category]
        gold = [c for c in mine if c.gold]
        absent = [c for c in mine if not c.gold]
        hit = sum(c.score >= THRESHOLD for c in gold)
        alarm = sum(c.score >= THRESHOLD for c in absent)
        print(f"  {category:36} {hit:3}/{len(gold):<3} | {alarm:3}/{len(absent):<3}")
    answered = [c for c in cases if c.gold and c.score >= THRESHOLD]
    if answered:
        share = sum(c.cited_gold for c in answered) / len(answered)
        print(f"At {THRESHOLD}: the first citation is in a gold clause for {share:.1%} of {len(answered)} answered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
