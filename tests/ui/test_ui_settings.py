"""Settings go to the settings file, API keys to the OS keyring only; the badge says what would leave the machine."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend

from contract_app import secrets
from contract_app.settings import Settings, load_settings, settings_file
from contract_app.ui.privacy import PrivacyBadge, privacy_text
from contract_app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict: what the OS keyring would hold, without touching the real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_openai_key_round_trips_through_the_keyring_and_never_reaches_the_settings_file(
    qtbot, memory_keyring: MemoryKeyring
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog.answer_backend, "openai")
    dialog.openai_model.setText("gpt-4o")
    dialog.openai_key.setText("sk-test-123")
    dialog.accept()

    assert memory_keyring.passwords == {(secrets.SERVICE, "openai_api_key"): "sk-test-123"}
    stored = settings_file().read_text(encoding="utf-8")
    assert "sk-test-123" not in stored
    assert json.loads(stored)["answer_backend"] == "openai"
    reloaded = load_settings()
    assert (reloaded.answer_backend, reloaded.openai_model) == ("openai", "gpt-4o")
    assert reloaded.openai_api_key() == "sk-test-123"
    again = SettingsDialog(reloaded)
    qtbot.addWidget(again)
    assert again.openai_key.text() == "sk-test-123"
    assert again.answer_backend.currentData() == "openai"


def test_clearing_a_key_deletes_it_from_the_keyring(qtbot, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password(secrets.SERVICE, "cohere_api_key", "co-old")
    dialog = SettingsDialog(Settings(rerank_backend="cohere"))
    qtbot.addWidget(dialog)
    assert dialog.cohere_key.text() == "co-old"
    dialog.cohere_key.clear()
    dialog.accept()
    assert memory_keyring.passwords == {}


def test_badge_says_local_only_for_offline_and_for_a_loopback_model_server(qtbot) -> None:
    assert privacy_text(Settings()) == ("Local only", False)
    local_server = Settings(answer_backend="openai", openai_base_url="http://127.0.0.1:8080/v1")
    assert privacy_text(local_server) == ("Local only", False)
    badge = PrivacyBadge(local_server)
    qtbot.addWidget(badge)
    assert not badge.leaves_machine


def test_badge_names_each_host_that_receives_contract_text(qtbot) -> None:
    cloud = Settings(answer_backend="openai", rerank_backend="cohere")
    assert privacy_text(cloud) == ("Sends text to api.openai.com (answers); api.cohere.com (rerank)", True)
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert not dialog.badge.leaves_machine
    _choose(dialog.answer_backend, "openai")
    assert dialog.badge.leaves_machine  # the dialog shows the consequence before anything is saved
    assert "api.openai.com (answers)" in dialog.badge.text()


def test_choosing_the_local_server_keeps_a_loopback_url(qtbot, memory_keyring: MemoryKeyring) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog.answer_backend, "local")
    dialog.base_url.setText("http://localhost:11434/v1")
    dialog.accept()
    assert dialog.saved is not None
    assert (dialog.saved.answer_backend, dialog.saved.openai_base_url) == ("openai", "http://localhost:11434/v1")
    assert privacy_text(dialog.saved) == ("Local only", False)


def test_saving_settings_in_the_window_updates_the_status_bar_badge(window) -> None:
    assert window.privacy_badge.text().endswith("Local only")
    window.apply_settings(Settings(answer_backend="openai"))
    assert window.privacy_badge.leaves_machine
    assert window.privacy_badge.text().endswith("Sends text to api.openai.com (answers)")
    assert window.session.settings.answer_backend == "openai"
