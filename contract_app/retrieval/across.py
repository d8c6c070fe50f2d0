"""Many documents ranked for one question at once, each as alone: what a matter's search runs on.

Ranking a document costs little arithmetic but many small steps (a BM25 pass per query word, field and sentence, a
z-score per signal); repeated per contract, those steps were most of a matter's search. A ``JointIndex`` keeps the
BM25 postings of all its documents side by side, so a text (a sentence of the question, a checklist concept's words)
is scored for every clause of the matter in one pass, each against its own document's statistics (its IDF and
lengths), added in the same order as ``LexicalIndex`` adds them. ``rank_together`` then does what ``ranking.rank``
does per document (z-scores within each document, the same weights, the same top candidates) for all of them in a
few array operations; its z-scores are computed in double precision, so a fused score may differ from the
document's own in the last float32 bit, and two candidates tied to that bit may swap (benchmarks/matters.py counts
the questions whose hits differ from each contract searched alone).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from contract_app.retrieval.concepts import Routed
from contract_app.retrieval.fusion import top_indices
from contract_app.retrieval.lexical import LexicalIndex, query_facets, tokenize
from contract_app.retrieval.ranking import (
    DocumentIndex,
    Ranking,
    SearchTuning,
    borrowed,
    fusion_signals,
    leaning,
)

SCORED_TEXTS = 512
"""Texts whose matter-wide BM25 scores are kept: a question's sentences, and the checklist concepts' words and
names (about a hundred), which every later question borrows from without scoring them again."""


class JointLexical:
    """One search field's BM25 postings of several documents, each document's chunks at its own offset."""

    def __init__(self, fields: Sequence[LexicalIndex], offsets: Sequence[int], size: int) -> None:
        rows: dict[str, list[np.ndarray]] = {}
        weights: dict[str, list[np.ndarray]] = {}
        for lexical, offset in zip(fields, offsets, strict=True):
            for token, (chunks, scores) in lexical.postings().items():
                rows.setdefault(token, []).append(chunks.astype(np.int64) + offset)
                weights.setdefault(token, []).append(scores)
        self.size = size
        self._postings = {
            token: (np.concatenate(rows[token]), np.concatenate(weights[token]).astype(np.float32)) for token in rows
        }
        self._scored: OrderedDict[str, np.ndarray] = OrderedDict()

    def scores(self, text: str) -> np.ndarray:
        """BM25 of ``text`` for every chunk, each against its own document (read-only: it is shared)."""
        scores = self._scored.get(text)
        if scores is not None:
            self._scored.move_to_end(text)
            return scores
        scores = np.zeros(self.size, dtype=np.float32)
        for token in tokenize(text):  # in the query's order, repeats included, as bm25s adds them
            posting = self._postings.get(token)
            if posting is not None:
                chunks, weights = posting
                scores[chunks] += weights  # a chunk appears once per word's posting: no repeated index
        scores.flags.writeable = False
        self._scored[text] = scores
        while len(self._scored) > SCORED_TEXTS:
            self._scored.popitem(last=False)
        return scores


class SliceLexical(LexicalIndex):
    """One document's part of a ``JointLexical``: it scores as that document's own ``LexicalIndex`` does (the
    sentence-by-sentence ``facet_scores`` is inherited), reading the matter-wide pass."""

    def __init__(self, joint: JointLexical, start: int, stop: int) -> None:  # no BM25 of its own to build
        self._joint = joint
        self._start = start
        self._stop = stop
        self._size = stop - start

    def scores(self, query: str) -> np.ndarray:
        return self._joint.scores(query)[self._start : self._stop]

    def postings(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        raise TypeError("a slice of a joint index has no postings of its own")


@dataclass
class JointIndex:
    """The documents' indexes, for each a view ranking through the shared BM25 passes, and what ranks them all at
    once (``rank_together``)."""

    bases: tuple[DocumentIndex, ...]
    views: tuple[DocumentIndex, ...]
    fields: dict[str, JointLexical] = field(repr=False)
    offsets: tuple[int, ...] = ()
    segments: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)  # per chunk
    _fixed: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, indexes: Sequence[DocumentIndex]) -> JointIndex:
        sizes = [len(index.chunks) for index in indexes]
        offsets = [int(offset) for offset in np.cumsum([0, *sizes[:-1]])] if sizes else []
        total = sum(sizes)
        names = list(indexes[0].fields) if indexes else []
        joint = {name: JointLexical([index.fields[name] for index in indexes], offsets, total) for name in names}
        views = tuple(
            DocumentIndex(
                index.chunks,
                index.vectors,
                {name: SliceLexical(joint[name], offset, offset + size) for name in names},
                index.texts,
                index.neighbours,
            )
            for index, offset, size in zip(indexes, offsets, sizes, strict=True)
        )
        segments = np.repeat(np.arange(len(indexes), dtype=np.int64), sizes)
        return cls(tuple(indexes), views, joint, tuple(offsets), segments)

    def serves(self, indexes: Sequence[DocumentIndex]) -> bool:
        """Whether this was built from exactly these indexes (a reloaded or re-indexed document needs a rebuild)."""
        return len(indexes) == len(self.bases) and all(a is b for a, b in zip(indexes, self.bases, strict=True))

    def view(self, position: int) -> DocumentIndex:
        """The document's view, with the vectors its index has now (a fill may have completed since the build)."""
        view = self.views[position]
        view.vectors = self.bases[position].vectors
        return view

    def embedded(self) -> bool:
        """Whether every document's dense vectors are there (not while any is still being filled in)."""
        return all(index.vectors is not None for index in self.bases)

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Each document's cosines, computed per document as ``rank`` does: the same numbers, and a product of a few
        hundred rows stays on one core, where one over the whole matter is split among threads that wait for a
        core on a busy machine (several times slower here)."""
        return np.concatenate(
            [index.vectors @ query_vector for index in self.bases if index.vectors is not None]
            or [np.zeros(0, dtype=np.float32)]
        )

    def standardised(self, scores: np.ndarray) -> np.ndarray:
        """``fusion.standardised`` of each document's part, all at once (computed in double precision, so it may
        differ from the document's own in the last float32 bit)."""
        count = len(self.bases)
        values = scores.astype(np.float64)
        sizes = np.maximum(np.bincount(self.segments, minlength=count), 1)
        centred = values - (np.bincount(self.segments, values, minlength=count) / sizes)[self.segments]
        spread = np.sqrt(np.bincount(self.segments, centred * centred, minlength=count) / sizes)
        spread[spread <= 0] = 1.0
        return (centred / spread[self.segments]).astype(np.float32)

    def field_scores(self, name: str, query: str, faceted: bool) -> np.ndarray:
        """``LexicalIndex.facet_scores`` (or ``scores``) of every document, all at once."""
        facets = query_facets(query) if faceted else []
        if len(facets) <= 1:
            return self.fields[name].scores(query)
        return np.mean([self.standardised(self.fields[name].scores(f)) for f in facets], axis=0, dtype=np.float32)

    def fixed_scores(self, name: str, words: str) -> np.ndarray:
        """``DocumentIndex.fixed_scores`` of every document, kept: a concept's words are the same for every query."""
        key = (name, words)
        if key not in self._fixed:
            self._fixed[key] = self.standardised(self.fields[name].scores(words))
        return self._fixed[key]

    def part(self, scores: np.ndarray, position: int) -> np.ndarray:
        start = self.offsets[position]
        return scores[start : start + len(self.bases[position].chunks)]


