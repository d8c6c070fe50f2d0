"""Retrieval quality and speed on the CUAD dev contracts, beside two naive baselines measured in the same run.

For every (contract, category) with gold clauses, ask one question built from the category's description and score
R@2k/4k/8k as ``../shared/corpus/cuad-dev/README.md`` defines it. Pipelines:

* naive-500: the PDF's text cut into fixed 500-character chunks, same MiniLM, cosine.
* recursive-500: the text split on paragraph, line, sentence, word boundaries down to <= 500 characters, merged back
  up to 500 (LangChain's RecursiveCharacterTextSplitter without overlap), same MiniLM, cosine.
* project: ``Retriever.ingest`` + ``Retriever.search`` (plus ablations: dense only, BM25 only, without the heading
  signal, without trimming repeated text, and the previous RRF fusion without trimming).

Speed: median seconds per contract for ``Retriever.ingest`` (parse to stored vectors, fresh store) beside the naive
pipeline's extract + chunk + embed of the same PDF (measured fresh, interleaved, on ``--speed-sample`` contracts);
p95 warm latency of ``Retriever.search`` (top 5 of 20, no remote reranker).

    nice .venv/bin/python benchmarks/retrieval.py            # everything (about 10 minutes on 2 cores)
    nice .venv/bin/python benchmarks/retrieval.py --limit 10 # a quick look
    nice .venv/bin/python benchmarks/retrieval.py --offset 30 --limit 30  # the second half only

Every table also gives R@4k on the first and the second half of the contracts (in name order) so that a tuning
that helps only one half, i.e. one that fits these files rather than contracts, shows.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pymupdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract_app.chunking import ChunkConfig  # noqa: E402
from contract_app.model import Chunk, ContractStructure, Hit  # noqa: E402
from contract_app.retrieval import Retriever, SearchTuning  # noqa: E402
from contract_app.retrieval.embeddings import OnnxMiniLM  # noqa: E402
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS  # noqa: E402
from contract_app.settings import Settings  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"
DEFAULT_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"
RESULTS = REPO / "benchmarks" / "results"
BUDGETS = (2000, 4000, 8000)
BASELINE_CHUNK = 500
PROJECT_HITS = 40  # enough ranked hits to fill the largest budget
csv.field_size_limit(1 << 30)

# -- gold and questions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    category: str
    text: str
    gold: tuple[str, ...]


@dataclass(frozen=True)
class Contract:
    path: Path
    questions: tuple[Question, ...]


def _strip_prefix(value: str) -> str:
    return re.sub(r"^\w[\w ]*?:\s*", "", value.replace("\xa0", " ")).strip()


QUERY_STYLES = ("name+description", "description", "name")


def category_questions(corpus: Path, style: str = QUERY_STYLES[0]) -> dict[str, str]:
    """One question per category, built from its name and description (the description is usually a question)."""
    with (corpus / "category_descriptions.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    questions = {}
    for row in rows:
        category = _strip_prefix(row["Category (incl. context and answer)"])
        description = re.sub(r"\s+", " ", _strip_prefix(row["Description"]))
        questions[category] = {
            "name+description": f"{category}. {description}",
            "description": description,
            "name": category,
        }[style]
    return questions


def load_contracts(corpus: Path, style: str = QUERY_STYLES[0]) -> list[Contract]:
    questions = category_questions(corpus, style)
    with (corpus / "master_clauses.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    contracts = []
    for row in rows:
        asked = tuple(
            Question(category, text, tuple(gold))
            for category, text in questions.items()
            if (gold := [g for g in ast.literal_eval(row.get(category) or "[]") if g.strip()])
        )
        contracts.append(Contract(corpus / "pdf" / row["Filename"], asked))
    return sorted(contracts, key=lambda c: c.path.name)


# -- the metric ------------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def within_budget(texts: Sequence[str], budget: int) -> list[str]:
    """The ranked texts, in order, until ``budget`` characters are used (the last one cut to fit)."""
    kept, used = [], 0
    for text in texts:
        if used >= budget:
            break
        kept.append(text[: budget - used])
        used += len(kept[-1])
    return kept


def recall(texts: Sequence[str], gold: Sequence[str], budget: int) -> float:
    """Share of gold clauses with at least half of their word trigrams in the budgeted text. A clause shorter
    than three words (a party's name) uses its bigram or word instead."""
    retrieved = [_words(text) for text in within_budget(texts, budget)]
    found = {n: set().union(*(_ngrams(words, n) for words in retrieved)) for n in (1, 2, 3)}
    hits = 0
    for clause in gold:
        words = _words(clause)
        n = min(3, len(words))
        grams = _ngrams(words, n) if n else set()
        hits += bool(grams) and len(grams & found[n]) * 2 >= len(grams)
    return hits / len(gold)


# -- baselines -------------------------------------------------------------------------------------------------


def extract_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def naive_chunks(text: str, size: int = BASELINE_CHUNK) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size) if text[i : i + size].strip()]


