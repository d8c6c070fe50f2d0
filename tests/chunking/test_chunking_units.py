"""The small pure pieces the chunker is built from: token counts, sentence cuts, budgets, configuration."""

from __future__ import annotations

import itertools

import pytest

from contract_app.chunking import ChunkConfig
from contract_app.chunking.context import _fair_shares
from contract_app.chunking.tokens import TokenIndex, cut_cleanly, sentence_starts, trim
from contract_app.chunking.windows import split_run
from contract_app.errors import ConfigurationError


def test_token_counts_follow_wordpiece_splitting_of_words_numbers_and_marks() -> None:
    text = "Section 4.2(b) applies; see ____ below."
    index = TokenIndex(text)
    # Section 4 . 2 ( b ) applies ; see _ _ _ _ below . -> 16 pieces, scaled by 1.07
    assert index.count((0, len(text))) == 17
    assert index.count((0, 7)) == 1
    assert index.count((3, 3)) == 0


def test_advance_and_back_land_on_token_edges_within_limits() -> None:
    text = "one two three four five six"
    index = TokenIndex(text)
    assert text[: index.advance(0, 3, len(text))] == "one two"
    assert index.advance(0, 100, 12) == 12
    assert text[index.back(len(text), 3, 0) :] == "five six"
    assert index.back(len(text), 100, 4) == 4


def test_sentence_starts_need_a_capital_after_a_full_stop_but_not_after_a_semicolon() -> None:
    text = "The fee is due. It is 5 p.m. or later; and (b) the rest. end"
    starts = sentence_starts(text, (0, len(text)))
    assert [text[start : start + 7] for start in starts] == ["It is 5", "and (b)"]


def test_cut_cleanly_prefers_a_sentence_end_and_marks_nothing_when_it_fits() -> None:
    text = "Alpha beta gamma delta. Epsilon zeta eta theta iota kappa lambda."
    index = TokenIndex(text)
    assert cut_cleanly(text, (0, len(text)), index, 100) == ((0, len(text)), False)
    kept, cut = cut_cleanly(text, (0, len(text)), index, 8)
    assert (text[kept[0] : kept[1]], cut) == ("Alpha beta gamma delta.", True)
    kept, cut = cut_cleanly(text, (0, len(text)), index, 3)
    assert (text[kept[0] : kept[1]], cut) == ("Alpha beta", True)


def test_trim_drops_surrounding_blanks_and_rejects_blank_spans() -> None:
    text = "  a b \n"
    assert trim(text, (0, len(text))) == (2, 5)
    assert trim(text, (5, 7)) is None


def test_split_run_without_sentences_cuts_at_words_and_still_overlaps() -> None:
    text = " ".join(f"word{number}" for number in range(300))
    config = ChunkConfig(target_tokens=50, max_tokens=60, overlap_tokens=10, min_tokens=10)
    windows = split_run(text, (0, len(text)), TokenIndex(text), config)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    for (start, end), (next_start, next_end) in itertools.pairwise(windows):
        assert start < next_start < end < next_end
        assert text[next_start - 1] == " " and text[end] == " "
        assert 8 <= TokenIndex(text).count((next_start, end)) <= 12
    assert all(TokenIndex(text).count(window) <= config.max_tokens for window in windows)


def test_split_run_prefers_a_paragraph_break_to_a_later_sentence_end() -> None:
    sentence = "The seller shall deliver the goods on time."  # 10 tokens
    text = f"{sentence} {sentence} {sentence}\n\n{sentence} {sentence} {sentence} {sentence} {sentence}"
    config = ChunkConfig(target_tokens=50, max_tokens=60, overlap_tokens=0, min_tokens=10)
    windows = split_run(text, (0, len(text)), TokenIndex(text), config)
    paragraph = text.index("\n\n")
    assert windows == [(0, paragraph), (paragraph + 2, len(text))]


def test_fair_shares_give_small_pieces_all_they_need_and_split_the_rest_evenly() -> None:
    assert _fair_shares([10, 20], 100, 5) == [10, 20]
    assert _fair_shares([10, 80, 60], 100, 5) == [10, 45, 45]
    assert _fair_shares([30, 30, 30], 40, 16) == [20, 20, 0]  # a third piece would get less than the minimum
    assert _fair_shares([], 100, 5) == []


@pytest.mark.parametrize(
    "sizes",
    [
        {"target_tokens": 300, "max_tokens": 200},
        {"min_tokens": 0},
        {"overlap_tokens": 200},
        {"context_budget_tokens": -1},
    ],
)
def test_inconsistent_sizes_are_refused_with_a_sentence(sizes: dict[str, int]) -> None:
    with pytest.raises(ConfigurationError, match=r"^[A-Z].*\.$"):
        ChunkConfig(**sizes)
