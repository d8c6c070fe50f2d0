"""What the offline answer SHOWS, on the CUAD dev set: precision and recall of the shown clauses, and how many.

For every contract and each CUAD category with gold clauses (master_clauses.csv), ask the category's question
(resources/cuad_categories.json) and select the clauses the offline answer would show. A shown clause is right when
its bold text (the sentences the answer claims answer the question) overlaps, in the document's characters, a gold
clause located in the document text by the corpus README's rule (half of its word trigrams, here in one window).

- precision: share of shown clauses that are right;
- recall: share of questions with gold whose shown clauses include at least one right one;
- shown: mean clauses shown per question with gold (and, beside it, per question without gold: pure noise).

Retrieval runs once; every RELATIVE_FLOOR x MAX_CLAUSES setting is applied to the same ranked candidates, for all
contracts and for each half (first / last 30 in master_clauses.csv order). THRESHOLD (the "no clause" decision) is
the shipped one; ``contract_app/answering/calibration.py`` measures it.

    nice .venv/bin/python benchmarks/answers.py --grid [--store DIR] [--limit N] [--dump FILE]

What the answer SAYS (the default): for every contract, category and question set (the category questions of
resources/cuad_categories.json, and benchmarks/lawyer_questions.json in a lawyer's own words), the offline answer as
``ask`` gives it, beside the retrieval-only answer it gave before (``extractive_answer`` on the same hits, in the same
run). Per half (``dev_corpus.halves``) and question set:

- first right: the first cited clause overlaps a gold clause located in the PDF text (questions with such a clause);
- any right: some cited clause does;
- not addressed: the answer is "No clause in this contract appears to address this." (questions whose category the
  contract lacks: it should be; and, beside it, on questions with gold: it should not be).

    nice .venv/bin/python benchmarks/answers.py --store DIR [--limit N]
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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
LAWYER_QUESTIONS = REPO / "benchmarks" / "lawyer_questions.json"

from dev_corpus import HALF_NAMES, halves  # noqa: E402

from contract_app.answering.calibration import CATEGORIES, DEFAULT_CORPUS  # noqa: E402
from contract_app.answering.extractive import (  # noqa: E402
    MAX_CLAUSES,
    NO_CLAUSE,
    RELATIVE_FLOOR,
    Match,
    candidates,
    extractive_answer,
    marked_bounds,
    select,
)
from contract_app.answering.locate import Locator  # noqa: E402
from contract_app.answering.pipeline import offline_answer  # noqa: E402
from contract_app.answering.result import Answer  # noqa: E402
from contract_app.answering.scoring import cached_term_stats  # noqa: E402
from contract_app.model import Hit, Span  # noqa: E402

FLOORS = (0.75, 0.8, 0.85, 0.9, 0.95)
LIMITS = (1, 2, 3)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Shown:
    """One candidate clause as the selection sees it: its score and whether its bold text is in a gold clause."""

    score: float
    right: bool
    coverage: float = 0.0  # the best sentence's term coverage (the lexical part of the score)
    dense: float = 0.0  # the retriever's cosine similarity (the semantic part)
    rank: int = 0  # position in the retriever's ranking


@dataclass(frozen=True)
class Question:
    contract: str
    category: str
    gold: bool  # the annotators found a clause (located in the PDF text or not)
    located: bool  # at least one gold clause was found in the PDF text
    ranked: tuple[Shown, ...]  # candidates above THRESHOLD, in retrieval order


def gold_spans(text: str, clauses: Sequence[str]) -> list[Span]:
    """Each gold clause's place in the document: the window holding most of its word trigrams (at least half)."""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.lower())]
    trigrams = [(tokens[i][2], tokens[i + 1][2], tokens[i + 2][2]) for i in range(len(tokens) - 2)]
    spans = []
    for clause in clauses:
        words = _WORD.findall(clause.lower())
        wanted = {tuple(words[i : i + 3]) for i in range(len(words) - 2)}
        if not wanted:
            continue
        marks = [t in wanted for t in trigrams]
        width = len(words) + 10  # a little slack for words the PDF text splits or joins
        count = sum(marks[:width])
        best, best_start = count, 0
        for start in range(1, max(len(marks) - width + 1, 1)):
            count += marks[start + width - 1] - marks[start - 1]
            if count > best:
                best, best_start = count, start
        if best < len(wanted) / 2:
            continue
        inside = [i for i in range(best_start, min(best_start + width, len(marks))) if marks[i]]
        spans.append((tokens[inside[0]][0], tokens[inside[-1] + 2][1]))
    return spans


def _right(match: Match, gold: Sequence[Span]) -> bool:
    offset = match.hit.chunk.char_span[0]
    first, last = marked_bounds(match.sentences)
    start, end = offset + first, offset + last
    return any(start < g_end and g_start < end for g_start, g_end in gold)


