"""When something is missing or down, the lawyer gets a plain notice and a working app, not an error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_support import drop_files, wait_ready

from contract_app.retrieval.embeddings import NO_MODEL_NOTICE
from contract_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _ask(qtbot, window, question: str):
    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText(question)
    qtbot.mouseClick(window.ask_panel.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.current_entry().history), timeout=60_000)
    return window.current_entry().history[-1]


def test_without_an_embedding_model_a_notice_says_so_and_search_still_answers(
    qtbot, monkeypatch: pytest.MonkeyPatch, dialogs_seen, contract_pdf: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(tmp_path / "no-model-here"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # and no model in the user's cache either
    window = MainWindow(load_library=False)
    qtbot.addWidget(window)
    window.show()
    drop_files(window, [contract_pdf])
    wait_ready(qtbot, window, contract_pdf)

    assert dialogs_seen["notice"] == [NO_MODEL_NOTICE]
    assert dialogs_seen["error"] == []
    asked = _ask(qtbot, window, "Which law governs this Agreement?")
    assert "New York" in asked.answer.text
    window.runner.wait(30_000)
    window.close()  # and with it the index's child process


def test_a_failing_model_server_falls_back_to_the_offline_answer_and_says_so(
    qtbot, window, monkeypatch: pytest.MonkeyPatch, dialogs_seen, contract_pdf: Path
) -> None:
    from fakes.http import FakeServer, Response, serve

    fake = FakeServer({})
    fake.route("POST", "/v1/chat/completions")(
        lambda request: Response(503, {"error": {"message": "overloaded"}}, headers={"retry-after-ms": "1"})
    )
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with serve(fake):
        drop_files(window, [contract_pdf])
        wait_ready(qtbot, window, contract_pdf)
        window.apply_settings(
            replace(window.session.settings, answer_backend="openai", openai_base_url=f"{fake.url}/v1")
        )
        asked = _ask(qtbot, window, "Which law governs this Agreement?")

    assert fake.requests, "the model server was asked first"
    assert asked.answer.backend == "offline"
    assert "New York" in asked.answer.text
    notice = window.ask_panel.notice
    assert notice.isVisible()
    assert "Showing the offline answer instead." in notice.text()
    assert window.ask_panel.meta.text().startswith("Answered offline")
    assert dialogs_seen["error"] == []
