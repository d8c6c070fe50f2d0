"""Combining the dense and lexical rankings of one document's chunks into one candidate list."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RRF_K = 60


def ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each item (1 = best); ties broken by position."""
    order = np.argsort(-scores, kind="stable")
    result = np.empty(len(scores), dtype=np.float32)
    result[order] = np.arange(1, len(scores) + 1)
    return result


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[np.ndarray, float]], k: int = RRF_K, require_positive: Sequence[bool] = ()
) -> np.ndarray:
    """Weighted RRF: ``sum(weight / (k + rank))``. A ranking flagged in ``require_positive`` only votes for items
    it actually matched (a BM25 score of 0 means no query word occurs, not "ranked last")."""
    fused = np.zeros(len(rankings[0][0]), dtype=np.float32)
    for position, (scores, weight) in enumerate(rankings):
        contribution = weight / (k + ranks(scores))
        if position < len(require_positive) and require_positive[position]:
            contribution = np.where(scores > 0, contribution, 0.0)
        fused += contribution
    return fused


def top_indices(scores: np.ndarray, count: int) -> list[int]:
    count = min(count, len(scores))
    if count <= 0:
        return []
    part = np.argpartition(-scores, count - 1)[:count]
    return [int(i) for i in part[np.argsort(-scores[part], kind="stable")]]


def standardised(scores: np.ndarray) -> np.ndarray:
    """Scores as z-scores within the document, so signals on different scales (cosine, BM25) can be added."""
    spread = float(scores.std())
    return (scores - scores.mean()) / (spread if spread > 0 else 1.0)


def standardised_sum(rankings: Sequence[tuple[np.ndarray, float]]) -> np.ndarray:
    """Weighted sum of z-scored signals: unlike RRF it keeps how far ahead a clear winner is (CUAD dev: +1.5 points
    of R@4k over weighted RRF, benchmarks/retrieval.py)."""
    fused = np.zeros(len(rankings[0][0]), dtype=np.float32)
    for scores, weight in rankings:
        if weight:
            fused += weight * standardised(scores.astype(np.float32))
    return fused