SEPARATORS = ("\n\n", "\n", ". ", " ")


def recursive_chunks(text: str, size: int = BASELINE_CHUNK, separators: Sequence[str] = SEPARATORS) -> list[str]:
    """Split on the coarsest separator present, recurse into pieces still too long, merge neighbours up to size."""
    if len(text) <= size:
        return [text] if text.strip() else []
    separator = next((s for s in separators if s in text), "")
    rest = separators[separators.index(separator) + 1 :] if separator else ()
    parts = text.split(separator) if separator else [text[i : i + size] for i in range(0, len(text), size)]
    pieces: list[str] = []
    for part in parts:
        pieces.extend(recursive_chunks(part, size, rest) if len(part) > size else [part])
    merged: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if len(candidate) <= size:
            current = candidate
        else:
            if current.strip():
                merged.append(current)
            current = piece
    if current.strip():
        merged.append(current)
    return merged


@dataclass
class BaselineIndex:
    texts: list[str]
    vectors: np.ndarray

    def ranked(self, query_vector: np.ndarray) -> list[str]:
        order = np.argsort(-(self.vectors @ query_vector), kind="stable")
        return [self.texts[i] for i in order[:PROJECT_HITS]]


def baseline_index(
    path: Path, splitter: Callable[[str], list[str]], name: str, model: OnnxMiniLM, cache: Path | None
) -> tuple[BaselineIndex, float]:
    """The baseline's index and its extract + chunk + embed seconds (0.0 when the vectors came from the cache)."""
    started = time.perf_counter()
    texts = splitter(extract_text(path))
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = cache / f"{key}-{name}.npy" if cache else None
    if cached and cached.is_file():
        vectors = np.load(cached)
        if len(vectors) == len(texts):
            return BaselineIndex(texts, vectors), 0.0
    vectors = model.embed(texts)
    seconds = time.perf_counter() - started
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return BaselineIndex(texts, vectors), seconds


# -- definition carrying -----------------------------------------------------------------------------------------


def definition_pairs(chunk: Chunk, structure: ContractStructure) -> tuple[int, int]:
    """(defined terms the chunk uses but does not define itself, how many of them it carries in its context)."""
    start, end = chunk.char_span
    defined_here = {d.term for d in structure.definitions if start <= d.span[0] < end}
    used = {u.term for u in structure.uses if start <= u.span[0] and u.span[1] <= end} - defined_here
    known = {d.term for d in structure.definitions}
    used &= known
    carried = {c.label for c in chunk.context if c.kind == "definition"}
    return len(used), len(used & carried)


# -- the run ---------------------------------------------------------------------------------------------------


@dataclass
class Scores:
    recalls: dict[int, list[float]] = field(default_factory=lambda: {b: [] for b in BUDGETS})
    per_category: dict[str, list[float]] = field(default_factory=dict)
    halves: dict[int, tuple[list[float], list[float]]] = field(default_factory=lambda: {b: ([], []) for b in BUDGETS})

    def add(self, texts: Sequence[str], question: Question, second_half: bool = False) -> None:
        for budget in BUDGETS:
            self.recalls[budget].append(recall(texts, question.gold, budget))
            self.halves[budget][second_half].append(self.recalls[budget][-1])
        self.per_category.setdefault(question.category, []).append(self.recalls[4000][-1])

    def mean(self, budget: int) -> float:
        values = self.recalls[budget]
        return sum(values) / len(values) if values else 0.0

    def half_means(self, budget: int) -> list[float]:
        return [sum(values) / len(values) if values else 0.0 for values in self.halves[budget]]


