"""Work is kept: questions and answers survive a restart, can be cleared and exported as a memo; the window reopens
where the lawyer left off and remembers the folders last used."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from ui_support import drop_files, wait_ready

from contract_app.settings import default_config_dir, default_data_dir
from contract_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

QUESTION = "Which law governs this Agreement?"


def _ask(qtbot, window, question: str) -> None:
    entry = window.current_entry()
    asked = len(entry.history)
    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText(question)
    window.ask_panel.ask_button.click()
    qtbot.waitUntil(lambda: len(entry.history) == asked + 1, timeout=60_000)


def _history_list(window) -> list[str]:
    history = window.ask_panel.history
    return [history.item(row).text() for row in range(history.count())]


def test_questions_answers_page_and_zoom_survive_a_restart_and_history_can_be_cleared(
    qtbot, window, contract_pdf: Path, dialogs_seen
) -> None:
    drop_files(window, [contract_pdf])
    entry = wait_ready(qtbot, window, contract_pdf)
    _ask(qtbot, window, QUESTION)
    _ask(qtbot, window, "When must the Fees be paid?")
    stored = json.loads((default_data_dir() / "history" / f"{entry.doc_id}.json").read_text(encoding="utf-8"))
    assert [item["question"] for item in stored["questions"]] == [QUESTION, "When must the Fees be paid?"]
    window.viewer.set_zoom(1.5)
    window.viewer.go_to(3, animate=False)
    window.close()

    later = MainWindow()  # a new session: it lists the library and reopens the last document
    qtbot.addWidget(later)
    later.resize(1280, 820)
    later.show()
    qtbot.waitUntil(lambda: later.current_entry() is not None and later.current_entry().history_loaded, timeout=60_000)
    reopened = later.current_entry()
    assert reopened.doc_id == entry.doc_id and reopened.state == "ready"
    assert later.viewer.zoom == pytest.approx(1.5)
    assert later.viewer.current_page() == 3
    assert _history_list(later) == ["When must the Fees be paid?", QUESTION]
    restored = reopened.history[0]
    assert restored.answer.text == entry.history[0].answer.text
    assert restored.answer.citations == entry.history[0].answer.citations
    assert [chunk.id for chunk in restored.sources] == [chunk.id for chunk in entry.history[0].sources]
    assert "thirty (30) days" in later.ask_panel.answer.toPlainText()  # the last answer is on screen again

    assert later.clear_history_action.isEnabled()
    later.clear_history_action.trigger()
    qtbot.waitUntil(lambda: not reopened.history, timeout=30_000)
    assert dialogs_seen["confirm"] == ["Clear the 2 questions asked about services_agreement.pdf, and their answers?"]
    assert _history_list(later) == []
    assert not (default_data_dir() / "history" / f"{entry.doc_id}.json").exists()
    assert not later.clear_history_action.isEnabled() and not later.export_memo_action.isEnabled()
    later.runner.wait(30_000)
    later.close()


def test_the_questions_export_as_a_memo_with_their_citations(qtbot, ready_window, tmp_path: Path) -> None:
    window = ready_window
    assert not window.export_memo_action.isEnabled()  # nothing asked yet
    _ask(qtbot, window, QUESTION)
    assert window.export_memo_action.isEnabled()
    answer = window.current_entry().history[0].answer
    assert answer.citations[0].section == "3.2"

    memo_md, memo_docx = tmp_path / "memo.md", tmp_path / "memo.docx"
    window.export_memo(str(memo_md), "md")
    window.export_memo(str(memo_docx), "docx")
    qtbot.waitUntil(lambda: memo_md.exists() and memo_docx.exists() and not window.runner.busy, timeout=60_000)

    markdown = memo_md.read_text(encoding="utf-8")
    assert markdown.startswith("# Questions and answers: services\\_agreement.pdf")
    assert f"| 1\\. {QUESTION} (asked " in markdown
    assert "| \\[1\\] § 3.2, p. 3: “" in markdown
    assert "laws of the State of New York" in markdown and "\\*\\*" not in markdown  # marks removed, text kept
    document = docx.Document(str(memo_docx))
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[0] == ["Question", "Answer", "Cited clauses"]
    assert rows[1][0].startswith(f"1. {QUESTION}")
    assert rows[1][2].startswith("[1] § 3.2, p. 3")
    assert document.core_properties.title == "services_agreement"
    assert window.status_message.full_text() == f"Exported to {memo_docx}"

    window.export_memo(str(window.current_entry().path), "pdf")  # never over the contract
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30_000)
    assert Path(window.current_entry().path).read_bytes()[:4] == b"%PDF"


def test_open_and_export_start_in_the_folders_last_used(
    qtbot, ready_window, contract_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = ready_window
    started_in: list[str] = []
    picked = contract_pdf  # opened again: it is already in the library, ready
    exports = tmp_path / "exports"
    exports.mkdir()

    def open_names(parent, caption, folder, filters):
        started_in.append(folder)
        return [str(picked)], filters

    def save_name(parent, caption, folder, filters, options=None):
        started_in.append(str(Path(folder).parent))
        return str(exports / "brief"), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_names)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.choose_files()
    window.choose_files()
    window.current_entry().summary = object()  # any report: the dialog is what is looked at here
    monkeypatch.setattr(window, "export_report", lambda *args, **kwargs: None)
    window.choose_export("summary")
    window.choose_export("summary")
    assert started_in == [str(Path.home()), str(picked.parent), str(Path.home()), str(exports)]
    stored = json.loads((default_config_dir() / "window.json").read_text(encoding="utf-8"))
    assert (stored["open_folder"], stored["export_folder"]) == (str(picked.parent), str(exports))
