"""First-stage ranking of one document's chunks: dense + BM25 per field, fused, with the section graph's neighbours.

A ``DocumentIndex`` is built once per document (vectors from the store, BM25 per search field, who cites whom);
``rank`` then costs a few dot products and BM25 lookups per query. The knobs live in ``SearchTuning`` and are
cross-validated by benchmarks/retrieval.py (fitted on one half of the dev contracts, reported on the other).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from contract_app.chunking.render import PREAMBLE_LABEL, SEARCH_FIELDS, search_fields, text_for_embedding
from contract_app.model import Chunk, Hit
from contract_app.retrieval.concepts import Routed
from contract_app.retrieval.fusion import reciprocal_rank_fusion, standardised, standardised_sum, top_indices
from contract_app.retrieval.lexical import LexicalIndex
from contract_app.retrieval.spans import MIN_NEW_CHARS, distinct_hits

OPENING_CHUNKS = 3
"""How many opening chunks the heading field labels as the preamble: the real opening (title, parties, date), not a
whole unheaded document."""


@dataclass(frozen=True)
class SearchTuning:
    """First-stage knobs, chosen with benchmarks/retrieval.py (its cross-validation names what each is worth)."""

    dense_weight: float = 1.0
    lexical_weight: float = 0.5  # BM25 of the query against the embedded text (heading line + clause)
    heading_weight: float = 0.5  # BM25 against the heading line alone (see ``field_texts``)
    terms_weight: float = 0.0  # BM25 against the defined terms the chunk uses, with their meanings
    cited_weight: float = 0.0  # BM25 against the titles of the sections the chunk cites
    fusion: str = "standardised"  # or "rrf" (weighted reciprocal rank fusion; dense and clause text only)
    rrf_k: int = 60
    distinct: bool = True  # trim hits to text no better-ranked hit shows (``spans.distinct_hits``)
    facets: bool = True  # BM25 per sentence of the query, averaged (``LexicalIndex.facet_scores``)
    opening_chunks: int = OPENING_CHUNKS  # index time: opening chunks the heading field labels as the preamble
    min_new_chars: int = MIN_NEW_CHARS  # a trimmed hit with less new text than this is dropped
    neighbour_hits: int = 0  # the top hits whose cited / citing chunk is brought in right after them
    neighbour_min_score: float = 0.0  # ... when that chunk's fused score (z) is at least this
    concept_min_similarity: float = 0.3  # a query this close to a checklist concept (cosine) borrows its words
    concept_min_margin: float = 0.0  # ... if the closest concept is this much closer than the next concept
    concept_others: bool = True  # ... and is closer than every subject the checklist does not cover
    concept_count: int = 2  # the closest concepts a query may borrow from ...
    concept_temperature: float = 0.05  # ... each weighted exp(-(its distance behind the closest) / this)
    concept_words: str = "cues+plain"  # "+"-joined: "cues" (its patterns' words), "description", "plain"
    concept_asked: bool = False  # route by ``plain_words``' ways of asking too, not only the checklist's (both dev
    # halves' fits leave them out: lawyer R@4k -1.9 / -1.1 points with them; held-out phrasings +2.5 / +2.6)
    concept_lexical_weight: float = 1.5  # BM25 of the concepts' words against the clause text, times this (both
    # fits chose 2.0, within 0.01 of 1.5 on every half and set; 2.0 lets a badly routed query's words outvote its own)
    concept_dense_weight: float = 0.5  # the concepts' vectors added to the query's, times this
    concept_heading_weight: float = 0.25  # BM25 of the concepts' names against the heading field, times this

    def same_index(self, other: SearchTuning) -> bool:
        """Whether a ``DocumentIndex`` built for ``other`` serves this tuning too (only index-time knobs matter)."""
        return self.opening_chunks == other.opening_chunks

    def expands(self) -> bool:
        """Whether a query may borrow a checklist concept's words (see ``concepts``)."""
        return self.concept_min_similarity <= 1 and bool(self.concept_dense_weight or self.concept_lexical_weight)

    def field_weights(self) -> dict[str, float]:
        return {
            "text": self.lexical_weight,
            "heading": self.heading_weight,
            "terms": self.terms_weight,
            "cited": self.cited_weight,
        }


def field_texts(chunks: tuple[Chunk, ...], opening_chunks: int = OPENING_CHUNKS) -> dict[str, list[str]]:
    """Per search field, the text of every chunk. The heading field alone lets a query naming a section's subject
    ("governing law") find it where its clause uses other words; only the first few opening chunks keep the
    preamble's heading there, so an unheaded document is not all "preamble"."""
    texts: dict[str, list[str]] = {name: [] for name in SEARCH_FIELDS}
    for position, chunk in enumerate(chunks):
        fields = search_fields(chunk)
        if chunk.section_label == PREAMBLE_LABEL and position >= opening_chunks:
            fields["heading"] = ""
        for name in SEARCH_FIELDS:
            texts[name].append(fields[name])
    return texts


