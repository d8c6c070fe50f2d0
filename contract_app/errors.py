"""Typed errors whose message is already a sentence a lawyer can read.

The core raises these; the edges (CLI, dialogs) print ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class ContractAppError(Exception):
    """Base of every error meant for the user. ``str(error)`` is one plain sentence."""


class InputError(ContractAppError):
    """The file given cannot be used (CLI exit code 1)."""


class NotAPdfError(InputError):
    pass


class CorruptedPdfError(InputError):
    pass


class EncryptedPdfError(InputError):
    pass


class WrongPasswordError(EncryptedPdfError):
    pass


class EmptyDocumentError(InputError):
    pass


class ScannedPdfError(InputError):
    """The document has no text layer and OCR is not available."""


class FileTooLargeError(InputError):
    pass


class UnreadableFileError(InputError):
    """The operating system would not open the file: missing, a link loop, no permission, a disk error."""


class OutputRefusedError(InputError):
    """An export was pointed at something it must never replace (the contract, the index)."""


class OutputExistsError(InputError):
    """The export's file already exists; the caller may ask and try again with ``force``."""

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = path


class OperationCancelled(ContractAppError):
    def __init__(self, message: str = "The operation was cancelled.") -> None:
        super().__init__(message)


class ConfigurationError(ContractAppError):
    pass


class EmbeddingModelMismatchError(ConfigurationError):
    pass


class BackendError(ContractAppError):
    """A remote or local model backend failed (after retries)."""


class StoreError(ContractAppError):
    pass


class IndexTooNewError(StoreError):
    """The index was written by a newer version of the app, whose records this version could misread."""
