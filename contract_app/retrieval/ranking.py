"""First-stage ranking of one document's chunks: dense + BM25 per field, fused, with the section graph's neighbours.

A ``DocumentIndex`` is built once per document (vectors from the store, BM25 per search field, who cites whom);
``rank`` then costs a few dot products and BM25 lookups per query. The knobs live in ``SearchTuning`` and are
cross-validated by benchmarks/retrieval.py (fitted on one half of the dev contracts, reported on the other).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from contract_app.chunking.render import PREAMBLE_LABEL, SEARCH_FIELDS, search_fields, text_for_embedding
from contract_app.model import Chunk
from contract_app.retrieval.concepts import Routed
from contract_app.retrieval.embeddings import Embedder
from contract_app.retrieval.fusion import reciprocal_rank_fusion, standardised, standardised_sum, top_indices
from contract_app.retrieval.lexical import LexicalIndex
from contract_app.retrieval.spans import MIN_NEW_CHARS
from contract_app.sentences import split_sentences

OPENING_CHUNKS = 3
"""How many opening chunks the heading field labels as the preamble: the real opening (title, parties, date), not a
whole unheaded document."""


@dataclass(frozen=True)
class SearchTuning:
    """First-stage knobs, chosen with benchmarks/retrieval.py (its cross-validation names what each is worth)."""

    dense_weight: float = 1.0
    lexical_weight: float = 1.0  # BM25 of the query against the embedded text (heading line + clause)
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
    concept_min_similarity: float = 0.5  # a query this close to a checklist concept (cosine) borrows its words
    concept_dense_weight: float = 0.0  # the concept's vector added to the query's, times this
    concept_lexical_weight: float = 0.0  # BM25 of the concept's words against the clause text, times this
    concept_words: str = "cues"  # "cues" (the words of its patterns), "description", or "both"
    rescore_weight: float = 0.0  # the shortlist re-scored by its best sentence's cosine (z), times this
    rescore_count: int = 20  # how many of the first-stage best are re-scored

    def same_index(self, other: SearchTuning) -> bool:
        """Whether a ``DocumentIndex`` built for ``other`` serves this tuning too (only index-time knobs matter)."""
        return (self.opening_chunks, self.rescores()) == (other.opening_chunks, other.rescores())

    def rescores(self) -> bool:
        return self.rescore_weight > 0

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
    vectors: np.ndarray
    fields: dict[str, LexicalIndex]
    texts: list[str]  # what was embedded, per chunk (what a remote reranker reads)
    neighbours: list[list[int]]  # per chunk: the chunks starting the sections it cites, and those citing its own
    sentence_vectors: np.ndarray | None = None  # one row per sentence of every chunk (when re-scoring)
    sentence_owner: np.ndarray | None = None  # the chunk position of each row

    @classmethod
    def build(
        cls, chunks: tuple[Chunk, ...], vectors: np.ndarray, tuning: SearchTuning, embedder: Embedder | None = None
    ) -> DocumentIndex:
        fields = {name: LexicalIndex(texts) for name, texts in field_texts(chunks, tuning.opening_chunks).items()}
        texts = [text_for_embedding(chunk) for chunk in chunks]
        index = cls(chunks, vectors, fields, texts, citation_neighbours(chunks))
        if tuning.rescores() and embedder is not None:
            sentences = [
                (position, chunk.text[a:b])
                for position, chunk in enumerate(chunks)
                for a, b in split_sentences(chunk.text)
            ]
            index.sentence_vectors = embedder.embed([text for _, text in sentences])
            index.sentence_owner = np.array([position for position, _ in sentences], dtype=np.int64)
        return index


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
    routed: Routed | None = None,
) -> Ranking:
    """The ``count`` best chunks for ``query`` (its vector None when there is no embedding model), expanded with
    the checklist concept it was routed to when that is close enough."""
    faceted = tuning.facets and tuning.fusion != "rrf"  # RRF reads a BM25 score of 0 as "no query word"
    lexical = _field_scores(index.fields["text"], query, faceted)
    concept = routed if routed is not None and routed.similarity >= tuning.concept_min_similarity else None
    if concept is not None and query_vector is not None and tuning.concept_dense_weight:
        mixed = query_vector + tuning.concept_dense_weight * concept.vector
        query_vector = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
    dense = np.zeros_like(lexical) if query_vector is None else index.vectors @ query_vector
    dense_weight = 0.0 if query_vector is None else tuning.dense_weight
    if tuning.fusion == "rrf":
        rankings = [(dense, dense_weight), (lexical, tuning.lexical_weight)]
        fused = reciprocal_rank_fusion(rankings, k=tuning.rrf_k, require_positive=(False, True))
    else:
        signals = [(dense, dense_weight), (lexical, tuning.lexical_weight)]
        for name, weight in tuning.field_weights().items():
            if name != "text" and weight:
                signals.append((_field_scores(index.fields[name], query, tuning.facets), weight))
        if concept is not None and tuning.concept_lexical_weight:
            words = concept_words(concept, tuning.concept_words)
            signals.append((index.fields["text"].scores(words), tuning.concept_lexical_weight))
        fused = standardised_sum(signals)
    shortlist = top_indices(fused, count)
    if tuning.rescores() and query_vector is not None and index.sentence_vectors is not None:
        shortlist = rescored(shortlist, index, query_vector, fused, tuning)
    if tuning.neighbour_hits:
        shortlist = with_neighbours(shortlist, index.neighbours, standardised(fused), tuning)[:count]
    return Ranking(shortlist, fused, dense, lexical)


def rescored(
    shortlist: list[int], index: DocumentIndex, query_vector: np.ndarray, fused: np.ndarray, tuning: SearchTuning
) -> list[int]:
    """The first ``rescore_count`` of the shortlist re-ordered by their fused score plus their best sentence's
    cosine to the query (both z-scored over those candidates): a long chunk holding one sentence that answers is
    not outranked by one vaguely about the subject throughout."""
    head, tail = shortlist[: tuning.rescore_count], shortlist[tuning.rescore_count :]
    assert index.sentence_vectors is not None and index.sentence_owner is not None
    similarities = index.sentence_vectors @ query_vector
    best = np.full(len(index.chunks), -1.0, dtype=np.float32)
    np.maximum.at(best, index.sentence_owner, similarities)
    candidates = np.array(head)
    score = standardised(fused[candidates]) + tuning.rescore_weight * standardised(best[candidates])
    return [head[i] for i in np.argsort(-score, kind="stable")] + tail


def concept_words(routed: Routed, which: str) -> str:
    """The words a routed query borrows: its concept's cue words, its description, or both."""
    parts = {"cues": [routed.concept.vocabulary], "description": [routed.concept.text]}
    return " ".join(parts.get(which, [routed.concept.vocabulary, routed.concept.text]))


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
