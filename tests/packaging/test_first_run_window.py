"""The window on a first run: a bad settings file is shown (the command line's sentence) and Settings opens; a
missing model is offered for download and installed through the runner."""

from __future__ import annotations

import pytest
from packaging_support import MODEL_BYTES, ModelServer

from contract_app.retrieval.model_files import downloaded_model_dir
from contract_app.settings import load_settings_leniently, settings_file
from contract_app.ui import dialogs, first_run
from contract_app.ui.app import _first_run_checks
from contract_app.ui.main_window import MainWindow
from contract_app.ui.session import Session

pytestmark = pytest.mark.gui


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message, details=None: seen.append(message))
    return seen


def _window(qtbot, session: Session) -> MainWindow:
    window = MainWindow(session, load_library=False)
    qtbot.addWidget(window)
    return window


def test_a_bad_settings_file_is_shown_and_settings_open_without_touching_the_file(
    qtbot, shown_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"answer_backend": "nonsense", "openai_model": "kept"}', encoding="utf-8")
    settings, problems = load_settings_leniently()
    window = _window(qtbot, Session(settings))
    opened: list[str] = []
    monkeypatch.setattr(window, "open_settings", lambda: opened.append(window.session.settings.openai_model))
    _first_run_checks(window, problems)
    assert shown_errors == [
        f'In the settings file {path}, "answer_backend" is "nonsense", but it must be one of "offline", "openai".'
    ]
    assert opened == ["kept"]
    assert path.read_text(encoding="utf-8") == '{"answer_backend": "nonsense", "openai_model": "kept"}'


def test_a_missing_model_is_offered_and_installed_through_the_runner(
    qtbot, model_server: ModelServer, shown_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(first_run, "ask_to_download", lambda parent: asked.append(True) or True)
    window = _window(qtbot, Session())
    progress: list[float] = []
    window.runner.started.connect(lambda task: task.signals.progress.connect(lambda f, _m: progress.append(f)))
    _first_run_checks(window, ())
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
    assert asked == [True] and shown_errors == []
    assert (downloaded_model_dir() / "model.onnx").read_bytes() == MODEL_BYTES
    assert progress and progress[-1] == 1.0
    assert window.status_message.text() == "The search model is installed: search now matches by meaning too."
    first_run.offer_model_download(window)  # installed: never offered again
    assert asked == [True]


def test_offline_mode_never_offers_the_model(qtbot, model_server: ModelServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_APP_OFFLINE", "1")
    monkeypatch.setattr(first_run, "ask_to_download", lambda parent: pytest.fail("offered in offline mode"))
    window = _window(qtbot, Session())
    assert first_run.offer_model_download(window) is None
    assert model_server.server.requests == []
