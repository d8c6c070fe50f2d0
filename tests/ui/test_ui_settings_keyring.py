"""Settings > Save on a computer whose keyring cannot keep a key: the other settings are saved all the same, and
one sentence says which key was not stored and why (Linux without a keyring backend is the common case)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from contract_app.settings import Settings, load_settings, settings_file
from contract_app.ui import dialogs
from contract_app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message, details=None: shown.append(message))
    return shown


def _use(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    """What Linux without Secret Service or KWallet gives: every call raises ``NoKeyringError``."""
    yield from _use(fail.Keyring())


@pytest.fixture
def null_keyring() -> Iterator[KeyringBackend]:
    """The "null" backend: accepts every key and keeps none."""
    yield from _use(null.Keyring())


def _choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def _saved() -> dict:
    return json.loads(settings_file().read_text(encoding="utf-8"))


def test_saving_without_a_key_on_a_computer_without_a_keyring_saves_everything_silently(
    qtbot, no_keyring, errors_shown: list[str]
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog.answer_backend, "local")
    dialog.base_url.setText("http://127.0.0.1:8080/v1")
    _choose(dialog.rerank_backend, "cohere")

    dialog.accept()

    assert errors_shown == []
    assert dialog.saved is not None and dialog.result() == SettingsDialog.DialogCode.Accepted
    assert (_saved()["answer_backend"], _saved()["openai_base_url"]) == ("openai", "http://127.0.0.1:8080/v1")
    assert load_settings().rerank_backend == "cohere"


def test_a_key_without_a_keyring_is_named_in_one_sentence_and_the_other_settings_are_saved(
    qtbot, no_keyring, errors_shown: list[str]
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog.answer_backend, "openai")
    dialog.openai_model.setText("gpt-4o")
    dialog.openai_key.setText("sk-test-typed-key-123")

    dialog.accept()

    assert errors_shown == [
        "The OpenAI API key could not be stored: this computer has no system keyring; "
        "set OPENAI_API_KEY in the environment instead."
    ]
    assert (_saved()["answer_backend"], _saved()["openai_model"]) == ("openai", "gpt-4o")
    assert "sk-test-typed-key-123" not in settings_file().read_text(encoding="utf-8")
    assert dialog.saved is not None


def test_a_keyring_that_keeps_nothing_is_not_mistaken_for_a_stored_key(
    qtbot, null_keyring, errors_shown: list[str]
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog.rerank_backend, "cohere")
    dialog.cohere_key.setText("co-typed-key-456")

    dialog.accept()

    assert errors_shown == [
        "The Cohere API key could not be stored: the system keyring did not keep it (no keyring backend is "
        "configured); set COHERE_API_KEY in the environment instead."
    ]
    assert _saved()["rerank_backend"] == "cohere"
