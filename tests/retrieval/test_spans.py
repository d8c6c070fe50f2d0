"""Hits without repeated text: a hit overlapping a better-ranked one keeps only the part not shown yet."""

from __future__ import annotations

from dataclasses import replace

from retrieval_support import make_chunk

from contract_app.model import Chunk, Hit
from contract_app.retrieval.spans import distinct_hits, uncovered

DOCUMENT = (
    "1.1 Term. This Agreement starts on the Effective Date and lasts five years. "
    "1.2 Renewal. It renews for one-year terms unless either party gives ninety days notice. "
    "1.3 Survival. Sections 4 and 5 survive termination."
)


def window(index: int, start: int, end: int) -> Chunk:
    """A chunk over DOCUMENT[start:end], as the chunker's overlapping windows are."""
    return replace(make_chunk(index, DOCUMENT[start:end]), char_span=(start, end))


def test_uncovered_leaves_the_parts_outside_every_covered_span() -> None:
    assert uncovered((100, 200), [(50, 120), (180, 250)]) == [(120, 180)]
    assert uncovered((100, 200), [(130, 150)]) == [(100, 130), (150, 200)]
    assert uncovered((100, 200), [(0, 100), (200, 300)]) == [(100, 200)]
    assert uncovered((100, 200), [(90, 210)]) == []


def test_an_overlapping_hit_is_cut_to_its_new_text_and_still_matches_the_document() -> None:
    renewal = DOCUMENT.index("1.2")
    survival = DOCUMENT.index("1.3")
    first = window(0, 0, survival)
    second = window(1, renewal, len(DOCUMENT))  # repeats all of 1.2
    hits = distinct_hits([Hit(first, 2.0), Hit(second, 1.0)], limit=5)
    assert [h.chunk.text for h in hits] == [first.text, "1.3 Survival. Sections 4 and 5 survive termination."]
    start, end = hits[1].chunk.char_span
    assert (start, end) == (survival, len(DOCUMENT)) and DOCUMENT[start:end] == hits[1].chunk.text
    assert (hits[1].chunk.id, hits[1].score) == (second.id, 1.0)


def test_hits_already_shown_or_adding_only_a_few_words_are_dropped_and_the_next_ones_fill_the_limit() -> None:
    whole = window(0, 0, len(DOCUMENT))
    inside = window(1, DOCUMENT.index("1.2"), DOCUMENT.index("1.3"))
    separate = replace(make_chunk(2, "Governing law is Vermont."), char_span=(5000, 5025))
    hits = distinct_hits([Hit(whole, 3.0), Hit(inside, 2.0), Hit(separate, 1.0)], limit=2)
    assert [h.chunk for h in hits] == [whole, separate]  # untouched: neither repeats anything
    shown = window(3, 0, len(DOCUMENT) - len("termination."))
    tail = window(4, DOCUMENT.index("1.3"), len(DOCUMENT))  # would add one word
    hits = distinct_hits([Hit(shown, 3.0), Hit(tail, 2.0), Hit(separate, 1.0)], limit=2)
    assert [h.chunk.index for h in hits] == [3, 2]
