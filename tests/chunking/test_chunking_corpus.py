"""Real contracts from the CUAD dev set: the chunker's invariants hold on text it was not written against."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_app.chunking import ChunkConfig, chunk_contract
from contract_app.chunking.tokens import TokenIndex
from contract_app.structure import load_contract

# The hand-checked contracts (xref_gold), whose section trees the structure stage is measured on.
CONTRACTS = [
    "OAKTREECAPITALGROUP,LLC_03_02_2020-EX-10.8-Services Agreement",
    "SPIENERGYCO,LTD_03_09_2011-EX-99.5-OPERATIONS AND MAINTENANCE AGREEMENT",
    "VnueInc_20150914_8-K_EX-10.1_9259571_EX-10.1_Promotion Agreement",
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", CONTRACTS)
def test_chunks_of_a_real_contract_cover_it_within_sections_and_sizes(corpus_dir: Path, name: str) -> None:
    (pdf,) = [path for path in (corpus_dir / "pdf").iterdir() if path.stem == name]
    structure = load_contract(pdf)
    text = structure.document.text
    config = ChunkConfig()
    chunks = chunk_contract(structure, config)
    tokens = TokenIndex(text)
    tops = [section.span for section in structure.sections if section.parent is None]
    covered = bytearray(len(text))
    for index, chunk in enumerate(chunks):
        start, end = chunk.char_span
        assert chunk.index == index and chunk.text == text[start:end]
        assert tokens.count(chunk.char_span) <= config.max_tokens
        assert sum(1 for span in tops if span[0] < end and start < span[1]) <= 1
        assert all(not (start <= item.span[0] and item.span[1] <= end) for item in chunk.context)
        covered[start:end] = b"\x01" * (end - start)
    assert all(flag or char.isspace() for char, flag in zip(text, covered, strict=True))
    assert sum(bool(chunk.context) for chunk in chunks) >= len(chunks) // 2
