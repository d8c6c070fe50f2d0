"""The Ask pane shows a model's text only as a draft being checked, and replaces it: a set-aside answer does not
stay on screen. The real openai SDK against the fake server on loopback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes.openai_server import serve_openai
from PySide6.QtCore import Qt
from ui_support import drop_files, wait_ready

from contract_app.answering.pipeline import SET_ASIDE_NOTICE
from contract_app.ui.ask import DRAFT_NOTE

pytestmark = pytest.mark.gui


def _french_law(body: dict) -> str:
    blocks = body["messages"][1]["content"].split("<clause ")[1:]
    clause = next(block.split('"')[1] for block in blocks if "3.2 Governing Law" in block)
    return f"The governing law is French law [{clause}]."


def test_a_set_aside_answer_is_shown_only_as_a_draft_and_then_replaced(qtbot, window, contract_pdf: Path) -> None:
    with serve_openai() as fake:
        fake.responder = _french_law
        window.apply_settings(
            replace(window.session.settings, answer_backend="openai", openai_base_url=fake.base_url,
                    openai_model="fake-model")
        )  # fmt: skip
        drop_files(window, [contract_pdf])
        entry = wait_ready(qtbot, window, contract_pdf)
        panel = window.ask_panel
        window.tabs.setCurrentWidget(panel)
        seen: list[tuple[str, str]] = []
        panel.answer.textChanged.connect(lambda: seen.append((panel.answer.toPlainText(), panel.meta.text())))
        panel.question.setText("Which law governs this Agreement?")
        qtbot.mouseClick(panel.ask_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(entry.history) == 1, timeout=60_000)

    drafts = [meta for text, meta in seen if "French" in text]
    assert drafts and set(drafts) == {DRAFT_NOTE}  # while on screen, it was marked as being checked
    assert "French" not in panel.answer.toPlainText()
    assert "New York" in panel.answer.toPlainText()
    assert panel.notice.text().startswith(SET_ASIDE_NOTICE)
    assert panel.meta.text().startswith("Answered offline")
