"""What the window checks once it is on screen: settings it could not use, and a missing embedding model.

A bad settings file does not stop the window (the command line refuses it with the same sentence): the window starts
with the usable settings, shows what is wrong, and opens Settings; the file is only replaced if the lawyer saves.
A source install without the model offers to fetch it once (its size shown; progress and Cancel in the status bar
through the runner); the offer is never made in offline mode or when the model is not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from contract_app.retrieval.model_download import archive_size_label, download_model
from contract_app.retrieval.model_files import MODEL_NAME, downloaded_model_dir, find_model_dir
from contract_app.settings import Settings, SettingsError
from contract_app.ui import dialogs
from contract_app.ui.runner import Task, TaskContext

if TYPE_CHECKING:
    from contract_app.ui.main_window import MainWindow


def show_settings_problems(window: MainWindow, problems: Sequence[SettingsError]) -> None:
    """The same sentences the command line prints, then the Settings dialog to put them right."""
    dialogs.show_error(window, " ".join(dict.fromkeys(str(problem) for problem in problems)))
    window.open_settings()


def needs_model(settings: Settings) -> bool:
    return settings.embedding_backend == "local" and not settings.offline and find_model_dir(settings) is None


def ask_to_download(parent: QWidget) -> bool:
    text = (
        f"Search by meaning needs the {MODEL_NAME} model ({archive_size_label()}), which is not on this computer. "
        f"Download it now? It is fetched once, checked against its published checksum and kept in "
        f"{downloaded_model_dir()}; until then, search matches words only."
    )
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, "Download the search model", text, buttons, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def offer_model_download(window: MainWindow) -> Task | None:
    """Ask once per start; when the lawyer agrees, download in the runner (progress and Cancel in the status bar)."""
    settings = window.session.settings
    if not needs_model(settings) or not ask_to_download(window):
        return None
    return window.runner.run(
        partial(_download, settings),
        label="Downloading the search model",
        on_success=lambda _folder: _installed(window),
    )


def _download(settings: Settings, context: TaskContext) -> object:
    return download_model(settings, progress=context.progress)


def _installed(window: MainWindow) -> None:
    window.session.replace_settings(window.session.settings)  # the next step opens the index with the model
    window.status_message.setText("The search model is installed: search now matches by meaning too.")
