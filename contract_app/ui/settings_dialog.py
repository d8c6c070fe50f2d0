"""Settings: which backends run, where the index lives, and API keys (kept in the OS keyring, never in a file).

The badge at the bottom of the dialog updates live, so the lawyer sees what would leave the machine before saving.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contract_app import secrets
from contract_app.outputs import os_error_sentence
from contract_app.settings import Settings, is_loopback, save_settings, settings_file
from contract_app.ui import dialogs
from contract_app.ui.privacy import PrivacyBadge

ANSWER_CHOICES = [
    ("offline", "Offline — extractive answers, nothing leaves this machine"),
    ("local", "Local model server (OpenAI-compatible, e.g. http://127.0.0.1:8080/v1)"),
    ("openai", "OpenAI"),
]
RERANK_CHOICES = [("local", "Local reranking"), ("cohere", "Cohere Rerank")]
EMBEDDING_CHOICES = [("local", "Local MiniLM (ONNX)"), ("openai", "OpenAI embeddings (same endpoint as answers)")]
KEY_NAMES = {"openai": "openai_api_key", "cohere": "cohere_api_key"}


def answer_choice(settings: Settings) -> str:
    if settings.answer_backend != "openai":
        return "offline"
    return "local" if settings.openai_base_url and is_loopback(settings.openai_base_url) else "openai"


def _combo(choices: list[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox()
    for value, text in choices:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, [value for value, _ in choices].index(current) if current in dict(choices) else 0))
    return combo


def _key_field(name: str) -> QLineEdit:
    field = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
    stored = secrets.get_secret(name)
    field.setText(stored or "")
    field.setPlaceholderText("Stored in the system keyring" if stored is None else "")
    return field


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(620)
        self._original = settings
        self.saved: Settings | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        answers = QGroupBox("Answers")
        form = QFormLayout(answers)
        self.answer_backend = _combo(ANSWER_CHOICES, answer_choice(settings))
        self.openai_model = QLineEdit(settings.openai_model)
        self.base_url = QLineEdit(settings.openai_base_url, placeholderText="https://api.openai.com/v1")
        self.openai_key = _key_field(KEY_NAMES["openai"])
        form.addRow("Backend", self.answer_backend)
        form.addRow("Model", self.openai_model)
        form.addRow("Base URL", self.base_url)
        form.addRow("API key", self.openai_key)
        layout.addWidget(answers)

        retrieval = QGroupBox("Search")
        form = QFormLayout(retrieval)
        self.embedding_backend = _combo(EMBEDDING_CHOICES, settings.embedding_backend)
        self.rerank_backend = _combo(RERANK_CHOICES, settings.rerank_backend)
        self.cohere_model = QLineEdit(settings.cohere_model)
        self.cohere_key = _key_field(KEY_NAMES["cohere"])
        form.addRow("Embeddings", self.embedding_backend)
        form.addRow("Reranking", self.rerank_backend)
        form.addRow("Cohere model", self.cohere_model)
        form.addRow("Cohere API key", self.cohere_key)
        layout.addWidget(retrieval)

        storage = QGroupBox("Storage")
        form = QFormLayout(storage)
        self.store_dir = QLineEdit(settings.store_dir, placeholderText=str(settings.store_path))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_store)
        row = QHBoxLayout()
        row.addWidget(self.store_dir, 1)
        row.addWidget(browse)
        self.chroma_url = QLineEdit(settings.chroma_url, placeholderText="Local index (leave empty)")
        form.addRow("Index folder", row)
        form.addRow("Shared Chroma server", self.chroma_url)
        layout.addWidget(storage)

        footer = QHBoxLayout()
        footer.addWidget(QLabel("With these settings:"))
        self.badge = PrivacyBadge(settings)
        footer.addWidget(self.badge)
        footer.addStretch(1)
        layout.addLayout(footer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        for combo in (self.answer_backend, self.embedding_backend, self.rerank_backend):
            combo.currentIndexChanged.connect(self._changed)
        for field in (self.base_url, self.chroma_url, self.openai_model, self.cohere_model):
            field.textChanged.connect(self._changed)
        self._changed()

    def chosen(self) -> Settings:
        """The settings as the form shows them (keys are not part of them: they go to the keyring)."""
        choice = self.answer_backend.currentData()
        base_url = self.base_url.text().strip()
        if choice == "openai" and base_url and is_loopback(base_url):
            base_url = ""  # "OpenAI" means the real service; a loopback URL is the local-server choice
        return replace(
            self._original,
            answer_backend="offline" if choice == "offline" else "openai",
            openai_model=self.openai_model.text().strip() or self._original.openai_model,
            openai_base_url=base_url,
            embedding_backend=self.embedding_backend.currentData(),
            rerank_backend=self.rerank_backend.currentData(),
            cohere_model=self.cohere_model.text().strip() or self._original.cohere_model,
            store_dir=self.store_dir.text().strip(),
            chroma_url=self.chroma_url.text().strip(),
        )

    def _changed(self, *_: object) -> None:
        choice = self.answer_backend.currentData()
        self.base_url.setEnabled(choice != "offline")
        self.openai_model.setEnabled(choice != "offline" or self.embedding_backend.currentData() == "openai")
        self.openai_key.setEnabled(choice == "openai" or self.embedding_backend.currentData() == "openai")
        cohere = self.rerank_backend.currentData() == "cohere"
        self.cohere_model.setEnabled(cohere)
        self.cohere_key.setEnabled(cohere)
        self.badge.update_for(self.chosen())

    def _choose_store(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Index folder", self.store_dir.text() or str(self._original.store_path)
        )
        if folder:
            self.store_dir.setText(folder)

    def accept(self) -> None:
        """Save the settings first: a keyring that cannot keep a key must not cost the lawyer the rest."""
        settings = self.chosen()
        try:
            save_settings(settings)
        except OSError as error:  # the dialog stays open, nothing is lost
            dialogs.show_error(self, os_error_sentence(error, settings_file()))
            return
        self.saved = settings
        not_stored: list[str] = []
        for field, name in ((self.openai_key, KEY_NAMES["openai"]), (self.cohere_key, KEY_NAMES["cohere"])):
            try:
                secrets.set_secret(name, field.text().strip() or None)
            except secrets.SecretStoreError as error:
                not_stored.append(str(error))
        if not_stored:
            dialogs.show_error(self, " ".join(not_stored))
        super().accept()
