"""Query expansion from the clause checklist: a question in a lawyer's words, routed to the checklist concept it is
about, borrows the words contracts use for that concept.

"Can they walk away early?" shares no word with "either party may terminate this Agreement for convenience". The
checklist (``resources/cuad_categories.json``) describes each concept and lists the patterns contracts use for it;
a query close enough to one concept (MiniLM cosine, no other model) is searched with that concept's words beside its
own. The words come from the checklist's own descriptions and cues, never from gold clauses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from contract_app.retrieval.embeddings import Embedder
from contract_app.retrieval.other_topics import OTHER_TOPICS, other_topic_phrasings
from contract_app.retrieval.plain_words import PLAIN_WORDS, PlainWords


@dataclass(frozen=True)
class Concept:
    name: str
    text: str  # the name, description and question in one: the words a query borrows, the vector it leans to
    phrasings: tuple[str, ...]  # what a query is compared with: that text, and each of its parts on its own
    vocabulary: str  # the words contracts use for it: the literal words of its positive cues
    asked: tuple[str, ...] = ()  # everyday ways of asking about it (``plain_words``), compared with too
    contract_words: str = ""  # the terms of art contracts use for it (``plain_words``)
    on_checklist: bool = True  # False: a subject the checklist does not cover (``other_topics``), nothing to borrow


@dataclass(frozen=True)
class Routed:
    """A concept a query may be about, and how close the query is to it (best cosine over its phrasings)."""

    concept: Concept
    similarity: float
    vector: np.ndarray  # the embedding of the concept's text


_ESCAPE = re.compile(r"\\[A-Za-z]")  # \b, \s, \w ... are not letters of a word
_CLASS = re.compile(r"\[([A-Za-z])[^\]]*\]")  # licen[cs]e -> licence
_WORD = re.compile(r"[A-Za-z]{3,}")
_NEGATIVE = re.compile(r"\(\?<?!")


def cue_words(pattern: str) -> list[str]:
    """The literal words of a regular-expression cue, in order: alternatives, optional letters and character
    classes read as plain text (``right of first (refusal|offer)`` -> right, first, refusal, offer). The words of a
    negative lookaround (``(?!.*breach)``) are words the clause must not have, so they are left out."""
    text = _CLASS.sub(r"\1", _ESCAPE.sub(" ", without_negative_lookarounds(pattern)))
    return [word.lower() for word in _WORD.findall(text.replace("?", ""))]


def without_negative_lookarounds(pattern: str) -> str:
    """The pattern with every ``(?!...)`` and ``(?<!...)`` group (nested parentheses included) removed."""
    kept: list[str] = []
    position = 0
    while (start := _NEGATIVE.search(pattern, position)) is not None:
        kept.append(pattern[position : start.start()])
        depth, cursor = 0, start.start()
        while cursor < len(pattern):
            if pattern[cursor] == "\\":
                cursor += 2
                continue
            depth += {"(": 1, ")": -1}.get(pattern[cursor], 0)
            cursor += 1
            if depth == 0:
                break
        position = cursor
    return "".join(kept) + pattern[position:]


def load_concepts() -> tuple[Concept, ...]:
    """The checklist's concepts (the clause report's categories)."""
    from contract_app.reports.categories import load_categories  # the checklist lives with the clause report

    concepts = []
    for category in load_categories():
        words = [word for cue in category.cues if cue.weight > 0 for word in cue_words(cue.pattern.pattern)]
        text = f"{category.name}. {category.description} {category.question}"
        phrasings = (text, category.description, category.question, category.name)
        plain = PLAIN_WORDS.get(category.name, PlainWords((), ""))
        vocabulary = " ".join(dict.fromkeys(words))
        concepts.append(Concept(category.name, text, phrasings, vocabulary, plain.asked, plain.contract_words))
    return tuple(concepts)


def load_other_topics() -> tuple[Concept, ...]:
    """The subjects contracts commonly cover that the checklist does not (``other_topics``): routed to, never
    borrowed from."""
    return tuple(
        Concept(name, phrasings[0], phrasings, "", on_checklist=False)
        for name, phrasings in zip(OTHER_TOPICS, other_topic_phrasings(), strict=True)
    )


class ConceptRouter:
    """Which concepts a query may be about: cosine between the query's vector and each phrasing of each concept,
    a concept counting its closest phrasing (a short question can be near the name and far from the description)."""

    def __init__(
        self, concepts: Sequence[Concept], embedder: Embedder, other_topics: Sequence[Concept] | None = None
    ) -> None:
        self.concepts = tuple(concepts)
        self.other_topics = load_other_topics() if other_topics is None else tuple(other_topics)
        self._checklist = self._embedded(embedder, [concept.phrasings for concept in self.concepts])
        self._asked = self._embedded(embedder, [concept.asked for concept in self.concepts])
        self._others = self._embedded(embedder, [topic.phrasings for topic in self.other_topics])
        self.vectors = embedder.embed([concept.text for concept in self.concepts])
        self._other_vectors = self._embedded(embedder, [(topic.text,) for topic in self.other_topics])[0]

    @staticmethod
    def _embedded(embedder: Embedder, phrasings: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Every phrasing's vector, and the position of the concept it belongs to."""
        owner = np.array([i for i, texts in enumerate(phrasings) for _ in texts], dtype=np.int64)
        texts = [text for texts in phrasings for text in texts]
        return (embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)), owner

    def route(self, query_vector: np.ndarray, asked: bool = False, others: bool = False) -> list[Routed]:
        """Every concept, closest first; compared with the everyday ways of asking too when ``asked``; the subjects
        the checklist does not cover among them when ``others`` (see ``other_topics``)."""
        best = np.full(len(self.concepts), -1.0, dtype=np.float32)
        for vectors, owner in (self._checklist, self._asked) if asked else (self._checklist,):
            if len(owner):
                np.maximum.at(best, owner, vectors @ query_vector)
        routed = [Routed(concept, float(best[i]), self.vectors[i]) for i, concept in enumerate(self.concepts)]
        if others and self.other_topics:
            vectors, owner = self._others
            nearest = np.full(len(self.other_topics), -1.0, dtype=np.float32)
            np.maximum.at(nearest, owner, vectors @ query_vector)
            routed += [
                Routed(topic, float(nearest[i]), self._other_vectors[i]) for i, topic in enumerate(self.other_topics)
            ]
        return sorted(routed, key=lambda r: -r.similarity)
