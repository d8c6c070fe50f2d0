"""An answer over a contract whose text is incomplete says so, offline and from a model alike."""

from __future__ import annotations

from pathlib import Path

from contract_app.answering import ask
from contract_app.answering.pipeline import INCOMPLETE_TEXT_NOTICE
from contract_app.parsing.pdf import REPAIRED_WARNING
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


def test_an_answer_over_a_repaired_file_says_its_text_may_be_incomplete(sample_pdf: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial download.pdf"
    partial.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size * 9 // 10])
    settings = Settings(store_dir=str(tmp_path / "store"))
    retriever = Retriever(settings)
    try:
        damaged = retriever.ingest(partial).doc_id
        whole = retriever.ingest(sample_pdf).doc_id
        answer = ask(retriever, damaged, "What law governs this agreement?", settings)
        assert answer.notices[-1] == f"{INCOMPLETE_TEXT_NOTICE} {REPAIRED_WARNING}"
        assert ask(retriever, whole, "What law governs this agreement?", settings).notices == ()
    finally:
        retriever.close()
