"""Retrieval quality and speed on the CUAD dev contracts, beside three peers measured in the same run.

For every (contract, category) with gold clauses, ask one question and score R@2k/4k/8k as
``../shared/corpus/cuad-dev/README.md`` defines it. Two question sets: ``category`` (the category's name and
description, as CUAD words it) and ``lawyer`` (``benchmarks/lawyer_questions.json``: a lawyer's own words); a third,
``heldout`` (``benchmarks/heldout_questions.json``), is reported beside them but never fitted on. The routing table
(``retrieval/plain_words.py``) was written without either set in view (a test checks it repeats none of their
questions); the project is reported with it and without it, and so is its routing top-1. Every figure is given on
both halves of the dev set (``benchmarks/dev_corpus.py``: alternate contracts in name order).

Pipelines, all on the same MiniLM:

* naive-500: the PDF's text cut into fixed 500-character chunks, cosine.
* recursive-500: split on paragraph, line, sentence, word boundaries down to <= 500 characters, merged back up to
  500 (LangChain's RecursiveCharacterTextSplitter without overlap), cosine.
* hybrid-500: recursive-500 + BM25 (bm25s, English stopwords and stemmer), reciprocal rank fusion (k = 60).
* project: ``Retriever.ingest`` + ``Retriever.search`` with the shipped tuning, and cross-validated: every tuned
  knob of ``SearchTuning`` (``KNOBS``) fitted on one half by coordinate ascent (objective: mean R@4k of the two
  question sets) and reported on the other half, and the reverse. The cross-validated figure is the one to quote.
  The sweep computes each question's tuning-independent scores once and re-ranks them in memory per setting
  (``TuningEvaluator``), with the same functions ``search`` uses.

Speed: median wall and CPU seconds per contract for ``Retriever.ingest`` (parse to stored vectors, fresh store)
beside the naive pipeline's extract + chunk + embed of the same PDF, interleaved on ``--speed-sample`` contracts;
warm ``Retriever.search`` latency (top 5 of 20, local ranking, every query embedded afresh), median and p95, wall and
CPU, beside the naive query (``--speed-only``: just these).

    nice -n 10 .venv/bin/python benchmarks/retrieval.py --store /tmp/retrieval-store   # everything
    nice -n 10 .venv/bin/python benchmarks/retrieval.py --store /tmp/retrieval-store --limit 10 --no-cv
    nice -n 10 .venv/bin/python benchmarks/retrieval.py --store /tmp/s --chunk-grid 'target_tokens=80,max_tokens=100'

``--store DIR`` keeps the project's index between runs, in a subfolder named after a fingerprint of the code that
decides what is stored (parsing, structure, chunking, embedder), so a change there re-ingests instead of measuring a
stale index. Other code may use ``pipeline_recall(ranker, contracts)`` ("R@B of a pipeline on these contracts") with
``project_ranker(retriever)`` or a ranker of its own.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import pymupdf
import Stemmer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.dev_corpus import CORPUS, HALF_NAMES, gold_clauses, halves, master_rows  # noqa: E402
from contract_app.chunking import ChunkConfig  # noqa: E402
from contract_app.retrieval import Retriever, SearchTuning  # noqa: E402
from contract_app.retrieval.concepts import ConceptRouter, Routed, load_concepts  # noqa: E402
from contract_app.retrieval.embeddings import Embedder, OnnxMiniLM  # noqa: E402
from contract_app.retrieval.lexical import LexicalIndex  # noqa: E402
from contract_app.retrieval.ranking import DocumentIndex, rank, ranked_hits  # noqa: E402
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS  # noqa: E402
from contract_app.settings import Settings  # noqa: E402

DEFAULT_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"
LAWYER_QUESTIONS = REPO / "benchmarks" / "lawyer_questions.json"
HELDOUT_QUESTIONS = REPO / "benchmarks" / "heldout_questions.json"
RESULTS = REPO / "benchmarks" / "results"
BUDGETS = (2000, 4000, 8000)
BASELINE_CHUNK = 500
RANKED_HITS = 40  # enough ranked hits to fill the largest budget
PROJECT_HITS = RANKED_HITS  # the name benchmarks/big_contracts.py imports
QUESTION_SETS = ("category", "lawyer", "heldout")
FITTED_SETS = ("category", "lawyer")
"""The question sets a fit maximises; ``heldout`` is only reported."""
csv.field_size_limit(1 << 30)
FINGERPRINTED = ("parsing", "structure", "chunking", "model.py", "retrieval/embeddings.py")
"""What decides the stored chunks and vectors: the store folder is named after a hash of these sources."""

# -- contracts and questions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    question_set: str
    category: str
    text: str
    gold: tuple[str, ...]


@dataclass(frozen=True)
class Contract:
    path: Path
    half: str
    questions: tuple[Question, ...]


def _strip_prefix(value: str) -> str:
    return re.sub(r"^\w[\w ]*?:\s*", "", value.replace("\xa0", " ")).strip()


def category_questions(corpus: Path) -> dict[str, str]:
    """One question per category from its name and description (the description is usually a question)."""
    with (corpus / "category_descriptions.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    questions = {}
    for row in rows:
        category = _strip_prefix(row["Category (incl. context and answer)"])
        description = re.sub(r"\s+", " ", _strip_prefix(row["Description"]))
        questions[category] = f"{category}. {description}"
    return questions


def lawyer_questions(path: Path = LAWYER_QUESTIONS) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def load_contracts(corpus: Path = CORPUS, question_sets: Sequence[str] = QUESTION_SETS) -> list[Contract]:
    """The dev contracts in name order, each with its half and one question per (question set, gold category)."""
    asked = {
        "category": category_questions(corpus),
        "lawyer": lawyer_questions(),
        "heldout": lawyer_questions(HELDOUT_QUESTIONS),
    }
    rows = master_rows(corpus)
    half_by_name = {name: half for half, names in halves(r["Filename"] for r in rows).items() for name in names}
    contracts = []
    for row in rows:
        questions = []
        for question_set in question_sets:
            for category, text in asked[question_set].items():
                gold = tuple(g for g in gold_clauses(row, category) if g.strip())
                if gold:
                    questions.append(Question(question_set, category, text, gold))
        contracts.append(Contract(corpus / "pdf" / row["Filename"], half_by_name[row["Filename"]], tuple(questions)))
    return sorted(contracts, key=lambda c: c.path.name.casefold())


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
    retrieved = [_grams(text) for text in within_budget(texts, budget)]
    hits = 0
    for clause in gold:
        n, grams = _gold_grams(clause)
        found = sum(any(gram in pieces[n - 1] for pieces in retrieved) for gram in grams)
        hits += bool(grams) and found * 2 >= len(grams)
    return hits / len(gold)


@lru_cache(maxsize=1 << 18)
def _grams(text: str) -> tuple[set[tuple[str, ...]], ...]:
    """The word 1-, 2- and 3-grams of a retrieved text (remembered: the same chunks come back question after
    question)."""
    words = _words(text)
    return tuple(_ngrams(words, n) for n in (1, 2, 3))


@lru_cache(maxsize=1 << 16)
def _gold_grams(clause: str) -> tuple[int, frozenset[tuple[str, ...]]]:
    words = _words(clause)
    n = min(3, len(words))
    return n, frozenset(_ngrams(words, n) if n else ())


@dataclass(frozen=True)
class Row:
    contract: str
    half: str
    question_set: str
    category: str
    recalls: tuple[float, ...]  # one per budget in BUDGETS


@dataclass
class Recalls:
    """Per-question recalls of one pipeline, with means by half and question set."""

    rows: list[Row] = field(default_factory=list)

    def mean(self, budget: int = 4000, half: str | None = None, question_set: str | None = None) -> float:
        position = BUDGETS.index(budget)
        values = [
            row.recalls[position]
            for row in self.rows
            if half in (None, row.half) and question_set in (None, row.question_set)
        ]
        return sum(values) / len(values) if values else 0.0

    def of_half(self, half: str) -> list[Row]:
        return [row for row in self.rows if row.half == half]

    def summary(self) -> dict[str, dict[str, dict[str, float]]]:
        """{question set: {"all" | "A" | "B": {"R@2k": ..., ...}}}."""
        present = {row.question_set for row in self.rows}
        return {
            question_set: {
                part: {f"R@{b // 1000}k": self.mean(b, None if part == "all" else part, question_set) for b in BUDGETS}
                for part in ("all", *HALF_NAMES)
            }
            for question_set in QUESTION_SETS
            if question_set in present
        }


Ranker = Callable[[Contract, Question], Sequence[str]]
"""A pipeline under test: the ranked texts it returns for a question about a contract, best first."""


def pipeline_recall(ranker: Ranker, contracts: Iterable[Contract]) -> Recalls:
    """R@B of a pipeline on these contracts: every question of every contract, every budget."""
    result = Recalls()
    for contract in contracts:
        for question in contract.questions:
            texts = ranker(contract, question)
            result.rows.append(
                Row(
                    contract.path.name,
                    contract.half,
                    question.question_set,
                    question.category,
                    tuple(recall(texts, question.gold, budget) for budget in BUDGETS),
                )
            )
    return result


def project_ranker(retriever: Retriever, hits: int = RANKED_HITS) -> Ranker:
    """The project's ranking as a ``Ranker``: each contract is ingested once (skipped when already stored)."""
    doc_ids: dict[Path, str] = {}

    def rank(contract: Contract, question: Question) -> list[str]:
        if contract.path not in doc_ids:
            doc_ids[contract.path] = retriever.ingest(contract.path).doc_id
        found = retriever.search(doc_ids[contract.path], question.text, top_k=hits, candidates=hits)
        return [hit.chunk.text for hit in found]

    return rank


