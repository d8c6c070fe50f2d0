"""Asking a question streams an answer whose citation chips take the viewer to the cited clause, highlighted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_support import drop_files, wait_ready

pytestmark = pytest.mark.gui


def _ask(qtbot, window, question: str) -> list[str]:
    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText(question)
    streamed: list[str] = []
    window.ask_panel.answer.textChanged.connect(lambda: streamed.append(window.ask_panel.answer.toPlainText()))
    qtbot.mouseClick(window.ask_panel.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.current_entry().history) == 1, timeout=60_000)
    return streamed


def test_clicking_a_citation_chip_scrolls_to_the_clause_and_highlights_it(qtbot, window, contract_pdf: Path) -> None:
    drop_files(window, [contract_pdf])
    entry = wait_ready(qtbot, window, contract_pdf)
    window.viewer.go_to(1, animate=False)
    _ask(qtbot, window, "Which law governs this Agreement?")

    asked = entry.history[0]
    assert "New York" in asked.answer.text
    chips = window.ask_panel.chip_buttons
    assert len(chips) == len(asked.answer.citations) >= 1
    citation = asked.answer.citations[0]
    assert citation.section == "3.2"
    assert chips[0].text() == "3.2, p. 3"
    assert asked.sources[0].id == citation.chunk_id

    qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.viewer.current_page() == 3, timeout=3000)
    expected = entry.structure.document.highlights(citation.char_span)
    assert window.viewer.highlights == expected
    assert {box.page for box in expected} == {3}
    rects = window.viewer.highlight_rects()
    assert len(rects) == len(expected)
    top, bottom = window.viewer.verticalScrollBar().value(), window.viewer.verticalScrollBar().value() + 820
    assert all(top <= rect.top() <= bottom for rect in rects)


def test_answers_stream_in_and_each_question_stays_in_the_documents_history(qtbot, window, contract_pdf: Path) -> None:
    drop_files(window, [contract_pdf])
    entry = wait_ready(qtbot, window, contract_pdf)
    streamed = _ask(qtbot, window, "When must the Fees be paid?")
    assert any("thirty (30) days" in text for text in streamed)  # the answer was on screen before it finished
    source = entry.history[0].sources[0]
    assert ("definition", "Fees") in {(context.kind, context.label) for context in source.context}
    sources_text = window.ask_panel.sources.toPlainText()
    assert "“Fees”: “Fees” means the amounts payable under Section 3.1." in sources_text
    window.ask_panel.question.setText("Which law governs this Agreement?")
    qtbot.mouseClick(window.ask_panel.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(entry.history) == 2, timeout=60_000)

    history = window.ask_panel.history
    assert [history.item(row).text() for row in range(history.count())] == [
        "Which law governs this Agreement?",
        "When must the Fees be paid?",
    ]
    qtbot.mouseClick(
        history.viewport(), Qt.MouseButton.LeftButton, pos=history.visualItemRect(history.item(1)).center()
    )
    assert "thirty (30) days" in window.ask_panel.answer.toPlainText()


def test_redaction_marks_in_an_answer_are_shown_as_written(qtbot, window, tmp_path: Path) -> None:
    """``[***]`` read as Markdown became ``[]`` and turned what followed italic."""
    from PySide6.QtGui import QTextCursor
    from ui_support import write_redacted_contract

    contract = write_redacted_contract(tmp_path / "License Agreement.pdf")
    drop_files(window, [contract])
    entry = wait_ready(qtbot, window, contract)
    _ask(qtbot, window, "How much notice is needed to terminate?")
    assert "upon [***] days' prior written notice" in entry.history[0].answer.text

    shown = window.ask_panel.answer.toPlainText()
    assert "upon [***] days' prior written notice to the other party." in shown
    assert "**Either" not in shown and "party.**" not in shown  # the answerer's marks became bold, not text
    cursor = QTextCursor(window.ask_panel.answer.document())
    italic, bold = [], []
    while not cursor.atEnd():
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
        (italic if cursor.charFormat().fontItalic() else []).append(cursor.selectedText())
        (bold if cursor.charFormat().fontWeight() > 500 else []).append(cursor.selectedText())
        cursor.clearSelection()
    assert italic == []
    assert "Either party may terminate this Agreement upon [***] days' prior written notice" in "".join(bold)


def test_only_the_answerers_marks_and_citation_markers_are_markup() -> None:
    from contract_app.answer_text import marked_runs
    from contract_app.ui.rich_text import answer_html

    assert marked_runs("Section 2.2, p. 1 [1]:\n**A fee of $[***] (the *Fee*) within [*] days.** More [***].") == [
        ("Section 2.2, p. 1 [1]:\n", False),
        ("A fee of $[***] (the *Fee*) within [*] days.", True),
        (" More [***].", False),
    ]
    assert marked_runs("No marks: [***] and *** and ** alone") == [("No marks: [***] and *** and ** alone", False)]
    html = answer_html("<b>Why</b> [***]?", "See [1] and [7]. <i>x</i> & [***]", citations=1)
    assert html == (
        '<p style="color:#5f6b7a"><b>Q:</b> &lt;b&gt;Why&lt;/b&gt; [***]?</p>'
        '<p>See <a href="cite:1">[1]</a> and [7]. &lt;i&gt;x&lt;/i&gt; &amp; [***]</p>'
    )


def test_the_previous_answers_citation_chips_are_gone_as_soon_as_the_next_answer_is_shown(qtbot) -> None:
    """Old chips are deleted only when the event loop turns; until then they stood where the new ones went."""
    from PySide6.QtWidgets import QApplication, QPushButton

    from contract_app.answering.result import Answer
    from contract_app.model import Citation
    from contract_app.ui.ask import AskPanel
    from contract_app.ui.operations import Asked

    def asked(question: str, *sections: str) -> Asked:
        citations = tuple(Citation(f"c{n}", label, (n + 1,), (10 * n, 10 * n + 5)) for n, label in enumerate(sections))
        return Asked(question, Answer("See [1].", citations, "offline", True), ())

    panel = AskPanel()
    qtbot.addWidget(panel)
    panel.resize(480, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_asked(asked("Who may terminate?", "9.1", "9.2", "14.3(b)"))
    QApplication.processEvents()  # the chips are on screen
    panel.show_asked(asked("Which law governs?", "3.2"))  # no turn of the event loop after this

    assert [chip.text() for chip in panel.chip_buttons] == ["3.2, p. 1"]
    old = [chip for chip in panel.chips_box.findChildren(QPushButton) if chip not in panel.chip_buttons]
    assert [chip.text() for chip in old] == ["9.1, p. 1", "9.2, p. 2", "14.3(b), p. 3"]  # deleted later...
    assert [chip.text() for chip in old if not chip.isHidden()] == []  # ...but out of sight at once