def _shown(match: Match, gold: Sequence[Span], hits: Sequence[Hit]) -> Shown:
    coverage = max(s.score for s in match.sentences)
    dense = match.hit.stage_scores.get("dense", 0.0)
    return Shown(match.score, _right(match, gold), coverage, dense, hits.index(match.hit))


def collect(corpus: Path, store: Path, limit: int | None) -> list[Question]:
    from contract_app.retrieval import Retriever
    from contract_app.settings import load_settings

    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader((corpus / "master_clauses.csv").open(encoding="utf-8")))[:limit]
    questions = {c["category"]: c["question"] for c in json.loads(CATEGORIES.read_text())["categories"]}
    retriever = Retriever(replace(load_settings(), store_dir=str(store)))
    for notice in retriever.notices:
        print(f"note: {notice}", file=sys.stderr)
    result: list[Question] = []
    for number, row in enumerate(rows, 1):
        started = time.perf_counter()
        doc_id = retriever.ingest(corpus / "pdf" / row["Filename"]).doc_id
        text = retriever.structure(doc_id).document.text
        stats = cached_term_stats(tuple(c.text for c in retriever.chunks(doc_id)))
        for category, question in questions.items():
            clauses = [g for g in ast.literal_eval(row[category] or "[]") if g.strip()]
            gold = gold_spans(text, clauses)
            hits = retriever.search(doc_id, question, top_k=5)
            ranked = candidates(question, hits, stats)
            shown = tuple(_shown(m, gold, hits) for m in ranked)
            result.append(Question(row["Filename"], category, bool(clauses), bool(gold), shown))
        print(f"[{number}/{len(rows)}] {row['Filename'][:60]} {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return result


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    shown: float  # mean clauses shown per question with gold
    noise: float  # mean clauses shown per question without gold


def measure(questions: Sequence[Question], floor: float, limit: int) -> Figures:
    with_gold = [q for q in questions if q.located]
    without = [q for q in questions if not q.gold]
    shown = {id(q): select(q.ranked, floor, limit) for q in with_gold + without}
    right = sum(s.right for q in with_gold for s in shown[id(q)])
    total = sum(len(shown[id(q)]) for q in with_gold)
    found = sum(any(s.right for s in shown[id(q)]) for q in with_gold)
    return Figures(
        right / total if total else 0.0,
        found / len(with_gold) if with_gold else 0.0,
        total / len(with_gold) if with_gold else 0.0,
        sum(len(shown[id(q)]) for q in without) / len(without) if without else 0.0,
    )


def print_table(questions: Sequence[Question]) -> None:
    contracts = list(dict.fromkeys(q.contract for q in questions))
    half = len(contracts) // 2
    parts = {
        f"all {len(contracts)}": questions,
        f"first {half}": [q for q in questions if q.contract in contracts[:half]],
        f"last {len(contracts) - half}": [q for q in questions if q.contract in contracts[half:]],
    }
    gold = sum(q.gold for q in questions)
    located = sum(q.located for q in questions)
    print(
        f"{len(questions)} questions ({len(contracts)} contracts x 41 categories), {gold} with gold clauses, "
        f"{located} of them located in the PDF text (the rest are left out of precision and recall)"
    )
    header = f"{'floor':>5} {'max':>3} |" + "|".join(f" {name:^28} " for name in parts)
    print(header)
    print(f"{'':9} |" + "|".join(f" {'P':>6} {'R':>6} {'shown':>6} {'noise':>6} " for _ in parts))
    print("-" * len(header))
    for floor in sorted({*FLOORS, RELATIVE_FLOOR}):
        for limit in sorted({*LIMITS, MAX_CLAUSES}):
            cells = "|".join(
                f" {f.precision:6.3f} {f.recall:6.3f} {f.shown:6.2f} {f.noise:6.2f} "
                for f in (measure(part, floor, limit) for part in parts.values())
            )
            mark = "  <- current" if (floor, limit) == (RELATIVE_FLOOR, MAX_CLAUSES) else ""
            print(f"{floor:5.2f} {limit:3d} |{cells}{mark}")
    print("P: shown clauses whose bold text overlaps a gold clause; R: questions with a gold clause among those shown;")
    print("shown: clauses per question with gold; noise: clauses per question without gold")


@dataclass(frozen=True)
class Said:
    """What one answer says about one (contract, category, question set)."""

    contract: str
    category: str
    questions: str  # "category" or "lawyer"
    gold: bool
    located: bool
    first_right: bool
    any_right: bool
    not_addressed: bool


def _said(answer: Answer, gold: Sequence[Span]) -> tuple[bool, bool, bool]:
    rights = [any(c.char_span[0] < end and start < c.char_span[1] for start, end in gold) for c in answer.citations]
    return bool(rights and rights[0]), any(rights), answer.text == NO_CLAUSE


def collect_said(corpus: Path, store: Path, limit: int | None) -> dict[str, list[Said]]:
    """Each question asked as ``ask`` answers it offline ("now"), and as the retrieval-only answer ("before")."""
    from contract_app.retrieval import Retriever
    from contract_app.settings import load_settings

    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader((corpus / "master_clauses.csv").open(encoding="utf-8")))[:limit]
    categories = json.loads(CATEGORIES.read_text())["categories"]
    sets = {
        "category": {c["category"]: c["question"] for c in categories},
        "lawyer": json.loads(LAWYER_QUESTIONS.read_text())["questions"],
    }
    retriever = Retriever(replace(load_settings(), store_dir=str(store), answer_backend="offline"))
    for notice in retriever.notices:
        print(f"note: {notice}", file=sys.stderr)
    said: dict[str, list[Said]] = {"before": [], "now": []}
    for number, row in enumerate(rows, 1):
        started = time.perf_counter()
        doc_id = retriever.ingest(corpus / "pdf" / row["Filename"]).doc_id
        text = retriever.structure(doc_id).document.text
        stats = cached_term_stats(tuple(c.text for c in retriever.chunks(doc_id)))
        locator = Locator(lambda doc_id=doc_id: retriever.structure(doc_id))
        for category in sets["category"]:
            clauses = [g for g in ast.literal_eval(row[category] or "[]") if g.strip()]
            gold = gold_spans(text, clauses)
            for name, questions in sets.items():
                question = questions[category]
                hits = retriever.search(doc_id, question, top_k=5)
                answers = {
                    "before": extractive_answer(question, hits, stats, locator),
                    "now": offline_answer(retriever, doc_id, question, hits, locator),
                }
                for label, answer in answers.items():
                    said[label].append(
                        Said(row["Filename"], category, name, bool(clauses), bool(gold), *_said(answer, gold))
                    )
        print(f"[{number}/{len(rows)}] {row['Filename'][:60]} {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return said


def said_figures(items: Sequence[Said]) -> str:
    located = [s for s in items if s.located]
    absent = [s for s in items if not s.gold]
    with_gold = [s for s in items if s.gold]

    def share(part: Sequence[Said], flag: str) -> str:
        return f"{sum(getattr(s, flag) for s in part) / len(part):5.3f}" if part else "  -  "

    return (
        f"{share(located, 'first_right')} {share(located, 'any_right')} {share(absent, 'not_addressed')} "
        f"{share(with_gold, 'not_addressed')}"
    )


def print_said(said: dict[str, list[Said]]) -> None:
    contracts = sorted({s.contract for s in said["now"]}, key=str.casefold)
    split = halves(contracts)
    print("first: first cited clause right | any: a cited clause right (questions with a gold clause located in the")
    print("PDF) | n/a: says not addressed where the contract lacks the category | n/a wrong: says so where it has it")
    header = f"{'questions':9s} {'half':4s} |" + "|".join(f" {label:^29s} " for label in said)
    print(header)
    print(f"{'':14s} |" + "|".join(f" {'first   any   n/a   n/a wrong':29s} " for _ in said))
    print("-" * len(header))
    for questions in ("category", "lawyer"):
        for half in (*HALF_NAMES, "all"):
            members = set(split[half]) if half != "all" else set(contracts)
            cells = "|".join(
                f" {said_figures([s for s in items if s.questions == questions and s.contract in members]):29s} "
                for items in said.values()
            )
            print(f"{questions:9s} {half:4s} |{cells}")
    located = [s for s in said["now"] if s.located]
    absent = [s for s in said["now"] if not s.gold]
    print(f"{len(located)} question-answers with a located gold clause, {len(absent)} whose category is absent")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", type=Path, default=None, help="reuse an index folder between runs")
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    parser.add_argument("--grid", action="store_true", help="the shown-clause grid (floors x limits) instead")
    parser.add_argument("--dump", type=Path, default=None, help="write every question's result to this JSON")
    parser.add_argument("--load", type=Path, default=None, help="tabulate a --dump file instead of running")
    args = parser.parse_args(argv)
    if not args.grid:
        if args.load:
            raw = json.loads(args.load.read_text())
            said = {label: [Said(**item) for item in items] for label, items in raw.items()}
        else:
            store = args.store or Path(tempfile.mkdtemp(prefix="answers-"))
            said = collect_said(args.corpus, store, args.limit)
        if args.dump:
            args.dump.write_text(json.dumps({label: [s.__dict__ for s in items] for label, items in said.items()}))
        print_said(said)
        return 0
    if args.load:
        raw = json.loads(args.load.read_text())
        questions = [Question(**{**q, "ranked": tuple(Shown(**s) for s in q["ranked"])}) for q in raw]
    else:
        if not (args.corpus / "master_clauses.csv").is_file():
            sys.exit(f"answers.py: no CUAD corpus at {args.corpus}")
        store = args.store or Path(tempfile.mkdtemp(prefix="answers-"))
        questions = collect(args.corpus, store, args.limit)
    if args.dump:
        args.dump.write_text(json.dumps([{**q.__dict__, "ranked": [s.__dict__ for s in q.ranked]} for q in questions]))
    print_table(questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