class CachedEmbedder:
    """The embedder with every vector it computed kept by text (in memory, and in a SQLite file when given one):
    a re-ingest after a change that leaves the embedded texts alone, or a sweep asking the same questions again,
    costs no model time. Never used where time is measured."""

    def __init__(self, embedder: Embedder, path: Path | None = None) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.fingerprint = embedder.fingerprint
        self._memo: dict[str, np.ndarray] = {}
        self._db = sqlite3.connect(path) if path else None
        if self._db is not None:
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def _stored(self, texts: Sequence[str]) -> None:
        if self._db is None:
            return
        wanted = [self._key(t) for t in texts if t not in self._memo]
        by_key = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            query = f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})"
            by_key.update(self._db.execute(query, part).fetchall())
        for text in texts:
            if (blob := by_key.get(self._key(text))) is not None:
                self._memo[text] = np.frombuffer(blob, dtype=np.float32)

    def embed(self, texts: Sequence[str], *args: object, **kwargs: object) -> np.ndarray:
        self._stored(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            vectors = self.inner.embed(missing, *args, **kwargs)
            self._memo.update(zip(missing, vectors, strict=True))
            if self._db is not None:
                rows = [(self._key(t), v.astype(np.float32).tobytes()) for t, v in zip(missing, vectors, strict=True)]
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
                self._db.commit()
        return np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


# -- peers -------------------------------------------------------------------------------------------------------


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


_peer_stemmer = Stemmer.Stemmer("english")


def _peer_tokens(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_peer_stemmer, return_ids=False, show_progress=False)


@dataclass
class PeerIndex:
    texts: list[str]
    vectors: np.ndarray
    bm25: bm25s.BM25

    def dense(self, query_vector: np.ndarray) -> np.ndarray:
        return self.vectors @ query_vector

    def ranked(self, scores: np.ndarray) -> list[str]:
        order = np.argsort(-scores, kind="stable")
        return [self.texts[i] for i in order[:RANKED_HITS]]

    def fused(self, query: str, query_vector: np.ndarray, k: int = 60) -> np.ndarray:
        """Reciprocal rank fusion of cosine and BM25 (chunks without a query word get no BM25 vote)."""
        lexical = np.asarray(self.bm25.get_scores(_peer_tokens([query])[0]), dtype=np.float32)
        fused = np.zeros(len(self.texts), dtype=np.float32)
        for scores, require_match in ((self.dense(query_vector), False), (lexical, True)):
            ranks = np.empty(len(scores), dtype=np.float32)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
            vote = 1.0 / (k + ranks)
            fused += np.where(scores > 0, vote, 0.0) if require_match else vote
        return fused


def peer_index(path: Path, splitter: Callable[[str], list[str]], model: Embedder) -> tuple[PeerIndex, float]:
    """A peer's index (with BM25 for the hybrid) and its extract + chunk + embed seconds."""
    started = time.perf_counter()
    texts = splitter(extract_text(path))
    vectors = model.embed(texts)
    seconds = time.perf_counter() - started
    bm25 = bm25s.BM25()
    bm25.index(_peer_tokens(texts), show_progress=False)
    return PeerIndex(texts, vectors, bm25), seconds


def peer_rankers(contracts: Sequence[Contract], model: Embedder) -> dict[str, Ranker]:
    """naive-500, recursive-500 and hybrid-500 as rankers over indexes built now."""
    naive = {c.path: peer_index(c.path, naive_chunks, model)[0] for c in contracts}
    recursive = {c.path: peer_index(c.path, recursive_chunks, model)[0] for c in contracts}

    def vector(question: Question) -> np.ndarray:
        return model.embed([question.text])[0]

    return {
        "naive-500": lambda c, q: naive[c.path].ranked(naive[c.path].dense(vector(q))),
        "recursive-500": lambda c, q: recursive[c.path].ranked(recursive[c.path].dense(vector(q))),
        "hybrid-500": lambda c, q: recursive[c.path].ranked(recursive[c.path].fused(q.text, vector(q))),
    }


# -- cross-validation --------------------------------------------------------------------------------------------

KNOBS: dict[str, tuple[object, ...]] = {
    "concept_lexical_weight": (0.0, 0.75, 1.5, 2.0),
    "concept_words": ("cues", "cues+description", "cues+plain", "cues+description+plain"),
    "concept_asked": (False, True),
    "concept_min_similarity": (0.3, 0.4, 0.5),
    "concept_min_margin": (0.0, 0.02, 0.05, 0.1),
    "concept_others": (False, True),
    "concept_count": (1, 2, 3),
    "concept_temperature": (0.03, 0.05, 0.1),
    "concept_dense_weight": (0.0, 0.5),
    "concept_heading_weight": (0.0, 0.25),
    "lexical_weight": (0.5, 1.0),
    "heading_weight": (0.25, 0.5),
    "neighbour_hits": (0, 1),
}
"""The tuned weights and thresholds a fit chooses, with the values left in contention by earlier sweeps (dense_weight
is the scale the others are relative to). The rest keep ``CV_START``'s values, which earlier cross-validations chose
(fusion, facets, distinct, opening_chunks, min_new_chars; terms_weight and cited_weight 0: 0.1 each lost 0.2 points of
category R@4k on both halves and moved lawyer R@4k by -0.1); chunk sizes need a re-ingest each and are
cross-validated by ``--chunk-grid``."""


CV_START = SearchTuning(
    lexical_weight=1.0,
    heading_weight=0.5,
    terms_weight=0.0,
    cited_weight=0.0,
    fusion="standardised",
    distinct=True,
    facets=True,
    opening_chunks=3,
    min_new_chars=20,
    neighbour_hits=0,
    neighbour_min_score=0.0,
    concept_min_similarity=0.5,
    concept_count=1,
    concept_temperature=0.05,
    concept_words="cues",
    concept_asked=False,
    concept_lexical_weight=0.0,
    concept_dense_weight=0.0,
    concept_heading_weight=0.0,
)
"""Where every fit starts: the tuning shipped before the header fields and query expansion (not today's shipped
tuning, which was chosen on both halves and would leak the held-out half into the fit)."""


def objective(recalls: Recalls, half: str) -> float:
    """What a fit maximises: R@4k on one half, the mean of the fitted question sets (each counts the same)."""
    present = sorted({row.question_set for row in recalls.rows} & set(FITTED_SETS))
    return statistics.mean(recalls.mean(4000, half, question_set) for question_set in present)


@dataclass
class CrossValidation:
    fitted: dict[str, SearchTuning]  # half -> the tuning fitted on it
    held_out: Recalls  # each half's rows ranked with the tuning fitted on the other half


Evaluate = Callable[[SearchTuning, str | None], Recalls]
"""R@B of the project with a tuning, on one half of the contracts (or on all of them for None)."""


def coordinate_fit(
    evaluate: Evaluate, start: SearchTuning, knobs: dict[str, tuple[object, ...]], half: str
) -> SearchTuning:
    """Coordinate ascent on one half: each knob in turn set to its best value, until a pass changes nothing."""
    current = start
    for _ in range(3):
        changed = False
        for knob, values in knobs.items():
            best, best_score = current, objective(evaluate(current, half), half)
            for value in values:
                candidate = replace(current, **{knob: value})
                score = objective(evaluate(candidate, half), half)
                if score > best_score + 1e-9:
                    best, best_score = candidate, score
            changed |= best != current
            current = best
        if not changed:
            break
    return current


def cross_validate(evaluate: Evaluate, start: SearchTuning, knobs: dict[str, tuple[object, ...]]) -> CrossValidation:
    """Fit on each half, report each half with the tuning fitted on the other (``evaluate`` should remember)."""
    fitted = {half: coordinate_fit(evaluate, start, knobs, half) for half in HALF_NAMES}
    first, second = HALF_NAMES
    held_out = Recalls(evaluate(fitted[second], first).rows + evaluate(fitted[first], second).rows)
    return CrossValidation(fitted, held_out)


def sweep(evaluate: Evaluate, start: SearchTuning, knobs: dict[str, tuple[object, ...]]) -> dict[str, dict[str, dict]]:
    """Each knob's values one at a time from ``start``: what each value is worth on each half and question set."""
    return {
        knob: {str(value): evaluate(replace(start, **{knob: value})).summary() for value in values}
        for knob, values in knobs.items()
    }


def without_plain_words(tuning: SearchTuning) -> SearchTuning:
    """The tuning with ``retrieval/plain_words.py`` left out: routed by the checklist alone, borrowing no terms of
    that table."""
    words = "+".join(part for part in tuning.concept_words.split("+") if part != "plain") or "cues"
    return replace(tuning, concept_asked=False, concept_words=words)


def without_plain_knobs(knobs: dict[str, tuple[object, ...]]) -> dict[str, tuple[object, ...]]:
    """The knobs a fit may choose when ``plain_words`` is left out."""
    kept = dict(knobs)
    kept.pop("concept_asked", None)
    if "concept_words" in kept:
        kept["concept_words"] = tuple(v for v in kept["concept_words"] if "plain" not in str(v).split("+"))
    return kept


def routing_top1(evaluate: TuningEvaluator, contracts: Sequence[Contract]) -> dict[str, dict[str, float]]:
    """Per question set, the share of its questions (one per category) whose closest checklist concept is their
    category: by the checklist's own phrasings, and with ``plain_words``' everyday ways of asking beside them."""
    asked = {(q.question_set, q.category, q.text) for c in contracts for q in c.questions}
    result: dict[str, dict[str, float]] = {}
    for question_set in QUESTION_SETS:
        members = [(category, text) for qs, category, text in asked if qs == question_set]
        if members:
            result[question_set] = {
                label: statistics.mean(
                    evaluate.routed(text, flag)[0].concept.name == category for category, text in members
                )
                for label, flag in (("checklist", False), ("with plain_words", True))
            }
    return result


def tuning_changes(tuning: SearchTuning, base: SearchTuning) -> dict[str, object]:
    return {name: value for name, value in asdict(tuning).items() if asdict(base)[name] != value}


# -- the run -----------------------------------------------------------------------------------------------------


def store_fingerprint(chunks: ChunkConfig) -> str:
    """A hash of the code and settings that decide what a store holds (see ``FINGERPRINTED``)."""
    digest = hashlib.sha256(repr(chunks).encode())
    package = REPO / "contract_app"
    for name in FINGERPRINTED:
        target = package / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)] if ordered else 0.0


