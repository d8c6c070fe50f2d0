"""The offline answer: the retrieved clauses that address the question, with the answering sentences in bold.

Nothing is generated, so nothing can be invented: every line is contract text with its citation. Below the
calibrated score (see ``calibration.py``) the honest answer is that no clause addresses the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from contract_app.answering.locate import CHUNK_ONLY, Locator
from contract_app.answering.prompt import pages_label
from contract_app.answering.result import Answer
from contract_app.answering.scoring import ScoredSentence, TermStats, best_sentences
from contract_app.model import Citation, Hit, Span

NO_CLAUSE = "No clause in this contract appears to address this."
THRESHOLD = 0.4
"""Minimum clause score (``clause_score``) for a clause to count as answering. Calibrated with ``calibration.py`` on
the CUAD dev set: 60 contracts x 41 category questions, 808 of them with a gold clause; "addressed" against gold
presence. Now (the first CANDIDATE_HITS clauses, MiniLM retrieval with query facets): at 0.40 precision 0.63, recall
0.77, F1 0.69, the maximum (0.45: F1 0.69, recall 0.68). Earlier (5 clauses), the maximum picked on alternate halves
of the contracts held out at F1 0.70 and 0.73; lexical-only retrieval (no embedding model) gave F1 0.66 at 0.40. The
value sits at the low end of the maximum because a false "no clause" costs a lawyer more than one extra clause."""
DENSE_WEIGHT = 0.7  # share of the retriever's cosine similarity in a clause's score (calibrated with THRESHOLD)
RELATIVE_FLOOR = 0.85
"""A further clause is shown only when it scores at least this share of the best one. Measured on what is SHOWN
(``benchmarks/answers.py``: 60 CUAD dev contracts x 41 questions, 772 with a gold clause located in the PDF text; a
shown clause is right when its bold text overlaps a gold clause): at 0.85 precision 0.402 and recall 0.516 with 1.54
clauses shown per question, against 0.388 / 0.532 / 1.72 at the former 0.75 (both in retrieval order); score order
at 0.85 gave 0.397 / 0.512. 0.90 would lose about 3 points of recall, and cutting to 2 clauses 2.4: a missed clause
costs a lawyer more than an extra one to read. The rest of the noise is mostly a wrong first clause, which no floor
removes. Re-measure with ``nice .venv/bin/python benchmarks/answers.py --store DIR`` (one retrieval pass, the whole
grid, both halves)."""
MAX_CLAUSES = 3  # measured with RELATIVE_FLOOR: 2 raises precision 3.2 points but loses 2.4 of recall
CANDIDATE_HITS = 3
"""The offline answer draws on the first 3 retrieved clauses (a model is given 5). ``benchmarks/answers.py`` with
RELATIVE_FLOOR 0.85: from 3, precision 0.463 and recall 0.500 (1.29 clauses shown); from 5, 0.402 / 0.516 (1.54);
from 4, 0.425 / 0.512; from 2, 0.506 / 0.465. Each half of the contracts moves alike (precision +6.2 / +6.0 points,
recall -1.5 / -1.7 from 5 to 3): retrieval's lower ranks mostly add clauses that only look relevant."""
CONTEXT_CHARS = 200  # clause text shown around the marked sentences, each side


@dataclass(frozen=True)
class Match:
    """A retrieved clause scoring above the threshold, with the sentences that would be shown in bold."""

    hit: Hit
    sentences: list[ScoredSentence]
    score: float


def heading_of(hit: Hit) -> str:
    return " ".join(hit.chunk.heading_path)


def combined_score(hit: Hit, coverage: float) -> float:
    """Blend the best sentence's term coverage with the retriever's semantic similarity, when there is one."""
    dense = hit.stage_scores.get("dense", 0.0)
    if not dense:  # lexical-only retrieval (no embedding model): coverage alone, on the same scale
        return coverage
    return (1.0 - DENSE_WEIGHT) * coverage + DENSE_WEIGHT * dense


