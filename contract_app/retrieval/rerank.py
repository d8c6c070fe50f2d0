"""Second stage: reorder the ~20 fused candidates. Cohere when configured; a failing Cohere never fails a search."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from contract_app.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reranked:
    order: list[int]  # positions into the candidate list, best first
    scores: list[float]  # aligned with ``order``
    notice: str | None = None  # set when the reranker fell back to the first-stage order


def keep_order(count: int, first_stage: Sequence[float], notice: str | None = None) -> Reranked:
    count = min(count, len(first_stage))  # a short contract has fewer candidates than were asked for
    return Reranked(list(range(count)), [float(s) for s in first_stage[:count]], notice)


class CohereReranker:
    """Cohere rerank through the official SDK (``ClientV2``); any failure falls back to the fused order."""

    def __init__(self, settings: Settings, api_key: str) -> None:
        import cohere

        self.model = settings.cohere_model
        self._client = cohere.ClientV2(
            api_key=api_key, base_url=settings.cohere_base_url or None, timeout=settings.request_timeout, max_retries=1
        )

    def rerank(self, query: str, documents: Sequence[str], first_stage: Sequence[float], top_n: int) -> Reranked:
        if not documents:
            return Reranked([], [])
        try:
            response = self._client.rerank(model=self.model, query=query, documents=list(documents), top_n=top_n)
            results = [r for r in response.results if 0 <= r.index < len(documents)]
        except Exception as error:
            log.warning("Cohere rerank failed (%s).", _describe(error))  # its text repeats headers, maybe the key
            return keep_order(
                top_n, first_stage, f"Cohere rerank is unavailable ({_describe(error)}): results use local ranking."
            )
        if not results:
            return keep_order(top_n, first_stage, "Cohere rerank returned no results: results use local ranking.")
        return Reranked([r.index for r in results], [float(r.relevance_score) for r in results])


def _describe(error: Exception) -> str:
    status = getattr(error, "status_code", None)
    if status:
        return f"HTTP {status}"
    name = type(error).__name__
    return "timed out" if "Timeout" in name else name


def cohere_reranker(settings: Settings) -> CohereReranker | None:
    """Cohere only when chosen and a key exists; None means the local ranking is used."""
    if settings.rerank_backend != "cohere":
        return None
    key = settings.cohere_api_key()
    return CohereReranker(settings, key) if key else None
