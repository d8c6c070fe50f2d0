"""Every way a file can fail to be a usable PDF gives its own typed error with one plain sentence."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfgen import write_contract_pdf, write_encrypted_pdf

from contract_app import files
from contract_app.errors import (
    CorruptedPdfError,
    EmptyDocumentError,
    EncryptedPdfError,
    FileTooLargeError,
    InputError,
    NotAPdfError,
    WrongPasswordError,
)
from contract_app.parsing import opening, parse_pdf


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^.*nowhere\.pdf does not exist\.$"):
        parse_pdf(tmp_path / "nowhere.pdf")


def test_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAPdfError, match=r"is a folder, not a PDF file\.$"):
        parse_pdf(tmp_path)


def test_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "contract.docx"
    path.write_bytes(b"PK\x03\x04 a zip archive, not a PDF")
    with pytest.raises(NotAPdfError, match=r"^contract\.docx is not a PDF file\.$"):
        parse_pdf(path)


def test_a_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "contract.pdf"
    path.write_text("This Agreement is made between the parties.")
    with pytest.raises(NotAPdfError, match=r"^contract\.pdf is not a PDF file: its content is not PDF data\.$"):
        parse_pdf(path)


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match=r"^contract\.pdf is empty\.$"):
        parse_pdf(path)


def test_a_corrupted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(CorruptedPdfError, match=r"^broken\.pdf is damaged"):
        parse_pdf(path)


def test_a_truncated_pdf(tmp_path: Path) -> None:
    whole = write_contract_pdf(tmp_path / "whole.pdf", [["The Licensee shall pay."]]).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[:200])
    with pytest.raises(CorruptedPdfError, match=r"^truncated\.pdf is damaged"):
        parse_pdf(path)


def test_a_pdf_without_text(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page()
    doc.save(tmp_path / "blank.pdf")
    with pytest.raises(EmptyDocumentError, match=r"^blank\.pdf contains no text\.$"):
        parse_pdf(tmp_path / "blank.pdf")


def test_an_encrypted_pdf_asks_for_its_password(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "locked.pdf", [["The Licensee shall pay."]], password="secret")

    with pytest.raises(EncryptedPdfError, match=r"^locked\.pdf is password-protected: give its password") as error:
        parse_pdf(path)
    assert not isinstance(error.value, WrongPasswordError)
    with pytest.raises(WrongPasswordError, match=r"^The password given for locked\.pdf is wrong\.$"):
        parse_pdf(path, password="guess")
    assert parse_pdf(path, password="secret").text == "The Licensee shall pay."


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_contract_pdf(tmp_path / "big.pdf", [["The Licensee shall pay."]])
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024 * 1024)
    path.write_bytes(path.read_bytes() + b"\n%" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(FileTooLargeError, match=r"^big\.pdf is too large \(2 MB\): the limit is 1 MB\.$"):
        parse_pdf(path)


def test_a_document_over_the_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_contract_pdf(tmp_path / "long.pdf", [[f"Clause {n}."] for n in range(4)])
    monkeypatch.setattr(opening, "MAX_PAGES", 3)
    with pytest.raises(FileTooLargeError, match=r"^long\.pdf has 4 pages: the limit is 3\.$"):
        parse_pdf(path)


def test_the_default_limits() -> None:
    assert files.MAX_FILE_BYTES == 200 * 1024 * 1024
    assert opening.MAX_PAGES == 2000


def test_errors_leave_no_mupdf_chatter_on_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    with pytest.raises(CorruptedPdfError):
        parse_pdf(path)
    assert capfd.readouterr().err == ""


def test_a_pdf_cut_short_anywhere_is_refused_or_read_with_a_warning(sample_pdf: Path, tmp_path: Path) -> None:
    """A partial download: MuPDF repairs what it can. Never a crash (cut at 5-25% of the sample, counting its pages
    used to raise a bare RuntimeError), and never a silent partial contract."""
    from contract_app.parsing.pdf import REPAIRED_WARNING

    whole = sample_pdf.read_bytes()
    outcomes = set()
    for twentieth in range(1, 20):
        path = tmp_path / f"cut_{twentieth}.pdf"
        path.write_bytes(whole[: len(whole) * twentieth // 20])
        try:
            doc = parse_pdf(path)
        except CorruptedPdfError as error:
            assert str(error).startswith(f"{path.name} is damaged")
            outcomes.add("refused")
        else:
            assert doc.warnings[0] == REPAIRED_WARNING
            outcomes.add("read with a warning")
    assert outcomes == {"refused", "read with a warning"}


def test_randomly_damaged_copies_of_the_sample_are_read_or_refused_in_one_sentence(
    sample_pdf: Path, tmp_path: Path
) -> None:
    """Bytes overwritten at random, as on a failing disk: MuPDF's own errors (a malformed or cyclic page tree: two
    of these 80 copies) must surface as a typed error, never as a crash."""
    import random

    from contract_app.errors import ContractAppError
    from contract_app.structure import load_contract

    whole = sample_pdf.read_bytes()
    rng = random.Random(7)
    outcomes: dict[str, int] = {}
    for copy in range(80):
        data = bytearray(whole)
        for _ in range(rng.choice([1, 5, 50, 500])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged_{copy}.pdf"
        path.write_bytes(bytes(data))
        try:
            structure = load_contract(path)
        except ContractAppError as error:
            assert str(error).startswith(path.name), error
            outcome = type(error).__name__
        else:
            assert structure.document.text, path.name
            outcome = "read"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes["read"] > 0 and outcomes["CorruptedPdfError"] > 0
