"""Chunks follow the section tree of real generated PDFs read through the real parsing and structure stages."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from chunking_support import LONG_AGREEMENT, SERVICES_AGREEMENT, SMALL, WIDE, load_markup, squash

from contract_app.chunking import ChunkConfig, chunk_contract
from contract_app.chunking.tokens import TokenIndex
from contract_app.model import Chunk, ContractStructure

ARTICLE_II = "Article II SERVICES AND PAYMENT"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return load_markup(tmp_path_factory.mktemp("services"), "services", SERVICES_AGREEMENT)


@pytest.fixture(scope="module")
def milestones(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    return load_markup(tmp_path_factory.mktemp("milestones"), "milestones", LONG_AGREEMENT)


@pytest.fixture(scope="module")
def unnumbered(tmp_path_factory: pytest.TempPathFactory) -> ContractStructure:
    paragraphs = "\n\n".join(
        f"The parties discussed topic {number} at length and agreed that it needs no further action."
        for number in range(1, 31)
    )
    return load_markup(tmp_path_factory.mktemp("letter"), "letter", f"Dear Ms. Smith,\n\n{paragraphs}")


def outline(chunks: tuple[Chunk, ...]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(chunk.section_label, chunk.heading_path, chunk.section_ids) for chunk in chunks]


def test_each_small_article_is_one_chunk_and_the_preamble_another(services: ContractStructure) -> None:
    chunks = chunk_contract(services, WIDE)
    assert outline(chunks) == [
        ("Preamble", (), ()),
        ("Article I", ("Article I DEFINITIONS",), ("s1", "s2")),
        ("Article II", (ARTICLE_II,), ("s3", "s4", "s5", "s6", "s7", "s8")),
        ("Article III", ("Article III GENERAL",), ("s9", "s10", "s11")),
    ]
    assert squash(chunks[0].text).startswith("SERVICES AGREEMENT This Services Agreement")
    assert chunks[0].text.endswith("The parties agree as follows:")
    assert squash(chunks[2].text).startswith("ARTICLE II SERVICES AND PAYMENT 2.1 Scope.")
    assert chunks[2].text.endswith("as required by Section 2.2(b).")


def test_small_siblings_are_packed_and_a_long_parent_is_cut_at_its_subsections(services: ContractStructure) -> None:
    chunks = chunk_contract(services, SMALL)
    assert outline(chunks) == [
        ("Preamble", (), ()),
        ("Article I", ("Article I DEFINITIONS",), ("s1", "s2")),
        ("Article II", (ARTICLE_II,), ("s3", "s4")),
        ("2.2", (ARTICLE_II, "2.2 Payment"), ("s3", "s5", "s6")),
        ("2.2(b)", (ARTICLE_II, "2.2 Payment", "(b)"), ("s3", "s5", "s7")),
        ("2.3", (ARTICLE_II, "2.3 Reports"), ("s3", "s8")),
        ("Article III", ("Article III GENERAL",), ("s9", "s10", "s11")),
    ]
    assert [squash(chunk.text) for chunk in chunks[2:5]] == [
        "ARTICLE II SERVICES AND PAYMENT 2.1 Scope. Provider shall perform the Services with reasonable care.",
        '2.2 Payment. Customer shall pay the following amounts: (a) a monthly fee of $10,000 (the "Fees"), payable'
        " in advance; and",
        "(b) expenses approved in writing, payable within thirty days, subject to the limits in Section 2.1 and"
        " this Section 2.2.",
    ]


def test_chunk_identity_text_and_pages_come_from_the_document(services: ContractStructure) -> None:
    document = services.document
    for index, chunk in enumerate(chunk_contract(services, SMALL)):
        assert chunk.index == index
        assert chunk.id == f"{document.sha256[:16]}:{index}"
        assert chunk.doc_id == document.sha256
        assert chunk.text == document.text[chunk.char_span[0] : chunk.char_span[1]]
        assert chunk.text == chunk.text.strip()
        assert chunk.pages == document.pages_of(chunk.char_span) == (1,)


def test_a_long_section_is_split_at_sentences_with_overlap(milestones: ContractStructure) -> None:
    text = milestones.document.text
    chunks = chunk_contract(milestones, WIDE)
    assert outline(chunks) == [
        ("Preamble", (), ()),
        ("Article I", ("Article I MILESTONES",), ("s1", "s2")),
        ("1.1", ("Article I MILESTONES", "1.1 Milestones"), ("s1", "s2")),
        ("1.2", ("Article I MILESTONES", "1.2 Notice"), ("s1", "s3")),
        ("Article II", ("Article II GENERAL",), ("s4", "s5")),
    ]
    first, second = chunks[1], chunks[2]
    assert squash(first.text).startswith(
        "ARTICLE I MILESTONES 1.1 Milestones. Provider shall complete milestone 1 within"
    )
    assert second.char_span[0] < first.char_span[1]
    overlap = squash(text[second.char_span[0] : first.char_span[1]])
    assert overlap == (
        "Provider shall complete milestone 11 within 110 days after the date of this Agreement. "
        "Provider shall complete milestone 12 within 120 days after the date of this Agreement."
    )
    assert squash(second.text).endswith("milestone 24 within 240 days after the date of this Agreement.")
    tokens = TokenIndex(text)
    assert all(tokens.count(chunk.char_span) <= WIDE.max_tokens for chunk in chunks)


def test_overlapping_windows_start_at_a_sentence_when_one_is_near(milestones: ContractStructure) -> None:
    config = ChunkConfig(target_tokens=60, max_tokens=70, overlap_tokens=20, min_tokens=10)
    text = milestones.document.text
    windows = [chunk for chunk in chunk_contract(milestones, config) if chunk.section_ids[-1:] == ("s2",)]
    assert len(windows) == 11
    for previous, following in itertools.pairwise(windows):
        overlap = squash(text[following.char_span[0] : previous.char_span[1]])
        assert re.fullmatch(
            r"Provider shall complete milestone (\d+) within \1\d days after the date of this \w+\.", overlap
        )


@pytest.mark.parametrize("config", [None, SMALL], ids=["default", "small"])
@pytest.mark.parametrize("document", ["services", "milestones", "unnumbered"])
def test_no_chunk_straddles_top_level_sections_and_all_text_is_covered(
    document: str, config: ChunkConfig | None, request: pytest.FixtureRequest
) -> None:
    structure: ContractStructure = request.getfixturevalue(document)
    chunks = chunk_contract(structure, config)
    tops = [section.span for section in structure.sections if section.parent is None]
    for chunk in chunks:
        start, end = chunk.char_span
        touched = [span for span in tops if span[0] < end and start < span[1]]
        assert len(touched) <= 1
        assert not touched or (touched[0][0] <= start and end <= touched[0][1])
    assert uncovered(structure.document.text, chunks) == ""


def test_a_document_without_sections_is_cut_at_sentences(unnumbered: ContractStructure) -> None:
    assert unnumbered.sections == ()
    chunks = chunk_contract(unnumbered, SMALL)
    assert len(chunks) > 5
    assert {(chunk.section_label, chunk.heading_path, chunk.section_ids) for chunk in chunks} == {("", (), ())}
    assert all(chunk.text.endswith("no further action.") for chunk in chunks)
    assert all(chunk.text.startswith("The parties discussed topic") for chunk in chunks[1:])
    tokens = TokenIndex(unnumbered.document.text)
    assert all(tokens.count(chunk.char_span) <= SMALL.max_tokens for chunk in chunks)


def uncovered(text: str, chunks: tuple[Chunk, ...]) -> str:
    """The non-blank characters no chunk holds."""
    covered = bytearray(len(text))
    for chunk in chunks:
        covered[chunk.char_span[0] : chunk.char_span[1]] = b"\x01" * (chunk.char_span[1] - chunk.char_span[0])
    return "".join(char for char, flag in zip(text, covered, strict=True) if not flag and not char.isspace())


def test_the_sample_contract_is_chunked_within_its_articles(sample_pdf: Path) -> None:
    from contract_app.structure import load_contract

    structure = load_contract(sample_pdf)
    chunks = chunk_contract(structure)
    assert uncovered(structure.document.text, chunks) == ""
    assert chunks[0].section_label == "Preamble"
    exhibit = next(chunk for chunk in chunks if chunk.text.startswith("EXHIBIT A"))
    assert squash(exhibit.text).startswith("EXHIBIT A PRODUCTS, SPECIFICATIONS AND PRICES 1. Model NW-200")
    assert exhibit.heading_path == ("Exhibit A PRODUCTS, SPECIFICATIONS AND PRICES",)
