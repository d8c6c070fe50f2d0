"""Find the clauses of each CUAD category offline: lexical cues per sentence, thresholded.

Each sentence gets, per category, the summed weights of the category's cues it matches. A category is found when
its best sentence reaches the category's calibrated threshold (see benchmarks/clauses.py), and the clauses shown are
the best sentences at or above it. A bonus for sentences in the chunks hybrid search ranks highest for the
category's question (``hit_spans``) was measured and dropped: it fitted the calibration half and lost on the
held-out one (macro F1 0.688-0.696 against 0.714 for cues alone); benchmarks/clauses.py keeps it as an ablation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contract_app.model import ContractStructure, Span
from contract_app.reports.categories import Category
from contract_app.sentences import split_sentences

PREAMBLE_CHARS = 4000  # where titles, parties and the agreement date are looked for
RETRIEVAL_BONUS = (1.0, 0.5)  # added for a sentence in a top-3 / top-10 hit
MAX_CLAUSES = 3
RUNNER_UP_MARGIN = 1.5  # a further clause is shown only if it scores within this of the best one


@dataclass(frozen=True)
class ScoredSentence:
    span: Span
    score: float


def normalise(text: str) -> str:
    """One space between words: PDF line breaks and non-breaking spaces must not defeat the cues."""
    return " ".join(text.split())


def _retrieval_bonus(span: Span, hit_spans: Sequence[Span]) -> float:
    for rank, (start, end) in enumerate(hit_spans[:10]):
        if start <= span[0] < end:
            return RETRIEVAL_BONUS[0] if rank < 3 else RETRIEVAL_BONUS[1]
    return 0.0


class SentenceIndex:
    """The document's sentences, normalised once and shared by every category."""

    def __init__(self, structure: ContractStructure) -> None:
        text = structure.document.text
        self.spans = split_sentences(text)
        self.texts = [normalise(text[start:end]) for start, end in self.spans]
        self.preamble_end = max(min(PREAMBLE_CHARS, len(text) // 5), 1500)

    def score(self, category: Category, hit_spans: Sequence[Span] = ()) -> list[ScoredSentence]:
        """Every sentence with a positive score, best first."""
        scored = []
        for span, text in zip(self.spans, self.texts, strict=True):
            if category.scope == "preamble" and span[0] >= self.preamble_end:
                break
            score = category.score(text)
            if score > 0:
                score += _retrieval_bonus(span, hit_spans)
                scored.append(ScoredSentence(span, score))
        scored.sort(key=lambda item: (-item.score, item.span[0]))
        return scored


def best_score(scored: Sequence[ScoredSentence]) -> float:
    return scored[0].score if scored else 0.0


def select_clauses(scored: Sequence[ScoredSentence], threshold: float, limit: int = MAX_CLAUSES) -> list[Span]:
    """The best sentences reaching the threshold and close to the best one, best first."""
    if not scored:
        return []
    cutoff = max(threshold, scored[0].score - RUNNER_UP_MARGIN)
    return [item.span for item in scored if item.score >= cutoff][:limit]
