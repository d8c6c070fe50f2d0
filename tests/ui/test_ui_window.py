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
    widget_of = {action.text(): area.toolbar.widgetForAction(action) for action in area.toolbar.actions()}
    room = widget_of["−"].geometry().left() - widget_of["&Forward"].geometry().right()  # between the buttons
    assert room - 8 <= area.title.geometry().width() < room  # the title takes the room left free, no more
    assert len(area.title.text()) > 12  # (it had shrunk to three letters, and covered the zoom-out button)
    assert area.page_box.text() == "Page 1 of 3"
    extension = area.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()  # nothing folded away behind a "»" button
    assert window.task_indicator.label.full_text() == f"Reading {name}"  # the status bar shortens it too
    for control in (window.task_indicator.cancel, window.privacy_badge):
        assert _inside_window(window, control), control
    assert window.status_message.width() > 200  # and leaves the status line its room
    assert window.width() == 1280

    wait_ready(qtbot, window, long_named)
    assert window.status_message.full_text() == f"{name} is ready: 6 sections found."
    assert _inside_window(window, window.privacy_badge)
    assert window.width() == 1280


def test_the_status_line_belongs_to_the_document_on_screen(qtbot, window, contract_pdf: Path, tmp_path: Path) -> None:
    other = distinct_copy(contract_pdf, tmp_path / "supply_agreement.pdf")
    drop_files(window, [contract_pdf])
    first = wait_ready(qtbot, window, contract_pdf)
    drop_files(window, [other])
    second = wait_ready(qtbot, window, other)
    assert window.status_message.full_text() == "supply_agreement.pdf is ready: 6 sections found."

    window.library.select(first)
    assert window.status_message.full_text() == "services_agreement.pdf is ready: 6 sections found."
    window.go_to_definition("Fees")
    assert window.status_message.full_text() == "“Fees” is defined on page 1."
    window.library.select(second)
    assert window.status_message.full_text() == "supply_agreement.pdf is ready: 6 sections found."
    window.library.select(first)
    assert window.status_message.full_text() == "“Fees” is defined on page 1."


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


def test_a_long_library_state_wraps_inside_the_sidebar_and_is_shown_whole(qtbot) -> None:
    from contract_app.ui.library import DocumentEntry, LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(200, 400)  # the sidebar narrowed
    panel.show()
    qtbot.waitExposed(panel)
    entry = DocumentEntry(key="k", path="/contracts/supply.pdf", name="supply.pdf", state="cancelled")
    panel.add(entry)
    qtbot.wait(20)

    item, widget = panel._items[id(entry)]
    state, room = widget.state, panel.list.viewport().width()
    assert state.text() == "Cancelled — drop it again to retry"
    assert state.fontMetrics().horizontalAdvance(state.text()) > room - 24  # it cannot stand on one line here
    assert widget.mapTo(panel.list.viewport(), QPoint(widget.width(), 0)).x() <= room  # nothing past the edge
    assert state.height() >= state.heightForWidth(state.width())  # every line of it, none cut off
    assert panel.list.visualItemRect(item).height() >= widget.sizeHint().height()


def test_a_library_state_that_fits_on_one_line_gets_no_blank_second_line(qtbot) -> None:
    """A cancelled read in a sidebar wide enough for its state stood a line lower than its name, a blank line above."""
    from contract_app.ui.library import DocumentEntry, LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 400)
    panel.show()
    qtbot.waitExposed(panel)
    ready = DocumentEntry(key="a", path="/c/nda.pdf", name="nda.pdf", state="ready", pages=8)
    cancelled = DocumentEntry(key="b", path="/c/supply.pdf", name="supply.pdf", state="cancelled")
    panel.add(ready)
    panel.add(cancelled)
    qtbot.wait(20)

    def row_height(entry: DocumentEntry) -> int:
        return panel.list.visualItemRect(panel._items[id(entry)][0]).height()

    state = panel._items[id(cancelled)][1].state
    assert state.fontMetrics().horizontalAdvance(state.text()) < panel.list.viewport().width() - 24  # one line
    assert row_height(cancelled) == row_height(ready)
    one_line = row_height(ready)
    panel.resize(200, 400)  # narrowed: now it wraps, and the row grows by a line
    qtbot.waitUntil(lambda: row_height(cancelled) > one_line, timeout=2000)
    assert row_height(cancelled) - one_line == state.fontMetrics().lineSpacing()
    assert row_height(ready) == one_line


def test_the_library_counts_pages_in_words_a_lawyer_would_write(qtbot) -> None:
    from contract_app.ui.library import DocumentEntry, _EntryWidget

    def shown(pages: int) -> str:
        widget = _EntryWidget(DocumentEntry(key="k", path="/c/nda.pdf", name="nda.pdf", state="ready", pages=pages))
        qtbot.addWidget(widget)
        return widget.state.text()

    assert (shown(1), shown(8)) == ("Ready · 1 page", "Ready · 8 pages")


def test_a_toolbar_button_that_cannot_be_used_looks_greyed(qtbot) -> None:
    """Back and Forward before any jump: they had the same dark text as the buttons that work."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QToolBar

    from contract_app.ui.theme import STYLE_SHEET

    bar = QToolBar()
    bar.setStyleSheet(STYLE_SHEET)
    usable, unusable = bar.addAction("Forward"), bar.addAction("Forward")
    unusable.setEnabled(False)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)

    def darkest(action) -> int:
        image = bar.widgetForAction(action).grab().toImage()
        return min(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height()))

    assert darkest(usable) < 90
    assert darkest(unusable) > 140
