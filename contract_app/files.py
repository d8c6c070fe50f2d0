"""Checking a contract file before reading it: from its directory entry alone (``stat``), so a file that is too big,
a pipe, a folder or a link loop is refused without reading a byte. Plain standard library: the window and the
retriever use it without loading the PDF library."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from contract_app.errors import EmptyDocumentError, FileTooLargeError, InputError, NotAPdfError, UnreadableFileError

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Larger files are refused before reading: no contract is this big, and parsing would stall the app."""
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF header may follow some junk bytes; readers accept it within the first KB


def check_pdf_file(path: Path) -> int:
    """The file's size, from its directory entry alone (``stat``: not one byte is read), once it is known to be a
    regular file within the limits. A 400 MB file is refused in microseconds, not after reading it whole."""
    try:
        info = os.stat(path)  # follows links: a loop or a dangling link fails here
    except OSError as error:
        raise file_error(path, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise NotAPdfError(f"{path} is a folder, not a PDF file.")
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device: reading it could wait forever
        raise NotAPdfError(f"{path.name} is not a PDF file: it is not a regular file.")
    if info.st_size > MAX_FILE_BYTES:
        raise FileTooLargeError(
            f"{path.name} is too large ({info.st_size / 2**20:.0f} MB): the limit is {MAX_FILE_BYTES // 2**20} MB."
        )
    if info.st_size == 0:
        raise EmptyDocumentError(f"{path.name} is empty.")
    return info.st_size


def file_error(path: Path, error: OSError) -> InputError:
    """One plain sentence for an operating-system error met opening ``path``."""
    reasons = {
        errno.ELOOP: "it is a link that leads back to itself (a symbolic link loop)",
        errno.EACCES: "permission to read it is denied",
        errno.EPERM: "permission to read it is denied",
        errno.ENAMETOOLONG: "its name is too long",
        errno.EIO: "the disk reported a read error",
    }
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return UnreadableFileError(f"{path} does not exist.")
    reason = reasons.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()
    return UnreadableFileError(f"{path.name} cannot be opened: {reason}.")


def resolved(path: str | Path) -> Path:
    """The absolute path with links followed; a link loop is a plain sentence (``Path.resolve`` raises
    RuntimeError for one on Python 3.11 and 3.12, OSError later)."""
    path = Path(path).expanduser()
    try:
        return path.resolve()
    except OSError as error:
        raise file_error(path, error) from error
    except RuntimeError as error:
        raise file_error(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP))) from error


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (a big file is never held whole for it); checked first."""
    check_pdf_file(path)
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:
        raise file_error(path, error) from error


def has_pdf_header(path: Path) -> bool:
    """Whether the file is one ``check_pdf_file`` accepts and starts like a PDF (reads at most 1 KB)."""
    try:
        check_pdf_file(path)
        with path.open("rb") as handle:
            return PDF_MAGIC in handle.read(MAGIC_WINDOW)
    except (InputError, OSError):
        return False
