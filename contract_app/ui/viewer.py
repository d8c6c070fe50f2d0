"""The PDF viewer: pages rendered by PyMuPDF straight from the file, so page 1 shows before parsing has finished.

Only pages that intersect the viewport are rendered (one per event-loop turn, visible ones first) and kept in a
small LRU cache per zoom level. Highlights are PDF-point boxes from ``ParsedDocument.highlights`` scaled by the zoom.
Once the contract has been read, its ``TextLayer`` lets the lawyer select text with the mouse and shows Find's hits;
every jump (a citation, a reference, Go to page) is remembered for Back and Forward.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QPointF, QPropertyAnimation, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from contract_app.model import Highlight, Span
from contract_app.ui.navigation import NavigationHistory, Position
from contract_app.ui.text_layer import TextLayer

if TYPE_CHECKING:
    import pymupdf

PAGE_GAP = 14  # pixels between pages and around the column
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
ZOOM_STEP = 1.2
CACHE_PAGES = 24
BACKGROUND = QColor("#e9ebee")
HIGHLIGHT_FILL = QColor(255, 200, 40, 90)
HIGHLIGHT_EDGE = QColor(214, 140, 0, 200)
FIND_FILL = QColor(255, 221, 87, 120)
FIND_CURRENT = QColor(255, 128, 0, 150)
SELECTION_FILL = QColor(36, 86, 166, 70)


class _PageCanvas(QWidget):
    """Paints the page column; the scroll area moves it."""

    def __init__(self, viewer: PdfViewer) -> None:
        super().__init__()
        self._viewer = viewer
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        self._viewer._paint_pages(painter, QRectF(event.rect()))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._viewer._select_from(event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._viewer._select_to(event.position())
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # not passed on: Qt would make it a press
        if event.button() == Qt.MouseButton.LeftButton:
            self._viewer._select_word(event.position())
        event.accept()


class PdfViewer(QScrollArea):
    """Scrollable, zoomable page column with highlight boxes."""

    page_changed = Signal(int)  # 1-based page at the reading line
    zoom_changed = Signal(float)
    first_page_painted = Signal()
    navigation_changed = Signal()  # Back / Forward became (un)available
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidgetResizable(False)
        self._canvas = _PageCanvas(self)
        self.setWidget(self._canvas)
        self._doc: pymupdf.Document | None = None
        self._path: Path | None = None
        self._sizes: list[tuple[float, float]] = []  # page size in points
        self._tops: list[int] = []  # pixel top of each page in the canvas
        self._zoom = 1.0
        self._fit_width = True
        self._cache: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._queue: list[int] = []
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render_next)
        self._highlights: tuple[Highlight, ...] = ()
        self._nav: tuple[int, int] | None = None  # (page, scroll value) of the last jump
        self._painted_first = False
        self._last_page = 0
        self._text: TextLayer | None = None
        self._anchor: int | None = None  # where a mouse selection started (a character offset)
        self._selection: Span | None = None
        self._selection_boxes: tuple[Highlight, ...] = ()
        self._find_hits: list[tuple[Highlight, ...]] = []
        self._find_current = -1
        self.navigation = NavigationHistory()
        self._animation = QPropertyAnimation(self.verticalScrollBar(), b"value", self)
        self._animation.setDuration(260)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.finished.connect(self._on_scrolled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().setSingleStep(40)
        # PySide6 builds a plain QWidget's Python enums the first time one is handed to Python (20-40 ms of the
        # window's thread): pay it while the window is built, not when the first contract is dropped.
        self.viewport()

    # -- document -------------------------------------------------------------------------------------------
    def open(self, path: str | Path, password: str | None = None) -> bool:
        """Show ``path``; False when it is password-protected and ``password`` does not open it."""
        import pymupdf

        self.close_document()
        doc = pymupdf.open(str(path))
        if doc.needs_pass and not doc.authenticate(password or ""):
            doc.close()
            return False
        self._doc = doc
        self._path = Path(path)
        self._sizes = [(rect.width, rect.height) for rect in (doc[i].rect for i in range(doc.page_count))]
        self._painted_first = False
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._ensure_rendered(0)  # page 1 right away: it is what the lawyer is waiting for
        self._canvas.update()
        return True

    def close_document(self) -> None:
        self._animation.stop()
        if self._doc is not None:
            self._doc.close()
        self._doc, self._path, self._sizes, self._tops = None, None, [], []
        self._cache.clear()
        self._queue.clear()
        self._highlights = ()
        self._nav = None
        self._text = None
        self.clear_selection()
        self._find_hits, self._find_current = [], -1
        self.navigation.clear()
        self.navigation_changed.emit()
        self._canvas.setCursor(Qt.CursorShape.ArrowCursor)
        self._relayout()

    def set_text_layer(self, layer: TextLayer | None) -> None:
        """The parsed text of the document shown (once it has been read): selection and Find work from here on."""
        self._text = layer
        self._canvas.setCursor(Qt.CursorShape.IBeamCursor if layer is not None else Qt.CursorShape.ArrowCursor)

    @property
    def text_layer(self) -> TextLayer | None:
        return self._text

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    # -- zoom -----------------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fits_width(self) -> bool:
        return self._fit_width

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_zoom(self._fit_zoom())

    def _fit_zoom(self) -> float:
        if not self._sizes:
            return 1.0
        widest = max(width for width, _ in self._sizes)
        available = self.viewport().width() - 2 * PAGE_GAP
        return max(MIN_ZOOM, min(MAX_ZOOM, available / widest))

    def _apply_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if abs(zoom - self._zoom) < 1e-3 and self._tops:
            return
        bar = self.verticalScrollBar()
        anchor = bar.value() / max(self._canvas.height(), 1)
        self._zoom = zoom
        self._queue.clear()
        self._relayout()
        bar.setValue(round(anchor * self._canvas.height()))
        self._canvas.update()
        self.zoom_changed.emit(zoom)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit_width and self._sizes:
            self._apply_zoom(self._fit_zoom())
        else:
            self._relayout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        self._animation.stop()
        super().wheelEvent(event)

    # -- layout and painting ----------------------------------------------------------------------------------
    def _relayout(self) -> None:
        tops, y = [], PAGE_GAP
        for _, height in self._sizes:
            tops.append(y)
            y += round(height * self._zoom) + PAGE_GAP
        self._tops = tops
        widest = max((round(w * self._zoom) for w, _ in self._sizes), default=0)
        width = max(widest + 2 * PAGE_GAP, self.viewport().width())
        self._canvas.resize(width, max(y, self.viewport().height()))

    def page_rect(self, page: int) -> QRectF:
        """Pixel rectangle of 1-based ``page`` in the canvas."""
        width, height = self._sizes[page - 1]
        left = (self._canvas.width() - width * self._zoom) / 2
        return QRectF(left, self._tops[page - 1], width * self._zoom, height * self._zoom)

    def _visible_pages(self, area: QRectF) -> range:
        if not self._tops:
            return range(0)
        from bisect import bisect_right

        first = max(bisect_right(self._tops, area.top()) - 1, 0)
        last = max(bisect_right(self._tops, area.bottom()) - 1, first)
        return range(first, min(last + 1, len(self._tops)))

    def _paint_pages(self, painter: QPainter, area: QRectF) -> None:
        for index in self._visible_pages(area):
            rect = self.page_rect(index + 1)
            painter.fillRect(rect.translated(2, 3), QColor(0, 0, 0, 28))  # soft drop shadow
            pixmap = self._cache.get((index, self._zoom_key))
            if pixmap is None:
                painter.fillRect(rect, Qt.GlobalColor.white)
                if index not in self._queue:
                    self._queue.append(index)
                    self._render_timer.start()
            else:
                self._cache.move_to_end((index, self._zoom_key))
                painter.drawPixmap(rect, pixmap, QRectF(pixmap.rect()))
                if index == 0 and not self._painted_first:
                    self._painted_first = True
                    QTimer.singleShot(0, self.first_page_painted.emit)
            self._paint_highlights(painter, index + 1, rect)

    def _paint_highlights(self, painter: QPainter, page: int, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for number, hit in enumerate(self._find_hits):
            painter.setBrush(FIND_CURRENT if number == self._find_current else FIND_FILL)
            for box in hit:
                if box.page == page:
                    painter.drawRect(self._box_rect(box, rect))
        painter.setBrush(SELECTION_FILL)
        for box in self._selection_boxes:
            if box.page == page:
                painter.drawRect(self._box_rect(box, rect))
        painter.setPen(QPen(HIGHLIGHT_EDGE, 1.2))
        painter.setBrush(HIGHLIGHT_FILL)
        for box in self._highlights:
            if box.page == page:
                painter.drawRoundedRect(self._box_rect(box, rect), 2, 2)
        painter.restore()

    def _box_rect(self, box: Highlight, page_rect: QRectF) -> QRectF:
        pad = 1.5 * self._zoom
        z = self._zoom
        return QRectF(
            QPointF(page_rect.left() + box.bbox.x0 * z - pad, page_rect.top() + box.bbox.y0 * z - pad),
            QPointF(page_rect.left() + box.bbox.x1 * z + pad, page_rect.top() + box.bbox.y1 * z + pad),
        )

    # -- rendering --------------------------------------------------------------------------------------------
    @property
    def _zoom_key(self) -> int:
        return round(self._zoom * 1000)

    def _ensure_rendered(self, index: int) -> QPixmap | None:
        key = (index, self._zoom_key)
        if key not in self._cache and self._doc is not None and 0 <= index < self.page_count:
            self._cache[key] = self._render(index)
            while len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
        return self._cache.get(key)

    def _render(self, index: int) -> QPixmap:
        import pymupdf

        assert self._doc is not None
        scale = self._zoom * self.devicePixelRatioF()
        try:
            pix = self._doc[index].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        except Exception:  # a damaged page: a grey sheet in its place, the other pages still show
            width, height = self._sizes[index]
            pixmap = QPixmap(max(int(width * scale), 1), max(int(height * scale), 1))
            pixmap.fill(QColor("#d9d9d9"))
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            return pixmap
        image = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        return pixmap

    def _render_next(self) -> None:
        """Render one queued page that is still visible, then yield to the event loop."""
        visible = set(self._visible_pages(self._viewport_area()))
        self._queue = [index for index in self._queue if index in visible]
        if not self._queue:
            return
        index = self._queue.pop(0)
        self._ensure_rendered(index)
        self._canvas.update(self.page_rect(index + 1).toAlignedRect())
        if self._queue:
            self._render_timer.start()

    def _viewport_area(self) -> QRectF:
        top = self.verticalScrollBar().value()
        return QRectF(0, top, self.viewport().width(), self.viewport().height())

    # -- navigation ---------------------------------------------------------------------------------------------
    def current_page(self) -> int:
        """The page being read: the one last jumped to while the view stays there, else the one at the reading line."""
        if not self._tops:
            return 0
        value = self.verticalScrollBar().value()
        if self._nav is not None and self._animation.state() != QPropertyAnimation.State.Running:
            page, target = self._nav
            if abs(value - target) <= 1:
                return page
        reading_line = value + self.viewport().height() / 3
        return self._visible_pages(QRectF(0, reading_line, 1, 1)).start + 1

    def go_to(self, page: int, y_points: float | None = None, animate: bool = True, remember: bool = True) -> None:
        """Scroll so that ``page`` (and the point ``y_points`` on it, if given) sits near the top third; Back
        returns to where the view was (unless ``remember`` is False)."""
        if not self._tops:
            return
        page = max(1, min(page, self.page_count))
        rect = self.page_rect(page)
        if y_points is None:
            target = rect.top() - PAGE_GAP
        else:
            target = rect.top() + y_points * self._zoom - self.viewport().height() / 3
        if remember:
            self.navigation.jumped_from(self.position())
            self.navigation_changed.emit()
        self._scroll_to(page, target, animate)

    def position(self) -> Position:
        """The page at the top of the view and how far down it the view starts, in points (where a running
        scroll animation will end)."""
        if not self._tops:
            return Position(1)
        running = self._animation.state() == QPropertyAnimation.State.Running
        value = int(self._animation.endValue()) if running else self.verticalScrollBar().value()
        page = self._visible_pages(QRectF(0, value, 1, 1)).start + 1
        return Position(page, max((value - self.page_rect(page).top()) / self._zoom, 0.0))

    def restore(self, position: Position, animate: bool = False) -> None:
        if self._tops:
            page = max(1, min(position.page, self.page_count))
            target = self.page_rect(page).top() + position.y * self._zoom
            reading_line = target + self.viewport().height() / 3
            self._scroll_to(self._visible_pages(QRectF(0, reading_line, 1, 1)).start + 1, target, animate)

    def back(self) -> None:
        target = self.navigation.back(self.position())
        if target is not None:
            self.restore(target)
        self.navigation_changed.emit()

    def forward(self) -> None:
        target = self.navigation.forward(self.position())
        if target is not None:
            self.restore(target)
        self.navigation_changed.emit()

    def page_top(self) -> None:
        """Home: the top of the page being read."""
        self.go_to(self.current_page() or 1, animate=False, remember=False)

    def page_bottom(self) -> None:
        """End: the bottom of the page being read."""
        page = self.current_page()
        if page:
            bottom = self.page_rect(page).bottom() + PAGE_GAP - self.viewport().height()
            self._scroll_to(page, bottom, animate=False)

    def first_page(self) -> None:
        self.go_to(1, animate=False)

    def last_page(self) -> None:
        self.go_to(self.page_count, animate=False)

    def _scroll_to(self, page: int, target: float, animate: bool) -> None:
        bar = self.verticalScrollBar()
        target = round(max(bar.minimum(), min(bar.maximum(), target)))
        self._nav = (page, target)
        self._animation.stop()
        if animate and abs(bar.value() - target) > 2:
            self._animation.setStartValue(bar.value())
            self._animation.setEndValue(target)
            self._animation.start()
        else:
            bar.setValue(target)
        self._on_scrolled()

    # -- selection and find ---------------------------------------------------------------------------------------
    def _page_point(self, where: QPointF) -> tuple[int, float, float] | None:
        """(page, x, y in PDF points) under a point of the canvas, or None between pages."""
        for index in self._visible_pages(QRectF(where.x(), where.y(), 1, 1)):
            rect = self.page_rect(index + 1)
            if rect.top() - PAGE_GAP / 2 <= where.y() <= rect.bottom() + PAGE_GAP / 2:
                return index + 1, (where.x() - rect.left()) / self._zoom, (where.y() - rect.top()) / self._zoom
        return None

    def _offset(self, where: QPointF) -> int | None:
        point = self._page_point(where)
        return self._text.offset_at(*point) if self._text is not None and point is not None else None

    def _select_from(self, where: QPointF) -> None:
        self._anchor = self._offset(where)
        self.clear_selection()

    def _select_to(self, where: QPointF) -> None:
        offset = self._offset(where)
        if self._anchor is not None and offset is not None and offset != self._anchor:
            self.select((min(self._anchor, offset), max(self._anchor, offset)))

    def _select_word(self, where: QPointF) -> None:
        point = self._page_point(where)
        span = self._text.word_at(*point) if self._text is not None and point is not None else None
        if span is not None:
            self.select(span)

    def select(self, span: Span | None) -> None:
        """Select a passage of the text (what Copy copies)."""
        self._selection = span if span and self._text is not None else None
        self._selection_boxes = self._text.boxes(self._selection) if self._selection and self._text else ()
        self._canvas.update()
        self.selection_changed.emit()

    def clear_selection(self) -> None:
        if self._selection is not None or self._selection_boxes:
            self._selection, self._selection_boxes = None, ()
            self._canvas.update()
            self.selection_changed.emit()

    @property
    def selection(self) -> Span | None:
        return self._selection

    def selection_rects(self) -> list[QRectF]:
        return [self._box_rect(box, self.page_rect(box.page)) for box in self._selection_boxes]

    def show_find_hits(self, hits: Sequence[Span], current: int) -> None:
        """Every hit tinted, the current one stronger and brought into view (not a jump: Back ignores it)."""
        if self._text is None:
            return
        self._find_hits = [self._text.boxes(span) for span in hits]
        self._find_current = current if 0 <= current < len(hits) else -1
        self._canvas.update()
        boxes = self._find_hits[self._find_current] if self._find_current >= 0 else ()
        if boxes:
            first = min(boxes, key=lambda box: (box.page, box.bbox.y0))
            self.go_to(first.page, first.bbox.y0, animate=False, remember=False)

    def clear_find_hits(self) -> None:
        self._find_hits, self._find_current = [], -1
        self._canvas.update()

    def find_hit_rects(self) -> list[QRectF]:
        return [self._box_rect(box, self.page_rect(box.page)) for hit in self._find_hits for box in hit]

    def show_highlights(self, highlights: Sequence[Highlight], scroll: bool = True, animate: bool = True) -> None:
        """Draw these boxes (replacing earlier ones) and bring the first into view."""
        self._highlights = tuple(highlights)
        self._canvas.update()
        if scroll and self._highlights:
            first = min(self._highlights, key=lambda box: (box.page, box.bbox.y0))
            self.go_to(first.page, first.bbox.y0, animate=animate)

    def clear_highlights(self) -> None:
        self._highlights = ()
        self._canvas.update()

    @property
    def highlights(self) -> tuple[Highlight, ...]:
        return self._highlights

    def highlight_rects(self) -> list[QRectF]:
        """Where the highlight boxes are painted, in canvas pixels (what tests and screenshots check)."""
        return [
            self._box_rect(box, self.page_rect(box.page)) for box in self._highlights if box.page <= self.page_count
        ]

    def _on_scrolled(self, *_: object) -> None:
        page = self.current_page()
        if page != self._last_page:
            self._last_page = page
            self.page_changed.emit(page)
