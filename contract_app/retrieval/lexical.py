"""BM25 over one document's chunks (bm25s), with English stemming so "terminate" finds "termination"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | {"shall", "may", "any", "such", "its", "which", "under"}
_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def tokenize(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOPWORDS]


class LexicalIndex:
    """BM25 scores of a query against every chunk of one document."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        if texts:
            self._bm25.index([tokenize(text) or ["_"] for text in texts], show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = tokenize(query)
        if not self._size or not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