VARIANTS: dict[str, SearchTuning | None] = {
    "project": None,  # the shipped tuning
    "project dense only": SearchTuning(dense_weight=1.0, lexical_weight=0.0, heading_weight=0.0),
    "project BM25 only": SearchTuning(dense_weight=0.0, lexical_weight=1.0, heading_weight=0.0),
    "project no heading signal": SearchTuning(heading_weight=0.0),
    "project no repeat trimming": SearchTuning(distinct=False),
    "project no query facets": SearchTuning(facets=False),
    "project RRF, repeats (old)": SearchTuning(fusion="rrf", distinct=False),
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model-dir", type=Path, default=Path(os.environ.get("CONTRACT_APP_MODEL_DIR", DEFAULT_MODEL)))
    parser.add_argument("--offset", type=int, default=0, help="skip the first N contracts (in name order)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N contracts (0 = all 60)")
    parser.add_argument("--speed-sample", type=int, default=12, help="contracts whose baseline is timed fresh")
    parser.add_argument("--no-cache", action="store_true", help="re-embed the baselines instead of using the cache")
    parser.add_argument("--store", type=Path, help="reuse this project store across runs (ingest timed only when new)")
    parser.add_argument(
        "--weights", default="", help="extra fusion variants, e.g. '1:0.5,1:2:0.3' (dense:lexical[:heading])"
    )
    parser.add_argument("--rrf-k", type=int, default=0, help="override the RRF constant for every variant")
    parser.add_argument("--chunk", default="", help="ChunkConfig overrides, e.g. 'target_tokens=150,max_tokens=200'")
    parser.add_argument("--query-style", choices=QUERY_STYLES, default=QUERY_STYLES[0])
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args(argv)


def chunk_config(spec: str) -> ChunkConfig:
    """The shipped retrieval chunk sizes with ``--chunk`` overrides applied."""
    if not spec:
        return RETRIEVAL_CHUNKS
    values = {key.strip(): int(value) for key, value in (item.split("=") for item in spec.split(","))}
    return replace(RETRIEVAL_CHUNKS, **values)


def variants(args: argparse.Namespace, shipped: SearchTuning) -> dict[str, SearchTuning]:
    chosen = {name: tuning or shipped for name, tuning in VARIANTS.items()}
    for spec in filter(None, args.weights.split(",")):
        weights = [float(x) for x in spec.split(":")]
        heading = weights[2] if len(weights) > 2 else shipped.heading_weight
        chosen[f"project w={spec}"] = replace(
            shipped, dense_weight=weights[0], lexical_weight=weights[1], heading_weight=heading
        )
    if args.rrf_k:
        chosen = {name: replace(t, rrf_k=args.rrf_k) for name, t in chosen.items()}
    return chosen


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)] if ordered else 0.0


