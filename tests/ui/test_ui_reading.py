"""Reading a contract in the viewer: find with every hit shown, select and copy with a citation, go to a page, and
Back/Forward after a jump."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def _section_id(window, label: str) -> str:
    return next(s.id for s in window.outline.structure.sections if s.label == label)


def _find(qtbot, window, query: str) -> None:
    window.find_action.trigger()
    bar = window.viewer_area.find_bar
    assert bar.isVisible() and bar.query.hasFocus()
    bar.query.setText(query)
    qtbot.waitUntil(lambda: bar.count.text() != "", timeout=3000)


def test_find_tints_every_hit_and_steps_through_them_across_pages(qtbot, ready_window) -> None:
    window, bar = ready_window, ready_window.viewer_area.find_bar
    window.viewer.go_to(1, animate=False, remember=False)
    _find(qtbot, window, "section")  # any case; "Section 3.1" on page 1, "Section 9.9" on page 2

    document = window.current_entry().structure.document
    assert [document.text[start : end + 4] for start, end in bar.hits] == ["Section 3.1", "Section 9.9"]
    assert bar.count.text() == "1 of 2"
    expected = [box for start, end in bar.hits for box in document.highlights((start, end))]
    assert len(window.viewer.find_hit_rects()) == len(expected) >= 2

    window.find_next_action.trigger()
    assert bar.count.text() == "2 of 2"
    assert window.viewer.current_page() == 2
    window.find_previous_action.trigger()
    assert (bar.count.text(), window.viewer.current_page()) == ("1 of 2", 1)
    assert not window.back_action.isEnabled()  # stepping through hits is not a jump

    bar.query.setText("written   amendment signed")  # spaces and a line break between the words do not matter
    bar.search()
    assert [" ".join(document.text[s:e].split()) for s, e in bar.hits] == ["written amendment signed"]
    bar.query.setText("indemnify")
    bar.search()
    assert (bar.hits, bar.count.text(), window.viewer.find_hit_rects()) == ([], "No matches", [])
    bar.close_bar()
    assert not bar.isVisible()


def _canvas_point(viewer, page: int, x: float, y: float) -> QPointF:
    rect = viewer.page_rect(page)
    return QPointF(rect.left() + x * viewer.zoom, rect.top() + y * viewer.zoom)


def test_selected_text_is_copied_with_its_section_and_page(qtbot, ready_window) -> None:
    window, viewer = ready_window, ready_window.viewer
    document = window.current_entry().structure.document
    first = next(line for line in document.lines if line.text.startswith("3.2 Governing Law"))
    second = document.lines[document.lines.index(first) + 1]
    viewer.go_to(3, first.bbox.y0, animate=False)
    canvas = viewer.widget()
    start = _canvas_point(viewer, 3, first.bbox.x0 - 2, (first.bbox.y0 + first.bbox.y1) / 2)
    end = _canvas_point(viewer, 3, second.bbox.x1 + 2, (second.bbox.y0 + second.bbox.y1) / 2)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(canvas, pos=end.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end.toPoint())

    assert viewer.selection == (first.span[0], second.span[1])
    assert len(viewer.selection_rects()) == 2
    assert window.copy_action.isEnabled()
    assert window.copy_action.shortcut() == QKeySequence("Ctrl+C")
    window.copy_action.trigger()
    passage = " ".join(document.text[first.span[0] : second.span[1]].split())
    assert passage.startswith("3.2 Governing Law. This Agreement shall be governed")
    assert QApplication.clipboard().text() == f"{passage} (Section 3.2, p. 3)"
    assert window.status_message.full_text() == "Copied with its citation (Section 3.2, p. 3)."

    qtbot.mouseDClick(
        canvas, Qt.MouseButton.LeftButton, pos=_canvas_point(viewer, 3, first.bbox.x0 + 1, first.bbox.y1 - 2).toPoint()
    )
    assert document.text[slice(*viewer.selection)] == "3"  # a double click selects the word under the mouse


def test_back_and_forward_return_across_a_reference_and_a_citation(qtbot, ready_window) -> None:
    window, viewer = ready_window, ready_window.viewer
    viewer.go_to(1, animate=False, remember=False)
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()
    assert window.back_action in window.viewer_area.toolbar.actions()  # toolbar buttons as well as the menu
    assert window.back_action.shortcut() == QKeySequence("Alt+Left")

    window.outline.select_section(_section_id(window, "1.1"))  # a jump: the heading of 1.1, on page 1
    window.outline.text.anchorClicked.emit(QUrl(f"ref:{_section_id(window, '3.1')}"))  # a cross-reference
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=3000)
    window.back_action.trigger()
    assert viewer.current_page() == 1
    assert window.forward_action.isEnabled()
    window.forward_action.trigger()
    assert viewer.current_page() == 3

    viewer.go_to(2, animate=False, remember=False)  # the lawyer scrolls to page 2, then follows a citation
    governing = next(line for line in window.current_entry().structure.document.lines if "New York" in line.text)
    window.show_passage(type("Cited", (), {"char_span": governing.span, "pages": (3,)})())
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=3000)
    window.back_action.trigger()
    assert viewer.current_page() == 2
    assert window.forward_action.isEnabled()  # forward holds page 3
    window.forward_action.trigger()
    assert viewer.current_page() == 3


def test_go_to_page_and_the_home_and_end_keys(qtbot, ready_window) -> None:
    window, viewer = ready_window, ready_window.viewer
    viewer.go_to(1, animate=False, remember=False)
    window.go_to_page_action.trigger()
    box = window.viewer_area.page_box
    assert box.hasFocus() and box.text() == "Page 1 of 3"
    qtbot.keyClicks(box.lineEdit(), "3")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert viewer.current_page() == 3
    assert box.text() == "Page 3 of 3"
    window.back_action.trigger()  # Go to page is a jump
    assert viewer.current_page() == 1

    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert viewer.current_page() == 3
    qtbot.keyClick(viewer, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert viewer.current_page() == 1
    viewer.set_zoom(2.0)
    viewer.go_to(2, animate=False)
    qtbot.keyClick(viewer, Qt.Key.Key_End)
    bar = viewer.verticalScrollBar()
    assert viewer.page_rect(2).bottom() - viewer.viewport().height() < bar.value() <= viewer.page_rect(2).bottom()
    qtbot.keyClick(viewer, Qt.Key.Key_Home)
    assert bar.value() == round(viewer.page_rect(2).top() - 14)
