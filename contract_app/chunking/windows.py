"""Cut a long run of clause text into overlapping windows.

A window ends at a paragraph break when one falls in its second half, else at a sentence end, else (a sentence
longer than a window) at a word end.
"""

from __future__ import annotations

from bisect import bisect_left

from contract_app.chunking.config import ChunkConfig
from contract_app.chunking.tokens import TokenIndex, last_sentence_start, paragraph_starts, sentence_starts, trim
from contract_app.model import Span


def split_run(text: str, span: Span, index: TokenIndex, config: ChunkConfig) -> list[Span]:
    """Windows of about ``target_tokens`` covering ``span``; consecutive windows share about ``overlap_tokens``."""
    if index.count(span) <= config.max_tokens:
        return [span]
    starts = sentence_starts(text, span)
    paragraphs = paragraph_starts(text, span)
    windows: list[Span] = []
    start, end_of_run = span
    while True:
        if index.count((start, end_of_run)) <= config.max_tokens:
            windows.append(trim(text, (start, end_of_run)) or (start, end_of_run))
            return windows
        limit = index.advance(start, config.target_tokens, end_of_run)
        end = last_sentence_start(paragraphs, limit, start)
        if end is None or index.count((start, end)) < config.target_tokens // 2:
            end = last_sentence_start(starts, limit, start)
        if end is None or index.count((start, end)) < config.min_tokens:
            end = _word_end_before(text, start, limit)
        windows.append(trim(text, (start, end)) or (start, end))
        following = _overlap_start(text, starts, index, start, end, config.overlap_tokens)
        start = _skip_space(text, following, end_of_run)


def _skip_space(text: str, position: int, limit: int) -> int:
    while position < limit and text[position].isspace():
        position += 1
    return position


def _word_end_before(text: str, start: int, limit: int) -> int:
    position = limit
    while position > start and not text[position].isspace():
        position -= 1
    return position if position > start else limit


def _overlap_start(text: str, starts: list[int], index: TokenIndex, start: int, end: int, overlap: int) -> int:
    """Where the next window begins: a sentence start about ``overlap`` tokens before ``end``, else a word start.

    The first sentence start within ``overlap`` tokens wins; failing that, the nearest one within twice as many.
    """
    if overlap <= 0:
        return end
    back = index.back(end, overlap, start)
    position = bisect_left(starts, back)
    far_back = index.back(end, 2 * overlap, start)
    if position < len(starts) and starts[position] < end:
        following = starts[position]
    elif position > 0 and starts[position - 1] >= far_back and starts[position - 1] > start:
        following = starts[position - 1]
    else:
        following = back
        while following > start and not text[following - 1].isspace():
            following -= 1
    return following if following > start else end
