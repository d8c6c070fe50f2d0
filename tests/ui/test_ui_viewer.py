"""The viewer renders only what is on screen, jumps to pages, and draws highlights where the parser put the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from contract_app.model import BBox, Highlight
from contract_app.ui.viewer import CACHE_PAGES, PdfViewer

pytestmark = pytest.mark.gui


@pytest.fixture
def long_pdf(tmp_path: Path) -> Path:
    from pdfgen import write_contract_pdf

    pages = [[f"**{number}.1 Clause {number}.** Text of clause {number}."] for number in range(1, 61)]
    return write_contract_pdf(tmp_path / "long.pdf", pages)


@pytest.fixture
def viewer(qtbot) -> PdfViewer:
    widget = PdfViewer()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_opening_renders_page_one_at_once_and_later_pages_only_when_seen(qtbot, viewer, long_pdf: Path) -> None:
    assert viewer.open(long_pdf)
    assert viewer.page_count == 60
    qtbot.wait(50)
    rendered = {index for index, _ in viewer._cache}
    assert 0 in rendered
    assert max(rendered) < 3  # a 600 px window shows at most the first two pages
    viewer.go_to(40, animate=False)
    qtbot.waitUntil(lambda: any(index == 39 for index, _ in viewer._cache), timeout=2000)
    assert len(viewer._cache) <= CACHE_PAGES
    assert viewer.current_page() == 40


def test_zoom_scales_pages_and_fit_width_fills_the_view(viewer, long_pdf: Path) -> None:
    viewer.open(long_pdf)
    viewer.set_zoom(1.0)
    assert viewer.page_rect(1).width() == pytest.approx(612)
    viewer.zoom_in()
    assert viewer.zoom == pytest.approx(1.2)
    assert viewer.page_rect(1).width() == pytest.approx(612 * 1.2)
    viewer.fit_width()
    assert viewer.page_rect(1).width() == pytest.approx(viewer.viewport().width() - 28, abs=1)


def test_highlight_boxes_are_drawn_at_their_pdf_position_times_the_zoom(qtbot, viewer, long_pdf: Path) -> None:
    viewer.open(long_pdf)
    viewer.set_zoom(2.0)
    viewer.show_highlights([Highlight(page=12, bbox=BBox(72, 100, 300, 112))], animate=False)
    page = viewer.page_rect(12)
    (rect,) = viewer.highlight_rects()
    assert rect.adjusted(3, 3, -3, -3) == QRectF(page.left() + 144, page.top() + 200, 456, 24)
    assert viewer.current_page() == 12
    visible = viewer.verticalScrollBar().value(), viewer.verticalScrollBar().value() + viewer.viewport().height()
    assert visible[0] <= rect.top() <= visible[1]
