"""Opening a file as a PDF, with one plain sentence for every way that can fail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from contract_app.errors import (
    CorruptedPdfError,
    EncryptedPdfError,
    FileTooLargeError,
    NotAPdfError,
    WrongPasswordError,
)
from contract_app.files import MAGIC_WINDOW, PDF_MAGIC, check_pdf_file, file_error

MUPDF_ERRORS: tuple[type[Exception], ...] = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
"""What MuPDF raises on a damaged file: its own FzError classes derive from Exception, not RuntimeError."""

MAX_PAGES = 2000


def read_pdf_bytes(path: Path) -> bytes:
    """The file's bytes, once it is known to exist, to be of a sane size and to look like a PDF."""
    check_pdf_file(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise file_error(path, error) from error
    if PDF_MAGIC not in data[:MAGIC_WINDOW]:
        if path.suffix.lower() != ".pdf":
            raise NotAPdfError(f"{path.name} is not a PDF file.")
        raise NotAPdfError(f"{path.name} is not a PDF file: its content is not PDF data.")
    return data


@contextmanager
def quiet_mupdf() -> Iterator[None]:
    """Keep MuPDF's own error chatter off stderr: we report problems as one sentence instead."""
    errors, warnings = pymupdf.TOOLS.mupdf_display_errors(), pymupdf.TOOLS.mupdf_display_warnings()
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        yield
    finally:
        pymupdf.TOOLS.mupdf_display_errors(errors)
        pymupdf.TOOLS.mupdf_display_warnings(warnings)
        pymupdf.TOOLS.reset_mupdf_warnings()


def open_pdf(data: bytes, name: str, password: str | None) -> pymupdf.Document:
    """An open, authenticated document with a sane number of pages."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:
        raise CorruptedPdfError(f"{name} is damaged and cannot be read.") from error
    if doc.needs_pass:
        if not password:
            doc.close()
            raise EncryptedPdfError(
                f"{name} is password-protected: give its password (--password on the command line) to open it."
            )
        if not doc.authenticate(password):
            doc.close()
            raise WrongPasswordError(f"The password given for {name} is wrong.")
    try:
        count = doc.page_count  # a truncated file can fail here, after opening
    except MUPDF_ERRORS as error:
        doc.close()
        raise CorruptedPdfError(f"{name} is damaged and cannot be read.") from error
    if count == 0:
        doc.close()
        raise CorruptedPdfError(f"{name} is damaged: it has no pages.")
    if doc.page_count > MAX_PAGES:
        count = doc.page_count
        doc.close()
        raise FileTooLargeError(f"{name} has {count:,} pages: the limit is {MAX_PAGES:,}.")
    return doc
