"""The one error path: every failure from the runner ends here and becomes a plain dialog.

``show_error``, ``show_notice``, ``ask_password``, ``ask_matter_name``, ``confirm_replace`` and ``confirm`` are
module functions so tests can intercept the dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from contract_app.errors import ContractAppError, EncryptedPdfError, OutputExistsError, WrongPasswordError
from contract_app.secrets import redact

TITLE = "Contract App"


def show_error(parent: QWidget | None, message: str, details: str | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, message, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_notice(parent: QWidget | None, message: str) -> None:
    QMessageBox.information(parent, TITLE, message)


def ask_password(parent: QWidget | None, message: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "Password required", message, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def ask_matter_name(parent: QWidget | None, folder_name: str) -> str | None:
    """The name of the matter a dropped folder becomes (the folder's, unless the user types another)."""
    text, ok = QInputDialog.getText(
        parent,
        "New matter",
        "The folder's contracts go into the matter (a matter of that name gets the new ones):",
        QLineEdit.EchoMode.Normal,
        folder_name,
    )
    return (" ".join(text.split()) or None) if ok else None


def confirm(parent: QWidget | None, message: str, action: str) -> bool:
    """Yes/Cancel before something that cannot be undone; ``action`` names the Yes button ("Clear")."""
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, message, QMessageBox.StandardButton.Cancel, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def confirm_replace(parent: QWidget | None, message: str) -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(parent, TITLE, message, buttons, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class ErrorPresenter:
    """Turns a failed operation into the right dialog (and a retry, for a password-protected PDF)."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def __call__(self, error: BaseException, retry: Callable[..., None] | None) -> None:
        if isinstance(error, EncryptedPdfError) and retry is not None:
            prompt = str(error)
            if isinstance(error, WrongPasswordError):
                prompt = f"{error} Try again:"
            password = ask_password(self._parent, prompt)
            if password:
                retry(password=password)
            return
        if isinstance(error, OutputExistsError) and retry is not None:
            if confirm_replace(self._parent, f"{error.path} already exists. Replace it?"):
                retry(force=True)
            return
        if isinstance(error, ContractAppError):
            show_error(self._parent, redact(str(error)))
            return
        details = getattr(error, "details", None)
        show_error(
            self._parent,
            f"Something went wrong that the app did not expect ({type(error).__name__}: {redact(str(error))}).",
            redact(details) if details else None,
        )
