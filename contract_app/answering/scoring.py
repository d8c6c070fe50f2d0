"""How well each sentence of a clause answers a question: the offline answerer's core, reusable by summaries.

The score is the IDF-weighted share of the question's terms a sentence contains (0..1), so one threshold means the
same thing in every contract: terms common in this contract ("Agreement", "Company") weigh little, terms the
question hinges on ("arbitration", "non-compete") weigh a lot, and a term the contract never uses pulls the score
down, which is exactly the "the contract does not address this" signal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import Stemmer

from contract_app.model import Span
from contract_app.sentences import split_sentences

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("english")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below both
    but by can could did do does doing done during each either for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my no nor not of off on once only or other our out
    over own same she should so some such than that the their them then there these they this those through to too
    under until up upon very was we were what when where which while who whom why will with would you your shall may
    must hereby herein hereof hereto hereunder thereof therein thereto said per
    contract agreement clause clauses provision provisions section sections say says stated tell describe explain
    mention mentions mentioned regarding concerning apply applies""".split()  # noqa: SIM905
)
"""Words that carry no meaning for matching, including question scaffolding ("What does the contract say about")."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "law": ("govern", "jurisdict"),
    "govern": ("law",),
    "cap": ("limit", "exceed", "liabil"),
    "limit": ("exceed", "cap"),
    "liabil": ("liabl",),
    "liabl": ("liabil",),
    "compet": ("competit", "noncompet"),
    "noncompet": ("compet", "competit"),
    "cancel": ("termin",),
    "end": ("termin", "expir"),
    "quit": ("termin",),
    "renew": ("extend", "extens"),
    "assign": ("transfer",),
    "transfer": ("assign",),
    "pay": ("fee", "price", "compens"),
    "fee": ("pay", "price"),
    "price": ("pay", "fee"),
    "secret": ("confidenti",),
    "confidenti": ("nondisclosur",),
    "court": ("jurisdict", "venu"),
    "disput": ("arbitr",),
    "arbitr": ("disput",),
    "insur": ("insur",),
    "audit": ("inspect", "record"),
    "warranti": ("warrant",),
    "warrant": ("warranti",),
    "indemn": ("indemnifi", "indemnif"),
    "indemnifi": ("indemn",),
    "exclus": ("sole",),
    "last": ("term", "expir"),
    "long": ("term", "expir"),
    "start": ("effect", "commenc"),
    "begin": ("effect", "commenc"),
    "licenc": ("licens",),  # British spelling in the question, American in the contract (and back)
    "licens": ("licenc",),
    "favour": ("favor",),
    "favor": ("favour",),
}
"""Question stem -> contract stems that express the same idea. A synonym match counts at ``SYNONYM_WEIGHT``."""

SYNONYM_WEIGHT = 0.8
HEADING_WEIGHT = 0.5  # a term found only in the clause's heading path, not in the sentence itself
BIGRAM_BONUS = 0.15


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Stemmed content words, in order."""
    return [stem(w) for w in _WORD.findall(text.lower().replace("-", "")) if w not in STOPWORDS]


@dataclass(frozen=True)
class TermStats:
    """Document frequencies over one contract's chunks: what makes a term informative in *this* contract."""

    df: dict[str, int]
    count: int

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1.0 + (self.count - df + 0.5) / (df + 0.5))


def term_stats(texts: Iterable[str]) -> TermStats:
    df: Counter[str] = Counter()
    count = 0
    for text in texts:
        df.update(set(words(text)))
        count += 1
    return TermStats(dict(df), count)


@lru_cache(maxsize=16)
def cached_term_stats(texts: tuple[str, ...]) -> TermStats:
    return term_stats(texts)


@dataclass(frozen=True)
class ScoredSentence:
    span: Span  # into the text that was scored
    text: str
    score: float  # 0..1: IDF-weighted share of the question's terms present (plus a small phrase bonus)


@dataclass(frozen=True)
class _Query:
    groups: tuple[tuple[str, tuple[str, ...], float], ...]  # (term, synonyms, weight)
    bigrams: frozenset[tuple[str, str]]
    total: float


def _query(question: str, stats: TermStats) -> _Query:
    terms = list(dict.fromkeys(words(question)))
    groups = []
    for term in terms:  # a word of the question itself never doubles as another word's synonym
        synonyms = tuple(s for s in SYNONYMS.get(term, ()) if s not in terms)
        weight = max(stats.idf(t) for t in (term, *synonyms))
        groups.append((term, synonyms, weight))
    bigrams = frozenset(pairwise(terms))
    return _Query(tuple(groups), bigrams, sum(g[2] for g in groups))


def score_text(question: str, text: str, stats: TermStats, heading: str = "") -> float:
    """The score of one piece of text (a sentence, a heading) against a question."""
    return _score(_query(question, stats), words(text), set(words(heading)))


def _score(query: _Query, tokens: Sequence[str], heading: set[str] | frozenset[str] = frozenset()) -> float:
    if not query.total or not tokens:
        return 0.0
    present = set(tokens)
    gained = 0.0
    for term, synonyms, weight in query.groups:
        if term in present:
            gained += weight
        elif any(s in present for s in synonyms):
            gained += SYNONYM_WEIGHT * weight
        elif term in heading or any(s in heading for s in synonyms):
            gained += HEADING_WEIGHT * weight
    coverage = min(gained / query.total, 1.0)
    if query.bigrams and set(pairwise(tokens)) & query.bigrams:
        coverage += BIGRAM_BONUS * (1.0 - coverage)
    return coverage


def score_sentences(question: str, text: str, stats: TermStats, heading: str = "") -> list[ScoredSentence]:
    """Every sentence of ``text`` with its score, in text order; ``heading`` words count as part of each sentence."""
    query = _query(question, stats)
    context = set(words(heading))
    return [
        ScoredSentence((start, end), text[start:end], _score(query, words(text[start:end]), context))
        for start, end in split_sentences(text)
    ]


_SMALL_WORDS = frozenset("a an and as at by for in of on or the to with".split())  # noqa: SIM905


def is_heading(sentence: str) -> bool:
    """A caption such as "9.1 Assignment and Change of Control.": too short or title-cased throughout."""
    tokens = sentence.split()
    if len(tokens) < 5:
        return True
    if len(tokens) >= 12:
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in tokens if w[:1].isalpha())


def best_sentences(
    question: str, text: str, stats: TermStats, heading: str = "", limit: int = 2
) -> list[ScoredSentence]:
    """The ``limit`` best real sentences, keeping only those within reach of the best one, in text order."""
    scored = [s for s in score_sentences(question, text, stats, heading) if s.score > 0]
    full = [s for s in scored if not is_heading(s.text)]
    scored = full or scored
    if not scored:
        return []
    top = max(s.score for s in scored)
    keep = sorted((s for s in scored if s.score >= 0.8 * top), key=lambda s: -s.score)
    return sorted(keep[:limit], key=lambda s: s.span)