def rank_together(
    joint: JointIndex,
    query: str,
    query_vector: np.ndarray | None,
    tuning: SearchTuning,
    count: int,
    routed: Sequence[Routed] = (),
) -> list[Ranking] | None:
    """``ranking.rank`` of every document of ``joint``, each signal computed for all of them in one pass; None when
    the tuning or the documents' state asks for what only ``rank`` does (reciprocal rank fusion, neighbour hits, a
    document whose vectors are still being filled in beside others that have theirs)."""
    if tuning.fusion == "rrf" or tuning.neighbour_hits or (query_vector is not None and not joint.embedded()):
        return None
    lexical = joint.field_scores("text", query, tuning.facets)
    concepts = borrowed(routed, tuning) if query_vector is not None else []
    query_vector = leaning(query_vector, concepts, tuning)
    if query_vector is None:
        dense, dense_weight = np.zeros_like(lexical), 0.0
    else:
        dense, dense_weight = joint.dense_scores(query_vector), tuning.dense_weight

    def field_scores(name: str) -> np.ndarray:
        return joint.field_scores(name, query, tuning.facets)

    signals = fusion_signals((dense, dense_weight), lexical, field_scores, joint.fixed_scores, concepts, tuning)
    fused = np.zeros(len(lexical), dtype=np.float32)
    for scores, weight in signals:
        if weight:
            fused += weight * joint.standardised(scores)
    rankings = []
    for position in range(len(joint.bases)):
        part_fused = joint.part(fused, position)
        rankings.append(
            Ranking(
                top_indices(part_fused, count), part_fused, joint.part(dense, position), joint.part(lexical, position)
            )
        )
    return rankings