def project_retriever(store: Path | None, model_dir: Path, chunks: ChunkConfig, cache: bool = True) -> Retriever:
    """A retriever on a store kept for these chunks and this code (or a fresh temp store), whole corpus warm,
    its vectors cached by text beside the store."""
    root = store or Path(tempfile.mkdtemp(prefix="retrieval-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    settings = Settings(store_dir=str(root / store_fingerprint(chunks)), model_dir=str(model_dir))
    retriever = Retriever(settings, chunk_config=chunks, cached_documents=1000)
    assert isinstance(retriever.embedder, OnnxMiniLM), "the benchmark needs the local MiniLM model"
    retriever.embedder = CachedEmbedder(retriever.embedder, root / "vectors.sqlite" if cache else None)
    return retriever


def measure_speed(contracts: Sequence[Contract], model_dir: Path, chunks: ChunkConfig, sample: int) -> dict:
    """Fresh ingest beside naive extract + chunk + embed, interleaved contract by contract (order alternating): wall
    seconds, and the CPU seconds this process spent (the embedded store's work included), which other people's work
    on a shared machine does not inflate."""
    step = max(len(contracts) // max(sample, 1), 1)
    timed = contracts[::step][:sample]
    seconds: dict[str, list[float]] = {"project": [], "naive": []}
    cpu: dict[str, list[float]] = {"project": [], "naive": []}
    with tempfile.TemporaryDirectory(prefix="retrieval-speed-") as folder:
        retriever = Retriever(Settings(store_dir=folder, model_dir=str(model_dir)), chunk_config=chunks)
        assert retriever.embedder is not None
        model = retriever.embedder
        model.embed(["warm up"])
        for number, contract in enumerate(timed):
            for which in ("naive", "project") if number % 2 == 0 else ("project", "naive"):
                started, used = time.perf_counter(), time.process_time()
                if which == "naive":
                    peer_index(contract.path, naive_chunks, model)
                else:
                    retriever.ingest(contract.path)
                seconds[which].append(time.perf_counter() - started)
                cpu[which].append(time.process_time() - used)
        retriever.close()
    ratios = [p / n for p, n in zip(seconds["project"], seconds["naive"], strict=True)]
    return {
        "timed_contracts": len(timed),
        "median_ingest_s": statistics.median(seconds["project"]),
        "median_naive_s": statistics.median(seconds["naive"]),
        "ratio_of_medians": statistics.median(seconds["project"]) / statistics.median(seconds["naive"]),
        "median_ratio": statistics.median(ratios),
        "median_ingest_cpu_s": statistics.median(cpu["project"]),
        "median_naive_cpu_s": statistics.median(cpu["naive"]),
        "cpu_ratio_of_medians": statistics.median(cpu["project"]) / statistics.median(cpu["naive"]),
        "load_average": os.getloadavg()[0],
    }


def measure_latency(retriever: Retriever, doc_ids: dict[Path, str], contracts: Sequence[Contract]) -> dict:
    """Warm ``search`` (top 5 of 20) over every question of every contract, each query embedded afresh (no query
    vector kept between searches, as a new question would be), with the query embedded by the shared session and by a
    single-threaded one of its own; beside them, in turn, the naive pipeline's query (embed, cosine, sort) on the same
    question. The order rotates question by question. On a shared machine the ratios say more than the milliseconds,
    and so does the CPU time this process spent on each query (which other people's work does not add to)."""
    cached = retriever.embedder
    model = cached.inner if isinstance(cached, CachedEmbedder) else cached
    assert model is not None
    retriever.embedder, kept_queries, threads = model, retriever.cached_queries, retriever.query_threads
    retriever.cached_queries = 0
    variants = ("shared session", "query session 1 thread", "naive")
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    try:
        for retriever.query_threads in (0, 1):  # warm: each session, the concept router
            retriever.search(doc_ids[contracts[0].path], "warm up")
        for contract in contracts:
            doc_id = doc_ids[contract.path]
            vectors = np.zeros((len(retriever.chunks(doc_id)), model.dimension), np.float32)
            for number, question in enumerate(contract.questions):
                for name in variants[number % 3 :] + variants[: number % 3]:
                    started, used = time.perf_counter(), time.process_time()
                    if name == "naive":
                        np.argsort(-(vectors @ model.embed([question.text])[0]))[:RANKED_HITS]
                    else:
                        retriever.query_threads = 0 if name == "shared session" else 1
                        retriever.search(doc_id, question.text)
                    wall[name].append((time.perf_counter() - started) * 1000)
                    cpu[name].append((time.process_time() - used) * 1000)
    finally:
        retriever.embedder, retriever.cached_queries, retriever.query_threads = cached, kept_queries, threads
    return {
        "queries": len(wall["naive"]),
        "load_average": os.getloadavg()[0],
        **{
            name: {
                "wall_ms_median": statistics.median(wall[name]),
                "wall_ms_p95": percentile(wall[name], 0.95),
                "cpu_ms_median": statistics.median(cpu[name]),
                "cpu_ms_p95": percentile(cpu[name], 0.95),
            }
            for name in variants
        },
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model-dir", type=Path, default=Path(os.environ.get("CONTRACT_APP_MODEL_DIR", DEFAULT_MODEL)))
    parser.add_argument("--limit", type=int, default=0, help="only N contracts, spread over both halves (0 = all 60)")
    parser.add_argument("--speed-sample", type=int, default=12, help="contracts whose ingest is timed fresh")
    parser.add_argument("--no-cache", action="store_true", help="do not keep vectors by text beside the store")
    parser.add_argument("--store", type=Path, help="keep the project's index here between runs")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation sweep")
    parser.add_argument("--knobs", default="", help="comma-separated KNOBS to fit (default: all of them)")
    parser.add_argument("--no-speed", action="store_true", help="skip the ingest timing and query latency")
    parser.add_argument("--speed-only", action="store_true", help="only the ingest timing and query latency")
    parser.add_argument("--chunk", default="", help="ChunkConfig overrides, e.g. 'target_tokens=150,max_tokens=200'")
    parser.add_argument(
        "--chunk-grid",
        default="",
        help="';'-separated ChunkConfig overrides to cross-validate against the shipped sizes (one ingest each)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args(argv)


def chunk_config(spec: str) -> ChunkConfig:
    """The shipped retrieval chunk sizes with overrides ('name=value,...') applied."""
    if not spec:
        return RETRIEVAL_CHUNKS
    values = {key.strip(): int(value) for key, value in (item.split("=") for item in spec.split(","))}
    return replace(RETRIEVAL_CHUNKS, **values)


def chosen_contracts(args: argparse.Namespace) -> list[Contract]:
    """All dev contracts, or ``--limit`` of them spread evenly over both halves."""
    contracts = load_contracts(args.corpus)
    if not args.limit:
        return contracts
    share = max(args.limit // len(HALF_NAMES), 1)
    kept = []
    for half in HALF_NAMES:
        members = [c for c in contracts if c.half == half]
        kept += members[:: max(len(members) // share, 1)][:share]
    return sorted(kept, key=lambda c: c.path.name.casefold())


class RememberedLexical(LexicalIndex):
    """One field's BM25 with every query's scores remembered: a sweep asks the same questions under many tunings,
    and BM25 of a question does not depend on the tuning."""

    def __init__(self, inner: LexicalIndex) -> None:  # wraps an index: does not index again
        self.inner = inner
        self._plain: dict[str, np.ndarray] = {}
        self._facets: dict[str, np.ndarray] = {}

    def scores(self, query: str) -> np.ndarray:
        if query not in self._plain:
            self._plain[query] = self.inner.scores(query)
        return self._plain[query]

    def facet_scores(self, query: str) -> np.ndarray:
        if query not in self._facets:
            self._facets[query] = self.inner.facet_scores(query)
        return self._facets[query]


class TuningEvaluator:
    """``evaluate(tuning, half) -> Recalls`` of the project on these contracts, cheap enough for a cross-validated
    sweep: each contract is ingested once, and each question's tuning-independent parts (its vector, the concepts it
    is routed to, its BM25 scores per field) are computed once; a tuning then only fuses and re-ranks them in memory
    with the same ``rank`` and ``ranked_hits`` that ``Retriever.search`` uses (checked against ``search`` on the first
    contract). Every (tuning, half) measured is remembered, so a fit, a sweep and a report that meet it rank it once."""

    def __init__(self, retriever: Retriever, contracts: Sequence[Contract]) -> None:
        assert retriever.embedder is not None
        self.retriever = retriever
        self.embedder = retriever.embedder
        self.contracts = contracts
        self.measured: dict[tuple[SearchTuning, str], Recalls] = {}
        self.doc_ids: dict[Path, str] = {}
        self.indexes: dict[Path, DocumentIndex] = {}
        for number, contract in enumerate(contracts, 1):
            print(f"[{number}/{len(contracts)}] {contract.path.name[:70]}", file=sys.stderr, flush=True)
            self.doc_ids[contract.path] = doc_id = retriever.ingest(contract.path).doc_id
            index = retriever.search_index(doc_id)
            fields = {name: RememberedLexical(field) for name, field in index.fields.items()}
            self.indexes[contract.path] = replace(index, fields=fields, _fixed_scores={})
        self.router = ConceptRouter(load_concepts(), self.embedder)
        self._vectors: dict[str, np.ndarray] = {}
        self._routes: dict[tuple[str, bool, bool], list[Routed]] = {}
        if contracts:
            self.check(contracts[0], retriever.tuning)

    def vector(self, query: str) -> np.ndarray:
        if query not in self._vectors:
            self._vectors[query] = self.embedder.embed([query])[0]
        return self._vectors[query]

    def routed(self, query: str, asked: bool, others: bool = False) -> list[Routed]:
        if (query, asked, others) not in self._routes:
            self._routes[query, asked, others] = self.router.route(self.vector(query), asked, others)
        return self._routes[query, asked, others]

    def ranked(self, contract: Contract, question: Question, tuning: SearchTuning) -> list[str]:
        """What ``Retriever.search(doc, question, top_k=RANKED_HITS, candidates=RANKED_HITS)`` returns under
        ``tuning`` (local ranking), from the remembered parts."""
        index = self.indexes[contract.path]
        query_vector = self.vector(question.text) if index.vectors is not None else None
        expands = query_vector is not None and tuning.expands()
        routed = self.routed(question.text, tuning.concept_asked, tuning.concept_others) if expands else []
        ranking = rank(index, question.text, query_vector, tuning, RANKED_HITS, routed)
        scores = [float(ranking.fused[i]) for i in ranking.shortlist]
        return [hit.chunk.text for hit in ranked_hits(index, ranking, ranking.shortlist, scores, tuning, RANKED_HITS)]

    def check(self, contract: Contract, tuning: SearchTuning) -> None:
        """The remembered path ranks exactly as ``Retriever.search`` does (else every figure here would be wrong)."""
        searched = pipeline_recall(project_ranker(self.retriever), [contract]).rows
        fast = pipeline_recall(lambda c, q: self.ranked(c, q, tuning), [contract]).rows
        assert searched == fast, "the sweep's re-ranking differs from Retriever.search"

    def __call__(self, tuning: SearchTuning, half: str | None = None) -> Recalls:
        if half is None:
            return Recalls([row for part in HALF_NAMES for row in self(tuning, part).rows])
        if (tuning, half) not in self.measured:
            assert tuning.same_index(self.retriever.tuning), "index-time knobs need a store of their own"
            members = [c for c in self.contracts if c.half == half]
            self.measured[tuning, half] = pipeline_recall(lambda c, q: self.ranked(c, q, tuning), members)
        return self.measured[tuning, half]


def run(args: argparse.Namespace) -> dict:
    contracts = chosen_contracts(args)
    chunks = chunk_config(args.chunk)
    retriever = project_retriever(args.store, args.model_dir, chunks, not args.no_cache)
    shipped = retriever.tuning
    evaluate = TuningEvaluator(retriever, contracts)
    assert retriever.embedder is not None
    if args.speed_only:
        report = {"contracts": len(contracts), "recall": {}}
        report["latency"] = measure_latency(retriever, evaluate.doc_ids, contracts)
        report["speed"] = measure_speed(contracts, args.model_dir, chunks, args.speed_sample)
        retriever.close()
        return report
    peers = peer_rankers(contracts, retriever.embedder)
    table = {name: pipeline_recall(ranker, contracts) for name, ranker in peers.items()}
    table["project (before: fit start)"] = evaluate(CV_START)
    table["project (shipped)"] = evaluate(shipped)
    table["project (shipped, no plain_words)"] = evaluate(without_plain_words(shipped))
    report: dict = {
        "contracts": len(contracts),
        "questions": {qs: sum(q.question_set == qs for c in contracts for q in c.questions) for qs in QUESTION_SETS},
        "chunks": asdict(chunks),
        "shipped_tuning": asdict(shipped),
        "routing_top1": routing_top1(evaluate, contracts),
    }
    if not args.no_cv:
        knobs = {name: KNOBS[name] for name in args.knobs.split(",")} if args.knobs else KNOBS
        report["cross_validation"] = {}
        for label, fitted_knobs in (("", knobs), (", no plain_words", without_plain_knobs(knobs))):
            started = time.perf_counter()
            measured_before = len(evaluate.measured)
            validation = cross_validate(evaluate, CV_START, fitted_knobs)
            table[f"project (cross-validated{label})"] = validation.held_out
            report["cross_validation"][label.strip(", ") or "all knobs"] = {
                "knobs": {name: list(values) for name, values in fitted_knobs.items()},
                "start": asdict(CV_START),
                "fitted_on": {half: tuning_changes(t, shipped) for half, t in validation.fitted.items()},
                "in_sample": {half: objective(evaluate(t, half), half) for half, t in validation.fitted.items()},
                "tunings_measured": len(evaluate.measured) - measured_before,
                "seconds": time.perf_counter() - started,
            }
        report["sweep"] = sweep(evaluate, shipped, knobs)
    if args.chunk_grid:
        report["chunk_grid"] = chunk_grid(args, contracts, shipped, table)
    report["recall"] = {name: recalls.summary() for name, recalls in table.items()}
    report["per_category_r4k"] = per_category(table)
    if not args.no_speed:
        report["latency"] = measure_latency(retriever, evaluate.doc_ids, contracts)
        report["speed"] = measure_speed(contracts, args.model_dir, chunks, args.speed_sample)
    retriever.close()
    return report


def chunk_grid(args: argparse.Namespace, contracts: Sequence[Contract], shipped: SearchTuning, table: dict) -> dict:
    """Chunk sizes cross-validated: the shipped sizes and each alternative (own store), the best on one half
    reported on the other. Search tuning stays the shipped one."""
    candidates = {"shipped": RETRIEVAL_CHUNKS} | {spec: chunk_config(spec) for spec in args.chunk_grid.split(";")}
    measured: dict[str, Recalls] = {"shipped": table["project (shipped)"]}
    for spec, config in candidates.items():
        if spec not in measured:
            retriever = project_retriever(args.store, args.model_dir, config, not args.no_cache)
            measured[spec] = TuningEvaluator(retriever, contracts)(shipped)
            retriever.close()
    fitted = {half: max(measured, key=lambda spec: objective(measured[spec], half)) for half in HALF_NAMES}
    first, second = HALF_NAMES
    held_out = Recalls(measured[fitted[second]].of_half(first) + measured[fitted[first]].of_half(second))
    table["project (chunk sizes cross-validated)"] = held_out
    return {
        "fitted_on": fitted,
        "by_config": {spec: recalls.summary() for spec, recalls in measured.items()},
    }


def per_category(table: dict[str, Recalls]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for name, recalls in table.items():
        values: dict[str, list[float]] = {}
        for row in recalls.rows:
            values.setdefault(f"{row.question_set}: {row.category}", []).append(row.recalls[1])
        result[name] = {key: statistics.mean(v) for key, v in sorted(values.items())}
    return result


def print_table(report: dict) -> None:
    recall = report["recall"]
    if not recall:
        print_speed(report)
        return
    questions = ", ".join(f"{n} {qs}" for qs, n in report["questions"].items())
    print(f"\nRetrieval on {report['contracts']} CUAD dev contracts ({questions} questions); halves A / B")
    head = "".join(f"{f'R@{b // 1000}k all  A  B':>22}" for b in BUDGETS)
    for question_set in QUESTION_SETS:
        hybrid = recall["hybrid-500"][question_set]["all"]["R@4k"]
        print(f"\n{question_set + ' questions':<40}{head}{'R@4k/hybrid':>13}")
        for name, by_set in recall.items():
            parts = by_set[question_set]
            cells = "".join(
                f"{parts['all'][key]:>10.3f}{parts['A'][key]:>6.3f}{parts['B'][key]:>6.3f}"
                for key in ("R@2k", "R@4k", "R@8k")
            )
            print(f"{name:<40}{cells}{parts['all']['R@4k'] / hybrid:>12.2f}x")
    if "routing_top1" in report:
        print("\nRouting top-1 (the closest concept is the question's category), checklist alone / with plain_words:")
        for question_set, shares in report["routing_top1"].items():
            print(f"  {question_set:<10}" + " / ".join(f"{share:.3f}" for share in shares.values()))
    for label, validation in report.get("cross_validation", {}).items():
        print(f"\nCross-validation, {label} ({validation['tunings_measured']} tunings, {validation['seconds']:.0f} s):")
        for half, changes in validation["fitted_on"].items():
            print(
                f"  fitted on {half} (R@4k on {half}: {validation['in_sample'][half]:.3f}); differs from shipped in: "
                f"{changes or 'nothing'}"
            )
    if "sweep" in report:
        print("\nOne knob at a time from the shipped tuning, R@4k (category A / B, lawyer A / B, heldout A / B):")
        for knob, values in report["sweep"].items():
            cells = []
            for value, by_set in values.items():
                figures = " ".join(f"{by_set[qs][h]['R@4k']:.3f}" for qs in QUESTION_SETS for h in HALF_NAMES)
                cells.append(f"{value}: {figures}")
            print(f"  {knob:<20}" + ("\n  " + " " * 20).join(cells))
    if "chunk_grid" in report:
        print(f"\nChunk sizes fitted: {report['chunk_grid']['fitted_on']}")
    print_speed(report)


def print_speed(report: dict) -> None:
    if "latency" in report:
        latency, speed = report["latency"], report["speed"]
        print(
            f"\nIngest, median over {speed['timed_contracts']} contracts (fresh store, interleaved): project "
            f"{speed['median_ingest_s']:.2f} s, naive extract+chunk+embed {speed['median_naive_s']:.2f} s -> "
            f"{speed['ratio_of_medians']:.2f}x (median of per-contract ratios {speed['median_ratio']:.2f}x; "
            "target <= 1.3x)"
        )
        if "cpu_ratio_of_medians" in speed:
            print(
                f"  CPU seconds of this process: project {speed['median_ingest_cpu_s']:.2f} s, naive "
                f"{speed['median_naive_cpu_s']:.2f} s -> {speed['cpu_ratio_of_medians']:.2f}x (load average "
                f"{speed['load_average']:.1f})"
            )
        print(
            f"\nWarm query over {latency['queries']} questions, each embedded afresh (top 5 of 20, local ranking; load "
            f"average {latency['load_average']:.1f} on this machine), milliseconds; target wall p95 <= 30 ms:"
        )
        print(f"  {'':<26}{'wall median':>12}{'wall p95':>10}{'CPU median':>12}{'CPU p95':>9}{'p95 / naive':>13}")
        naive = latency["naive"]
        for name in ("shared session", "query session 1 thread", "naive"):
            row = latency[name]
            print(
                f"  {'naive (embed + cosine)' if name == 'naive' else 'project, ' + name:<26}"
                f"{row['wall_ms_median']:>12.1f}{row['wall_ms_p95']:>10.1f}{row['cpu_ms_median']:>12.1f}"
                f"{row['cpu_ms_p95']:>9.1f}{row['wall_ms_p95'] / naive['wall_ms_p95']:>12.2f}x"
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
    out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"\nFull results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