def run(args: argparse.Namespace) -> dict:
    contracts = load_contracts(args.corpus, args.query_style)
    contracts = contracts[args.offset :]
    if args.limit:
        contracts = contracts[: args.limit]
    step = max(len(contracts) // max(args.speed_sample, 1), 1)
    timed = {c.path for c in contracts[::step][: args.speed_sample]}
    cache = None if args.no_cache else RESULTS / "cache"
    store_dir = args.store or Path(tempfile.mkdtemp(prefix="retrieval-bench-"))
    settings = Settings(store_dir=str(store_dir), model_dir=str(args.model_dir))
    retriever = Retriever(settings, chunk_config=chunk_config(args.chunk))
    model = retriever.embedder
    assert isinstance(model, OnnxMiniLM), "the benchmark needs the local MiniLM model"
    shipped = retriever.tuning
    tunings = variants(args, shipped)
    scores: dict[str, Scores] = {name: Scores() for name in ("naive-500", "recursive-500", *tunings)}
    ingest_seconds: dict[Path, float] = {}
    baseline_seconds: dict[Path, float] = {}
    latencies: list[float] = []
    used_terms = carried_terms = 0
    chunk_chars: list[int] = []
    for number, contract in enumerate(contracts, 1):
        print(f"[{number}/{len(contracts)}] {contract.path.name[:70]}", file=sys.stderr, flush=True)
        second_half = number > len(contracts) // 2
        fresh_cache = None if contract.path in timed else cache  # timed contracts embed their baseline fresh
        naive, naive_time = baseline_index(contract.path, naive_chunks, "naive", model, fresh_cache)
        recursive, _ = baseline_index(contract.path, recursive_chunks, "recursive", model, cache)
        result = retriever.ingest(contract.path)
        if not result.skipped:
            ingest_seconds[contract.path] = result.seconds
        if contract.path in timed and naive_time:
            baseline_seconds[contract.path] = naive_time
        structure = retriever.structure(result.doc_id)
        chunk_chars.extend(len(c.text) for c in retriever.chunks(result.doc_id))
        for question in contract.questions:
            query_vector = model.embed([question.text])[0]
            scores["naive-500"].add(naive.ranked(query_vector), question, second_half)
            scores["recursive-500"].add(recursive.ranked(query_vector), question, second_half)
            for name, tuning in tunings.items():
                retriever.tuning = tuning
                hits = retriever.search(result.doc_id, question.text, top_k=PROJECT_HITS, candidates=PROJECT_HITS)
                scores[name].add([h.chunk.text for h in hits], question, second_half)
            retriever.tuning = shipped
            started = time.perf_counter()
            top: list[Hit] = retriever.search(result.doc_id, question.text)
            latencies.append((time.perf_counter() - started) * 1000)
            for hit in top:
                used, carried = definition_pairs(hit.chunk, structure)
                used_terms += used
                carried_terms += carried
    both = [p for p in ingest_seconds if p in baseline_seconds]
    return {
        "contracts": len(contracts),
        "questions": len(scores["naive-500"].recalls[4000]),
        "recall": {name: {f"R@{b // 1000}k": s.mean(b) for b in BUDGETS} for name, s in scores.items()},
        "recall_halves": {
            name: {f"R@{b // 1000}k": s.half_means(b) for b in BUDGETS} for name, s in scores.items()
        },  # first and second half of the contracts
        "per_category_r4k": {
            name: {cat: sum(v) / len(v) for cat, v in s.per_category.items()} for name, s in scores.items()
        },
        "definition_carrying": carried_terms / used_terms if used_terms else 1.0,
        "defined_term_uses_in_top5": used_terms,
        "median_ingest_s": statistics.median(ingest_seconds.values()) if ingest_seconds else None,
        "median_ingest_s_timed_sample": statistics.median(ingest_seconds[p] for p in both) if both else None,
        "median_baseline_s_timed_sample": statistics.median(baseline_seconds[p] for p in both) if both else None,
        "timed_sample": len(both),
        "query_ms_median": statistics.median(latencies) if latencies else None,
        "query_ms_p95": percentile(latencies, 0.95),
        "median_chunk_chars": statistics.median(chunk_chars) if chunk_chars else None,
        "tuning": shipped.__dict__,
        "chunk": args.chunk or "shipped (RETRIEVAL_CHUNKS)",
        "query_style": args.query_style,
    }


def print_table(report: dict) -> None:
    recall_table = report["recall"]
    better = max(recall_table["naive-500"]["R@4k"], recall_table["recursive-500"]["R@4k"])
    print(
        f"\nRetrieval on {report['contracts']} CUAD dev contracts, {report['questions']} questions "
        f"(chunks: {report['chunk']}, median chunk {report['median_chunk_chars']} chars)\n"
    )
    print(f"{'pipeline':<28}{'R@2k':>8}{'R@4k':>8}{'R@8k':>8}{'R@4k / best baseline':>24}{'R@4k 1st / 2nd half':>22}")
    for name, values in recall_table.items():
        ratio = values["R@4k"] / better if better else float("nan")
        first, second = report["recall_halves"][name]["R@4k"]
        print(
            f"{name:<28}{values['R@2k']:>8.3f}{values['R@4k']:>8.3f}{values['R@8k']:>8.3f}{ratio:>23.2f}x"
            f"{first:>13.3f} / {second:.3f}"
        )
    print(
        f"\nDefinition carried with a hit that uses the term: {report['definition_carrying']:.1%} "
        f"of {report['defined_term_uses_in_top5']} uses (top-5 hits; target >= 95%)"
    )
    ingest = report["median_ingest_s_timed_sample"]
    baseline = report["median_baseline_s_timed_sample"]
    if ingest and baseline:
        print(
            f"Median seconds per contract over {report['timed_sample']} timed contracts: project ingest "
            f"{ingest:.2f} s, naive extract+chunk+embed {baseline:.2f} s -> {ingest / baseline:.2f}x (target <= 1.5x)"
        )
    if report["median_ingest_s"]:
        print(f"Median project ingest over all fresh contracts: {report['median_ingest_s']:.2f} s")
    print(
        f"Warm hybrid query latency (top 5 of 20, local ranking): median {report['query_ms_median']:.1f} ms, "
        f"p95 {report['query_ms_p95']:.1f} ms (target <= 50 ms)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.corpus / "pdf").is_dir():
        print(f"retrieval benchmark: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    report = run(args)
    print_table(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.json or RESULTS / f"retrieval-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nFull results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
