"""A dropped contract is ready (outline, viewer, questions) once its clauses are stored; its clauses are embedded
after, in the background, in steps that questions can pass, and answers say they matched words only until then."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_support import drop_files, wait_ready

from contract_app.retrieval import retriever as retriever_module
from contract_app.retrieval.retriever import VECTORS_PENDING_NOTICE, vectors_message

pytestmark = pytest.mark.gui


def _ask(qtbot, window, entry, question: str):
    asked_before = len(entry.history)
    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText(question)
    qtbot.mouseClick(window.ask_panel.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(entry.history) == asked_before + 1, timeout=60_000)
    return entry.history[-1]


def test_a_contract_is_ready_before_its_clauses_are_embedded_and_answers_say_so_until_they_are(
    qtbot, window, contract_pdf: Path, monkeypatch: pytest.MonkeyPatch, dialogs_seen
) -> None:
    monkeypatch.setattr(retriever_module, "FILL_WINDOW", 1)  # a step per clause, so a question lands between two
    shown: list[tuple[str, str]] = []
    window.runner.started.connect(
        lambda task: task.signals.reported.connect(lambda fraction, message: shown.append((task.label, message)))
    )
    embedded: list[object] = []
    window.vectors_ready.connect(embedded.append)

    drop_files(window, [contract_pdf])
    entry = wait_ready(qtbot, window, contract_pdf)
    assert embedded == []  # ready, and the outline shows, before a single clause is embedded
    assert window.outline.tree.topLevelItemCount() > 0

    early = _ask(qtbot, window, entry, "Which law governs this Agreement?")
    assert "New York" in early.answer.text  # the words found it
    assert early.answer.notices[0] == VECTORS_PENDING_NOTICE
    assert VECTORS_PENDING_NOTICE in window.ask_panel.notice.text()
    assert window.ask_panel.notice.isVisible()

    qtbot.waitUntil(lambda: embedded == [entry], timeout=120_000)
    chunks = len(window.session.retriever().chunks(entry.doc_id))
    label = f"Preparing meaning-based search in {contract_pdf.name}"
    assert (label, vectors_message(1, chunks)) in shown
    assert (label, vectors_message(chunks, chunks)) in shown
    assert window.session.retriever().vectors_pending(entry.doc_id) == 0

    later = _ask(qtbot, window, entry, "Which law governs this Agreement?")
    assert "New York" in later.answer.text
    assert VECTORS_PENDING_NOTICE not in later.answer.notices
    assert dialogs_seen["error"] == []