@dataclass
class DocumentIndex:
    chunks: tuple[Chunk, ...]
    vectors: np.ndarray | None  # None while the dense vectors are being filled in: search then uses words alone
    fields: dict[str, LexicalIndex]
    texts: list[str]  # what was embedded, per chunk (what a remote reranker reads)
    neighbours: list[list[int]]  # per chunk: the chunks starting the sections it cites, and those citing its own
    _fixed_scores: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, chunks: tuple[Chunk, ...], vectors: np.ndarray | None, tuning: SearchTuning) -> DocumentIndex:
        fields = {name: LexicalIndex(texts) for name, texts in field_texts(chunks, tuning.opening_chunks).items()}
        texts = [text_for_embedding(chunk) for chunk in chunks]
        return cls(chunks, vectors, fields, texts, citation_neighbours(chunks))

    def fixed_scores(self, field_name: str, words: str) -> np.ndarray:
        """Standardised BM25 of words that do not depend on the query (a checklist concept's words or name),
        computed once per document: a routed query then costs no BM25 pass over them, only the lookup."""
        key = (field_name, words)
        scores = self._fixed_scores.get(key)
        if scores is None:
            scores = self._fixed_scores[key] = standardised(self.fields[field_name].scores(words))
        return scores


def citation_neighbours(chunks: tuple[Chunk, ...]) -> list[list[int]]:
    """For each chunk, the chunk where each section it cites starts, and every chunk citing a section that starts in
    it: one hop of the section graph, both ways, in chunk terms."""
    first_chunk: dict[str, int] = {}
    for position, chunk in enumerate(chunks):
        for section_id in chunk.section_ids:
            first_chunk.setdefault(section_id, position)
    neighbours: list[list[int]] = [[] for _ in chunks]
    for position, chunk in enumerate(chunks):
        for cited in chunk.cited:
            target = first_chunk.get(cited.section_id)
            if target is None or target == position:
                continue
            if target not in neighbours[position]:
                neighbours[position].append(target)
            if position not in neighbours[target]:
                neighbours[target].append(position)
    return neighbours


@dataclass(frozen=True)
class Ranking:
    shortlist: list[int]  # chunk positions, best first
    fused: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray


def rank(
    index: DocumentIndex,
    query: str,
    query_vector: np.ndarray | None,
    tuning: SearchTuning,
    count: int,
    routed: Sequence[Routed] = (),
) -> Ranking:
    """The ``count`` best chunks for ``query`` (its vector None when there is no embedding model), expanded with
    the checklist concepts it was routed to (closest first) that are close enough."""
    faceted = tuning.facets and tuning.fusion != "rrf"  # RRF reads a BM25 score of 0 as "no query word"
    lexical = _field_scores(index.fields["text"], query, faceted)
    concepts = borrowed(routed, tuning)
    query_vector = leaning(query_vector, concepts, tuning)
    if index.vectors is None:
        query_vector = None  # its clauses are still being embedded: words alone
    dense = np.zeros_like(lexical) if query_vector is None else index.vectors @ query_vector
    dense_weight = 0.0 if query_vector is None else tuning.dense_weight
    if tuning.fusion == "rrf":
        rankings = [(dense, dense_weight), (lexical, tuning.lexical_weight)]
        fused = reciprocal_rank_fusion(rankings, k=tuning.rrf_k, require_positive=(False, True))
    else:

        def field_scores(name: str) -> np.ndarray:
            return _field_scores(index.fields[name], query, tuning.facets)

        signals = fusion_signals((dense, dense_weight), lexical, field_scores, index.fixed_scores, concepts, tuning)
        fused = standardised_sum(signals)
    shortlist = top_indices(fused, count)
    if tuning.neighbour_hits:
        shortlist = with_neighbours(shortlist, index.neighbours, standardised(fused), tuning)[:count]
    return Ranking(shortlist, fused, dense, lexical)