def clause_score(question: str, hit: Hit, stats: TermStats) -> float:
    """How well a retrieved clause answers the question (0..1): what the threshold is compared with."""
    sentences = best_sentences(question, hit.chunk.text, stats, heading_of(hit), limit=1)
    return combined_score(hit, sentences[0].score) if sentences else 0.0


def candidates(question: str, hits: Sequence[Hit], stats: TermStats, threshold: float = THRESHOLD) -> list[Match]:
    """Every retrieved clause among the first ``CANDIDATE_HITS`` scoring at least ``threshold``, in retrieval order
    (see ``select``)."""
    found = []
    for hit in hits[:CANDIDATE_HITS]:
        sentences = best_sentences(question, hit.chunk.text, stats, heading_of(hit))
        score = combined_score(hit, max(s.score for s in sentences)) if sentences else 0.0
        if sentences and score >= threshold:
            found.append(Match(hit, sentences, score))
    return found


class Scored(Protocol):
    score: float


S = TypeVar("S", bound=Scored)


def select(ranked: Sequence[S], floor: float = RELATIVE_FLOOR, limit: int = MAX_CLAUSES) -> list[S]:
    """The clauses shown: those scoring at least ``floor`` of the best score, at most ``limit``, in retrieval order.

    Retrieval's order, not this score's, decides which clause comes first: the first clause shown is right for 54.3%
    of the CUAD dev questions with a located gold clause, against 49.3% when sorted by score (halves +4.4 / +5.8
    points; with 3 shown, precision 0.402 and recall 0.516 against 0.397 / 0.512; ``benchmarks/answers.py``).
    """
    if not ranked:
        return []
    best = max(m.score for m in ranked)
    return [m for m in ranked if m.score >= floor * best][:limit]


def marked_bounds(sentences: Sequence[ScoredSentence]) -> Span:
    """Where the bold text starts and ends in the clause: what the answer claims answers the question."""
    return sentences[0].span[0], sentences[-1].span[1]


def excerpt(text: str, sentences: Sequence[ScoredSentence]) -> str:
    """The marked sentences in bold with some clause text around them, on one line."""
    first, last = marked_bounds(sentences)
    start = max(first - CONTEXT_CHARS, 0)
    end = min(last + CONTEXT_CHARS, len(text))
    if start > 0:
        start = text.find(" ", start) + 1 or start  # do not cut a word
    if end < len(text):
        cut = text.rfind(" ", last, end)
        end = cut if cut > 0 else end
    pieces, cursor = [], start
    for sentence in sentences:
        pieces.append(text[cursor : sentence.span[0]])
        pieces.append(f"**{sentence.text}**")
        cursor = sentence.span[1]
    pieces.append(text[cursor:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _citation(match: Match, locator: Locator) -> Citation:
    chunk = match.hit.chunk
    best = max(match.sentences, key=lambda s: s.score)
    span = (chunk.char_span[0] + best.span[0], chunk.char_span[0] + best.span[1])
    quote = " ".join(best.text.split())
    return Citation(chunk.id, locator.section(span, chunk), locator.pages(span, chunk), span, quote)


def extractive_answer(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    locator: Locator = CHUNK_ONLY,
    threshold: float = THRESHOLD,
) -> Answer:
    matches = select(candidates(question, hits, stats, threshold))
    if not matches:
        return Answer(NO_CLAUSE, (), "offline", True)
    citations = tuple(_citation(m, locator) for m in matches)
    blocks = []
    for number, (match, citation) in enumerate(zip(matches, citations, strict=True), 1):
        where = f"Section {citation.section}" if citation.section else "Clause"
        label = pages_label(citation.pages)
        shown = excerpt(match.hit.chunk.text, match.sentences)
        blocks.append(f"{where}{', ' + label if label else ''} [{number}]:\n{shown}")
    return Answer("\n\n".join(blocks), citations, "offline", True)
