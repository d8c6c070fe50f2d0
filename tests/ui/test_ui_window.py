"""What the window shows belongs to the document on screen: its status line, its warnings, what can be exported;
long file names never push the viewer's controls away; every action has a key, listed under Help."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QToolButton
from ui_support import distinct_copy, drop_files, wait_ready

from contract_app.answering.pipeline import INCOMPLETE_TEXT_NOTICE
from contract_app.ui.shortcuts import KeyboardMapDialog

pytestmark = pytest.mark.gui


def _inside_window(window, widget) -> bool:
    right = widget.mapTo(window, QPoint(widget.width(), widget.height()))
    return widget.isVisible() and widget.width() > 0 and 0 < right.x() <= window.width()


def test_viewer_controls_stay_on_screen_with_a_120_character_file_name_at_1280_by_800(
    qtbot, window, contract_pdf: Path, tmp_path: Path
) -> None:
    name = ("ACMEPHARMACEUTICALSINC_20190314_10-K_EX-10.21_11571234_EX-10.21_Manufacturing and Supply Agreement " * 2)[
        :116
    ] + ".pdf"
    assert len(name) == 120
    long_named = tmp_path / name
    long_named.write_bytes(contract_pdf.read_bytes())
    window.resize(1280, 800)
    drop_files(window, [long_named])
    qtbot.wait(50)

    area = window.viewer_area
    assert area.title.full_text() == name
    assert area.title.text() != name and "…" in area.title.text()  # shortened in the middle, never pushing
    for control in (area.zoom_label, area.page_box):
        assert _inside_window(window, control), control
    assert area.page_box.text() == "Page 1 of 3"
    extension = area.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()  # nothing folded away behind a "»" button
    wait_ready(qtbot, window, long_named)


def test_the_status_line_belongs_to_the_document_on_screen(qtbot, window, contract_pdf: Path, tmp_path: Path) -> None:
    other = distinct_copy(contract_pdf, tmp_path / "supply_agreement.pdf")
    drop_files(window, [contract_pdf])
    first = wait_ready(qtbot, window, contract_pdf)
    drop_files(window, [other])
    second = wait_ready(qtbot, window, other)
    assert window.status_message.text() == "supply_agreement.pdf is ready: 6 sections found."

    window.library.select(first)
    assert window.status_message.text() == "services_agreement.pdf is ready: 6 sections found."
    window.go_to_definition("Fees")
    assert window.status_message.text() == "“Fees” is defined on page 1."
    window.library.select(second)
    assert window.status_message.text() == "supply_agreement.pdf is ready: 6 sections found."
    window.library.select(first)
    assert window.status_message.text() == "“Fees” is defined on page 1."


def test_export_needs_an_indexed_document(qtbot, window, contract_pdf: Path) -> None:
    exports = (window.export_summary_action, window.export_report_action, window.export_memo_action)
    assert [action.isEnabled() for action in exports] == [False, False, False]
    assert not window.copy_action.isEnabled() and not window.find_action.isEnabled()
    drop_files(window, [contract_pdf])
    assert not window.export_report_action.isEnabled()  # shown, still being read
    wait_ready(qtbot, window, contract_pdf)
    assert [action.isEnabled() for action in exports] == [True, True, False]  # no question asked yet
    assert window.find_action.isEnabled()


def test_a_repaired_file_stays_marked_and_its_answers_say_the_text_may_be_incomplete(
    qtbot, window, dialogs_seen, contract_pdf: Path, sample_pdf: Path, tmp_path: Path
) -> None:
    from contract_app.parsing.pdf import REPAIRED_WARNING

    partial = tmp_path / "partial.pdf"
    partial.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size * 9 // 10])  # a download cut short
    drop_files(window, [partial])
    damaged = wait_ready(qtbot, window, partial)
    assert dialogs_seen["notice"] == [f"partial.pdf: {REPAIRED_WARNING}"]  # told once...

    widget = window.library._items[id(damaged)][1]
    assert widget.state.text() == f"Ready · {damaged.pages} pages · text may be incomplete"  # ...and shown for good
    assert widget.state.property("state") == "warning"
    assert widget.state.toolTip() == REPAIRED_WARNING
    assert window.viewer_area.warning.isVisible()
    assert window.viewer_area.warning.text() == f"⚠ {REPAIRED_WARNING}"

    drop_files(window, [contract_pdf])
    wait_ready(qtbot, window, contract_pdf)
    assert not window.viewer_area.warning.isVisible()
    window.library.select(damaged)
    assert window.viewer_area.warning.isVisible()

    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText("What law governs this agreement?")
    window.ask_panel.ask_button.click()
    qtbot.waitUntil(lambda: len(damaged.history) == 1, timeout=60_000)
    assert damaged.history[0].answer.notices[-1] == f"{INCOMPLETE_TEXT_NOTICE} {REPAIRED_WARNING}"
    assert window.ask_panel.notice.isVisible()
    assert REPAIRED_WARNING in window.ask_panel.notice.text()


def _menu_actions(menu) -> list:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += _menu_actions(action.menu())
        elif not action.isSeparator():
            found.append(action)
    return found


def test_every_menu_action_has_a_key_and_help_lists_them_all(window) -> None:
    actions = [action for top in window.menuBar().actions() for action in _menu_actions(top.menu())]
    assert len(actions) >= 25
    assert [action.text() for action in actions if action.shortcut().isEmpty()] == []
    keys = [sequence.toString() for action in actions for sequence in action.shortcuts()]
    assert len(keys) == len(set(keys))  # no key does two things

    rows = KeyboardMapDialog(window.keys, window).rows()
    assert len(rows) == len(actions)
    assert ("Edit", "Find", "Ctrl+F") in rows
    assert ("Edit", "Copy with citation", "Ctrl+C") in rows
    assert ("Go", "Back", "Alt+Left") in rows
    assert ("Go", "Go to page", "Ctrl+G") in rows
    assert ("Go", "First page", "Ctrl+Home") in rows
    assert ("View", "Ask a question", "Ctrl+2, Ctrl+L") in rows