def fusion_signals(
    dense: tuple[np.ndarray, float],
    lexical: np.ndarray,
    field_scores: Callable[[str], np.ndarray],
    fixed_scores: Callable[[str, str], np.ndarray],
    concepts: Sequence[tuple[Routed, float]],
    tuning: SearchTuning,
) -> list[tuple[np.ndarray, float]]:
    """The weighted signals fused by z-score: dense, the query's BM25 per field, and the borrowed concepts' words
    and names. One recipe for a document (``rank``) and for a matter's documents at once (``across``)."""
    signals = [dense, (lexical, tuning.lexical_weight)]
    for name, weight in tuning.field_weights().items():
        if name != "text" and weight:
            signals.append((field_scores(name), weight))
    if concepts and tuning.concept_lexical_weight:
        words = sum(weight * fixed_scores("text", concept_words(c, tuning.concept_words)) for c, weight in concepts)
        signals.append((np.asarray(words, dtype=np.float32), tuning.concept_lexical_weight))
    if concepts and tuning.concept_heading_weight:
        named = sum(weight * fixed_scores("heading", c.concept.name) for c, weight in concepts)
        signals.append((np.asarray(named, dtype=np.float32), tuning.concept_heading_weight))
    return signals


def leaning(
    query_vector: np.ndarray | None, concepts: Sequence[tuple[Routed, float]], tuning: SearchTuning
) -> np.ndarray | None:
    """The query's vector leaning towards the concepts it borrows from (unit length), or as it is."""
    if not concepts or query_vector is None or not tuning.concept_dense_weight:
        return query_vector
    mixed = query_vector + tuning.concept_dense_weight * sum(weight * c.vector for c, weight in concepts)
    return mixed / max(float(np.linalg.norm(mixed)), 1e-12)


def ranked_hits(
    index: DocumentIndex,
    ranking: Ranking,
    order: Sequence[int],
    scores: Sequence[float],
    tuning: SearchTuning,
    top_k: int,
) -> list[Hit]:
    """The first ``top_k`` hits of ``order`` (a ranking's shortlist, or a reranker's order of it) with each stage's
    score, trimmed to text no better hit shows when the tuning says so. The one ending of every search: the window's,
    and the benchmark's sweep, which re-ranks cached scores without searching again."""
    hits = (
        Hit(
            index.chunks[i],
            score,
            {
                "dense": float(ranking.dense[i]),
                "lexical": float(ranking.lexical[i]),
                "fused": float(ranking.fused[i]),
            },
        )
        for i, score in zip(order, scores, strict=True)
    )
    return distinct_hits(hits, top_k, tuning.min_new_chars) if tuning.distinct else list(hits)[:top_k]


def borrowed(routed: Sequence[Routed], tuning: SearchTuning) -> list[tuple[Routed, float]]:
    """The concepts a query borrows from, with weights summing to 1: the closest ``concept_count`` that reach
    ``concept_min_similarity``, each the less the further it is behind the closest. A query borrows nothing when it
    is about no checklist concept: the closest subject is not on the checklist (``concept_others``), or the closest
    concept does not lead the next one by ``concept_min_margin``. A subject off the checklist never takes a borrowed
    concept's place."""
    if not routed or not routed[0].concept.on_checklist:
        return []
    on_checklist = [r for r in routed if r.concept.on_checklist]
    if len(on_checklist) > 1 and on_checklist[0].similarity - on_checklist[1].similarity < tuning.concept_min_margin:
        return []
    chosen = [r for r in on_checklist[: tuning.concept_count] if r.similarity >= tuning.concept_min_similarity]
    if not chosen:
        return []
    raw = [np.exp((r.similarity - chosen[0].similarity) / tuning.concept_temperature) for r in chosen]
    return [(r, float(w / sum(raw))) for r, w in zip(chosen, raw, strict=True)]


def concept_words(routed: Routed, which: str) -> str:
    """The words a routed query borrows, ``which`` naming the sources ("cues+plain"): its concept's cue words, its
    description, the contract terms of ``plain_words``."""
    concept = routed.concept
    parts = {"cues": concept.vocabulary, "description": concept.text, "plain": concept.contract_words}
    return " ".join(parts[name] for name in which.split("+"))


def _field_scores(field: LexicalIndex, query: str, faceted: bool) -> np.ndarray:
    return field.facet_scores(query) if faceted else field.scores(query)


def with_neighbours(
    shortlist: list[int], neighbours: list[list[int]], scores: np.ndarray, tuning: SearchTuning
) -> list[int]:
    """The shortlist with, right after each of its first ``neighbour_hits`` chunks, the chunks it cites or is
    cited by that score at least ``neighbour_min_score`` and are not already ranked above."""
    placed: list[int] = []
    for rank_position, position in enumerate(shortlist):
        if position in placed:
            continue
        placed.append(position)
        if rank_position >= tuning.neighbour_hits:
            continue
        for other in neighbours[position]:
            if other not in placed and scores[other] >= tuning.neighbour_min_score:
                placed.append(other)
    return placed
