"""The retrieval service end to end: real PDFs, the real parser and chunker, MiniLM and Chroma in a temp folder."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from retrieval_support import GOVERNING_LAW, SUPPLY_AGREEMENT, write_supply_agreement

from contract_app.chunking import ChunkConfig, chunk_contract, text_for_embedding
from contract_app.chunking.render import PREAMBLE_HEADING
from contract_app.errors import EncryptedPdfError, InputError, OperationCancelled
from contract_app.retrieval import Retriever
from contract_app.retrieval.ranking import OPENING_CHUNKS, field_texts
from contract_app.retrieval.store import STORED, open_client
from contract_app.settings import Settings
from contract_app.structure import load_contract

SMALL = ChunkConfig(target_tokens=30, max_tokens=40, overlap_tokens=5, min_tokens=10)
LAW_QUESTION = "Which state's law governs this agreement?"
REPO = Path(__file__).resolve().parents[2]


def squash(text: str) -> str:
    return " ".join(text.split())


def stored_chunks(store: Path) -> int:
    """Chunk rows physically in the store, whether or not their document is complete."""
    client = open_client(Settings(store_dir=str(store)))
    return sum(c.count() for c in client.list_collections() if c.name.startswith("clauses-"))


@pytest.fixture
def retriever(local_settings: Settings) -> Retriever:
    return Retriever(local_settings, chunk_config=SMALL)


def test_ingest_stores_the_chunker_output_and_search_finds_the_clause(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    structure = load_contract(pdf)
    expected = chunk_contract(structure, SMALL)
    result = retriever.ingest(pdf)
    assert result.doc_id == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert (result.file_name, result.pages, result.sections, result.chunks, result.skipped) == (
        "supply.pdf",
        1,
        len(structure.sections),
        len(expected),
        False,
    )
    cold = Retriever(local_settings, chunk_config=SMALL)  # reads everything back from Chroma
    assert cold.chunks(result.doc_id) == expected
    hits = cold.search(result.doc_id, LAW_QUESTION, top_k=3)
    assert len(hits) == 3
    assert GOVERNING_LAW in squash(hits[0].chunk.text)
    assert [record.file_name for record in cold.documents()] == ["supply.pdf"]
    assert cold.notices == ()


def test_hits_carry_the_definitions_their_clause_relies_on(retriever: Retriever, tmp_path: Path) -> None:
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    hit = retriever.search(doc_id, "When must Buyer pay the Price?", top_k=3)[0]
    assert squash(hit.chunk.text).startswith("2.2 Payment. Buyer shall pay the Price within forty-five days")
    definitions = {c.label: squash(c.text) for c in hit.chunk.context if c.kind == "definition"}
    assert definitions["Price"] == '"Price" means the unit price in Section 2.2.'
    assert "Buyer" in definitions


def test_ingesting_the_same_pdf_again_does_nothing(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    first = retriever.ingest(pdf)
    count = stored_chunks(local_settings.store_path)
    again = Retriever(local_settings, chunk_config=SMALL).ingest(pdf)
    assert again.skipped and not first.skipped
    assert (again.doc_id, again.chunks, again.pages) == (first.doc_id, first.chunks, first.pages)
    assert stored_chunks(local_settings.store_path) == count == first.chunks
    assert len(retriever.documents()) == 1


def test_a_changed_file_replaces_its_old_version(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    old = retriever.ingest(pdf)
    write_supply_agreement(tmp_path, markup=SUPPLY_AGREEMENT.replace("Vermont", "Maine"))
    new = retriever.ingest(pdf)
    assert new.doc_id != old.doc_id and not new.skipped
    assert [record.doc_id for record in retriever.documents()] == [new.doc_id]
    assert stored_chunks(local_settings.store_path) == new.chunks
    with pytest.raises(InputError, match="not indexed"):
        retriever.search(old.doc_id, LAW_QUESTION)
    assert "State of Maine" in squash(retriever.search(new.doc_id, LAW_QUESTION, top_k=1)[0].chunk.text)


def test_delete_removes_the_document_and_all_its_chunks(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    retriever.delete(doc_id)
    assert retriever.documents() == []
    assert stored_chunks(local_settings.store_path) == 0
    with pytest.raises(InputError, match="not indexed"):
        retriever.chunks(doc_id)


def test_a_cancelled_ingest_leaves_nothing_behind(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)

    def cancel_after_storing(fraction: float, message: str) -> None:
        if message == STORED:  # reported once the chunks are written, before the completion marker
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        retriever.ingest(pdf, progress=cancel_after_storing)
    assert retriever.documents() == []
    assert stored_chunks(local_settings.store_path) == 0
    assert not retriever.ingest(pdf).skipped


CRASHING_INGEST = textwrap.dedent(
    """
    import os, sys
    from contract_app.retrieval import Retriever
    from contract_app.settings import Settings
    def die(fraction, message):
        if message == "Clauses stored":
            os._exit(3)  # a hard crash: no cleanup runs
    Retriever(Settings(store_dir=sys.argv[1], model_dir=sys.argv[2])).ingest(sys.argv[3], progress=die)
    """
)


def test_a_crash_mid_ingest_leaves_no_half_indexed_document(local_settings: Settings, tmp_path: Path) -> None:
    pdf = write_supply_agreement(tmp_path)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_INGEST, str(local_settings.store_path), local_settings.model_dir, str(pdf)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == 3, crashed.stderr
    assert stored_chunks(local_settings.store_path) > 0  # the orphaned chunks are on disk...
    retriever = Retriever(local_settings)
    assert retriever.documents() == []  # ...but no document exists without its completion marker
    doc_id = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="not indexed"):
        retriever.search(doc_id, LAW_QUESTION)
    result = retriever.ingest(pdf)
    assert not result.skipped
    assert stored_chunks(local_settings.store_path) == result.chunks


def test_structure_is_reparsed_from_the_ingested_file(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    doc_id = retriever.ingest(pdf).doc_id
    fresh = Retriever(local_settings)
    assert fresh.structure(doc_id).sections == load_contract(pdf).sections
    assert fresh.structure(doc_id) is fresh.structure(doc_id)  # cached
    write_supply_agreement(tmp_path, markup=SUPPLY_AGREEMENT.replace("Vermont", "Maine"))
    with pytest.raises(InputError, match=r"supply\.pdf has changed since it was indexed"):
        Retriever(local_settings).structure(doc_id)


def test_an_encrypted_contract_is_reread_with_the_password_this_session_was_given(
    retriever: Retriever, local_settings: Settings, tmp_path: Path
) -> None:
    from pdfgen import write_encrypted_pdf

    locked = write_encrypted_pdf(tmp_path / "locked.pdf", [["**1.1 Term.** This Agreement lasts two years."]])
    doc_id = retriever.ingest(locked, password="secret").doc_id
    with pytest.raises(EncryptedPdfError):  # a later session has no password yet
        Retriever(local_settings).structure(doc_id)
    assert Retriever(local_settings).structure(doc_id, "secret").sections[0].label == "1.1"
    again = Retriever(local_settings, chunk_config=SMALL)
    assert again.ingest(locked, password="secret").skipped  # already indexed: only the password is remembered
    assert again.structure(doc_id).sections[0].label == "1.1"


def test_a_missing_file_is_a_plain_input_error(retriever: Retriever, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        retriever.ingest(tmp_path / "missing.pdf")


def test_the_opening_text_is_indexed_as_the_preamble(retriever: Retriever, tmp_path: Path) -> None:
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    chunks = retriever.chunks(doc_id)
    assert chunks[0].heading_path == () and chunks[1].heading_path != ()
    assert text_for_embedding(chunks[0]) == f"{PREAMBLE_HEADING}\n{chunks[0].text}"
    (hit,) = retriever.search(doc_id, "Who are the parties to this contract?", top_k=1)
    assert hit.chunk.index == 0
    assert 'between Acme Corp. ("Supplier") and Beta LLC' in squash(hit.chunk.text)


def test_headings_are_indexed_on_their_own_and_the_opening_as_the_preamble(
    retriever: Retriever, tmp_path: Path
) -> None:
    doc_id = retriever.ingest(write_supply_agreement(tmp_path)).doc_id
    chunks = retriever.chunks(doc_id)
    headings = field_texts(chunks)["heading"]
    assert headings == [PREAMBLE_HEADING] + [
        " > ".join(chunk.heading_path + chunk.inner_headings) for chunk in chunks[1:]
    ]
    law = next(chunk for chunk in chunks if GOVERNING_LAW in squash(chunk.text))
    assert headings[law.index] == "Article III GENERAL > 3.1 Governing Law"  # the section opening inside it
    unheaded = {"heading_path": (), "inner_headings": (), "section_label": "Preamble"}
    long_opening = tuple(replace(chunk, **unheaded) for chunk in chunks)
    assert field_texts(long_opening)["heading"] == [PREAMBLE_HEADING] * OPENING_CHUNKS + [""] * (
        len(chunks) - OPENING_CHUNKS
    )


LONG_DELIVERY = (
    "**2.4 Delivery.** Supplier shall deliver the Products to the Buyer's warehouse in Burlington. "
    "Supplier shall bear the risk of loss until the Products are unloaded at the warehouse. "
    "Buyer shall inspect each delivery within ten days and report any shortage in writing. "
    "Supplier shall replace defective Products within thirty days of the report at its own cost. "
    "Title to the Products passes to Buyer when Buyer pays the invoice for them in full.\n"
)


def test_search_never_shows_the_same_text_twice(retriever: Retriever, tmp_path: Path) -> None:
    markup = SUPPLY_AGREEMENT.replace("**ARTICLE III**", f"{LONG_DELIVERY}\n**ARTICLE III**")
    pdf = write_supply_agreement(tmp_path, markup=markup)
    doc_id = retriever.ingest(pdf).doc_id
    text = load_contract(pdf).document.text
    stored = {chunk.id: chunk for chunk in retriever.chunks(doc_id)}
    windows = sorted(chunk.char_span for chunk in stored.values())
    assert any(end > start for (_, end), (start, _) in itertools.pairwise(windows))  # the delivery clause overlaps
    hits = retriever.search(doc_id, "Who bears the risk of loss, and when does Buyer inspect deliveries?", top_k=50)
    spans = sorted(hit.chunk.char_span for hit in hits)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    for hit in hits:
        start, end = hit.chunk.char_span
        original = stored[hit.chunk.id].char_span
        assert hit.chunk.text == text[start:end] and original[0] <= start < end <= original[1]
    assert any(hit.chunk.char_span != stored[hit.chunk.id].char_span for hit in hits)
